//! The site as the portal team sets it up for citizens: its name, logo and colour
//! (`VITRINE_SITE_NAME`, `VITRINE_SITE_LOGO`, `VITRINE_PRIMARY_COLOR`), its footer links, its
//! favicons, what each page says of itself to search engines and share cards, the API
//! documentation reached from the footer and the account page (not the menu), and the menu
//! folding on phones without script.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::config::{Color, MIN_CONTRAST};
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::datasets::dataset;
use crate::support::images::{png, upload};
use crate::support::web::{page, page_as, signed_in};

/// The `content` of `<meta {attr}="{name}" …>` in `html`.
fn meta(html: &str, attr: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(r#"<meta {attr}="{name}" content=""#))?;
    let rest = &html[start..];
    let value = &rest[rest.find("content=\"")? + 9..];
    Some(value[..value.find('"')?].to_owned())
}

/// The markup from the first `open` to the next `close` after it.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find(close).unwrap_or(rest.len())]
}

/// `path` read in `lang`: the answer's CSP and HTML.
async fn page_in(app: &TestApp, path: &str, lang: &str) -> (String, String) {
    let response = crate::support::web::get_in(app, path, lang).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let policy = response.headers()["content-security-policy"].to_str();
    (policy.unwrap().to_owned(), response.text().await.unwrap())
}

/// `path`'s status, content type, cache header and bytes.
async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, String, Vec<u8>) {
    let response = app.request(Method::GET, path).send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (kind, cache) = (header("content-type"), header("cache-control"));
    (
        response.status(),
        kind,
        cache,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// Whether text of one colour reads on the other (WCAG AA).
fn readable(text: Color, on: Color) -> bool {
    text.contrast(on) >= MIN_CONTRAST
}

/// The `--name: #rrggbb` of a stylesheet, read back.
fn custom_property(css: &str, name: &str) -> Color {
    let value = between(css, &format!("--{name}: "), ";");
    Color::parse(value.trim_start_matches(&format!("--{name}: "))).unwrap()
}

#[tokio::test]
async fn the_name_logo_colour_and_footer_links_come_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let logo = dir.path().join("logo-lyon.img");
    std::fs::write(&logo, png(40, 20)).unwrap();
    let app = TestApp::with_env(&[
        ("VITRINE_SITE_NAME", "Open Data Lyon"),
        ("VITRINE_SITE_LOGO", logo.to_str().unwrap()),
        ("VITRINE_PRIMARY_COLOR", "#FC0"),
        ("VITRINE_LEGAL_URL", "https://lyon.example/legal"),
        ("VITRINE_ACCESSIBILITY_URL", "https://lyon.example/a11y"),
        ("VITRINE_CONTACT_URL", "mailto:data@lyon.example"),
        ("VITRINE_TERMS_URL", "https://lyon.example/cgu"),
    ])
    .await;

    let (status, html) = page(&app, "/datasets/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<title>Jeux de données · Open Data Lyon</title>"),
        "{html}"
    );
    let brand = between(&html, r#"<a class="brand""#, "</a>");
    assert!(
        brand.contains(r#"<img src="/static/logo.png" alt="Open Data Lyon">"#),
        "{brand}"
    );
    assert_eq!(
        meta(&html, "property", "og:site_name").as_deref(),
        Some("Open Data Lyon")
    );
    assert!(!between(&html, "<header", "</header>").contains("Vitrine"));
    // A page about nothing in particular shares the logo.
    let logo_url = format!("{}static/logo.png", app.url);
    assert_eq!(meta(&html, "property", "og:image"), Some(logo_url));
    // The logo, read at start-up, is served under the name its content gives it.
    let (status, kind, cache, bytes) = fetch(&app, "/static/logo.png").await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/png"));
    assert!(cache.starts_with("public"), "{cache}");
    assert_eq!(bytes, std::fs::read(&logo).unwrap());
    for other in [
        "/static/logo.svg",
        "/static/logo-lyon.img",
        "/static/secret.key",
    ] {
        assert_eq!(fetch(&app, other).await.0, StatusCode::NOT_FOUND, "{other}");
    }
    assert_eq!(fetch(&app, "/static/vitrine.css").await.0, StatusCode::OK);

    // The colour, with text readable on it and a shade of it readable as text.
    let (stylesheet, theme) = (
        html.find(r#"href="/static/vitrine.css""#).unwrap(),
        html.find(r#"href="/static/theme.css""#).unwrap(),
    );
    assert!(stylesheet < theme, "theme.css comes after vitrine.css");
    let (status, kind, cache, css) = fetch(&app, "/static/theme.css").await;
    let css = String::from_utf8(css).unwrap();
    assert_eq!(status, StatusCode::OK);
    assert!(
        kind.starts_with("text/css") && cache.starts_with("public"),
        "{kind} {cache}"
    );
    let primary = custom_property(&css, "primary");
    assert_eq!(primary, Color([0xff, 0xcc, 0x00]), "{css}");
    assert!(
        readable(custom_property(&css, "on-primary"), primary),
        "{css}"
    );
    let text = custom_property(&css, "primary-text");
    assert!(readable(text, Color::WHITE), "{css}");
    assert!(readable(text, Color([0xf4, 0xf5, 0xf7])), "{css}");

    // Each footer link, in the reader's language.
    let footer = between(&html, "<footer", "</footer>");
    for link in [
        r#"<a href="https://lyon.example/legal" id="footer-legal">Mentions légales</a>"#,
        r#"<a href="https://lyon.example/a11y" id="footer-accessibility">Déclaration d&#39;accessibilité</a>"#,
        r#"<a href="mailto:data@lyon.example" id="footer-contact">Contact</a>"#,
        r#"<a href="https://lyon.example/cgu" id="footer-terms">Conditions d&#39;utilisation</a>"#,
    ] {
        assert!(footer.contains(link), "{link} in {footer}");
    }
    assert!(footer.contains("Open Data Lyon met en avant"), "{footer}");
    let english = page_in(&app, "/", "en").await.1;
    for label in [
        ">Legal notice<",
        ">Accessibility statement<",
        ">Terms of use<",
    ] {
        assert!(english.contains(label), "{label}");
    }
}

#[tokio::test]
async fn the_default_site_is_a_neutral_vitrine_with_favicons() {
    let app = TestApp::new().await;
    let (_, html) = page(&app, "/").await;
    assert!(html.contains(" · Vitrine</title>"), "{html}");
    assert!(html.contains(r#"<a class="brand" href="/">Vitrine</a>"#));
    assert!(html.contains(r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#));
    let footer = between(&html, "<footer", "</footer>");
    for id in ["legal", "accessibility", "contact", "terms"] {
        assert!(
            !footer.contains(&format!("footer-{id}")),
            "{id} shown unset"
        );
    }
    // A generic description and share card on a page about nothing in particular.
    let description = meta(&html, "name", "description").unwrap();
    assert!(
        description.starts_with("Vitrine met en avant"),
        "{description}"
    );
    assert_eq!(
        meta(&html, "property", "og:title").as_deref(),
        Some("Vitrine")
    );
    assert_eq!(meta(&html, "property", "og:url"), Some(app.url.clone()));
    assert_eq!(
        meta(&html, "name", "twitter:card").as_deref(),
        Some("summary")
    );

    let (_, _, _, css) = fetch(&app, "/static/theme.css").await;
    let css = String::from_utf8(css).unwrap();
    assert!(css.contains("--primary: #1f4e79;"), "{css}");
    let (status, kind, _, svg) = fetch(&app, "/favicon.svg").await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/svg+xml"));
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains(">V</text>"),
        "{svg}"
    );
    let (status, kind, _, ico) = fetch(&app, "/favicon.ico").await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/x-icon"));
    assert_eq!(&ico[..6], &[0, 0, 1, 0, 1, 0], "one icon");
    let png_at = usize::try_from(u32::from_le_bytes(ico[18..22].try_into().unwrap())).unwrap();
    let icon = image::load_from_memory(&ico[png_at..]).unwrap();
    assert_eq!((icon.width(), icon.height()), (32, 32));
}

#[tokio::test]
async fn the_api_docs_are_linked_from_the_footer_and_the_account_page_not_the_menu() {
    let app = TestApp::with_env(&[("VITRINE_SITE_NAME", "Open Data Lyon")]).await;
    let (_, html) = page(&app, "/reuses/").await;
    let nav = between(
        &html,
        r#"<nav aria-label="Navigation principale">"#,
        "</nav>",
    );
    assert!(nav.contains(r#"href="/reuses/""#), "{nav}");
    assert!(!nav.contains("/api/"), "no API in the menu: {nav}");
    let footer = between(&html, "<footer", "</footer>");
    assert!(
        footer.contains(
            r#"<a href="/api/1/docs" id="footer-api-docs">Documentation de l&#39;API</a>"#
        ),
        "{footer}"
    );
    let camille = app.user("Camille", Role::User).await;
    let me = page_as(&app, "/me/", &signed_in(&app, &camille.id).await).await;
    let tokens = between(&me, r#"id="tokens-title""#, "</section>");
    assert!(
        tokens.contains(r#"<a href="/api/1/docs" id="me-api-docs">"#),
        "{tokens}"
    );

    // The Swagger UI links back to the site, and its scripts still run by their hashes alone.
    for (path, lang, back) in [
        ("/api/1/docs", "fr", "← Retour à Open Data Lyon"),
        ("/api/3/docs", "en", "← Back to Open Data Lyon"),
    ] {
        let (policy, html) = page_in(&app, path, lang).await;
        let link = format!(r#"<a href="/" id="back-to-site">{back}</a>"#);
        assert!(html.contains(&link), "{path}: no {link}");
        assert!(
            html.find(&link) < html.rfind(r#"<div id="ui"></div>"#),
            "the link is above the UI"
        );
        let scripts = crate::support::web::inline_scripts_allowed(&html, &policy);
        assert!(scripts > 0, "{path}: no inline script");
    }
}

#[tokio::test]
async fn reuse_and_dataset_pages_describe_their_subject_to_share_cards() {
    let app = TestApp::with_env(&[("VITRINE_SITE_NAME", "Open Data Lyon")]).await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "velov", "title": "Stations Vélo'v",
                    "description": "Les **stations** de vélos en libre-service de la métropole."})),
    )
    .await;
    dataset(&app, &admin, "air", "Qualité de l'air").await;
    let description = format!(
        "Une **carte** des stations, mise à jour chaque minute. {}",
        "Elle montre les vélos et les places libres de chaque station. ".repeat(5)
    );
    let (status, reuse) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&owner),
            Some(
                json!({"title": "Carte des stations", "description": description,
                        "url": "https://carte.example/", "type": "visualization",
                        "topic": "transport_and_mobility", "datasets": ["velov"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reuse}");
    let id = reuse["id"].as_str().unwrap();
    let slug = reuse["slug"].as_str().unwrap();
    let (status, uploaded) = upload(&app, &owner, id, "carte.png", png(64, 48)).await;
    assert!(status.is_success(), "{uploaded}");

    let (status, html) = page(&app, &format!("/reuses/{slug}/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title>Carte des stations · Open Data Lyon</title>"));
    assert_eq!(
        meta(&html, "property", "og:title").as_deref(),
        Some("Carte des stations")
    );
    let summary = meta(&html, "name", "description").unwrap();
    assert!(
        summary.starts_with("Une carte des stations, mise à jour"),
        "{summary}"
    );
    assert!(
        summary.chars().count() <= 160 && !summary.contains("**"),
        "{summary}"
    );
    assert_eq!(meta(&html, "property", "og:description"), Some(summary));
    assert_eq!(
        meta(&html, "property", "og:url"),
        Some(format!("{}reuses/{slug}/", app.url))
    );
    let image = meta(&html, "property", "og:image").unwrap();
    assert!(
        image.starts_with(&format!("{}media/images/", app.url)),
        "{image}"
    );
    assert_eq!(
        fetch(&app, &image[app.url.len() - 1..]).await.0,
        StatusCode::OK
    );
    assert_eq!(
        meta(&html, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        meta(&html, "property", "og:site_name").as_deref(),
        Some("Open Data Lyon")
    );
    assert_eq!(html.matches(r#"<meta name="description""#).count(), 1);

    let (_, html) = page(&app, "/datasets/velov/").await;
    assert_eq!(
        meta(&html, "property", "og:title").as_deref(),
        Some("Stations Vélo&#39;v")
    );
    assert_eq!(
        meta(&html, "name", "description").as_deref(),
        Some("Les stations de vélos en libre-service de la métropole.")
    );
    assert_eq!(
        meta(&html, "property", "og:url"),
        Some(format!("{}datasets/velov/", app.url))
    );
}

#[tokio::test]
async fn the_menu_folds_behind_a_summary_without_script() {
    let app = TestApp::new().await;
    let (_, html) = page(&app, "/reuses/").await;
    let header = between(&html, "<header", "</header>");
    // « Menu » folds what follows it: the navigation, signing in and the language switch.
    assert!(
        header.contains(
            r#"<details class="menu"><summary aria-controls="site-menu">Menu</summary></details>"#
        ),
        "{header}"
    );
    let menu = &header[header
        .find(r#"<div class="menu-body" id="site-menu">"#)
        .unwrap()..];
    assert!(
        menu.contains(r#"<nav aria-label="Navigation principale">"#),
        "{menu}"
    );
    assert!(
        menu.contains(r#"href="/login?next="#),
        "sign-in in the menu"
    );
    assert!(
        menu.contains(r#"hreflang="en""#),
        "the language switch in the menu"
    );
    assert!(!header.contains("<script"), "{header}");
}
