//! Pages in headless Chromium.

use crate::app::{TestApp, oidc_issuer};
use crate::browser::browser;

#[tokio::test]
async fn signing_in_through_the_real_provider_lands_on_my_account() {
    let Some(_) = oidc_issuer() else {
        eprintln!("skipped: VITRINE_TEST_OIDC_ISSUER is not set (run scripts/test)");
        return;
    };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    browser.goto(&format!("{}login", app.url)).await;
    assert_eq!(browser.text("h1").await, "Se connecter");
    browser.click("#login-mock").await;
    browser.wait_for_path("/me/").await;
    assert_eq!(browser.text("#profile-email").await, "reuser@example.org");
    assert_eq!(browser.text("h1").await, "Mon espace");
    browser.screenshot("sign-in-me-fr-1280").await;

    // The language switch is remembered.
    browser.click("a[hreflang=en]").await;
    browser.wait_for_path("/me/").await;
    assert_eq!(browser.text("h1").await, "My account");
    browser.goto(&app.url).await;
    assert!(browser.text("header").await.contains("Sign out"));

    // A key made in the page is shown once.
    browser.goto(&format!("{}me/", app.url)).await;
    browser.fill("#token-name", "from the browser").await;
    browser.click("form[action='/me/api_tokens'] button").await;
    let key = browser.text("#new-token").await;
    assert!(key.starts_with("vtr_"), "{key}");
    browser.goto(&format!("{}me/", app.url)).await;
    assert!(
        !browser.client.source().await.unwrap().contains(&key),
        "shown once only"
    );

    browser.click("header form[action='/logout'] button").await;
    browser.wait_for_path("/").await;
    assert!(browser.text("header").await.contains("Sign in"));
    browser.close().await;
}
