//! Issue 27's community pages: discussions that say where they stand, confirm a post and keep
//! French punctuation with its word; and the animators' queue, showcase and account pages.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::json;

use crate::support::TestApp;
use crate::support::discussions::{comment, mark_answer, message_id, open};
use crate::support::moderation::{key_works, reported};
use crate::support::notifications::inbox;
use crate::support::reuses::reuse;
use crate::support::web::{client, csrf_from, element, page_as, signed_in, urlencode};
use crate::support::world::world;

/// The page `path` for the browser holding `cookie`, read in `lang`.
async fn page_in(app: &TestApp, path: &str, cookie: &str, lang: &str) -> (StatusCode, String) {
    let response = client()
        .get(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header(COOKIE, cookie)
        .header("Accept-Language", lang)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// A form posted by the browser holding `cookie`: its status, where it leads, and its HTML.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    body: String,
) -> (StatusCode, String, String) {
    let response = client()
        .post(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header(COOKIE, cookie)
        .header("Accept-Language", "fr")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

/// The state label of thread `id` in `lang`, and how many state labels the status line holds.
async fn state_of(app: &TestApp, id: &str, cookie: &str, lang: &str) -> (String, usize) {
    let (status, html) = page_in(app, &format!("/discussions/{id}/"), cookie, lang).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let label = element(&html, "thread-state").rsplit('>').next().unwrap();
    let line = &html[html.find("id=\"thread-status\"").unwrap()..];
    let line = &line[..line.find("</p>").unwrap()];
    (
        label.trim().to_owned(),
        line.matches("class=\"badge").count(),
    )
}

#[tokio::test]
async fn a_thread_shows_one_state_unanswered_answered_then_resolved() {
    let w = world(&[]).await;
    let thread = open(&w.app, &w.owner, "ds-air", "Fréquence", "Chaque jour ?").await;
    let id = thread["id"].as_str().unwrap().to_owned();
    let cookie = signed_in(&w.app, &w.owner.id).await;
    assert_eq!(
        state_of(&w.app, &id, &cookie, "fr").await,
        ("Sans réponse".to_owned(), 1)
    );
    assert_eq!(state_of(&w.app, &id, &cookie, "en").await.0, "Unanswered");
    comment(&w.app, &w.org_editor, &id, "Chaque semaine.").await;
    assert_eq!(
        state_of(&w.app, &id, &cookie, "fr").await,
        ("Répondue".to_owned(), 1)
    );
    mark_answer(&w.app, &w.org_editor, &id, 1).await;
    assert_eq!(
        state_of(&w.app, &id, &cookie, "fr").await,
        ("Résolue".to_owned(), 1)
    );
    assert_eq!(state_of(&w.app, &id, &cookie, "en").await.0, "Resolved");
    // The dataset's list says the same, once.
    let (_, dataset) = w.app.get("/api/1/datasets/ds-air/").await;
    let slug = dataset["slug"].as_str().unwrap();
    let (_, html) = page_in(
        &w.app,
        &format!("/datasets/{slug}/?tab=discussions"),
        "",
        "fr",
    )
    .await;
    let list = &html[html.find("id=\"thread-list\"").unwrap()..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert_eq!(list.matches("class=\"badge").count(), 1, "{list}");
    assert!(list.contains("Résolue"), "{list}");
    assert!(!html.contains(">Ouverte<"), "{html}");
}

#[tokio::test]
async fn posting_says_whether_the_message_is_published_or_held() {
    let w = world(&[]).await;
    let thread = open(&w.app, &w.owner, "ds-air", "Fréquence", "Chaque jour ?").await;
    let id = thread["id"].as_str().unwrap().to_owned();
    let path = format!("/discussions/{id}/");
    let cookie = signed_in(&w.app, &w.org_editor.id).await;
    let token = csrf_from(&page_as(&w.app, &path, &cookie).await);
    let body = format!(
        "csrf_token={token}&comment={}&action=reply",
        urlencode("Chaque semaine.")
    );
    let (status, location, _) = post_form(&w.app, &format!("{path}reply"), &cookie, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let posted = read_id(&w.app, &id, 1).await;
    assert_eq!(
        location,
        format!("{path}?posted=published#m-{posted}"),
        "to the new message"
    );
    let (_, html) = page_in(&w.app, &location, &cookie, "fr").await;
    assert!(
        element(&html, "post-confirmation").contains("Votre message est publié"),
        "{html}"
    );
    assert!(html.contains("alert-success"), "{html}");

    // A spammy reply waits for a moderator, and its author is told so.
    let spammer = w.app.user("Sam", vitrine::models::users::Role::User).await;
    let cookie = signed_in(&w.app, &spammer.id).await;
    let token = csrf_from(&page_as(&w.app, &path, &cookie).await);
    let body = format!(
        "csrf_token={token}&comment={}&action=reply",
        urlencode("Gagnez au casino !")
    );
    let (status, location, _) = post_form(&w.app, &format!("{path}reply"), &cookie, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("?posted=held#m-"), "{location}");
    let (_, html) = page_in(&w.app, &location, &cookie, "fr").await;
    assert!(
        element(&html, "post-confirmation").contains("attend une modération"),
        "{html}"
    );
    let (_, html) = page_in(&w.app, &location, &cookie, "en").await;
    assert!(
        element(&html, "post-confirmation").contains("waiting for moderation"),
        "{html}"
    );

    // Opening a discussion from its form ends the same way.
    let cookie = signed_in(&w.app, &w.owner.id).await;
    let form = "/discussions/new?class=Dataset&subject=ds-velo";
    let token = csrf_from(&page_as(&w.app, form, &cookie).await);
    let body = format!(
        "csrf_token={token}&class=Dataset&subject=ds-velo&title={}&comment={}&action=submit",
        urlencode("Compteurs"),
        urlencode("Où sont-ils ?")
    );
    let (status, location, _) = post_form(&w.app, "/discussions/new", &cookie, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("?posted=published#m-"), "{location}");
}

/// The id of message `index` of discussion `id`, read through the API.
async fn read_id(app: &TestApp, id: &str, index: usize) -> String {
    let thread = crate::support::discussions::read(app, None, id).await;
    message_id(&thread, index)
}

#[tokio::test]
async fn opening_a_thread_marks_its_notifications_read() {
    let w = world(&[]).await;
    let first = open(&w.app, &w.owner, "ds-air", "Fréquence", "Chaque jour ?").await;
    let second = open(&w.app, &w.owner, "ds-velo", "Compteurs", "Où sont-ils ?").await;
    let first = first["id"].as_str().unwrap().to_owned();
    let unread = inbox(&w.app, &w.org_editor, "?handled=false").await;
    assert_eq!(unread.len(), 2, "{unread:?}");
    let cookie = signed_in(&w.app, &w.org_editor.id).await;
    let (status, html) = page_in(&w.app, &format!("/discussions/{first}/"), &cookie, "fr").await;
    assert_eq!(status, StatusCode::OK);
    let unread = inbox(&w.app, &w.org_editor, "?handled=false").await;
    assert_eq!(unread.len(), 1, "only the other thread's stays: {unread:?}");
    let other = second["id"].as_str().unwrap();
    assert!(unread[0].to_string().contains(other), "{unread:?}");
    // The header already counts one.
    assert!(
        element(&html, "unread-count").starts_with("id=\"unread-count\">1 "),
        "{html}"
    );
}

#[tokio::test]
async fn french_pages_keep_punctuation_with_its_word() {
    let w = world(&[]).await;
    let text = "Merci : c'est « clair » ! Voir [la page ?](https://exemple.fr/?q=a) et `a ? b`.";
    let thread = open(
        &w.app,
        &w.owner,
        "ds-air",
        "Des données par commune ?",
        text,
    )
    .await;
    let id = thread["id"].as_str().unwrap();
    let path = format!("/discussions/{id}/");
    let (_, html) = page_in(&w.app, &path, "", "fr").await;
    assert!(
        element(&html, "thread-title").ends_with("commune\u{202F}?"),
        "{html}"
    );
    assert!(
        html.contains("Merci\u{A0}: c'est «\u{202F}clair\u{202F}»\u{202F}!"),
        "{html}"
    );
    assert!(html.contains("la page\u{202F}?</a>"), "{html}");
    assert!(html.contains("href=\"https://exemple.fr/?q=a\""), "{html}");
    assert!(html.contains("<code>a ? b</code>"), "code as typed: {html}");
    // The page's own texts too, from the French messages.
    let cookie = signed_in(&w.app, &w.owner.id).await;
    let (_, html) = page_in(&w.app, &path, &cookie, "fr").await;
    assert!(
        element(&html, "comment-hint").contains("Markdown accepté\u{A0}:"),
        "{html}"
    );
    // French written text keeps its marks on the English page too; English words are left
    // as they are.
    let (_, html) = page_in(&w.app, &path, &cookie, "en").await;
    assert!(
        element(&html, "thread-title").ends_with("commune\u{202F}?"),
        "{html}"
    );
    assert!(html.contains("Markdown accepted: "), "{html}");
}

#[tokio::test]
async fn animators_add_a_reuse_to_the_showcase_from_its_list() {
    let w = world(&[]).await;
    let id = reuse(&w.app, &w.owner, "Carte des pistes cyclables", json!({})).await;
    let cookie = signed_in(&w.app, &w.moderator.id).await;
    let (status, html) = page_in(&w.app, "/moderation/featured", &cookie, "fr").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("id=\"no-featured\""), "{html}");
    assert!(html.contains("class=\"breadcrumb\""), "{html}");
    let (_, html) = page_in(
        &w.app,
        "/moderation/featured?q=pistes+cyclables",
        &cookie,
        "fr",
    )
    .await;
    let found = element(&html, &format!("found-{id}"));
    assert!(found.contains("<img"), "a thumbnail: {found}");
    let token = csrf_from(&html);
    let (status, location, _) = post_form(
        &w.app,
        &format!("/moderation/featured/{id}/feature"),
        &cookie,
        format!("csrf_token={token}"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/moderation/featured#f-{id}"));
    let (_, html) = page_in(&w.app, "/moderation/featured", &cookie, "fr").await;
    let order = element(&html, "featured-order");
    assert!(order.contains(&format!("id=\"f-{id}\"")), "{html}");
    assert!(
        element(&html, &format!("f-{id}")).contains("<img"),
        "{html}"
    );
    // A featured reuse is not offered again; a search that finds nothing says so.
    let (_, html) = page_in(&w.app, "/moderation/featured?q=pistes", &cookie, "fr").await;
    assert!(!html.contains(&format!("found-{id}")), "{html}");
    assert!(html.contains("id=\"no-found\""), "{html}");
}

#[tokio::test]
async fn deactivating_an_account_asks_first_and_says_what_follows() {
    let w = world(&[]).await;
    let cookie = signed_in(&w.app, &w.moderator.id).await;
    let path = format!("/moderation/users/{}/deactivate", w.owner.id);
    let (status, html) = page_in(&w.app, &path, &cookie, "fr").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        element(&html, "deactivate-warning").contains(&w.owner.name),
        "{html}"
    );
    assert!(html.contains("ne peut plus se connecter"), "{html}");
    assert!(html.contains("id=\"confirm-deactivate\""), "{html}");
    assert_eq!(
        key_works(&w.app, &w.owner).await,
        StatusCode::OK,
        "showing the page changes nothing"
    );
    let token = csrf_from(&html);
    let (status, location, _) =
        post_form(&w.app, &path, &cookie, format!("csrf_token={token}")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/moderation/?deactivated=1");
    assert_eq!(key_works(&w.app, &w.owner).await, StatusCode::UNAUTHORIZED);
    let (_, html) = page_in(&w.app, &location, &cookie, "fr").await;
    assert!(
        element(&html, "deactivated-notice").contains("désactivé"),
        "{html}"
    );
    // Nobody else reaches the page.
    let cookie = signed_in(&w.app, &w.org_editor.id).await;
    let (status, _) = page_in(&w.app, &path, &cookie, "fr").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn reports_name_and_link_what_was_reported_and_why() {
    let w = world(&[]).await;
    let reuse_id = reuse(&w.app, &w.owner, "Carte des bornes", json!({})).await;
    let thread = open(&w.app, &w.owner, "ds-air", "Fréquence", "Chaque jour ?").await;
    let thread_id = thread["id"].as_str().unwrap().to_owned();
    let after = comment(&w.app, &w.org_editor, &thread_id, "Achetez mes lunettes.").await;
    let message = message_id(&after, 1);
    reported(
        &w.app,
        None,
        json!({"subject": {"class": "Reuse", "id": reuse_id}, "reason": "spam",
               "message": "Un lien publicitaire."}),
    )
    .await;
    reported(
        &w.app,
        None,
        json!({"subject": {"class": "Discussion", "id": thread_id},
               "subject_embed_id": message, "reason": "others"}),
    )
    .await;
    let cookie = signed_in(&w.app, &w.moderator.id).await;
    let (_, html) = page_in(&w.app, "/moderation/", &cookie, "fr").await;
    let list = &html[html.find("id=\"report-list\"").unwrap()..];
    assert!(list.contains(">Carte des bornes</a>"), "{list}");
    assert!(list.contains("Un lien publicitaire."), "{list}");
    assert!(list.contains("Spam ou publicité"), "{list}");
    assert!(
        list.contains(&format!(
            "href=\"/discussions/{thread_id}/#m-{message}\" class=\"report-title\">Fréquence</a>"
        )),
        "{list}"
    );
    assert!(list.contains("Achetez mes lunettes."), "{list}");
}

#[tokio::test]
async fn empty_queues_and_logs_are_designed_and_a_removal_asks_for_its_reason() {
    let w = world(&[]).await;
    let cookie = signed_in(&w.app, &w.admin.id).await;
    let (_, html) = page_in(&w.app, "/moderation/", &cookie, "fr").await;
    for id in ["no-held", "no-reports"] {
        assert!(
            html.contains(&format!("<div class=\"empty\" id=\"{id}\">")),
            "{id}: {html}"
        );
    }
    // A held message removed without a reason: the queue asks for it beside the message.
    let spammer = w.app.user("Sam", vitrine::models::users::Role::User).await;
    let held = open(&w.app, &spammer, "ds-air", "Gagnez au CASINO", "Vite !").await;
    let message = message_id(&held, 0);
    let (_, html) = page_in(&w.app, "/moderation/", &cookie, "fr").await;
    let token = csrf_from(&html);
    let (status, _, html) = post_form(
        &w.app,
        &format!("/moderation/held/{message}/remove"),
        &cookie,
        format!("csrf_token={token}&reason=+"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        element(&html, &format!("reason-{message}-error")).contains("Indiquez la raison"),
        "{html}"
    );
    assert!(html.contains(&format!("id=\"held-{message}\"")), "{html}");
    let (status, location, _) = post_form(
        &w.app,
        &format!("/moderation/held/{message}/remove"),
        &cookie,
        format!("csrf_token={token}&reason=Publicit%C3%A9"),
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/moderation/")
    );
    // The audit log tells it in words, with what it was about.
    let (_, html) = page_in(&w.app, "/moderation/audit", &cookie, "fr").await;
    let table = &html[html.find("id=\"audit-log\"").unwrap()..];
    assert!(table.contains("Message retiré"), "{table}");
    assert!(!table.contains("message.remove"), "{table}");
    let (_, html) = page_in(&w.app, "/moderation/audit", &cookie, "en").await;
    assert!(html.contains("Message removed"), "{html}");

    // A site where nobody acted yet says so.
    let app = TestApp::new().await;
    let admin = app.user("Root", vitrine::models::users::Role::Admin).await;
    let cookie = signed_in(&app, &admin.id).await;
    let (_, html) = page_in(&app, "/moderation/audit", &cookie, "fr").await;
    assert!(
        html.contains("<div class=\"empty\" id=\"no-audit\">"),
        "{html}"
    );
}
