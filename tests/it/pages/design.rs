//! The design system and the optional DSFR theme (`VITRINE_THEME=dsfr`): the shared components
//! are in the site's stylesheet; the State's design system, fonts and header appear only when
//! an operator turns that theme on, served by Vitrine itself under the same strict policy.

use reqwest::{Method, StatusCode};

use crate::support::app::TestApp;
use crate::support::web::page;

/// Where the vendored DSFR files are served.
const DSFR: &str = "/static/dsfr/1.15.3/";

/// The status, `Content-Type`, `Cache-Control` and bytes of `path`.
async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, String, Vec<u8>) {
    let response = app.request(Method::GET, path).send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (kind, cache) = (header("content-type"), header("cache-control"));
    (
        response.status(),
        kind,
        cache,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// The `Content-Security-Policy` of the home page.
async fn page_policy(app: &TestApp) -> String {
    let response = app.request(Method::GET, "/").send().await.unwrap();
    response
        .headers()
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_stylesheet_defines_the_shared_components_and_scales() {
    let app = TestApp::new().await;
    let (status, kind, _, css) = fetch(&app, "/static/vitrine.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/css"), "{kind}");
    let css = String::from_utf8(css).unwrap();
    for rule in [
        "--text-base:",
        "--space-4:",
        ".button.secondary",
        ".button.tertiary",
        ".button.danger",
        ".button.small",
        ".tag.active",
        ".card {",
        ".alert-info",
        ".alert-success",
        ".alert-warning",
        ".alert-error",
        ".tabs a[aria-current=\"page\"]",
        ".pager a[aria-current=\"page\"]",
        ".badge {",
        ".empty {",
        ".breadcrumb ol",
        "#form-errors",
        "fieldset {",
    ] {
        assert!(css.contains(rule), "no {rule} in vitrine.css");
    }
    assert!(
        !css.contains("Marianne"),
        "the default design uses no State font"
    );
}

#[tokio::test]
async fn the_default_theme_shows_nothing_of_the_state_design_system() {
    let app = TestApp::new().await;
    let (status, html) = page(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    for sign in [
        "fr-header",
        "fr-logo",
        "République",
        "/static/dsfr/",
        "vitrine-dsfr.css",
    ] {
        assert!(!html.contains(sign), "{sign} under the default theme");
    }
    assert!(html.contains("class=\"site-header\""), "{html}");
    for path in [
        format!("{DSFR}dsfr.min.css"),
        format!("{DSFR}fonts/Marianne-Regular.woff2"),
        "/static/vitrine-dsfr.css".to_owned(),
    ] {
        let (status, ..) = fetch(&app, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path} served by default");
    }
}

#[tokio::test]
async fn the_page_policy_allows_the_site_fonts_and_nothing_unsafe() {
    let app = TestApp::with_env(&[("VITRINE_THEME", "dsfr")]).await;
    let policy = page_policy(&app).await;
    assert!(policy.contains("font-src 'self'"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
    assert!(!policy.contains("data:"), "{policy}");
}

#[tokio::test]
async fn the_dsfr_theme_wears_the_state_header_footer_and_stylesheets() {
    let app = TestApp::with_env(&[
        ("VITRINE_THEME", "dsfr"),
        ("VITRINE_SITE_NAME", "Données du ministère"),
    ])
    .await;
    let (status, html) = page(&app, "/reuses/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("class=\"fr-header site-header\""), "{html}");
    assert!(
        html.contains("<p class=\"fr-logo\" lang=\"fr\">République<br>Française</p>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"fr-header__service-title\">Données du ministère</p>"),
        "{html}"
    );
    assert!(html.contains("class=\"fr-footer site-footer\""), "{html}");
    assert!(
        html.contains("href=\"https://legifrance.gouv.fr\""),
        "{html}"
    );
    let dsfr = html
        .find(&format!("href=\"{DSFR}dsfr.min.css\""))
        .expect("the DSFR stylesheet");
    let vitrine = html.find("href=\"/static/vitrine.css\"").unwrap();
    let bridge = html
        .find("href=\"/static/vitrine-dsfr.css\"")
        .expect("the bridge");
    assert!(
        dsfr < vitrine && vitrine < bridge,
        "DSFR, Vitrine, then the bridge"
    );
    // The menu still folds without script, and the skip link and breadcrumb are there.
    assert!(html.contains("<details class=\"menu\">"), "{html}");
    assert!(html.contains("class=\"skip\""), "{html}");

    let (_, english) = {
        let response = app
            .request(Method::GET, "/reuses/")
            .header("Accept-Language", "en")
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert!(
        english.contains("title=\"Home — Données du ministère\""),
        "{english}"
    );
    assert!(
        english.contains("République<br>Française"),
        "the block stays French"
    );
}

#[tokio::test]
async fn the_dsfr_files_are_served_with_their_types_and_a_long_cache() {
    let app = TestApp::with_env(&[("VITRINE_THEME", "dsfr")]).await;
    for (path, kind) in [
        ("dsfr.min.css", "text/css"),
        ("fonts/Marianne-Regular.woff2", "font/woff2"),
        ("fonts/Marianne-Bold_Italic.woff2", "font/woff2"),
        ("marianne.svg", "image/svg+xml"),
        ("icons/system/fr--info-fill.svg", "image/svg+xml"),
    ] {
        let (status, got, cache, bytes) = fetch(&app, &format!("{DSFR}{path}")).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(got.starts_with(kind), "{path}: {got}");
        assert!(cache.contains("max-age=31536000"), "{path}: {cache}");
        assert!(cache.contains("immutable"), "{path}: {cache}");
        assert!(bytes.len() > 100, "{path}");
        if path.ends_with(".woff2") {
            assert_eq!(&bytes[..4], b"wOF2", "{path}");
        }
    }
    let (_, _, _, css) = fetch(&app, &format!("{DSFR}dsfr.min.css")).await;
    let css = String::from_utf8(css).unwrap();
    assert!(
        css.contains("fonts/Marianne-Regular.woff2"),
        "the fonts are relative"
    );

    let (status, kind, cache, bridge) = fetch(&app, "/static/vitrine-dsfr.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/css"), "{kind}");
    assert!(cache.contains("max-age="), "{cache}");
    let bridge = String::from_utf8(bridge).unwrap();
    assert!(
        bridge.contains(".fr-logo::before"),
        "the block's images as files"
    );
    assert!(bridge.contains("--background-action-high-blue-france"));

    for missing in [
        format!("{DSFR}dsfr.module.min.js"),
        format!("{DSFR}fonts/Marianne-Regular.woff"),
        "/static/dsfr/1.0.0/dsfr.min.css".to_owned(),
    ] {
        let (status, ..) = fetch(&app, &missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn the_embed_widget_follows_the_theme() {
    let plain = TestApp::new().await;
    let (_, html) = page(&plain, "/embed/datasets/none/reuses/").await;
    assert!(!html.contains("/static/dsfr/"), "{html}");
    let dsfr = TestApp::with_env(&[("VITRINE_THEME", "dsfr")]).await;
    let (_, html) = page(&dsfr, "/embed/datasets/none/reuses/").await;
    assert!(html.contains(&format!("{DSFR}dsfr.min.css")), "{html}");
    assert!(html.contains("/static/vitrine-dsfr.css"), "{html}");
    assert!(
        !html.contains("fr-header"),
        "the widget has no header: {html}"
    );
}

#[tokio::test]
async fn an_unknown_theme_stops_start_up_with_code_2_naming_the_variable() {
    let app = TestApp::new().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg("migrate")
        .env_clear()
        .envs(&app.env)
        .env("VITRINE_THEME", "marianne")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("VITRINE_THEME"), "{stderr}");
}
