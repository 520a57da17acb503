//! A citizen's journey, end to end in headless Chromium: from a link to a dataset's reuses (the
//! filter shown as a chip), to a reuse, its dataset and the organization that publishes it,
//! which they follow once signed in; screenshots in `target/test-artifacts/journey-4-*`.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::browser::{browser, login_url};
use crate::support::peers::oauth_issuer;
use crate::support::world::catalog;

#[tokio::test]
async fn a_citizen_finds_a_reuse_through_its_dataset_and_follows_the_organization() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let admin = catalog(&app, &format!("producteur-{unique}@example.org")).await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": "Qualité de l'air"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let owner = app.user("Camille", Role::User).await;
    for (n, (title, dataset)) in [
        ("Carte des urgences", "ds-hosp"),
        ("Indice de l'air", "ds-air"),
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
                    "description": "Une réutilisation pour suivre les données de près.",
                    "url": format!("https://reuse-{n}.example/carte"),
                    "type": "visualization",
                    "topic": "health",
                    "datasets": [dataset],
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{reuse}");
    }

    // A portal's link to the dataset's reuses: the filter shows as a chip, one reuse matches.
    browser
        .goto(&format!("{}reuses/?dataset=ds-hosp", app.url))
        .await;
    let chip = browser.text("#active-filters .chip").await;
    assert!(chip.contains("Hospitalisations"), "{chip}");
    let cards = browser.text("#gallery").await;
    assert!(cards.contains("Carte des urgences"), "{cards}");
    assert!(!cards.contains("Indice de l'air"), "{cards}");
    browser.screenshots("journey-4-gallery-chip").await;

    // The reuse, its dataset, the dataset's organization.
    browser
        .click_to_new_page("#gallery .card a[href^='/reuses/']")
        .await;
    assert_eq!(browser.path().await, "/reuses/carte-des-urgences/");
    browser
        .click_to_new_page("#reuse-datasets a[href^='/datasets/']")
        .await;
    assert_eq!(browser.path().await, "/datasets/hospitalisations/");
    browser
        .click_to_new_page("main a[href^='/organizations/']")
        .await;
    let org_path = browser.path().await;
    assert!(org_path.starts_with("/organizations/"), "{org_path}");
    assert_eq!(browser.text("#org-name").await, "Santé publique");

    // Signed out, « Suivre » asks to sign in and brings them back.
    let sign_in = browser
        .find("#follow-sign-in")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        sign_in.contains(&format!("next={}", org_path.replace('/', "%2F")))
            || sign_in.contains(&format!("next={org_path}")),
        "{sign_in}"
    );
    browser
        .goto(&login_url(
            &app,
            &format!("citoyen-{unique}@example.org"),
            &org_path,
        ))
        .await;
    browser.wait_for_path(&org_path).await;
    browser.click_to_new_page("#follow-button").await;
    assert_eq!(browser.path().await, org_path);
    assert_eq!(
        browser
            .find("#follow-button")
            .await
            .attr("aria-pressed")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert!(browser.text("#follow-count").await.starts_with('1'));
    let notice = browser.text("#page-notice").await;
    assert!(!notice.is_empty());
    browser.screenshots("journey-4-organization-followed").await;
    browser.close().await;
}
