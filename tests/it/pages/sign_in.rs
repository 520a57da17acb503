//! Sign-in through the real OpenID Connect server, over HTTP (the browser journey is in `browser`).

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::peers::oauth_issuer;
use crate::support::reuses::a_reuse;
use crate::support::web::{client, csrf_from, urlencode};

/// A cookie-keeping client that does not follow redirects, to look at each step (the browser of
/// the pages' tests, not Chromium).
struct Visitor {
    client: reqwest::Client,
    cookies: Vec<(String, String)>,
}

struct Step {
    status: StatusCode,
    location: Option<String>,
    set_cookies: Vec<String>,
    body: String,
}

impl Visitor {
    fn new() -> Self {
        Self {
            client: client(),
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
        self.sign_in_with(app, "mock", email, next).await
    }

    /// The same through the provider named `provider`; `hint` is an address or JSON claims.
    async fn sign_in_with(
        &mut self,
        app: &TestApp,
        provider: &str,
        hint: &str,
        next: &str,
    ) -> (String, Step) {
        let start = self
            .get(&format!(
                "{}login/{provider}?next={}&login_hint={}",
                app.url,
                urlencode(next),
                urlencode(hint)
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
            callback.starts_with(&format!("{}login/{provider}/callback", app.url)),
            "{callback}"
        );
        let answer = self.get(&callback).await;
        (callback, answer)
    }
}

#[tokio::test]
async fn signing_in_creates_the_user_once_and_lands_where_asked() {
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Visitor::new();
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
    let mut other_browser = Visitor::new();
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
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let existing = app
        .account("known@example.org", "Known", Role::Moderator)
        .await;
    let mut browser = Visitor::new();
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
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Visitor::new();
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
    let mut browser = Visitor::new();
    let (callback, first) = browser.sign_in(&app, "replay@example.org", "/me/").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let mut attacker = Visitor::new();
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
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Visitor::new();
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
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    for evil in ["https://evil.example", "//evil.example", "/\\evil.example"] {
        let mut browser = Visitor::new();
        let (_, answer) = browser.sign_in(&app, "next@example.org", evil).await;
        assert_eq!(answer.location.as_deref(), Some("/me/"), "next={evil}");
    }
    let mut browser = Visitor::new();
    let switched = browser
        .get(&format!("{}lang/en?next=https://evil.example", app.url))
        .await;
    assert_eq!(switched.location.as_deref(), Some("/"));
}

#[tokio::test]
async fn forms_without_their_csrf_token_are_refused_and_change_nothing() {
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Visitor::new();
    browser.sign_in(&app, "csrf@example.org", "/me/").await;
    let me = browser.get(&format!("{}me/", app.url)).await;
    let token = csrf_from(&me.body);

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
    let mut browser = Visitor::new();
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
    let Some(issuer) = oauth_issuer() else {
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
    let mut browser = Visitor::new();
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
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::with_env(&[("VITRINE_PUBLIC_URL", "https://vitrine.example/")]).await;
    let mut browser = Visitor::new();
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
    let (mut demo, base) = app.spawn_server("demo", &[], false);
    let mut browser = Visitor::new();
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
    let token = csrf_from(&page.body);
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
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Visitor::new();
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

/// A second, separate OpenID Connect server (its own issuer and keys), stopped when dropped.
struct SecondProvider {
    child: std::process::Child,
    issuer: String,
}

impl SecondProvider {
    fn start() -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new("node")
            .arg(crate::support::app::repo_file("tests/oauth/server.mjs"))
            .env("OAUTH_PORT", "0")
            .env("OAUTH_CLIENT_ID", "vitrine")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("node runs tests/oauth/server.mjs (scripts/test installs it)");
        let stdout = child.stdout.take().unwrap();
        let issuer = std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| line.strip_prefix("ISSUER=").map(str::to_owned))
            .expect("the second provider prints its issuer");
        Self { child, issuer }
    }
}

impl Drop for SecondProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An app with two providers: `mock` (the suite's server) and `second` (another one).
async fn app_with_two_providers(second: &SecondProvider) -> TestApp {
    TestApp::with_env(&[
        ("VITRINE_OAUTH_SECOND_CLIENT_ID", "vitrine"),
        ("VITRINE_OAUTH_SECOND_CLIENT_SECRET", "secret"),
        ("VITRINE_OAUTH_SECOND_ISSUER", &second.issuer),
        ("VITRINE_OAUTH_SECOND_LABEL", "Second ID"),
    ])
    .await
}

fn unverified(sub: &str, email: &str, name: &str) -> String {
    serde_json::json!({"sub": sub, "email": email, "email_verified": false, "name": name})
        .to_string()
}

async fn user_of_identity(app: &TestApp, provider: &str, sub: &str) -> entity::users::Model {
    use sea_orm::{ColumnTrait, QueryFilter};
    let (_, user) = entity::oauth_identities::Entity::find()
        .filter(entity::oauth_identities::Column::Provider.eq(provider))
        .filter(entity::oauth_identities::Column::Subject.eq(sub))
        .find_also_related(entity::users::Entity)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    user.unwrap()
}

/// `(template, recipient)` of every mail queued.
async fn queued_mails(app: &TestApp) -> Vec<(String, String)> {
    let mut mails: Vec<(String, String)> = entity::outbox::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.template, row.recipient))
        .collect();
    mails.sort();
    mails
}

#[tokio::test]
async fn an_unverified_address_neither_claims_nor_blocks_an_account() {
    if oauth_issuer().is_none() {
        return;
    }
    let second = SecondProvider::start();
    let app = app_with_two_providers(&second).await;

    // The attacker signs up first with the victim's address, which their provider did not verify.
    let mut attacker = Visitor::new();
    let (_, answer) = attacker
        .sign_in_with(
            &app,
            "mock",
            &unverified("mallory", "victim@example.org", "Mallory"),
            "/me/",
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let mallory = user_of_identity(&app, "mock", "mallory").await;
    assert!(!mallory.email_verified);
    let me = attacker.get(&format!("{}me/", app.url)).await;
    assert!(me.body.contains("id=\"email-unverified\""), "{}", me.body);

    // The victim signs in through another provider that verified the address: an account of
    // their own, not the attacker's.
    let mut victim = Visitor::new();
    let (_, answer) = victim
        .sign_in_with(&app, "second", "victim@example.org", "/me/")
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let owner = user_of_identity(&app, "second", "sub-victim@example.org").await;
    assert_ne!(
        owner.id, mallory.id,
        "the victim landed in the attacker's account"
    );
    assert!(owner.email_verified);
    let me = victim.get(&format!("{}me/", app.url)).await;
    assert!(!me.body.contains("Mallory"), "{}", me.body);
    assert!(!me.body.contains("email-unverified"), "{}", me.body);

    // A second unverified sign-up with the same address, now verified by the victim, is not
    // blocked either, and lands in an account of its own.
    let mut another = Visitor::new();
    let (_, answer) = another
        .sign_in_with(
            &app,
            "mock",
            &unverified("eve", "victim@example.org", "Eve"),
            "/me/",
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let eve = user_of_identity(&app, "mock", "eve").await;
    assert!(eve.id != owner.id && eve.id != mallory.id);

    // The only mails to the address for the unverified accounts ask to confirm it.
    assert_eq!(
        queued_mails(&app).await,
        vec![
            ("confirm_email".to_owned(), "victim@example.org".to_owned()),
            ("confirm_email".to_owned(), "victim@example.org".to_owned()),
        ]
    );

    // Following the attacker's link cannot take the address from the victim who verified it.
    let link = confirmation_link(&app, &mallory.id).await;
    let asked = attacker.get(&link).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let refused = attacker.send(Method::POST, &link, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let mallory = entity::users::Entity::find_by_id(mallory.id.clone())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(!mallory.email_verified);
}

#[tokio::test]
async fn a_verified_sign_in_never_lands_in_an_account_made_from_an_unverified_address() {
    if oauth_issuer().is_none() {
        return;
    }
    let second = SecondProvider::start();
    let app = app_with_two_providers(&second).await;
    let mut attacker = Visitor::new();
    attacker
        .sign_in_with(
            &app,
            "second",
            &unverified("mallory", "lea@example.org", "Mallory"),
            "/",
        )
        .await;
    let mallory = user_of_identity(&app, "second", "mallory").await;
    // The same provider's verified sign-in for that address is someone else: a new account.
    let mut lea = Visitor::new();
    let (_, answer) = lea
        .sign_in_with(&app, "mock", "lea@example.org", "/me/")
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let account = user_of_identity(&app, "mock", "sub-lea@example.org").await;
    assert_ne!(account.id, mallory.id);
    let users = entity::users::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(users.len(), 2, "{users:?}");
}

#[tokio::test]
async fn an_unverified_address_gets_mail_only_once_its_owner_confirms_it() {
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let mut browser = Visitor::new();
    browser
        .sign_in(&app, &unverified("sam", "sam@example.org", "Sam"), "/me/")
        .await;
    let sam = user_of_identity(&app, "mock", "sam").await;
    assert!(!sam.email_verified);

    // Sam asks about a reuse; its owner answers: Sam is told in the app, not by mail.
    let owner = app.user("Owner", Role::Admin).await;
    let (_, reuse, _) = a_reuse(&app, &owner, &owner).await;
    let sam_caller = app.key_for(&sam).await;
    let (status, thread) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&sam_caller),
            Some(
                serde_json::json!({"title": "Question", "comment": "Une question ?",
                        "subject": {"class": "Reuse", "id": reuse}}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    let answer_to_sam = |text: &str| serde_json::json!({"comment": text});
    let thread_url = format!("/api/1/discussions/{}/", thread["id"].as_str().unwrap());
    let (status, _) = app
        .call(
            Method::POST,
            &thread_url,
            Some(&owner),
            Some(answer_to_sam("Réponse")),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let to_sam: Vec<String> = queued_mails(&app)
        .await
        .into_iter()
        .filter(|(_, to)| to == "sam@example.org")
        .map(|(template, _)| template)
        .collect();
    assert_eq!(to_sam, vec!["confirm_email".to_owned()]);
    let (_, inbox) = app
        .call(
            Method::GET,
            "/api/1/notifications/",
            Some(&sam_caller),
            None,
        )
        .await;
    assert!(
        inbox.to_string().contains("new_comment"),
        "told in the app: {inbox}"
    );

    // Sam confirms from the mailed link (the page asks first), then gets mail.
    let link = confirmation_link(&app, &sam.id).await;
    let asked = Visitor::new().get(&link).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(asked.body.contains("sam@example.org"), "{}", asked.body);
    let still = entity::users::Entity::find_by_id(sam.id.clone())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(!still.email_verified, "a GET confirms nothing");
    let done = Visitor::new().send(Method::POST, &link, None).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("email-confirmed"), "{}", done.body);
    let (status, _) = app
        .call(
            Method::POST,
            &thread_url,
            Some(&owner),
            Some(answer_to_sam("Encore")),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        queued_mails(&app)
            .await
            .contains(&("new_comment".to_owned(), "sam@example.org".to_owned())),
        "mailed once confirmed"
    );
    // A tampered link confirms nothing.
    let tampered = format!("{}0", link.trim_end_matches('/'));
    let refused = Visitor::new().get(&tampered).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
}

/// The confirmation link mailed to `user_id`'s address (from the queued mail's text).
async fn confirmation_link(app: &TestApp, user_id: &str) -> String {
    let rows = entity::outbox::Entity::find().all(app.db()).await.unwrap();
    let marker = format!("{}confirm-email/{user_id}/", app.url);
    rows.iter()
        .filter(|row| row.template == "confirm_email")
        .find_map(|row| {
            let start = row.payload.find(&marker)?;
            let rest = &row.payload[start..];
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"' || c == '\\' || c == '<')
                .unwrap_or(rest.len());
            Some(rest[..end].to_owned())
        })
        .expect("a confirmation mail with its link")
}

#[tokio::test]
async fn a_provider_that_rotates_its_signing_key_still_signs_people_in() {
    if oauth_issuer().is_none() {
        return;
    }
    let second = SecondProvider::start();
    let app = app_with_two_providers(&second).await;
    let (_, answer) = Visitor::new()
        .sign_in_with(&app, "second", "before@example.org", "/")
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    // The keys Vitrine discovered no longer include the one that signs.
    let rotated = reqwest::Client::new()
        .post(format!("{}/test/rotate-keys", second.issuer))
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), StatusCode::OK);
    let (_, answer) = Visitor::new()
        .sign_in_with(&app, "second", "after@example.org", "/")
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    user_of_identity(&app, "second", "sub-after@example.org").await;
}

#[tokio::test]
async fn an_id_token_issued_for_another_access_token_is_refused() {
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let hint =
        serde_json::json!({"email": "swapped@example.org", "at_hash": "AAAAAAAAAAAAAAAAAAAAAA"})
            .to_string();
    let mut browser = Visitor::new();
    let (_, answer) = browser.sign_in(&app, &hint, "/me/").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(answer.body.contains("(access token)"), "{}", answer.body);
    assert!(browser.cookie("vitrine_session").is_none());
    assert!(
        entity::users::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_providers_given_and_family_names_become_the_first_and_last_names() {
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let hint = serde_json::json!({"email": "marie@example.org", "name": "Marie C.",
                                  "given_name": "Marie", "family_name": "Curie-Skłodowska"})
    .to_string();
    let (_, answer) = Visitor::new()
        .sign_in_with(&app, "mock", &hint, "/me/")
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let user = user_of_identity(&app, "mock", "sub-marie@example.org").await;
    assert_eq!(
        user.name, "Marie C.",
        "the display name stays the provider's name"
    );
    assert_eq!(user.first_name.as_deref(), Some("Marie"));
    assert_eq!(user.last_name.as_deref(), Some("Curie-Skłodowska"));

    // Names changed since (on the account page) are kept at the next sign-in.
    vitrine::models::users::update_profile(
        app.db(),
        user,
        vitrine::models::users::ProfileFields {
            first_name: Some("Maria".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    Visitor::new()
        .sign_in_with(&app, "mock", &hint, "/me/")
        .await;
    let user = user_of_identity(&app, "mock", "sub-marie@example.org").await;
    assert_eq!(user.first_name.as_deref(), Some("Maria"));

    // A provider that gives no such names leaves them to be read from the display name.
    Visitor::new()
        .sign_in(&app, "lea@example.org", "/me/")
        .await;
    let lea = user_of_identity(&app, "mock", "sub-lea@example.org").await;
    assert_eq!((lea.first_name, lea.last_name), (None, None));
}
