//! Every message of the pages in the reader's language, written for people: error pages, form
//! errors, filters of the address the gallery did not understand — never the developer's text.

use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::web::{client, csrf_from, element, signed_in};

/// The status and HTML of `path` for an anonymous reader of `lang` (redirects followed).
async fn page_in(app: &TestApp, path: &str, lang: &str) -> (StatusCode, String) {
    let response = crate::support::web::get_in(app, path, lang).await;
    (response.status(), response.text().await.unwrap())
}

/// A form posted by the browser holding `cookie`, read in `lang`.
async fn post_in(app: &TestApp, path: &str, cookie: &str, lang: &str, body: String) -> String {
    client()
        .post(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header(COOKIE, cookie)
        .header("Accept-Language", lang)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// What a French page must never show.
fn no_developer_text(html: &str) {
    for developer in [
        "not found",
        "&quot;",
        "must not be empty",
        "http(s) URL",
        "use one of",
        "is required",
    ] {
        assert!(!html.contains(developer), "{developer:?} shows in {html}");
    }
}

async fn a_reuse(app: &TestApp) -> (String, String) {
    let admin = app.user("Admin", Role::Admin).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&admin),
            Some(
                json!({"title": "Carte de l'air", "description": "Une carte.",
                "url": "https://air.example", "type": "visualization",
                "topic": "health", "datasets": ["d1"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (
        body["id"].as_str().unwrap().to_owned(),
        body["slug"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn error_pages_say_what_was_not_found_in_plain_words() {
    let app = TestApp::new().await;
    let (status, html) = page_in(&app, "/reuses/no-such-reuse/", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("<h1>Page introuvable</h1>"), "{html}");
    let message = element(&html, "error-message");
    assert!(
        message.contains("Aucune réutilisation ne se trouve à cette adresse"),
        "{message}"
    );
    assert!(!message.contains("no-such-reuse"), "{message}");
    for link in ["href=\"/reuses/\"", "href=\"/datasets/\"", "href=\"/\""] {
        assert!(html.contains(link), "{link} missing");
    }
    no_developer_text(&html);

    let (status, html) = page_in(&app, "/reuses/no-such-reuse/", "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("There is no reuse at this address"), "{html}");
    assert!(html.contains("Browse the datasets"));

    let (status, html) = page_in(&app, "/nowhere/at/all", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        element(&html, "error-message").contains("La page demandée"),
        "{html}"
    );

    // The API keeps its developer message.
    let (status, body) = app.get("/api/1/reuses/no-such-reuse/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body["message"].as_str().unwrap().contains("not found"),
        "{body}"
    );
}

#[tokio::test]
async fn a_deleted_reuse_says_so_in_plain_words() {
    let app = TestApp::new().await;
    let (id, slug) = a_reuse(&app).await;
    let admin = app.user("Admin2", Role::Admin).await;
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{id}/"),
            Some(&admin),
            None,
        )
        .await;
    assert!(status.is_success(), "{status}");
    let (status, html) = page_in(&app, &format!("/reuses/{slug}/"), "fr").await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        element(&html, "error-message").contains("Cette réutilisation a été supprimée"),
        "{html}"
    );
    no_developer_text(&html);
}

#[tokio::test]
async fn form_errors_are_sentences_in_the_readers_language() {
    let app = TestApp::new().await;
    let (id, _) = a_reuse(&app).await;
    let author = app.user("Camille", Role::User).await;
    let cookie = signed_in(&app, &author.id).await;
    let html = crate::support::web::page_as(&app, "/reuses/new", &cookie).await;
    let token = csrf_from(&html);
    let body = format!("csrf_token={token}&title=&url=&type=bogus&topic=health&description=x");
    let html = post_in(&app, "/reuses/new", &cookie, "fr", body.clone()).await;
    assert_eq!(
        element(&html, "title-error").split('>').nth(1),
        Some("Indiquez un titre.")
    );
    assert!(
        element(&html, "url-error")
            .ends_with("L&#39;adresse doit commencer par http:// ou https://.")
            || element(&html, "url-error")
                .ends_with("L'adresse doit commencer par http:// ou https://."),
        "{html}"
    );
    assert!(element(&html, "type-error").ends_with("Choisissez un type dans la liste."));
    assert!(
        html.contains(">Article de presse</option>"),
        "types by their labels"
    );
    no_developer_text(&html);
    let html = post_in(&app, "/reuses/new", &cookie, "en", body).await;
    assert!(
        element(&html, "title-error").ends_with("Enter a title."),
        "{html}"
    );
    assert!(
        element(&html, "url-error").ends_with("The address must start with http:// or https://.")
    );

    let path = format!("/discussions/new?class=Reuse&subject={id}");
    let html = crate::support::web::page_as(&app, &path, &cookie).await;
    let token = csrf_from(&html);
    let body = format!("csrf_token={token}&class=Reuse&subject={id}&title=&comment=&action=submit");
    let html = post_in(&app, "/discussions/new", &cookie, "fr", body).await;
    assert!(html.contains("Indiquez un titre."), "{html}");
    assert!(html.contains("Écrivez un message."), "{html}");
    no_developer_text(&html);
}

#[tokio::test]
async fn filters_the_gallery_does_not_understand_are_left_out_and_said() {
    let app = TestApp::new().await;
    a_reuse(&app).await;
    let (status, html) = page_in(&app, "/reuses/?type=bogus", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        element(&html, "page-notice").contains("pas été compris"),
        "{html}"
    );
    assert!(element(&html, "page-notice").contains("Type"), "{html}");
    assert!(html.contains("Carte de l"), "the list without the filter");
    // Only links back to this address (sign in, language) hold the value; no text shows it.
    assert!(!element(&html, "page-notice").contains("bogus"), "{html}");
    assert!(
        !html.contains(">bogus") && !html.contains(": bogus"),
        "{html}"
    );
    no_developer_text(&html);
    let (status, html) = page_in(&app, "/reuses/?topic=space&page=abc", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        element(&html, "page-notice").contains("were not understood"),
        "{html}"
    );
    let (_, html) = page_in(&app, "/reuses/?type=visualization", "fr").await;
    assert!(
        !html.contains("page-notice"),
        "understood filters say nothing"
    );
}

#[tokio::test]
async fn moderation_tells_its_codes_in_the_readers_language() {
    let app = TestApp::new().await;
    a_reuse(&app).await;
    let spammer = app.user("Sam", Role::User).await;
    let moderator = app.user("Modo", Role::Admin).await;
    let created = crate::support::discussions::open(
        &app,
        &spammer,
        "d1",
        "Gagnez au CASINO",
        "Une offre à ne pas manquer.",
    )
    .await;
    let message = created["discussion"][0]["id"].as_str().unwrap().to_owned();
    let cookie = signed_in(&app, &moderator.id).await;
    let queue = crate::support::web::page_as(&app, "/moderation/", &cookie).await;
    assert!(queue.contains("Mot suspect : casino"), "{queue}");
    assert!(!queue.contains("spam word"), "{queue}");
    let token = csrf_from(&queue);
    let path = format!("/moderation/held/{message}/approve");
    post_in(&app, &path, &cookie, "fr", format!("csrf_token={token}")).await;
    let log = crate::support::web::page_as(&app, "/moderation/audit", &cookie).await;
    assert!(log.contains("Message approuvé"), "{log}");
    assert!(!log.contains("message.approve"), "{log}");
}
