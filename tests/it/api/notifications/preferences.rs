//! Preferences, watches and mutes, and one-click unsubscribe.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{id_of, pairs, sorted};
use crate::support::discussions::{discussion_url, mark_answer, open, reply};
use crate::support::mail::{WAIT, settle};
use crate::support::notifications::{default_table, inbox, kind_table, kinds, set, settings};
use crate::support::smtp::subjects;
use crate::support::world::{AIR, VELO, world_with_mail};

/// One kind's setting in a settings answer.
fn kind_setting<'a>(settings: &'a Value, kind: &str) -> &'a Value {
    settings["kinds"]
        .as_array()
        .unwrap_or_else(|| panic!("no kinds: {settings}"))
        .iter()
        .find(|setting| setting["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}: {settings}"))
}

#[tokio::test]
async fn preferences_watches_and_mutes_are_honoured() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let bruno = app.user("Bruno", Role::User).await;
    let outsider = app.user("Xavier", Role::User).await;

    // Mail off for replies: no mail, still in the inbox.
    let id = id_of(&open(app, &asker, "ds-air", "Horaires", "À quelle heure ?").await);
    // Someone watching the thread hears of everything in it.
    let wanda = app.user("Wanda", Role::User).await;
    set(
        app,
        &wanda,
        json!({"watches": [{"class": "Discussion", "id": id, "mode": "watch"}]}),
    )
    .await;
    reply(
        app,
        &w.org_admin,
        &id,
        json!({"comment": "Première réponse"}),
    )
    .await;
    smtp.wait_for_to(&asker.email, 1, WAIT).await;
    let answer = set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "email": "off"}]}),
    )
    .await;
    assert_eq!(kind_setting(&answer, "new_comment")["email"], "off");
    assert_eq!(kind_setting(&answer, "new_comment")["in_app"], true);
    reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Deuxième réponse"}),
    )
    .await;
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "mail off keeps the in-app notification"
    );

    // In-app off for closings: a mail, no notification.
    set(
        app,
        &asker,
        json!({"kinds": [{"kind": "discussion_closed", "in_app": false}]}),
    )
    .await;
    reply(app, &w.org_admin, &id, json!({"close": true})).await;
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "in_app false writes no notification"
    );
    smtp.wait_for_to(&asker.email, 2, WAIT).await;
    settle(app).await;
    assert_eq!(
        subjects(&smtp, &asker),
        [
            "[Vitrine] Discussion close : Horaires",
            "[Vitrine] Nouvelle réponse : Horaires"
        ],
        "the second reply sent no mail"
    );

    assert_eq!(
        kinds(app, &wanda).await,
        sorted(&["new_comment", "new_comment", "discussion_closed"]),
        "watching a thread"
    );
    smtp.wait_for_to(&wanda.email, 3, WAIT).await;

    // A muted thread: nothing at all, while the other producer hears everything.
    let muted = id_of(&open(app, &bruno, "ds-velo", "Vélos", "Des données 2024 ?").await);
    set(
        app,
        &w.org_admin,
        json!({"watches": [{"class": "Discussion", "id": muted, "mode": "mute"}]}),
    )
    .await;
    reply(app, &bruno, &muted, json!({"comment": "Des nouvelles ?"})).await;
    reply(
        app,
        &w.org_editor,
        &muted,
        json!({"comment": "Les voici.", "close": true}),
    )
    .await;
    mark_answer(app, &w.org_editor, &muted, 2).await;
    let about_muted = |list: &[Value]| -> Vec<String> {
        let mut kinds: Vec<String> = list
            .iter()
            .filter(|n| n["details"]["url"] == discussion_url(app, &muted))
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(
        about_muted(&inbox(app, &w.org_admin, "").await),
        ["new_discussion"],
        "only what came before the mute"
    );
    assert_eq!(
        about_muted(&inbox(app, &w.org_editor, "").await),
        ["new_comment", "new_discussion"]
    );
    assert_eq!(
        about_muted(&inbox(app, &bruno, "").await),
        sorted(&["new_comment", "discussion_closed", "answer_marked"])
    );

    // A muted dataset: not even its new questions.
    set(
        app,
        &w.org_admin,
        json!({"watches": [{"class": "Dataset", "id": "ds-velo", "mode": "mute"}]}),
    )
    .await;
    let quiet = id_of(&open(app, &bruno, "ds-velo", "Stationnement", "Et les arceaux ?").await);
    let titled = |list: &[Value], title: &str| -> usize {
        list.iter()
            .filter(|n| n["details"]["title"] == title)
            .count()
    };
    assert_eq!(
        titled(&inbox(app, &w.org_admin, "").await, "Stationnement"),
        0
    );
    assert_eq!(
        titled(&inbox(app, &w.org_editor, "").await, "Stationnement"),
        1
    );
    reply(app, &w.org_editor, &quiet, json!({"comment": "Bientôt."})).await;
    assert_eq!(
        titled(&inbox(app, &w.org_admin, "").await, "Stationnement"),
        0,
        "a reply on a muted dataset"
    );

    // An outsider watching a dataset hears of its questions and replies, until they stop.
    let watching = set(
        app,
        &outsider,
        json!({"watches": [{"class": "Dataset", "id": "ds-air", "mode": "watch"}]}),
    )
    .await;
    assert_eq!(
        watching["watches"],
        json!([{"class": "Dataset", "id": "ds-air", "mode": "watch"}])
    );
    let watched = id_of(&open(app, &bruno, "ds-air", "Capteurs", "Où sont les capteurs ?").await);
    reply(
        app,
        &w.org_editor,
        &watched,
        json!({"comment": "Sur la carte."}),
    )
    .await;
    let list = inbox(app, &outsider, "").await;
    let mut seen: Vec<(String, String)> = list
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_owned(),
                n["details"]["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        pairs(&[("new_comment", "Capteurs"), ("new_discussion", "Capteurs")]),
        "{list:?}"
    );
    smtp.wait_for_to(&outsider.email, 2, WAIT).await;
    let stopped = set(
        app,
        &outsider,
        json!({"watches": [{"class": "Dataset", "id": "ds-air", "mode": "none"}]}),
    )
    .await;
    assert_eq!(stopped["watches"], json!([]));
    open(app, &bruno, "ds-air", "Pollens", "Et les pollens ?").await;
    assert_eq!(
        inbox(app, &outsider, "").await.len(),
        2,
        "no longer watching"
    );

    settle(app).await;
    assert_eq!(
        subjects(&smtp, &outsider),
        [
            format!("[Vitrine] Nouvelle question sur « {AIR} »"),
            "[Vitrine] Nouvelle réponse : Capteurs".to_owned()
        ]
    );
    let admin_subjects = subjects(&smtp, &w.org_admin);
    for subject in &admin_subjects {
        assert!(
            !subject.contains("Vélos") && !subject.contains("Stationnement"),
            "a mail about a muted thread or dataset: {admin_subjects:?}"
        );
    }
    assert_eq!(
        admin_subjects.iter().filter(|s| s.contains(VELO)).count(),
        1,
        "only the question before the mute: {admin_subjects:?}"
    );
    let editor_subjects = subjects(&smtp, &w.org_editor);
    assert!(
        editor_subjects
            .iter()
            .any(|s| s == "[Vitrine] Nouvelle réponse : Vélos"),
        "{editor_subjects:?}"
    );
    assert_eq!(
        editor_subjects.iter().filter(|s| s.contains(VELO)).count(),
        2,
        "{editor_subjects:?}"
    );
}

#[tokio::test]
async fn one_click_unsubscribe_is_anonymous_and_only_for_its_recipient_and_kind() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    open(app, &asker, "ds-air", "Premier", "Une question ?").await;
    let mails = smtp.wait_for_to(&w.org_admin.email, 1, WAIT).await;
    let unsubscribe = mails[0].header("List-Unsubscribe").unwrap();
    let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
    let path = url
        .strip_prefix(&app.url)
        .unwrap_or_else(|| panic!("{url} is not on {}", app.url))
        .to_owned();
    let token = path.rsplit('/').next().unwrap().to_owned();
    assert!(!token.is_empty(), "{path}");
    let one_click = |path: String| {
        app.request(Method::POST, &path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
    };

    // Following the link only asks to confirm.
    let page = app.request(Method::GET, &path).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<form") && html.contains("method=\"post\""),
        "a confirmation form: {html}"
    );
    assert_eq!(
        kind_table(&settings(app, &w.org_admin).await),
        default_table()
    );

    // Tampered links: another token, another kind, another person.
    let mut forged = token.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    let base = format!("unsubscribe/{}", w.org_admin.id);
    for bad in [
        format!("{base}/new_discussion/{forged}"),
        format!("{base}/new_comment/{token}"),
        format!("{base}/no_such_kind/{token}"),
        format!("unsubscribe/{}/new_discussion/{token}", w.org_editor.id),
    ] {
        let answer = one_click(bad.clone()).await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "POST {bad}");
        let answer = app.request(Method::GET, &bad).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "GET {bad}");
    }
    assert_eq!(
        kind_table(&settings(app, &w.org_admin).await),
        default_table()
    );
    assert_eq!(
        kind_table(&settings(app, &w.org_editor).await),
        default_table()
    );

    // The one-click POST, without any cookie or key.
    let answer = one_click(path.clone()).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let mut expected = default_table();
    expected[0].1 = "off".to_owned();
    assert_eq!(
        kind_table(&settings(app, &w.org_admin).await),
        expected,
        "that kind's mail only"
    );
    assert_eq!(
        kind_table(&settings(app, &w.org_editor).await),
        default_table(),
        "nobody else"
    );
    let again = one_click(path.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::OK, "twice is fine");
    assert_eq!(kind_table(&settings(app, &w.org_admin).await), expected);

    // The next question: a mail for the editor only, a notification for both.
    open(app, &asker, "ds-air", "Second", "Une autre question ?").await;
    smtp.wait_for_to(&w.org_editor.email, 2, WAIT).await;
    settle(app).await;
    assert_eq!(smtp.mails_to(&w.org_admin.email).len(), 1, "unsubscribed");
    assert_eq!(
        kinds(app, &w.org_admin).await,
        ["new_discussion", "new_discussion"]
    );
    // Other kinds still mail.
    let id = id_of(&open(app, &w.org_admin, "ds-perso", "Chez Olivia", "Bonjour ?").await);
    reply(app, &w.owner, &id, json!({"comment": "Bonjour !"})).await;
    let mails = smtp.wait_for_to(&w.org_admin.email, 2, WAIT).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "[Vitrine] Nouvelle réponse : Chez Olivia"),
        "{:?}",
        subjects(&smtp, &w.org_admin)
    );
}
