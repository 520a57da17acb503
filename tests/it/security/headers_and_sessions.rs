//! Security headers, cookie flags, CSRF on every form, open redirects and session fixation.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;
use vitrine::auth::session::start_session;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::app::repo_file;
use crate::support::peers::oauth_issuer;
use crate::support::reuses::a_reuse;
use crate::support::web::{client, csrf_from, page_as, signed_in, urlencode};

/// The headers every response must carry, whatever answered it.
fn assert_security_headers(what: &str, headers: &reqwest::header::HeaderMap) {
    let header = |name: &str| {
        headers
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let csp = header("content-security-policy");
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(&format!("{name} ")))
            .map(str::to_owned)
    };
    assert_eq!(
        directive("default-src").as_deref(),
        Some("default-src 'none'"),
        "{what}: {csp}"
    );
    assert_eq!(
        directive("frame-ancestors").as_deref(),
        Some("frame-ancestors 'none'"),
        "{what}: {csp}"
    );
    assert_eq!(
        directive("base-uri").as_deref(),
        Some("base-uri 'none'"),
        "{what}"
    );
    let scripts = directive("script-src").unwrap_or_default();
    assert!(
        !scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"),
        "{what}: inline script allowed: {csp}"
    );
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(
        header("referrer-policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
    assert!(header("permissions-policy").contains("camera=()"), "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let (_, id, slug) = a_reuse(&app, &admin, &admin).await;
    let (status, image) = crate::support::images::upload(
        &app,
        &admin,
        &id,
        "x.png",
        crate::support::images::png(40, 30),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{image}");
    let media = image["image"].as_str().unwrap().replace(&app.url, "/");
    let cookie = signed_in(&app, &admin.id).await;
    let cases: Vec<(&str, Method, String, Option<&str>, StatusCode)> = vec![
        ("home page", Method::GET, "/".into(), None, StatusCode::OK),
        (
            "gallery",
            Method::GET,
            "/reuses/".into(),
            None,
            StatusCode::OK,
        ),
        (
            "reuse page",
            Method::GET,
            format!("/reuses/{slug}/"),
            None,
            StatusCode::OK,
        ),
        (
            "signed-in page",
            Method::GET,
            "/me/".into(),
            Some(&cookie),
            StatusCode::OK,
        ),
        (
            "missing page",
            Method::GET,
            "/nothing-here".into(),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "refused form",
            Method::POST,
            "/me/api_tokens".into(),
            Some(&cookie),
            StatusCode::FORBIDDEN,
        ),
        (
            "API list",
            Method::GET,
            "/api/1/reuses/".into(),
            None,
            StatusCode::OK,
        ),
        (
            "API 404",
            Method::GET,
            "/api/1/reuses/nope/".into(),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "API 401",
            Method::POST,
            "/api/1/reuses/".into(),
            None,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "OpenAPI document",
            Method::GET,
            "/api/1/openapi.json".into(),
            None,
            StatusCode::OK,
        ),
        (
            "API docs",
            Method::GET,
            "/api/1/docs".into(),
            None,
            StatusCode::OK,
        ),
        (
            "feed",
            Method::GET,
            "/reuses/feed.atom".into(),
            None,
            StatusCode::OK,
        ),
        (
            "stylesheet",
            Method::GET,
            "/static/vitrine.css".into(),
            None,
            StatusCode::OK,
        ),
        ("media", Method::GET, media, None, StatusCode::OK),
        (
            "missing media",
            Method::GET,
            "/media/images/none.png".into(),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "health",
            Method::GET,
            "/healthz".into(),
            None,
            StatusCode::OK,
        ),
    ];
    for (what, method, path, cookie, expected) in cases {
        let method_is_post = method == Method::POST;
        let mut request = client().request(
            method,
            format!("{}{}", app.url, path.trim_start_matches('/')),
        );
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        if method_is_post {
            request = request.form(&[("name", "x")]);
        }
        if what == "API 401" {
            request = request.header("X-API-KEY", "not-a-key");
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), expected, "{what} {path}");
        assert_security_headers(what, response.headers());
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        if what == "API docs" {
            // The Swagger UI's own scripts, by hash; Chromium runs it (tests/it/browser/xss.rs).
            assert!(csp.contains("script-src 'sha256-"), "{csp}");
        } else {
            assert!(
                !csp.contains("script-src"),
                "{what}: no script at all: {csp}"
            );
        }
    }
    let https = TestApp::with_env(&[("VITRINE_PUBLIC_URL", "https://vitrine.example/")]).await;
    let response = client().get(&https.url).send().await.unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let plain = client().get(&app.url).send().await.unwrap();
    assert!(plain.headers().get("strict-transport-security").is_none());
}

#[test]
fn templates_carry_no_script_no_inline_style_and_no_event_handler() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo_file("templates")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap().to_lowercase();
        for forbidden in [
            "<script",
            "<style",
            " style=",
            "javascript:",
            " onclick=",
            " onload=",
            " onerror=",
            " onsubmit=",
            " onchange=",
        ] {
            assert!(
                !html.contains(forbidden),
                "{} has {forbidden}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked > 15, "{checked} templates");
}

/// The `Set-Cookie` headers of a response, by cookie name.
fn set_cookies(response: &reqwest::Response) -> Vec<(String, String)> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| {
            let value = value.to_str().unwrap().to_owned();
            (value.split('=').next().unwrap().to_owned(), value)
        })
        .collect()
}

fn assert_flags(cookie: &str, secure: bool, path: &str) {
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains(&format!("Path={path}")), "{cookie}");
    assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
}

#[tokio::test]
async fn every_cookie_is_http_only_same_site_lax_and_secure_on_https() {
    for (public_url, secure) in [(None, false), (Some("https://vitrine.example/"), true)] {
        let app = match public_url {
            Some(url) => TestApp::with_env(&[("VITRINE_PUBLIC_URL", url)]).await,
            None => TestApp::new().await,
        };
        let user = app.user("Camille", Role::User).await;
        let mut seen = Vec::new();
        let home = client().get(&app.url).send().await.unwrap();
        seen.extend(set_cookies(&home));
        let lang = client()
            .get(format!("{}lang/en?next=/", app.url))
            .send()
            .await
            .unwrap();
        seen.extend(set_cookies(&lang));
        // A session that is no more: the browser is told to forget it.
        let stale = client()
            .get(&app.url)
            .header(COOKIE, "vitrine_session=ended")
            .send()
            .await
            .unwrap();
        seen.extend(set_cookies(&stale));
        // Sign-out's answer (the session cookie's removal).
        let cookie = signed_in(&app, &user.id).await;
        let me = page_as(&app, "me/", &cookie).await;
        let out = client()
            .post(format!("{}logout", app.url))
            .header(COOKIE, &cookie)
            .form(&[("csrf_token", csrf_from(&me))])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), StatusCode::SEE_OTHER);
        seen.extend(set_cookies(&out));
        let names: Vec<&str> = seen.iter().map(|(name, _)| name.as_str()).collect();
        for name in ["vitrine_csrf", "vitrine_lang", "vitrine_session"] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        for (_, cookie) in &seen {
            assert_flags(cookie, secure, "/");
        }
    }
    // The session cookie itself: from a real sign-in in `session_fixation_…` below and in
    // pages/sign_in.rs. `Secure` is added to every cookie in one place, on the way out.
}

/// Every `POST` route of the pages, read from the router (`src/web/mod.rs`): a new form
/// route appears here by itself.
fn post_routes() -> Vec<String> {
    let source = std::fs::read_to_string(repo_file("src/web/mod.rs")).unwrap();
    let routes = source
        .split_once("pub fn routes()")
        .unwrap()
        .1
        .split_once(".around(render_errors)")
        .unwrap()
        .0;
    routes
        .split(".at(")
        .skip(1)
        .filter(|at| at.contains("post("))
        .map(|at| at.split('"').nth(1).unwrap().to_owned())
        .collect()
}

/// A snapshot of every table, to show that a refused request changed nothing.
#[tokio::test]
async fn only_pages_hand_anonymous_visitors_a_csrf_cookie() {
    let app = TestApp::new().await;
    // Pages may hold forms: the visitor gets the token's cookie, and keeps it on the next page.
    let home = client().get(&app.url).send().await.unwrap();
    let names: Vec<String> = set_cookies(&home).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["vitrine_csrf"]);
    // The API checks a session's token only: no cookie, from the database or from the cache.
    for _ in 0..2 {
        let api = client()
            .get(format!("{}api/1/reuses/", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::OK);
        assert_eq!(set_cookies(&api), Vec::<(String, String)>::new());
    }
    // A visitor who holds the cookie keeps it: no new token on the next page.
    let cookie = home.headers().get(SET_COOKIE).unwrap().to_str().unwrap();
    let token = cookie.split(';').next().unwrap();
    let again = client()
        .get(format!("{}reuses/", app.url))
        .header(COOKIE, token)
        .send()
        .await
        .unwrap();
    assert_eq!(set_cookies(&again), Vec::<(String, String)>::new());
}

async fn everything(app: &TestApp) -> String {
    use entity::*;
    let db = app.db();
    let mut all = String::new();
    macro_rules! dump {
        ($($table:ident),*) => {$(
            all.push_str(&format!("{:?}\n", $table::Entity::find().all(db).await.unwrap()));
        )*};
    }
    dump!(
        api_tokens,
        audit_log,
        data_request_supports,
        data_requests,
        dataset_stewards,
        escalations,
        link_checks,
        links,
        search_misses,
        dataset_tags,
        datasets,
        discussions,
        follows,
        members,
        messages,
        notification_settings,
        notifications,
        oauth_identities,
        organizations,
        outbox,
        reports,
        reuse_datasets,
        reuse_slugs,
        reuse_tags,
        reuses,
        sessions,
        users,
        watches
    );
    all
}

#[tokio::test]
async fn every_form_refuses_a_missing_or_wrong_csrf_token_and_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let other = app.user("Other", Role::User).await;
    let (_, reuse, slug) = a_reuse(&app, &admin, &admin).await;
    let (_, thread) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&admin),
            Some(json!({"title": "Question", "comment": "Une question ?",
                        "subject": {"class": "Reuse", "id": reuse}})),
        )
        .await;
    let thread_id = thread["id"].as_str().unwrap().to_owned();
    let message_id = thread["discussion"][0]["id"].as_str().unwrap().to_owned();
    let (_, report) = app
        .call(
            Method::POST,
            "/api/1/reports/",
            Some(&other),
            Some(json!({"subject": {"class": "Reuse", "id": reuse}, "reason": "spam"})),
        )
        .await;
    let report_id = report["id"].as_str().unwrap().to_owned();
    let (_, token) = app
        .call(
            Method::POST,
            "/api/1/me/api_tokens/",
            Some(&admin),
            Some(json!({"name": "k"})),
        )
        .await;
    let token_id = token["id"].as_str().unwrap().to_owned();
    let (_, request) = app
        .call(
            Method::POST,
            "/api/1/data-requests/",
            Some(&other),
            Some(json!({"title": "Les cantines", "purpose": "Comparer les menus."})),
        )
        .await;
    let request_id = request["id"].as_str().unwrap().to_owned();
    let cookie = signed_in(&app, &admin.id).await;
    let good = csrf_from(&page_as(&app, "me/", &cookie).await);

    // Routes that are not forms of a signed-in browser, and why.
    let exempt = [
        // RFC 8058 one-click unsubscribe: mail clients post it; the signed link is the credential.
        "/unsubscribe/:user/:kind/:token",
        // Confirming an address: the signed link mailed to it is the credential, from any browser.
        "/confirm-email/:user/:expires/:token",
    ];
    let routes = post_routes();
    assert!(routes.len() > 20, "{routes:?}");
    let before = everything(&app).await;
    let mut checked = 0;
    for route in &routes {
        if exempt.contains(&route.as_str()) {
            continue;
        }
        let path = route
            .replace(":slug", &slug)
            .replace("/discussions/:id", &format!("/discussions/{thread_id}"))
            .replace(":message", &message_id)
            .replace("/held/:id", &format!("/held/{message_id}"))
            .replace("/reports/:id", &format!("/reports/{report_id}"))
            .replace("/users/:id", &format!("/users/{}", other.id))
            .replace(
                "/featured/:id/:action",
                &format!("/featured/{reuse}/feature"),
            )
            .replace("/api_tokens/:id", &format!("/api_tokens/{token_id}"))
            .replace(
                "/data-requests/:id",
                &format!("/data-requests/{request_id}"),
            )
            .replace("/links/:id", &format!("/links/{reuse}"));
        assert!(!path.contains(':'), "no id for {route}");
        let fields = [
            ("title", "Changed"),
            ("comment", "Changed"),
            ("name", "changed"),
            ("message", message_id.as_str()),
            ("reason", "spam"),
            ("persona", "admin"),
            ("mode", "mute"),
            ("action", "close"),
            ("url", "https://changed.example"),
            ("description", "Changed"),
            ("type", "api"),
            ("topic", "health"),
            ("datasets", "d1"),
            ("class", "Reuse"),
            ("subject", reuse.as_str()),
        ];
        for token in [
            None,
            Some("0000000000000000000000000000000000000000"),
            Some(""),
        ] {
            let mut form: Vec<(&str, &str)> = fields.to_vec();
            if let Some(token) = token {
                form.push(("csrf_token", token));
            }
            let answer = client()
                .post(format!("{}{}", app.url, path.trim_start_matches('/')))
                .header(COOKIE, &cookie)
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = answer.status();
            let body = answer.text().await.unwrap();
            if route == "/login/demo" {
                // Exists only under `vitrine demo`, where it checks the token like the rest.
                assert_eq!(status, StatusCode::NOT_FOUND, "{route}");
                continue;
            }
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{route} with token {token:?}: {body}"
            );
            assert!(body.contains("Ce formulaire a expiré"), "{route}: {body}");
        }
        checked += 1;
    }
    assert_eq!(
        everything(&app).await,
        before,
        "a refused form changed something"
    );

    // The same forms with the page's token pass the check (whatever they then decide).
    for route in ["/me/api_tokens", "/me/notifications/read-all", "/logout"] {
        let answer = client()
            .post(format!("{}{}", app.url, route.trim_start_matches('/')))
            .header(COOKIE, &cookie)
            .form(&[("csrf_token", good.as_str()), ("name", "ok")])
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().is_success() || answer.status().is_redirection(),
            "{route}: {}",
            answer.status()
        );
    }
    assert!(checked >= 20, "{checked} forms checked");

    // Anonymous forms (the report form) use the double-submit cookie: the token must match it.
    let anonymous = client()
        .post(format!("{}report", app.url))
        .header(
            COOKIE,
            "vitrine_csrf=1111111111111111111111111111111111111111",
        )
        .form(&[
            ("csrf_token", "2222222222222222222222222222222222222222"),
            ("reason", "spam"),
            ("class", "Reuse"),
            ("subject", reuse.as_str()),
            ("message", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn next_parameters_never_leave_the_site() {
    let app = TestApp::with_env(&[
        ("VITRINE_OAUTH_EXT_CLIENT_ID", "vitrine"),
        ("VITRINE_OAUTH_EXT_AUTH_URL", "https://id.example/authorize"),
        ("VITRINE_OAUTH_EXT_TOKEN_URL", "https://id.example/token"),
        (
            "VITRINE_OAUTH_EXT_USERINFO_URL",
            "https://id.example/userinfo",
        ),
    ])
    .await;
    let evil = [
        "https://evil.example",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
        "https:evil.example",
        "evil.example",
        "/login/ext?next=//evil.example",
        "%2F%2Fevil.example",
        "/%2F%2Fevil.example",
        "data:text/html,<script>alert(1)</script>",
    ];
    let site = url::Url::parse(&app.url).unwrap();
    let stays_home = |location: &str| {
        let target = site.join(location).unwrap();
        target.origin() == site.origin() && !location.starts_with("//")
    };
    for next in evil {
        let encoded = urlencode(next);
        // The language switch.
        let switched = client()
            .get(format!("{}lang/en?next={encoded}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(switched.status(), StatusCode::SEE_OTHER);
        let location = switched.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(stays_home(&location), "lang next={next:?} → {location}");
        // The sign-in page's links, and where a sign-in started from it would land.
        let page = client()
            .get(format!("{}login?next={encoded}", app.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let link = page.split("href=\"/login/ext?next=").nth(1).unwrap();
        let link = link.split('"').next().unwrap().replace("&#x2f;", "/");
        let link = url::form_urlencoded::parse(format!("next={link}").as_bytes())
            .next()
            .unwrap()
            .1
            .into_owned();
        assert!(stays_home(&link), "login page next={next:?} → {link}");
        let started = client()
            .get(format!("{}login/ext?next={encoded}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(started.status(), StatusCode::SEE_OTHER);
        let state_cookie = set_cookies(&started)
            .into_iter()
            .find(|(name, _)| name == "vitrine_oauth_state")
            .unwrap()
            .1;
        let state = state_cookie
            .split(';')
            .next()
            .unwrap()
            .split_once('=')
            .unwrap()
            .1
            .to_owned();
        let pending = app
            .state
            .cache
            .get(&format!("oauth:{state}"))
            .await
            .unwrap();
        let pending: serde_json::Value = serde_json::from_slice(&pending).unwrap();
        let landing = pending["next"].as_str().unwrap();
        assert!(stays_home(landing), "sign-in next={next:?} → {landing}");
    }
    // Signed-out visitors sent to sign in come back to the page they asked for, on this site.
    let to_login = client()
        .get(format!("{}me/", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(to_login.headers()[LOCATION], "/login?next=/me/");
}

/// One step of a sign-in through the real OpenID Connect server, cookies by hand.
async fn step(url: &str, cookies: &str) -> reqwest::Response {
    let mut request = client().get(url);
    if !cookies.is_empty() {
        request = request.header(COOKIE, cookies);
    }
    request.send().await.unwrap()
}

fn cookie_value(response: &reqwest::Response, name: &str) -> Option<String> {
    set_cookies(response)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, set)| {
            set.split(';')
                .next()
                .unwrap()
                .split_once('=')
                .unwrap()
                .1
                .to_owned()
        })
}

#[tokio::test]
async fn signing_in_never_keeps_the_session_the_browser_came_with() {
    if oauth_issuer().is_none() {
        return;
    }
    let app = TestApp::new().await;
    let mallory = app.user("Mallory", Role::User).await;
    // A session planted by an attacker (theirs, live), and one made up.
    let planted = start_session(&app.state, &mallory.id).await.unwrap();
    for before in [planted.as_str(), "made-up-session-id"] {
        let start = step(
            &format!(
                "{}login/mock?login_hint=victim%40example.org&next=/me/",
                app.url
            ),
            &format!("vitrine_session={before}"),
        )
        .await;
        let state = cookie_value(&start, "vitrine_oauth_state").unwrap();
        let at_provider = step(start.headers()[LOCATION].to_str().unwrap(), "").await;
        let callback = at_provider.headers()[LOCATION].to_str().unwrap().to_owned();
        let back = step(
            &callback,
            &format!("vitrine_session={before}; vitrine_oauth_state={state}"),
        )
        .await;
        assert_eq!(back.status(), StatusCode::SEE_OTHER);
        let after = cookie_value(&back, "vitrine_session").unwrap();
        assert_ne!(after, before, "the session id was not rotated");
        assert!(after.len() >= 64, "{after}");
        let session = set_cookies(&back)
            .into_iter()
            .find(|(n, _)| n == "vitrine_session")
            .unwrap()
            .1;
        assert_flags(&session, false, "/");
        // The new session is the victim's; the old id no longer signs anyone in.
        let me = step(
            &format!("{}me/", app.url),
            &format!("vitrine_session={after}"),
        )
        .await;
        assert!(me.text().await.unwrap().contains("victim@example.org"));
        let old = step(
            &format!("{}me/", app.url),
            &format!("vitrine_session={before}"),
        )
        .await;
        assert_eq!(
            old.status(),
            StatusCode::SEE_OTHER,
            "the old session still works"
        );
    }
    let sessions = entity::sessions::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(
        sessions.len(),
        2,
        "the planted session was ended, two sign-ins remain"
    );
    assert!(sessions.iter().all(|s| s.user_id != mallory.id));
}
