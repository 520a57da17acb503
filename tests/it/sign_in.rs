//! Sign-in through the real OpenID Connect server, over HTTP (the browser journey is in `browser`).

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use vitrine::models::users::Role;

use crate::app::{TestApp, oidc_issuer};

/// A cookie-keeping client that does not follow redirects, to look at each step.
struct Browser {
    client: reqwest::Client,
    cookies: Vec<(String, String)>,
}

struct Step {
    status: StatusCode,
    location: Option<String>,
    set_cookies: Vec<String>,
    body: String,
}

impl Browser {
    fn new() -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            client,
            cookies: Vec::new(),
        }
    }

    fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    async fn send(&mut self, method: Method, url: &str, form: Option<&[(&str, &str)]>) -> Step {
        let mut request = self.client.request(method, url);
        if url.starts_with("http://127.0.0.1") && !self.cookies.is_empty() {
            let header: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            request = request.header(COOKIE, header.join("; "));
        }
        if let Some(form) = form {
            request = request.form(form);
        }
        let response = request.send().await.unwrap();
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for set in &set_cookies {
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            let expired = set.contains("Max-Age=0");
            if !expired && !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        Step {
            status: response.status(),
            location: response
                .headers()
                .get(LOCATION)
                .map(|v| v.to_str().unwrap().to_owned()),
            set_cookies,
            body: response.text().await.unwrap(),
        }
    }

    async fn get(&mut self, url: &str) -> Step {
        self.send(Method::GET, url, None).await
    }

    /// Starts a sign-in and follows the provider back; returns the callback URL and its answer.
    async fn sign_in(&mut self, app: &TestApp, email: &str, next: &str) -> (String, Step) {
        let start = self
            .get(&format!(
                "{}login/mock?next={}&login_hint={}",
                app.url,
                urlencode(next),
                urlencode(email)
            ))
            .await;
        assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
        let authorize = start.location.unwrap();
        assert!(
            authorize.contains("code_challenge=")
                && authorize.contains("code_challenge_method=S256")
        );
        assert!(authorize.contains("nonce=") && authorize.contains("state="));
        let at_provider = self.get(&authorize).await;
        let callback = at_provider.location.expect("the provider redirects back");
        assert!(
            callback.starts_with(&format!("{}login/mock/callback", app.url)),
            "{callback}"
        );
        let answer = self.get(&callback).await;
        (callback, answer)
    }

    fn csrf_from(body: &str) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = body.find(marker).unwrap() + marker.len();
        body[start..start + 40].to_owned()
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn skip() -> bool {
    if oidc_issuer().is_none() {
        eprintln!("skipped: VITRINE_TEST_OIDC_ISSUER is not set (run scripts/test)");
        return true;
    }
    false
}

#[tokio::test]
async fn signing_in_creates_the_user_once_and_lands_where_asked() {
    if skip() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Browser::new();
    let (_, answer) = browser.sign_in(&app, "lea@example.org", "/me/").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location.as_deref(), Some("/me/"));
    let session = answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with("vitrine_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && !session.contains("Secure"),
        "{session}"
    );
    let me = browser.get(&format!("{}me/", app.url)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.body.contains("lea@example.org"), "{}", me.body);

    // Signing in again is the same person.
    let mut other_browser = Browser::new();
    other_browser.sign_in(&app, "lea@example.org", "/").await;
    let users = entity::users::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(
        users
            .iter()
            .filter(|u| u.email == "lea@example.org")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_verified_email_links_to_the_existing_account() {
    if skip() {
        return;
    }
    let app = TestApp::new().await;
    let existing = vitrine::models::users::create_user(
        app.db(),
        vitrine::models::users::NewUser {
            email: "known@example.org".into(),
            name: "Known".into(),
            role: Role::Moderator,
        },
    )
    .await
    .unwrap();
    let mut browser = Browser::new();
    browser.sign_in(&app, "known@example.org", "/me/").await;
    let me = browser.get(&format!("{}me/", app.url)).await;
    assert!(
        me.body.contains("Known"),
        "linked to the existing user: {}",
        me.body
    );
    let identities = entity::oauth_identities::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(identities.len(), 1);
    assert_eq!(identities[0].user_id, existing.id);
}

#[tokio::test]
async fn a_tampered_or_replayed_state_is_refused_and_signs_nobody_in() {
    if skip() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Browser::new();
    let start = browser
        .get(&format!(
            "{}login/mock?login_hint=mallory%40example.org",
            app.url
        ))
        .await;
    let at_provider = browser.get(&start.location.unwrap()).await;
    let callback = at_provider.location.unwrap();
    let tampered = callback.replace("state=", "state=x");
    let answer = browser.get(&tampered).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer
            .body
            .contains("Ce lien de connexion est invalide, a expiré ou a déjà servi"),
        "{}",
        answer.body
    );
    assert!(browser.cookie("vitrine_session").is_none());

    // The genuine callback, once; then its replay.
    let mut browser = Browser::new();
    let (callback, first) = browser.sign_in(&app, "replay@example.org", "/me/").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let mut attacker = Browser::new();
    attacker.cookies = browser
        .cookies
        .iter()
        .filter(|(name, _)| name != "vitrine_session")
        .cloned()
        .collect();
    let state = callback
        .split("state=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    attacker.cookies.push(("vitrine_oauth_state".into(), state));
    let replay = attacker.get(&callback).await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST, "{}", replay.body);
    assert!(attacker.cookie("vitrine_session").is_none());
    let users = entity::users::Entity::find().all(app.db()).await.unwrap();
    assert!(users.iter().all(|u| u.email != "mallory@example.org"));
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_refused_by_the_provider_with_a_clear_page() {
    if skip() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Browser::new();
    let start = browser
        .get(&format!(
            "{}login/mock?login_hint=pkce%40example.org",
            app.url
        ))
        .await;
    let state = browser.cookie("vitrine_oauth_state").unwrap().to_owned();
    // Replace the verifier the app remembered: the provider must refuse the code exchange.
    let key = format!("oauth:{state}");
    let pending = app.state.cache.take(&key).await.unwrap().unwrap();
    let mut pending: serde_json::Value = serde_json::from_slice(&pending).unwrap();
    pending["pkce_verifier"] = "a-verifier-that-does-not-match-the-challenge-0123456789".into();
    app.state
        .cache
        .set_for(
            &key,
            &serde_json::to_vec(&pending).unwrap(),
            std::time::Duration::from_secs(60),
        )
        .await;
    let at_provider = browser.get(&start.location.unwrap()).await;
    let answer = browser.get(&at_provider.location.unwrap()).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY, "{}", answer.body);
    assert!(
        answer.body.contains("Mock ID a refusé la connexion"),
        "{}",
        answer.body
    );
    assert!(browser.cookie("vitrine_session").is_none());
}

#[tokio::test]
async fn next_only_redirects_inside_the_site() {
    if skip() {
        return;
    }
    let app = TestApp::new().await;
    for evil in ["https://evil.example", "//evil.example", "/\\evil.example"] {
        let mut browser = Browser::new();
        let (_, answer) = browser.sign_in(&app, "next@example.org", evil).await;
        assert_eq!(answer.location.as_deref(), Some("/me/"), "next={evil}");
    }
    let mut browser = Browser::new();
    let switched = browser
        .get(&format!("{}lang/en?next=https://evil.example", app.url))
        .await;
    assert_eq!(switched.location.as_deref(), Some("/"));
}

#[tokio::test]
async fn forms_without_their_csrf_token_are_refused_and_change_nothing() {
    if skip() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Browser::new();
    browser.sign_in(&app, "csrf@example.org", "/me/").await;
    let me = browser.get(&format!("{}me/", app.url)).await;
    let token = Browser::csrf_from(&me.body);

    let refused = browser
        .send(
            Method::POST,
            &format!("{}me/api_tokens", app.url),
            Some(&[("name", "sneaky")]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("Ce formulaire a expiré"),
        "{}",
        refused.body
    );
    let refused = browser
        .send(
            Method::POST,
            &format!("{}logout", app.url),
            Some(&[("csrf_token", "0000000000000000000000000000000000000000")]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let still = browser.get(&format!("{}me/", app.url)).await;
    assert_eq!(still.status, StatusCode::OK, "still signed in");
    assert!(!still.body.contains("sneaky"), "no key was created");

    // Cookie-authenticated API calls need the token in a header; API keys do not.
    let api = browser
        .send(
            Method::POST,
            &format!("{}api/1/organizations/", app.url),
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN, "{}", api.body);

    let created = browser
        .send(
            Method::POST,
            &format!("{}me/api_tokens", app.url),
            Some(&[("csrf_token", &token), ("name", "ok")]),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert!(created.body.contains("id=\"new-token\""));
    let out = browser
        .send(
            Method::POST,
            &format!("{}logout", app.url),
            Some(&[("csrf_token", &token)]),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = browser.get(&format!("{}me/", app.url)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "signed out");
    assert_eq!(
        entity::sessions::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn the_demo_sign_in_does_not_exist_outside_the_demo() {
    let app = TestApp::new().await;
    let mut browser = Browser::new();
    let login = browser.get(&format!("{}login", app.url)).await;
    assert!(!login.body.contains("/login/demo"));
    let token = browser.cookie("vitrine_csrf").unwrap().to_owned();
    let answer = browser
        .send(
            Method::POST,
            &format!("{}login/demo", app.url),
            Some(&[("csrf_token", &token), ("persona", "animator")]),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(browser.cookie("vitrine_session").is_none());
}

#[tokio::test]
async fn a_plain_oauth2_provider_signs_in_through_its_userinfo_endpoint() {
    let Some(issuer) = oidc_issuer() else {
        eprintln!("skipped: VITRINE_TEST_OIDC_ISSUER is not set (run scripts/test)");
        return;
    };
    let discovery: serde_json::Value =
        reqwest::get(format!("{issuer}/.well-known/openid-configuration"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let url = |key: &str| discovery[key].as_str().unwrap().to_owned();
    let (auth, token, userinfo) = (
        url("authorization_endpoint"),
        url("token_endpoint"),
        url("userinfo_endpoint"),
    );
    let app = TestApp::with_env(&[
        ("VITRINE_OAUTH_PLAIN_CLIENT_ID", "vitrine"),
        ("VITRINE_OAUTH_PLAIN_CLIENT_SECRET", "secret"),
        ("VITRINE_OAUTH_PLAIN_AUTH_URL", &auth),
        ("VITRINE_OAUTH_PLAIN_TOKEN_URL", &token),
        ("VITRINE_OAUTH_PLAIN_USERINFO_URL", &userinfo),
        ("VITRINE_OAUTH_PLAIN_LABEL", "Plain OAuth"),
    ])
    .await;
    let mut browser = Browser::new();
    let login = browser.get(&format!("{}login", app.url)).await;
    assert!(
        login.body.contains("Plain OAuth") && login.body.contains("Mock ID"),
        "both providers listed"
    );
    let start = browser
        .get(&format!(
            "{}login/plain?login_hint=plain%40example.org",
            app.url
        ))
        .await;
    let authorize = start.location.unwrap();
    assert!(
        !authorize.contains("nonce="),
        "no nonce without OpenID Connect"
    );
    let back = browser.get(&authorize).await;
    let answer = browser.get(&back.location.unwrap()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let me = browser.get(&format!("{}me/", app.url)).await;
    assert!(me.body.contains("plain@example.org"), "{}", me.body);
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_site_is_https() {
    if skip() {
        return;
    }
    let app = TestApp::with_env(&[("VITRINE_PUBLIC_URL", "https://vitrine.example/")]).await;
    let mut browser = Browser::new();
    let start = browser
        .get(&format!(
            "{}login/mock?login_hint=tls%40example.org",
            app.url
        ))
        .await;
    let state_cookie = start
        .set_cookies
        .iter()
        .find(|c| c.starts_with("vitrine_oauth_state="))
        .unwrap();
    assert!(
        state_cookie.contains("Secure") && state_cookie.contains("HttpOnly"),
        "{state_cookie}"
    );
    let back = browser.get(&start.location.unwrap()).await;
    let callback = back
        .location
        .unwrap()
        .replace("https://vitrine.example/", &app.url);
    let answer = browser.get(&callback).await;
    let session = answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with("vitrine_session="))
        .unwrap();
    assert!(
        session.contains("Secure")
            && session.contains("HttpOnly")
            && session.contains("SameSite=Lax"),
        "{session}"
    );
}

#[tokio::test]
async fn the_demo_offers_a_labelled_sign_in_as_each_persona() {
    let app = TestApp::new().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut demo = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg("demo")
        .env_clear()
        .envs(&app.env)
        .env("VITRINE_BIND", format!("127.0.0.1:{port}"))
        .env("VITRINE_PUBLIC_URL", format!("http://127.0.0.1:{port}/"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}/");
    let mut browser = Browser::new();
    let mut login = None;
    // Seeding the demo (thumbnails included) takes a few seconds, more on a busy machine: wait
    // up to a minute (a hang guard, not a timing).
    for _ in 0..600 {
        if let Ok(response) = reqwest::get(format!("{base}login")).await {
            login = Some(response.text().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(login.unwrap().contains("Connexion de démonstration"));
    let page = browser.get(&format!("{base}login")).await;
    let token = Browser::csrf_from(&page.body);
    let entered = browser
        .send(
            Method::POST,
            &format!("{base}login/demo"),
            Some(&[("csrf_token", &token), ("persona", "producer")]),
        )
        .await;
    assert_eq!(entered.status, StatusCode::SEE_OTHER);
    let me = browser.get(&format!("{base}me/")).await;
    assert!(
        me.body.contains("Dominique Bernard") && me.body.contains("Santé publique France"),
        "{}",
        me.body
    );
    demo.kill().unwrap();
    demo.wait().unwrap();

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg("demo")
        .env_clear()
        .envs(&app.env)
        .env("VITRINE_BIND", "0.0.0.0:0")
        .output()
        .unwrap();
    assert_eq!(
        refused.status.code(),
        Some(2),
        "the demo never listens beyond loopback"
    );
}

#[tokio::test]
async fn a_sign_in_whose_pkce_verifier_is_missing_is_refused() {
    if skip() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Browser::new();
    let start = browser
        .get(&format!(
            "{}login/mock?login_hint=nopkce%40example.org",
            app.url
        ))
        .await;
    let key = format!("oauth:{}", browser.cookie("vitrine_oauth_state").unwrap());
    let pending = app.state.cache.take(&key).await.unwrap().unwrap();
    let mut pending: serde_json::Value = serde_json::from_slice(&pending).unwrap();
    pending.as_object_mut().unwrap().remove("pkce_verifier");
    app.state
        .cache
        .set_for(
            &key,
            &serde_json::to_vec(&pending).unwrap(),
            std::time::Duration::from_secs(60),
        )
        .await;
    let at_provider = browser.get(&start.location.unwrap()).await;
    let answer = browser.get(&at_provider.location.unwrap()).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(
        answer.body.contains("Recommencez la connexion"),
        "{}",
        answer.body
    );
    assert!(browser.cookie("vitrine_session").is_none());
    let users = entity::users::Entity::find().all(app.db()).await.unwrap();
    assert!(users.is_empty(), "nobody was created");
}
