//! Finding a reuse on a phone: the filters fold behind « Filtres » (a <details>, no script) so
//! that the first result shows near the top, unfold when one is active, and always show on
//! wide screens.

use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::browser::{Browser, browser};
use crate::support::datasets::dataset;
use crate::support::reuses::reuse;

/// How far down the page the first card is, and how the filter form and its fold show.
async fn places(browser: &Browser) -> (f64, String, String) {
    let found = browser
        .client
        .execute(
            "return [document.querySelector('#gallery > .card').getBoundingClientRect().top
                       + window.scrollY,
                     getComputedStyle(document.getElementById('filters')).display,
                     getComputedStyle(document.querySelector('.filters-fold')).display];",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

async fn visit(browser: &Browser, app: &TestApp, path: &str) {
    browser
        .goto(&format!("{}{}", app.url, path.trim_start_matches('/')))
        .await;
    browser.find("main h1").await;
}

#[tokio::test]
async fn on_phones_the_filters_fold_and_the_first_result_shows_near_the_top() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-air", "Air").await;
    for title in ["Carte de l'air", "Autre carte"] {
        reuse(&app, &admin, title, json!({})).await;
    }
    browser.set_width(320).await;
    visit(&browser, &app, "/reuses/").await;
    let (top, filters, fold) = places(&browser).await;
    assert!(top < 600.0, "the first result is {top} px down at 320");
    assert_eq!((filters.as_str(), fold.as_str()), ("none", "block"));
    // Unfolded without a script.
    browser.click(".filters-fold > summary").await;
    assert_eq!(places(&browser).await.1, "flex");

    // A filter active: unfolded, its chip above the results.
    visit(&browser, &app, "/reuses/?dataset=ds-air").await;
    assert_eq!(places(&browser).await.1, "flex");
    browser.find("#active-filters .chip").await;

    // Wide screens: always shown, no fold.
    browser.set_width(1280).await;
    visit(&browser, &app, "/reuses/").await;
    let (_, filters, fold) = places(&browser).await;
    assert_eq!((filters.as_str(), fold.as_str()), ("flex", "none"));
    browser.close().await;
}
