//! The API called from a page of another origin in headless Chromium: it reads the gallery
//! and creates a reuse with an API key, and the session its browser holds on the portal gets
//! it nowhere.
//!
//! The other origin is a page served on another port of `127.0.0.1`: another origin, but the
//! same site, so Chromium sends the portal's `SameSite=Lax` session cookie along with a
//! credentialed `fetch` and the server itself must refuse to act on it.

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::Html;
use poem::{Route, Server, get, handler};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::browser::browser;
use crate::support::datasets::dataset;
use crate::support::reuses::{reuse, reuse_body};
use crate::support::web::signed_in;

/// The page of the other origin: nothing but a place for scripts to run.
#[handler]
fn elsewhere_page() -> Html<&'static str> {
    Html("<!doctype html><html lang=fr><title>Ailleurs</title><h1>Ailleurs</h1></html>")
}

/// Serves [`elsewhere_page`] on a port of its own until the test ends; returns its URL.
async fn elsewhere() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = listener.local_addr()[0].as_socket_addr().copied().unwrap();
    let server = Server::new_with_acceptor(listener);
    tokio::spawn(server.run(Route::new().at("/", get(elsewhere_page))));
    format!("http://{addr}/")
}

/// What the page of the other origin does with the API at `arguments[0]`: each call's status
/// and JSON, or how the browser stopped it.
const CALLS: &str = r#"
const [api, key, withKey, withCookie, done] = arguments;
const results = {};
const attempt = async (name, path, init) => {
  try {
    const response = await fetch(api + path, init);
    const text = await response.text();
    results[name] = {status: response.status, json: text ? JSON.parse(text) : null};
  } catch (err) {
    results[name] = {blocked: String(err)};
  }
};
(async () => {
  await attempt('list', 'api/1/reuses/?page_size=5', {});
  await attempt('create_with_key', 'api/1/reuses/', {
    method: 'POST',
    headers: {'X-API-KEY': key, 'Content-Type': 'application/json'},
    body: JSON.stringify(withKey),
  });
  // A simple request (no preflight): Chromium sends it with the session cookie.
  await attempt('follow_with_cookie', 'api/1/datasets/ds-air/followers/', {
    method: 'POST', credentials: 'include',
  });
  await attempt('create_with_cookie', 'api/1/reuses/', {
    method: 'POST', credentials: 'include',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(withCookie),
  });
  done(results);
})();
"#;

#[tokio::test]
async fn a_page_elsewhere_reads_and_writes_with_a_key_but_never_with_the_session() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-air", "Qualité de l’air").await;
    dataset(&app, &admin, "ds-velo", "Comptages vélo").await;
    let scripter = app.user("Scripter", Role::User).await;
    reuse(&app, &scripter, "Carte du portail", json!({})).await;
    let person = app.account("lea@example.org", "Léa", Role::User).await;

    // Léa's browser is signed in on the portal…
    let session = signed_in(&app, &person.id).await;
    browser.goto(&app.url).await;
    let cookie = fantoccini::cookies::Cookie::parse(format!(
        "{session}; Path=/; Domain=127.0.0.1; SameSite=Lax; HttpOnly"
    ))
    .unwrap();
    browser.client.add_cookie(cookie).await.unwrap();
    browser.goto(&format!("{}me/", app.url)).await;
    assert_eq!(browser.text("#profile-email").await, "lea@example.org");

    // …when she opens a page of another origin that calls the API.
    let page = elsewhere().await;
    assert_ne!(page, app.url);
    browser.goto(&page).await;
    assert_eq!(browser.text("h1").await, "Ailleurs");
    let results = browser
        .client
        .execute_async(
            CALLS,
            vec![
                json!(app.url),
                json!(scripter.token),
                reuse_body("Carte d’ailleurs", "https://ailleurs.example/"),
                reuse_body("Carte au nom de Léa", "https://lea.example/"),
            ],
        )
        .await
        .unwrap();

    // It reads the gallery's JSON…
    assert_eq!(results["list"]["status"], 200, "{results}");
    assert_eq!(results["list"]["json"]["total"], 1, "{results}");
    assert_eq!(
        results["list"]["json"]["data"][0]["title"], "Carte du portail",
        "{results}"
    );

    // …creates a reuse with a key, and reads the answer…
    let created = &results["create_with_key"];
    assert_eq!(created["status"], 201, "{results}");
    let id = created["json"]["id"].as_str().unwrap_or_default();
    let stored = entity::reuses::Entity::find_by_id(id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("reuse {id} is not stored: {results}"));
    assert_eq!(stored.owner_id.as_deref(), Some(scripter.id.as_str()));
    assert_eq!(stored.title, "Carte d’ailleurs");

    // …but nothing it tries with Léa's session is done, nor is its answer shown to it.
    for name in ["follow_with_cookie", "create_with_cookie"] {
        assert!(blocked(&results[name]), "{name}: {results}");
    }
    let follows = entity::follows::Entity::find()
        .filter(entity::follows::Column::FollowerId.eq(&person.id))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(follows, 0, "{results}");
    let hers = entity::reuses::Entity::find()
        .filter(entity::reuses::Column::OwnerId.eq(&person.id))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(hers, 0, "{results}");

    // Her session on the portal itself is untouched.
    browser.goto(&format!("{}me/", app.url)).await;
    assert_eq!(browser.text("#profile-email").await, "lea@example.org");
    browser.close().await;
}

/// Whether the browser refused a call's answer to the page (a credentialed call gets no
/// `Access-Control-Allow-Credentials`), or the server refused it as anonymous.
fn blocked(result: &Value) -> bool {
    result["blocked"].is_string() || result["status"] == 401
}
