//! Signing in and the reuse form in headless Chromium.

use crate::support::TestApp;
use crate::support::browser::browser;
use crate::support::images::png_file;
use crate::support::peers::oauth_issuer;

#[tokio::test]
async fn signing_in_through_the_real_provider_lands_on_my_account() {
    let Some(_) = oauth_issuer() else { return };
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

#[tokio::test]
async fn a_reuse_made_through_the_form_with_an_image_is_in_the_gallery() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let admin = app.user("Admin", vitrine::models::users::Role::Admin).await;
    for (id, title) in [("d1", "Données hospitalières"), ("d2", "Qualité de l'air")] {
        app.call(
            reqwest::Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(serde_json::json!({"id": id, "title": title})),
        )
        .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let picture = png_file(dir.path(), "carte.png", 1200, 800);

    browser
        .goto(&format!("{}login?next=/reuses/new", app.url))
        .await;
    browser.click("#login-mock").await;
    browser.wait_for_path("/reuses/new").await;
    browser.fill("#title", "Carte des hospitalisations").await;
    browser
        .fill("#description", "Une carte, département par département.")
        .await;
    browser
        .fill("#url", "https://carte-hospitalisations.example")
        .await;
    browser
        .find("#type")
        .await
        .select_by_value("visualization")
        .await
        .unwrap();
    browser
        .find("#topic")
        .await
        .select_by_value("health")
        .await
        .unwrap();
    browser.fill("#tags", "covid, hopital").await;
    browser.click("#dataset-choices input[value='d1']").await;
    browser
        .find("#image")
        .await
        .send_keys(picture.to_str().unwrap())
        .await
        .unwrap();
    browser.screenshot("reuse-form-filled-1280").await;
    browser.click("#submit-reuse").await;
    browser
        .wait_for_path("/reuses/carte-des-hospitalisations/")
        .await;
    assert_eq!(browser.text("h1").await, "Carte des hospitalisations");

    browser.goto(&format!("{}reuses/", app.url)).await;
    let card = browser.text("#gallery .card").await;
    assert!(card.contains("Carte des hospitalisations"), "{card}");
    let src = browser
        .find("#gallery .card img")
        .await
        .attr("src")
        .await
        .unwrap()
        .unwrap();
    assert!(
        src.contains("/media/images/") && src.contains("-500."),
        "{src}"
    );
    browser.screenshot("gallery-with-new-reuse-1280").await;
    browser
        .goto(&format!("{}datasets/donnees-hospitalieres/", app.url))
        .await;
    assert!(
        browser
            .text("#dataset-reuses")
            .await
            .contains("Carte des hospitalisations")
    );
    browser.close().await;
}
