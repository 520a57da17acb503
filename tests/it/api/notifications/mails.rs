//! The mails themselves: multipart, in the reader's language, threaded, unsubscribable, with no
//! header nor markup added by hostile titles; and replies written while the worker sends.

use entity::outbox;
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::id_of;
use crate::support::discussions::{discussion_url, open, reply};
use crate::support::mail::{WAIT, settle};
use crate::support::world::{AIR, PERSO, world_with_mail};

#[tokio::test]
async fn mails_are_multipart_in_the_readers_language_threaded_and_unsubscribable() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    // Edith reads the site in English (remembered for her mails); Orga never chose: French.
    let switched = app
        .request(Method::GET, "/lang/en?next=/")
        .header("X-API-KEY", &w.org_editor.token)
        .send()
        .await
        .unwrap();
    assert!(switched.status().is_success(), "{}", switched.status());
    let id = id_of(
        &open(
            app,
            &asker,
            "ds-air",
            "Fréquence des relevés",
            "Quelle est la fréquence des relevés de **2023** ?",
        )
        .await,
    );
    let link = discussion_url(app, &id);
    let thread = format!("<discussion-{id}@127.0.0.1>");
    let mut ids = Vec::new();
    let french = [
        format!("[Vitrine] Nouvelle question sur « {AIR} »"),
        "fr".to_owned(),
        "Bonjour Orga,".to_owned(),
        format!("Camille a posé une question sur « {AIR} » : « Fréquence des relevés »."),
        "Voir la discussion".to_owned(),
    ];
    let english = [
        format!("[Vitrine] New question about “{AIR}”"),
        "en".to_owned(),
        "Hello Edith,".to_owned(),
        format!("Camille asked a question about “{AIR}”: “Fréquence des relevés”."),
        "Open the discussion".to_owned(),
    ];
    for (producer, words) in [(&w.org_admin, &french), (&w.org_editor, &english)] {
        let [subject, lang, greeting, intro, action] = words;
        let mails = smtp.wait_for_to(&producer.email, 1, WAIT).await;
        let mail = &mails[0];
        assert_eq!(mail.to, [producer.email.as_str()]);
        assert_eq!(&mail.subject, subject, "{}", producer.name);
        assert!(
            mail.header("To")
                .is_some_and(|to| to.contains(&producer.email)),
            "{mail:?}"
        );
        assert!(
            mail.header("Content-Type")
                .is_some_and(|t| t.starts_with("multipart/alternative")),
            "{mail:?}"
        );
        assert_eq!(mail.header("Content-Language").as_ref(), Some(lang));
        // The text part.
        for expected in [greeting, intro, action] {
            assert!(mail.text.contains(expected), "{expected} in {}", mail.text);
        }
        assert!(
            mail.text
                .contains("Quelle est la fréquence des relevés de 2023 ?"),
            "the question, as text: {}",
            mail.text
        );
        assert!(mail.text.contains(&link), "{}", mail.text);
        // The HTML part.
        assert!(
            mail.html.contains(&format!("<html lang=\"{lang}\">")),
            "{}",
            mail.html
        );
        for expected in [greeting, action] {
            assert!(mail.html.contains(expected), "{expected} in {}", mail.html);
        }
        assert!(
            mail.html.contains(&format!("href=\"{link}\"")),
            "{}",
            mail.html
        );
        assert!(
            mail.html.contains("Quelle est la fréquence des relevés de"),
            "{}",
            mail.html
        );
        assert!(
            mail.html.contains("<strong>2023</strong>"),
            "the question's Markdown rendered: {}",
            mail.html
        );
        // Threading.
        let message_id = mail.header("Message-ID").unwrap_or_default();
        assert!(
            message_id.starts_with('<') && message_id.ends_with("@127.0.0.1>"),
            "{message_id}"
        );
        assert_ne!(message_id, thread);
        assert_eq!(mail.header("In-Reply-To").as_deref(), Some(thread.as_str()));
        assert_eq!(mail.header("References").as_deref(), Some(thread.as_str()));
        ids.push(message_id);
        // Unsubscribing.
        let unsubscribe = mail.header("List-Unsubscribe").unwrap_or_default();
        let prefix = format!("<{}unsubscribe/{}/new_discussion/", app.url, producer.id);
        assert!(
            unsubscribe.starts_with(&prefix) && unsubscribe.ends_with('>'),
            "{unsubscribe} should start with {prefix}"
        );
        assert_eq!(
            mail.header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
        assert!(mail.text.contains(url), "{}", mail.text);
        assert!(mail.html.contains(url), "{}", mail.html);
    }
    assert_ne!(ids[0], ids[1], "one Message-ID per mail");

    // A reply belongs to the same thread, with a Message-ID of its own.
    reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Tous les quarts d’heure."}),
    )
    .await;
    let mails = smtp.wait_for_to(&asker.email, 1, WAIT).await;
    let mail = &mails[0];
    assert_eq!(
        mail.subject,
        "[Vitrine] Nouvelle réponse : Fréquence des relevés"
    );
    assert!(
        mail.text.contains("Tous les quarts d’heure."),
        "{}",
        mail.text
    );
    assert!(
        mail.html.contains("Tous les quarts d’heure."),
        "{}",
        mail.html
    );
    assert!(mail.text.contains(&link), "{}", mail.text);
    assert_eq!(mail.header("In-Reply-To").as_deref(), Some(thread.as_str()));
    assert_eq!(mail.header("References").as_deref(), Some(thread.as_str()));
    let reply_id = mail.header("Message-ID").unwrap_or_default();
    assert!(!ids.contains(&reply_id) && reply_id != thread, "{reply_id}");
    assert!(
        mail.header("List-Unsubscribe")
            .is_some_and(|u| u.starts_with(&format!(
                "<{}unsubscribe/{}/new_comment/",
                app.url, asker.id
            ))),
        "{mail:?}"
    );
}

#[tokio::test]
async fn hostile_titles_and_messages_add_no_header_nor_markup_to_mails() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    open(
        app,
        &asker,
        "ds-air",
        "Ligne\r\nBcc: evil@example.org\r\nX-Evil: yes",
        "<script>alert(1)</script><img src=x onerror=alert(2)> [lien](javascript:alert(3))",
    )
    .await;
    smtp.wait_for_to(&w.org_admin.email, 1, WAIT).await;
    smtp.wait_for_to(&w.org_editor.email, 1, WAIT).await;
    settle(app).await;
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2, "the two producers only: {mails:?}");
    for mail in &mails {
        assert_eq!(mail.to.len(), 1, "{mail:?}");
        assert!(
            [&w.org_admin.email, &w.org_editor.email].contains(&&mail.to[0]),
            "{mail:?}"
        );
        for name in ["Bcc", "X-Evil"] {
            assert_eq!(mail.header(name), None, "{name} injected: {mail:?}");
        }
        assert!(
            mail.subject.starts_with("[Vitrine] Nouvelle question sur"),
            "{}",
            mail.subject
        );
        for markup in ["<script", "<img", "href=\"javascript:"] {
            assert!(!mail.html.contains(markup), "{markup} in {}", mail.html);
        }
        assert!(
            mail.html.contains("alert(1)"),
            "shown as text: {}",
            mail.html
        );
    }
    assert!(smtp.mails_to("evil@example.org").is_empty());
}

#[tokio::test]
async fn replies_keep_working_while_the_worker_marks_mails_sent() {
    // No SMTP server: the worker writes `.eml` files, fast enough to commit `sent` marks all
    // the time while the replies are written.
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let owner = app.user("Olivia", Role::User).await;
    let asker = app.user("Camille", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            admin.me(),
            Some(json!({"id": "ds-perso", "title": PERSO, "owner": owner.id})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = id_of(&open(&app, &asker, "ds-perso", "Fil chargé", "Une question ?").await);
    let mut failed = Vec::new();
    for n in 0..200 {
        let by = if n % 2 == 0 { &owner } else { &asker };
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/discussions/{id}/"),
                by.me(),
                Some(json!({"comment": format!("Message {n}")})),
            )
            .await;
        if status != StatusCode::OK {
            failed.push(format!("reply {n} by {}: {status} {body}", by.name));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of 200 replies failed while the worker sent their mails: {failed:?}",
        failed.len()
    );
    settle(&app).await;
    let (_, discussion) = app.get(&format!("/api/1/discussions/{id}/")).await;
    assert_eq!(
        discussion["discussion"].as_array().map(Vec::len),
        Some(201),
        "{discussion}"
    );
    let sent = outbox::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(sent.len(), 201, "one mail per reply, and the question's");
    assert!(sent.iter().all(|row| row.status == "sent"));
}
