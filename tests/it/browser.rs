//! Headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`), and the
//! real OpenID Connect server of `tests/oauth`.
//!
//! `scripts/test` installs Chromium and starts the OAuth server, and exports
//! `VITRINE_TEST_CHROMEDRIVER`, `VITRINE_TEST_CHROMIUM`, `VITRINE_TEST_OIDC_ISSUER` and
//! `VITRINE_TEST_OAUTH_USER_FILE`. Without them a browser or sign-in test prints
//! `skipped: …` on stderr and returns, except under `CI=true`, where it fails.
//!
//! Who signs in: the OAuth server signs in at once, as the person named by the `login_hint` of
//! the authorization request (`/login/mock?login_hint=lea@example.org`, see [`login_url`]), or
//! when there is none, the person in `VITRINE_TEST_OAUTH_USER_FILE` (default Camille Reuser,
//! `reuser@example.org`). Tests run in parallel in one process and share that file: a test
//! that needs its own person passes a `login_hint` with an email of its own rather than calling
//! [`set_oauth_user`].

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::app::{TestApp, oidc_issuer};

/// A Chromium of its own (fresh profile) and the chromedriver driving it; both end on drop.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Prints why a test is skipped; under `CI=true` a missing peer fails the test instead.
fn skip(why: &str) {
    assert!(
        !in_ci(),
        "{why}: required under CI=true (scripts/test sets it up)"
    );
    eprintln!("skipped: {why} (run scripts/test, which sets it up)");
}

/// The executable named by `var`, which must exist when the variable is set.
fn executable(var: &str) -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(var).filter(|v| !v.is_empty())?);
    assert!(path.exists(), "{var}={} does not exist", path.display());
    Some(path)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills chromedriver and what it started (Chromium and its helpers: its process group).
fn kill_group(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status();
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Starts chromedriver and Chromium, or `None` ("skipped") when `VITRINE_TEST_CHROMEDRIVER` is
/// unset outside CI. Each call has its own chromedriver, Chromium and fresh profile, so tests
/// may run in parallel.
pub async fn browser() -> Option<Browser> {
    let Some(driver_path) = executable("VITRINE_TEST_CHROMEDRIVER") else {
        skip("VITRINE_TEST_CHROMEDRIVER is not set");
        return None;
    };
    let chromium =
        executable("VITRINE_TEST_CHROMIUM").unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let profile = tempfile::tempdir().unwrap();
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            // A French reader, as most of the portal's: pages follow Accept-Language.
            "prefs": { "intl": { "accept_languages": "fr-FR,fr" } },
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--lang=fr-FR", "--window-size=1280,900",
                // Overlay scrollbars, as on phones: a page 320 px wide has 320 px for its content.
                "--hide-scrollbars",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    });
    let capabilities = capabilities.as_object().unwrap().clone();
    let mut last_error = String::new();
    // A port taken between its choice and chromedriver's bind makes chromedriver exit: retry.
    for _ in 0..3 {
        let port = free_port();
        let mut driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        for _ in 0..150 {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => {
                    return Some(Browser {
                        client,
                        driver,
                        _profile: profile,
                    });
                }
                Err(err) => last_error = err.to_string(),
            }
            if driver.try_wait().unwrap().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        kill_group(&mut driver);
    }
    panic!("chromedriver did not start a Chromium session: {last_error}");
}

impl Browser {
    /// Opens `url`.
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// The current URL.
    pub async fn current_url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    /// The first element matching `css`, waiting up to 10 s for it (pages load after clicks).
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(err) => panic!("{css} not found at {}: {err}", self.current_url().await),
        }
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Types `value` into the field matching `css` (emptied first).
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Submits the form matching `css` as its first submit button would (its name and value
    /// included, the browser's own field checks run); `requestSubmit()` when it has none.
    pub async fn submit(&self, form_css: &str) {
        let form = self.find(form_css).await;
        self.client
            .execute(
                "const form = arguments[0];
                 const button = form.querySelector(
                   'button:not([type]), button[type=submit], input[type=submit]');
                 if (button) { form.requestSubmit(button); } else { form.requestSubmit(); }",
                vec![serde_json::to_value(&form).unwrap()],
            )
            .await
            .unwrap();
    }

    /// Waits (10 s at most) until the URL's path is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        for _ in 0..100 {
            let url = self.current_url().await;
            if url::Url::parse(&url).is_ok_and(|u| u.path() == path) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("never reached {path}; at {}", self.current_url().await);
    }

    /// Saves a PNG of the page as `target/test-artifacts/<name>.png`, and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }

    /// Makes the page `width` CSS pixels wide (and 900 high): the viewport, not the window.
    pub async fn set_width(&self, width: u32) {
        self.set_viewport(width, 900).await;
    }

    async fn set_viewport(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
        // Headless Chromium's window has no frame, but say so rather than assume it.
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await
            .unwrap();
        let (inner_w, inner_h) = (inner[0].as_u64().unwrap(), inner[1].as_u64().unwrap());
        if (inner_w, inner_h) != (u64::from(width), u64::from(height)) {
            // The window's frame, if any, is what the viewport lacks.
            let frame = |want: u32, got: u64| want.saturating_sub(u32::try_from(got).unwrap());
            self.client
                .set_window_size(
                    width + frame(width, inner_w),
                    height + frame(height, inner_h),
                )
                .await
                .unwrap();
        }
    }

    /// The viewport's width in CSS pixels.
    pub async fn width(&self) -> u64 {
        self.client
            .execute("return window.innerWidth;", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap()
    }

    /// Saves the whole page (not only what the window shows) as
    /// `target/test-artifacts/<name>-<width>.png`, at the current width.
    pub async fn screenshot_page(&self, name: &str) -> PathBuf {
        let width = u32::try_from(self.width().await).unwrap();
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap();
        self.set_viewport(width, u32::try_from(height.clamp(600, 8000)).unwrap())
            .await;
        let path = self.screenshot(&format!("{name}-{width}")).await;
        self.set_viewport(width, 900).await;
        path
    }

    /// [`Self::screenshot_page`] at 320 then 1280 pixels wide, ending at 1280.
    pub async fn screenshots(&self, name: &str) {
        for width in [320, 1280] {
            self.set_width(width).await;
            self.screenshot_page(name).await;
        }
    }

    /// Marks the page shown now, so that [`Self::wait_for_new_page`] knows it was replaced.
    pub async fn mark_page(&self) {
        self.client
            .execute("window.__vitrineOldPage = true;", vec![])
            .await
            .unwrap();
    }

    /// Waits (10 s at most) until the marked page was replaced by a fully loaded new one: after a
    /// form posts and redirects, the path alone may not have changed.
    pub async fn wait_for_new_page(&self) {
        for _ in 0..100 {
            let loaded = self
                .client
                .execute(
                    "return window.__vitrineOldPage === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            // A page being replaced may not answer scripts for a moment.
            if loaded.is_ok_and(|value| value == json!(true)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no new page after {}", self.current_url().await);
    }

    /// Clicks the first element matching `css` and waits for the new page it leads to.
    pub async fn click_to_new_page(&self, css: &str) {
        let element = self.find(css).await;
        self.mark_page().await;
        element.click().await.unwrap();
        self.wait_for_new_page().await;
    }

    /// Waits (10 s at most) until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        for _ in 0..100 {
            if self.client.find(Locator::Css(css)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} is still at {}", self.current_url().await);
    }

    /// Whether something matches `css` now (no waiting).
    pub async fn has(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// The path of the current URL.
    pub async fn path(&self) -> String {
        url::Url::parse(&self.current_url().await)
            .unwrap()
            .path()
            .to_owned()
    }

    /// Signs out through the header's button and waits for the signed-out page.
    pub async fn sign_out(&self) {
        self.click_to_new_page("header form[action='/logout'] button")
            .await;
        self.wait_for_path("/").await;
        assert!(
            !self.has("header form[action='/logout']").await,
            "still signed in after signing out"
        );
    }

    /// Presses `keys` one after the other on whatever has the focus, as a keyboard would
    /// ([`fantoccini::key::Key`] for Tab, Enter…; plain characters type themselves).
    pub async fn press(&self, keys: &str) {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// The `id` (or tag name) of the focused element.
    pub async fn focused(&self) -> String {
        self.client
            .execute(
                "const e = document.activeElement; return e ? (e.id || e.tagName.toLowerCase()) : '';",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// What axe-core finds on the page: each violation as `{id, impact, help, nodes: [target]}`.
    pub async fn axe_violations(&self, axe: &Axe) -> Vec<Value> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .unwrap();
        if loaded != json!(true) {
            self.client.execute(&axe.0, vec![]).await.unwrap();
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(results => done(results.violations.map(v => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(' ')) }))))
                   .catch(error => done({ error: String(error) }));",
                vec![],
            )
            .await
            .unwrap();
        match found {
            Value::Array(violations) => violations,
            other => panic!("axe failed at {}: {other}", self.current_url().await),
        }
    }

    /// Asserts axe-core finds nothing serious or critical on the page; prints the minor findings.
    pub async fn assert_accessible(&self, axe: &Axe) {
        let violations = self.axe_violations(axe).await;
        let describe = |v: &Value| {
            format!(
                "{} ({}): {} — {}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or_default(),
                v["nodes"]
            )
        };
        let (grave, minor): (Vec<&Value>, Vec<&Value>) = violations
            .iter()
            .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
        let at = format!("{} at {} px", self.current_url().await, self.width().await);
        for v in minor {
            eprintln!("axe, minor, {at}: {}", describe(v));
        }
        assert!(
            grave.is_empty(),
            "axe finds serious or critical violations on {at}:\n{}",
            grave
                .iter()
                .map(|v| describe(v))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Asserts the page does not scroll sideways at the current width; names what sticks out.
    pub async fn assert_no_horizontal_scroll(&self) {
        let found = self
            .client
            .execute(
                "const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
                 const wide = [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > width + 0.5)
                   .filter(e => !e.closest('.table-scroll, .visually-hidden, .skip, pre'))
                   .slice(0, 8)
                   .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                        + ' right=' + Math.round(e.getBoundingClientRect().right));
                 return { scroll: document.documentElement.scrollWidth, width, wide };",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            found["scroll"].as_u64() <= found["width"].as_u64(),
            "{} scrolls sideways: {found}",
            self.current_url().await
        );
    }

    /// Ends the WebDriver session (Chromium quits), then chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        kill_group(&mut self.driver);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.driver.try_wait().ok().flatten().is_none() {
            kill_group(&mut self.driver);
        }
    }
}

/// axe-core's script, the accessibility rules run in the pages.
pub struct Axe(String);

/// axe-core from `VITRINE_TEST_AXE` (`axe.min.js`, which `scripts/test` installs from
/// `tests/axe/`), or `None` ("skipped") outside CI without it.
pub fn axe() -> Option<Axe> {
    let Some(path) = std::env::var_os("VITRINE_TEST_AXE").filter(|v| !v.is_empty()) else {
        skip("VITRINE_TEST_AXE is not set");
        return None;
    };
    let script = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("VITRINE_TEST_AXE={}: {err}", path.display()));
    Some(Axe(script))
}

/// The issuer of the real OpenID Connect server, or `None` ("skipped") outside CI without one.
pub fn oauth_issuer() -> Option<String> {
    let issuer = oidc_issuer();
    if issuer.is_none() {
        skip("VITRINE_TEST_OIDC_ISSUER is not set");
    }
    issuer
}

/// Where to start signing in to `app` through the OAuth server as `email` (a new account, or
/// the one with that verified email), landing on `next` afterwards.
pub fn login_url(app: &TestApp, email: &str, next: &str) -> String {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("next", next)
        .append_pair("login_hint", email)
        .finish();
    format!("{}login/mock?{query}", app.url)
}

/// Sets who signs in when an authorization request has no `login_hint`: `{sub, email,
/// email_verified, name}` (missing fields: the default person's). The file is shared by every
/// test of the run, so prefer a `login_hint` ([`login_url`]); a test that sets it must not
/// expect another test's person.
pub fn set_oauth_user(user: Value) {
    let path = std::env::var("VITRINE_TEST_OAUTH_USER_FILE")
        .expect("VITRINE_TEST_OAUTH_USER_FILE is set by scripts/test with the OAuth server");
    // Written beside it then renamed: the server never reads half a file.
    let partial = format!("{path}.{}", uuid::Uuid::new_v4().simple());
    std::fs::write(&partial, serde_json::to_vec(&user).unwrap()).unwrap();
    std::fs::rename(&partial, &path).unwrap();
}

#[tokio::test]
async fn chromium_renders_a_page() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    browser.goto(&format!("{}healthz", app.url)).await;
    assert_eq!(browser.current_url().await, format!("{}healthz", app.url));
    let body = browser.text("body").await;
    assert!(body.contains("database"), "{body}");
    let png = browser.screenshot("chromium-healthz").await;
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    browser.close().await;
}

/// A sign-in at the OAuth server alone, as a client would: the code, then the tokens.
struct Exchange {
    status: reqwest::StatusCode,
    body: Value,
}

async fn authorize(issuer: &str, hint: Option<&str>, challenge: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut query = vec![
        ("response_type", "code"),
        ("client_id", "vitrine"),
        ("redirect_uri", "http://127.0.0.1:9/callback"),
        ("scope", "openid email profile"),
        ("state", "the-state"),
        ("nonce", "the-nonce"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    if let Some(hint) = hint {
        query.push(("login_hint", hint));
    }
    let answer = client
        .get(format!("{issuer}/authorize"))
        .query(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::FOUND);
    let back = url::Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(back.path(), "/callback");
    let param = |name: &str| {
        back.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    assert_eq!(param("state").as_deref(), Some("the-state"));
    param("code").unwrap_or_else(|| panic!("no code: {back}"))
}

async fn exchange(issuer: &str, code: &str, verifier: Option<&str>) -> Exchange {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", "http://127.0.0.1:9/callback"),
    ];
    if let Some(verifier) = verifier {
        form.push(("code_verifier", verifier));
    }
    let answer = reqwest::Client::new()
        .post(format!("{issuer}/token"))
        .basic_auth("vitrine", Some("secret"))
        .form(&form)
        .send()
        .await
        .unwrap();
    Exchange {
        status: answer.status(),
        body: answer.json().await.unwrap(),
    }
}

/// The claims of an ID token, checked against the server's keys, audience and issuer.
async fn verified_claims(issuer: &str, jwks_uri: &str, id_token: &str) -> Value {
    let keys: jsonwebtoken::jwk::JwkSet =
        reqwest::get(jwks_uri).await.unwrap().json().await.unwrap();
    let header = jsonwebtoken::decode_header(id_token).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::RS256);
    let key = keys.find(header.kid.as_deref().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&["vitrine"]);
    validation.set_issuer(&[issuer]);
    jsonwebtoken::decode::<Value>(
        id_token,
        &jsonwebtoken::DecodingKey::from_jwk(key).unwrap(),
        &validation,
    )
    .unwrap()
    .claims
}

#[tokio::test]
async fn oauth_server_discovery_answers() {
    let Some(issuer) = oauth_issuer() else {
        return;
    };
    let discovery: Value = reqwest::get(format!("{issuer}/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["issuer"], json!(issuer));
    for key in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
    ] {
        assert!(discovery[key].is_string(), "{key} in {discovery}");
    }
    let jwks_uri = discovery["jwks_uri"].as_str().unwrap();
    let (challenge, verifier) = oauth2::PkceCodeChallenge::new_random_sha256();

    // A code it never issued is refused with an OAuth error.
    let bogus = exchange(&issuer, "bogus-code", Some(verifier.secret())).await;
    assert!(bogus.status.is_client_error(), "{}", bogus.status);
    assert_eq!(bogus.body["error"], "invalid_grant", "{}", bogus.body);

    // PKCE: no verifier, or a wrong one, is refused; the code then serves no more.
    for wrong in [
        None,
        Some("a-verifier-that-does-not-match-the-challenge-0123456789"),
    ] {
        let code = authorize(&issuer, Some("pkce@example.org"), challenge.as_str()).await;
        let refused = exchange(&issuer, &code, wrong).await;
        assert_eq!(refused.status, reqwest::StatusCode::BAD_REQUEST);
        assert_eq!(refused.body["error"], "invalid_grant", "{}", refused.body);
        let again = exchange(&issuer, &code, Some(verifier.secret())).await;
        assert_eq!(
            again.status,
            reqwest::StatusCode::BAD_REQUEST,
            "codes serve once"
        );
    }

    // The login_hint names the person: an email, or JSON claims.
    let code = authorize(&issuer, Some("lea@example.org"), challenge.as_str()).await;
    let tokens = exchange(&issuer, &code, Some(verifier.secret())).await;
    assert_eq!(tokens.status, reqwest::StatusCode::OK, "{}", tokens.body);
    let claims =
        verified_claims(&issuer, jwks_uri, tokens.body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], "sub-lea@example.org");
    assert_eq!(claims["email"], "lea@example.org");
    assert_eq!(claims["email_verified"], true);
    assert_eq!(claims["name"], "Lea");
    assert_eq!(claims["nonce"], "the-nonce");
    let userinfo: Value = reqwest::Client::new()
        .get(discovery["userinfo_endpoint"].as_str().unwrap())
        .bearer_auth(tokens.body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        userinfo,
        json!({"sub": "sub-lea@example.org", "email": "lea@example.org",
               "email_verified": true, "name": "Lea"})
    );
    let unknown = reqwest::Client::new()
        .get(discovery["userinfo_endpoint"].as_str().unwrap())
        .bearer_auth("not-a-token-it-issued")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), reqwest::StatusCode::UNAUTHORIZED);

    let hint = json!({"email": "unverified@example.org", "email_verified": false}).to_string();
    let code = authorize(&issuer, Some(&hint), challenge.as_str()).await;
    let tokens = exchange(&issuer, &code, Some(verifier.secret())).await;
    let claims =
        verified_claims(&issuer, jwks_uri, tokens.body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["email"], "unverified@example.org");
    assert_eq!(claims["email_verified"], false);

    // Without a hint: the person of the user file (here the default one, as other tests expect).
    if std::env::var_os("VITRINE_TEST_OAUTH_USER_FILE").is_some() {
        set_oauth_user(json!({"sub": "mock-user-1", "email": "reuser@example.org",
                              "email_verified": true, "name": "Camille Reuser"}));
    }
    let code = authorize(&issuer, None, challenge.as_str()).await;
    let tokens = exchange(&issuer, &code, Some(verifier.secret())).await;
    let claims =
        verified_claims(&issuer, jwks_uri, tokens.body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], "mock-user-1");
    assert_eq!(claims["email"], "reuser@example.org");
}

#[tokio::test]
async fn a_person_named_by_login_hint_signs_in_through_chromium() {
    if oauth_issuer().is_none() {
        return;
    }
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    browser
        .goto(&login_url(&app, "hinted@example.org", "/me/"))
        .await;
    browser.wait_for_path("/me/").await;
    assert_eq!(browser.text("#profile-email").await, "hinted@example.org");
    // Signing out through the header's form, as a click on its button would.
    browser.submit("header form[action='/logout']").await;
    browser.wait_for_path("/").await;
    browser.goto(&format!("{}me/", app.url)).await;
    assert_eq!(
        url::Url::parse(&browser.current_url().await)
            .unwrap()
            .path(),
        "/login"
    );
    browser.close().await;
}
