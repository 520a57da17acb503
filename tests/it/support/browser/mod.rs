//! Headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`), and the
//! real OpenID Connect server of `tests/oauth`.
//!
//! `scripts/test` installs Chromium and axe-core and starts the OAuth server, and exports
//! `VITRINE_TEST_CHROMEDRIVER`, `VITRINE_TEST_CHROMIUM`, `VITRINE_TEST_AXE`,
//! `VITRINE_TEST_OIDC_ISSUER` and `VITRINE_TEST_OAUTH_USER_FILE`. Without them a browser,
//! accessibility or sign-in test prints
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

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;

use super::app::TestApp;
use super::peers::{free_port, skip};

mod checks;
mod viewport;

pub use checks::{Axe, axe};

/// A Chromium of its own (fresh profile) and the chromedriver driving it; both end on drop.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

/// The executable named by `var`, which must exist when the variable is set.
fn executable(var: &str) -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(var).filter(|v| !v.is_empty())?);
    assert!(path.exists(), "{var}={} does not exist", path.display());
    Some(path)
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
