//! Every page for everybody, in headless Chromium: axe-core finds nothing serious or critical, in
//! French and English, 1280 and 320 pixels wide; nothing scrolls sideways at 320; the gallery
//! goes from one column to several; a question is asked with the keyboard alone, the focus
//! always visible, its error tied to its field.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::browser::{Axe, Browser, axe, browser, login_url};
use crate::support::images::{png, upload};
use crate::support::peers::oauth_issuer;
use crate::support::world::catalog;

/// A small portal with something on every page: reuses (one with a picture), two datasets, a
/// thread with a reply, a held message and a report in the queue, an administrator to see it all.
pub(super) struct Portal {
    pub(super) app: TestApp,
    admin_email: String,
    reuse_id: String,
    owner_id: String,
    thread_path: String,
    data_request_path: String,
}

async fn portal() -> Portal {
    portal_with(&[]).await
}

/// The same portal, with extra settings (`VITRINE_THEME=dsfr`…).
pub(super) async fn portal_with(settings: &[(&str, &str)]) -> Portal {
    let app = TestApp::with_env(settings).await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let admin_email = format!("admin-{unique}@example.org");
    app.account(&admin_email, "Sacha Administratrice", Role::Admin)
        .await;
    let admin = catalog(&app, &format!("producteur-{unique}@example.org")).await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": "Qualité de l'air", "description": "Mesures horaires des stations, https://www.example.org/un-tres-long-chemin/sans-espace/qui-ne-doit-pas-deborder-de-l-ecran.csv"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let owner = app.user("Camille", Role::User).await;
    let mut ids = Vec::new();
    for (n, title) in [
        "Hospitalisations et qualité de l'air : une cartographie départementale",
        "Indice du jour",
        "Capteurs citoyens",
        "Anticonstitutionnellementdesdonnéeshospitalières",
    ]
    .into_iter()
    .enumerate()
    {
        let (status, reuse) = app
            .call(
                Method::POST,
                "/api/1/reuses/",
                Some(&owner),
                Some(json!({
                    "title": title,
                    "description": "Une **carte** des hospitalisations, https://www.example.org/une/tres/longue/adresse/sans/espace/aucun/pour/tester/le/retour/a/la/ligne",
                    "url": format!("https://reuse-{n}.example"),
                    "type": "visualization",
                    "topic": "health",
                    "tags": ["santé", "air"],
                    "datasets": ["ds-hosp", "ds-air"],
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{reuse}");
        let id = reuse["id"].as_str().unwrap().to_owned();
        let (status, _) = app
            .call(
                Method::POST,
                &format!("/api/1/reuses/{id}/featured/"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        ids.push(id);
    }
    let (status, answer) = upload(&app, &owner, &ids[0], "carte.png", png(900, 600)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, thread) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&owner),
            Some(json!({
                "title": "Mise à jour des données",
                "comment": "À quelle fréquence ces données sont-elles mises à jour ?",
                "subject": {"class": "Dataset", "id": "ds-hosp"},
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    let thread_id = thread["id"].as_str().unwrap();
    let (status, _) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{thread_id}/"),
            Some(&admin),
            Some(json!({"comment": "Chaque semaine, le lundi."})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The queue: a new account's spam, held; a visitor's report.
    let newcomer = app.user("Nouveau", Role::User).await;
    app.call(
        Method::POST,
        "/api/1/discussions/",
        Some(&newcomer),
        Some(json!({
            "title": "Gagnez gros",
            "comment": "Le meilleur casino en ligne est ici !",
            "subject": {"class": "Dataset", "id": "ds-air"},
        })),
    )
    .await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/reports/",
            None,
            Some(json!({"subject": {"class": "Reuse", "id": ids[1]}, "reason": "spam", "message": "Lien publicitaire"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, request) = app
        .call(
            Method::POST,
            "/api/1/data-requests/",
            Some(&admin),
            Some(json!({
                "title": "Horaires des bibliothèques",
                "purpose": "Pour une carte.",
                "holder": "La ville",
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{request}");
    vitrine::impact::refresh(&app.state).await.unwrap();
    Portal {
        app,
        admin_email,
        reuse_id: ids[0].clone(),
        owner_id: owner.id.clone(),
        thread_path: format!("/discussions/{thread_id}/"),
        data_request_path: format!("/data-requests/{}/", request["id"].as_str().unwrap()),
    }
}

/// The pages axe and the 320-pixel check go through (name, path), signed in as administrator.
fn pages(portal: &Portal) -> Vec<(&'static str, String)> {
    let reuse = "/reuses/hospitalisations-et-qualite-de-l-air-une-cartographie-departementale/";
    vec![
        ("home", "/".to_owned()),
        ("gallery", "/reuses/".to_owned()),
        ("gallery-dataset", "/reuses/?dataset=ds-air".to_owned()),
        ("gallery-past-end", "/reuses/?page=9".to_owned()),
        ("reuse", reuse.to_owned()),
        ("dataset", "/datasets/qualite-de-l-air/".to_owned()),
        (
            "dataset-discussions",
            "/datasets/hospitalisations/?tab=discussions".to_owned(),
        ),
        (
            "dataset-resources",
            "/datasets/hospitalisations/?tab=resources".to_owned(),
        ),
        ("datasets", "/datasets/".to_owned()),
        ("datasets-search", "/datasets/?q=air&page=1".to_owned()),
        ("organizations", "/organizations/".to_owned()),
        ("organization", "/organizations/sante-publique/".to_owned()),
        ("impact", "/impact/".to_owned()),
        (
            "impact-organization",
            "/impact/organizations/sante-publique/".to_owned(),
        ),
        (
            "impact-dataset",
            "/impact/datasets/qualite-de-l-air/".to_owned(),
        ),
        ("user", format!("/users/{}/", portal.owner_id)),
        (
            "embed",
            "/embed/datasets/qualite-de-l-air/reuses/".to_owned(),
        ),
        ("thread", portal.thread_path.clone()),
        ("data-requests", "/data-requests/".to_owned()),
        ("data-request", portal.data_request_path.clone()),
        (
            "data-request-new",
            "/data-requests/new?title=Horaires".to_owned(),
        ),
        ("reuse-new", "/reuses/new".to_owned()),
        ("reuse-edit", format!("{reuse}edit")),
        (
            "discussion-new",
            "/discussions/new?class=Dataset&subject=ds-hosp".to_owned(),
        ),
        (
            "report",
            format!("/report?class=Reuse&id={}", portal.reuse_id),
        ),
        ("notification-settings", "/me/notifications".to_owned()),
        ("me", "/me/".to_owned()),
        ("moderation", "/moderation/".to_owned()),
        ("moderation-featured", "/moderation/featured".to_owned()),
        ("moderation-links", "/moderation/links".to_owned()),
        ("moderation-audit", "/moderation/audit".to_owned()),
        ("moderation-sync", "/moderation/sync".to_owned()),
        (
            "moderation-deactivate",
            format!("/moderation/users/{}/deactivate", portal.owner_id),
        ),
    ]
}

/// Opens `path` on the app and waits for its heading.
async fn visit(browser: &Browser, app: &TestApp, path: &str) {
    browser
        .goto(&format!("{}{}", app.url, path.trim_start_matches('/')))
        .await;
    browser.find("main h1").await;
}

/// Goes through every page, as anonymous then as administrator, in French and English, at 1280,
/// 375 and 320 pixels: axe-core finds nothing serious or critical (at 1280 and 320) and nothing
/// scrolls sideways. Every page is kept as a screenshot at 1280 and 375, named after `shots`.
pub(super) async fn every_page_passes(browser: &Browser, axe: &Axe, portal: &Portal, shots: &str) {
    let app = &portal.app;

    // Anonymous visitors first: the sign-in page, a missing page.
    for width in [1280, 320] {
        browser.set_width(width).await;
        for path in ["/", "/login", "/reuses/no-such-reuse/"] {
            visit(browser, app, path).await;
            browser.assert_accessible(axe).await;
            browser.assert_no_horizontal_scroll().await;
        }
    }
    browser
        .screenshot_page(&format!("{shots}-fr-anonymous-404"))
        .await;

    browser
        .goto(&login_url(app, &portal.admin_email, "/"))
        .await;
    browser.wait_for_path("/").await;
    for lang in ["fr", "en"] {
        browser
            .goto(&format!("{}lang/{lang}?next=/", app.url))
            .await;
        browser.wait_for_path("/").await;
        for width in [1280, 375, 320] {
            browser.set_width(width).await;
            for (name, path) in pages(portal) {
                visit(browser, app, &path).await;
                let html_lang = browser
                    .find("html")
                    .await
                    .attr("lang")
                    .await
                    .unwrap()
                    .unwrap_or_default();
                assert_eq!(html_lang, lang, "{path}");
                if width == 375 {
                    browser
                        .screenshot_page(&format!("{shots}-{lang}-{name}"))
                        .await;
                } else {
                    browser.assert_accessible(axe).await;
                }
                browser.assert_no_horizontal_scroll().await;
                if width == 1280 {
                    browser
                        .screenshot_page(&format!("{shots}-{lang}-{name}"))
                        .await;
                }
            }
        }
    }
}

#[tokio::test]
async fn every_page_passes_axe_and_fits_320_pixels_in_french_and_english() {
    let Some(_) = oauth_issuer() else { return };
    let Some(axe) = axe() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let portal = portal().await;
    every_page_passes(&browser, &axe, &portal, "a11y").await;

    // The check itself catches what it should: a picture with no text, grey on grey.
    browser
        .client
        .execute(
            // Styled through the DOM: the CSP refuses inline style attributes.
            "document.querySelector('main').insertAdjacentHTML('beforeend',
               '<img src=\"/static/none.png\"><p id=\"pale\">pâle</p>');
             const pale = document.getElementById('pale');
             pale.style.color = '#bbb';
             pale.style.background = '#ccc';",
            vec![],
        )
        .await
        .unwrap();
    let found: Vec<String> = browser
        .axe_violations(&axe)
        .await
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    for rule in ["image-alt", "color-contrast"] {
        assert!(
            found.iter().any(|id| id == rule),
            "{rule} not caught: {found:?}"
        );
    }
    browser.close().await;
}

/// Where the gallery's cards sit: (left, top) of each.
async fn card_places(browser: &Browser) -> Vec<(i64, i64)> {
    let found = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#gallery > .card')]
               .map(card => [card.offsetLeft, card.offsetTop]);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test]
async fn the_gallery_is_one_column_at_320_pixels_and_several_at_1280() {
    let Some(browser) = browser().await else {
        return;
    };
    let portal = portal().await;
    visit(&browser, &portal.app, "/reuses/").await;
    browser.set_width(1280).await;
    let wide = card_places(&browser).await;
    assert_eq!(wide.len(), 4);
    assert_eq!(wide[0].1, wide[1].1, "side by side at 1280: {wide:?}");
    assert!(wide[1].0 > wide[0].0, "{wide:?}");
    let columns = wide.iter().filter(|(_, top)| *top == wide[0].1).count();
    assert!(columns >= 3, "{columns} columns at 1280: {wide:?}");
    browser.set_width(320).await;
    let narrow = card_places(&browser).await;
    assert!(
        narrow.iter().all(|(left, _)| *left == narrow[0].0),
        "one column at 320: {narrow:?}"
    );
    assert!(
        narrow.windows(2).all(|pair| pair[1].1 > pair[0].1),
        "{narrow:?}"
    );
    browser.close().await;
}

/// Asserts the focused element shows a focus ring: a solid outline at least 2 px wide.
async fn assert_focus_visible(browser: &Browser) {
    let style = browser
        .client
        .execute(
            "const e = document.activeElement, s = getComputedStyle(e);
             return { what: e.tagName + '#' + e.id + '.' + e.className, style: s.outlineStyle,
                      width: parseFloat(s.outlineWidth), visible: e.matches(':focus-visible') };",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        style["visible"] == true
            && style["style"] != "none"
            && style["width"].as_f64().unwrap_or_default() >= 2.0,
        "no visible focus: {style}"
    );
}

/// Presses Tab (at most 60 times) until `id` has the focus, checking the focus ring of each
/// element passed through; returns the kinds of elements met (`a`, `button`, `input`…).
async fn tab_to(browser: &Browser, id: &str) -> Vec<String> {
    let mut met = Vec::new();
    for _ in 0..60 {
        browser.press(&fantoccini::key::Key::Tab.to_string()).await;
        assert_focus_visible(browser).await;
        let tag = browser
            .client
            .execute(
                "return document.activeElement.tagName.toLowerCase();",
                vec![],
            )
            .await
            .unwrap();
        met.push(tag.as_str().unwrap_or_default().to_owned());
        if browser.focused().await == id {
            return met;
        }
    }
    panic!("Tab never reached #{id}");
}

#[tokio::test]
async fn a_question_is_asked_with_the_keyboard_alone_its_error_tied_to_its_field() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    catalog(&app, &format!("producteur-{unique}@example.org")).await;
    let path = "/discussions/new?class=Dataset&subject=ds-hosp";
    browser
        .goto(&login_url(
            &app,
            &format!("clavier-{unique}@example.org"),
            path,
        ))
        .await;
    browser.wait_for_path("/discussions/new").await;
    browser.find("#question-form").await;
    let enter = fantoccini::key::Key::Enter.to_string();

    // From the top of the page: the skip link, the header's links and button, then the form.
    let met = tab_to(&browser, "comment").await;
    assert_eq!(met[0], "a", "the skip link comes first");
    for kind in ["a", "button", "input", "textarea"] {
        assert!(met.iter().any(|tag| tag == kind), "no {kind} in {met:?}");
    }
    browser
        .press("Les données existent-elles par commune ?")
        .await;
    tab_to(&browser, "submit-question").await;
    browser.mark_page().await;
    browser.press(&enter).await;
    browser.wait_for_new_page().await;

    // The missing title is said beside its field, and tied to it.
    let title = browser.find("#title").await;
    assert_eq!(
        title.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let described = title.attr("aria-describedby").await.unwrap().unwrap();
    assert!(
        described.split(' ').any(|id| id == "title-error"),
        "{described}"
    );
    assert_eq!(browser.text("#title-error").await, "Indiquez un titre.");
    assert_eq!(
        browser.find("#comment").await.prop("value").await.unwrap(),
        Some("Les données existent-elles par commune ?".to_owned()),
        "what was typed is kept"
    );
    browser.screenshots("keyboard-question-error").await;
    if let Some(axe) = axe() {
        browser.assert_accessible(&axe).await;
    }

    // Fixed and sent, still with the keyboard.
    tab_to(&browser, "title").await;
    browser.press("Données par commune").await;
    tab_to(&browser, "submit-question").await;
    browser.mark_page().await;
    browser.press(&enter).await;
    browser.wait_for_new_page().await;
    assert!(browser.path().await.starts_with("/discussions/"));
    assert_eq!(browser.text("#thread-title").await, "Données par commune");
    assert!(
        browser
            .text(".message.is-question")
            .await
            .contains("Les données existent-elles par commune\u{202F}?"),
        "French typography: a narrow no-break space before « ? »"
    );
    browser.close().await;
}
