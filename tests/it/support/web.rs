//! The pages as a browser without JavaScript gets them: sessions, pages, CSRF tokens.

use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use vitrine::auth::session::start_session;

use super::app::TestApp;

/// A client that shows each redirect instead of following it.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The `Cookie` header of a browser signed in as `user_id`.
pub async fn signed_in(app: &TestApp, user_id: &str) -> String {
    format!(
        "vitrine_session={}",
        start_session(&app.state, user_id).await.unwrap()
    )
}

/// The status and HTML of `path` for an anonymous French reader (redirects followed).
pub async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app
        .request(Method::GET, path)
        .header("Accept-Language", "fr")
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The HTML of `path` for the browser holding `cookie` (redirects not followed).
pub async fn page_as(app: &TestApp, path: &str, cookie: &str) -> String {
    client()
        .get(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The CSRF token of the first form of `html`.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    html[start..start + 40].to_owned()
}

/// `text` encoded for a query string or a form.
pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The text of the element `id` opens (up to its first closing tag).
pub fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</").unwrap()]
}

/// Checks that every inline script of `html` may run under `policy` by its hash (and that none
/// needs `unsafe-inline`); returns how many there are.
pub fn inline_scripts_allowed(html: &str, policy: &str) -> usize {
    use poem_openapi::types::{Base64, ToJSON};
    use sha2::{Digest, Sha256};

    let script_src = policy
        .split(';')
        .map(str::trim)
        .find_map(|directive| directive.strip_prefix("script-src "))
        .unwrap_or_else(|| panic!("no script-src: {policy}"));
    assert!(!script_src.contains("unsafe"), "{policy}");
    let mut scripts = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let (open, body) = rest[start..].split_once('>').unwrap();
        let end = body.find("</script").unwrap();
        if !open.contains("src=") {
            let digest = Base64(Sha256::digest(&body.as_bytes()[..end]).to_vec()).to_json();
            let hash = format!("'sha256-{}'", digest.unwrap().as_str().unwrap());
            assert!(
                script_src.split(' ').any(|source| source == hash),
                "an inline script may not run: {hash} not in {script_src}"
            );
            scripts += 1;
        }
        rest = &body[end..];
    }
    scripts
}

/// The answer to an anonymous `GET path` by a reader of `lang` (redirects followed).
pub async fn get_in(app: &TestApp, path: &str, lang: &str) -> reqwest::Response {
    app.request(reqwest::Method::GET, path)
        .header("Accept-Language", lang)
        .send()
        .await
        .unwrap()
}
