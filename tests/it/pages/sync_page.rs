//! The admins' page of the catalog sync (`/moderation/sync`): who may see it, and what it says
//! with no catalog, then with one that cannot be reached.

use reqwest::StatusCode;
use reqwest::header::COOKIE;
use vitrine::models::users::Role;
use vitrine::sync::{self, Options};

use crate::support::TestApp;
use crate::support::web::{client, element, signed_in};

/// The status and HTML of `path` for the browser holding `cookie`, in French (redirects not
/// followed).
async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = client()
        .get(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header("Accept-Language", "fr");
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn only_site_admins_see_the_sync_page() {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let plain = app.user("Camille", Role::User).await;

    let (status, _) = fetch(&app, "/moderation/sync", None).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "anonymous: sign in first");
    for (who, user) in [("a plain user", &plain), ("a moderator", &moderator)] {
        let cookie = signed_in(&app, &user.id).await;
        let (status, html) = fetch(&app, "/moderation/sync", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {html}");
        assert!(!html.contains("VITRINE_CATALOG_URL"), "{who}");
    }
    let cookie = signed_in(&app, &moderator.id).await;
    let (_, queue) = fetch(&app, "/moderation/", Some(&cookie)).await;
    assert!(!queue.contains("href=\"/moderation/sync\""), "{queue}");

    let cookie = signed_in(&app, &admin.id).await;
    let (_, queue) = fetch(&app, "/moderation/", Some(&cookie)).await;
    assert!(queue.contains("href=\"/moderation/sync\""), "{queue}");
    let (status, html) = fetch(&app, "/moderation/sync", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let notice = element(&html, "sync-not-configured");
    assert!(
        notice.contains("Aucun catalogue n&#39;est configuré"),
        "{notice}"
    );
    assert!(notice.contains("VITRINE_CATALOG_URL"), "{notice}");
    assert!(notice.contains("VITRINE_CATALOG_KIND"), "{notice}");
    assert!(!html.contains("id=\"sync-counts\""));
}

#[tokio::test]
async fn the_sync_page_shows_the_catalog_its_runs_and_their_errors() {
    let app = TestApp::with_env(&[
        ("VITRINE_CATALOG_URL", "http://127.0.0.1:9/"),
        ("VITRINE_CATALOG_KIND", "udata"),
        ("VITRINE_SYNC_INTERVAL", "0"),
        ("VITRINE_SYNC_RETRIES", "0"),
    ])
    .await;
    let admin = app.user("Root", Role::Admin).await;
    let cookie = signed_in(&app, &admin.id).await;

    let (status, html) = fetch(&app, "/moderation/sync", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(!html.contains("id=\"sync-not-configured\""));
    assert!(
        element(&html, "sync-catalog").ends_with(">http://127.0.0.1:9/"),
        "{html}"
    );
    assert!(element(&html, "sync-kind").ends_with(">udata"));
    assert!(element(&html, "sync-schedule").contains("VITRINE_SYNC_INTERVAL=0"));
    assert!(element(&html, "sync-running").ends_with(">à l&#39;arrêt"));
    assert!(element(&html, "sync-last-success").ends_with(">jamais"));
    assert!(element(&html, "sync-last-run").ends_with(">jamais"));
    assert!(element(&html, "sync-next-run").ends_with(">non planifiée"));
    assert!(element(&html, "sync-last-error").ends_with(">aucune"));
    assert!(html.contains("id=\"sync-counts\""), "{html}");
    assert!(!html.contains("id=\"sync-in-progress\""), "no pass yet");
    assert!(element(&html, "sync-errors").ends_with(">Aucune erreur."));

    // Nothing listens on port 9: the run fails at its first request.
    let failed = sync::run(&app.state, "test", Options::default(), &|_| {}).await;
    assert!(failed.is_err(), "{failed:?}");
    let (_, html) = fetch(&app, "/moderation/sync", Some(&cookie)).await;
    assert!(
        element(&html, "sync-last-success").ends_with(">jamais"),
        "{html}"
    );
    assert!(!element(&html, "sync-last-run").ends_with(">jamais"));
    let last_error = element(&html, "sync-last-error");
    assert!(last_error.contains("catalog sync"), "{last_error}");
    let counts = &html[html.find("id=\"sync-counts\"").unwrap()..];
    let counts = &counts[..counts.find("</table>").unwrap()];
    assert!(counts.contains("Requêtes"), "{counts}");
    assert!(counts.contains("Renommés"), "{counts}");
    assert!(
        counts.contains("id=\"sync-in-progress\""),
        "the stopped pass is shown: {counts}"
    );
    let errors = &html[html.find("id=\"sync-errors\"").unwrap()..];
    let errors = &errors[..errors.find("</table>").expect(errors)];
    assert_eq!(errors.matches("<tr><td>").count(), 1, "{errors}");
    assert!(errors.contains("catalog sync"), "{errors}");

    let (_, html) = fetch(&app, "/moderation/sync?lang=en", Some(&cookie)).await;
    assert!(element(&html, "sync-last-success").ends_with(">never"));
}
