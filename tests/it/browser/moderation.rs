//! Moderation through the pages, in headless Chromium: the animator reorders the showcase and the
//! home page follows; a spammy first message waits in the queue, pending for its author; a report
//! reaches the queue and dismissing it is logged.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::browser::{browser, login_url};
use crate::support::peers::oauth_issuer;

#[tokio::test]
async fn the_animator_orders_the_showcase_and_works_the_queue() {
    let Some(_) = oauth_issuer() else { return };
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let animator_email = format!("animatrice-{unique}@example.org");
    let admin_email = format!("admin-{unique}@example.org");
    app.account(&animator_email, "Alex Animatrice", Role::Moderator)
        .await;
    app.account(&admin_email, "Sacha Admin", Role::Admin).await;
    let admin = app.user("Root", Role::Admin).await;
    let owner = app.user("Owner", Role::User).await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": "Qualité de l'air"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut ids = Vec::new();
    for (n, title) in ["Carte de l'air", "Indice du jour", "Capteurs citoyens"]
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
                    "description": "Une réutilisation.",
                    "url": format!("https://reuse-{n}.example"),
                    "type": "visualization",
                    "topic": "environment_and_energy",
                    "datasets": ["ds-air"],
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

    // The animator moves the last featured reuse to the top; the home page follows.
    browser
        .goto(&login_url(&app, &animator_email, "/moderation/featured"))
        .await;
    browser.wait_for_path("/moderation/featured").await;
    for place in [2, 1] {
        browser.click(&format!("#f-{} .move-up", ids[2])).await;
        let slot = format!("#featured-order > li:nth-child({place})");
        let mut moved = false;
        for _ in 0..50 {
            if let Ok(li) = browser.client.find(fantoccini::Locator::Css(&slot)).await
                && li.attr("id").await.ok().flatten() == Some(format!("f-{}", ids[2]))
            {
                moved = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(moved, "not moved to place {place}");
    }
    browser.screenshot("moderation-featured-1280").await;
    browser.goto(&app.url).await;
    let first = browser.text("#featured .card-title").await;
    assert_eq!(first, "Capteurs citoyens");
    browser.sign_out().await;

    // A new account's spammy question waits, marked pending for its author only.
    let spammer_email = format!("nouveau-{unique}@example.org");
    browser
        .goto(&login_url(
            &app,
            &spammer_email,
            "/discussions/new?class=Dataset&subject=ds-air",
        ))
        .await;
    browser.wait_for_path("/discussions/new").await;
    browser.fill("#title", "Gagnez gros").await;
    browser
        .fill("#comment", "Le meilleur casino en ligne est ici !")
        .await;
    browser.click("#submit-question").await;
    browser.find("#pending-notice").await;
    let thread_path = url::Url::parse(&browser.current_url().await)
        .unwrap()
        .path()
        .to_owned();
    browser
        .screenshot("moderation-pending-for-author-1280")
        .await;
    browser.sign_out().await;
    let (status, _) = app.get(&format!("/api/1{thread_path}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "held: hidden from others");

    // An anonymous visitor reports a reuse.
    browser
        .goto(&format!("{}reuses/{}/", app.url, "capteurs-citoyens"))
        .await;
    browser.click("#report-reuse").await;
    browser.click("#reason-spam").await;
    browser.fill("#message", "Lien publicitaire").await;
    browser.click("#send-report").await;
    browser.find("#report-sent").await;

    // The animator finds both in the queue: approves nothing here, removes the spam with a
    // reason, dismisses the report.
    browser
        .goto(&login_url(&app, &animator_email, "/moderation/"))
        .await;
    browser.wait_for_path("/moderation/").await;
    let held = browser.text("#held-list").await;
    assert!(
        held.contains("Gagnez gros") && held.contains("Mot suspect : casino"),
        "{held}"
    );
    let reports = browser.text("#report-list").await;
    assert!(reports.contains("Lien publicitaire"), "{reports}");
    browser.screenshot("moderation-queue-1280").await;
    browser
        .fill("#held-list .remove-form input[name=reason]", "Publicité")
        .await;
    browser.click("#held-list .remove").await;
    browser.wait_gone("#held-list").await;
    browser.click("#report-list .dismiss").await;
    browser.wait_gone("#report-list").await;
    browser.sign_out().await;

    // The administrator reads every act in the audit log.
    browser
        .goto(&login_url(&app, &admin_email, "/moderation/audit"))
        .await;
    browser.wait_for_path("/moderation/audit").await;
    let log = browser.text("#audit-log").await;
    for action in ["Montée dans la une", "Message retiré", "Signalement écarté"] {
        assert!(log.contains(action), "{action} missing from {log}");
    }
    assert!(log.contains("Alex Animatrice"));
    browser.screenshot("moderation-audit-1280").await;
    browser.close().await;
}
