//! Who hears about each event, in the app and by mail, and who does not: discussion events, and
//! reuses of a producer's datasets.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{id_of, pairs, sorted};
use crate::support::datasets::follow;
use crate::support::discussions::{discussion_url, mark_answer, open, open_on, reply};
use crate::support::mail::{WAIT, outbox_of, settle};
use crate::support::notifications::{inbox, kinds};
use crate::support::reuses::reuse;
use crate::support::smtp::subjects;
use crate::support::world::{AIR, world_with_mail};

#[tokio::test]
async fn each_discussion_event_reaches_its_audience_and_nobody_else() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let outsider = app.user("Xavier", Role::User).await;
    let follower = app.user("Fanny", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    follow(app, &follower, "ds-air").await;

    // A question: the organization's members hear of it, the follower as a follower.
    let id = id_of(
        &open(
            app,
            &asker,
            "ds-air",
            "Données 2023",
            "Où sont les relevés de 2023 ?",
        )
        .await,
    );
    for producer in [&w.org_admin, &w.org_editor] {
        let list = inbox(app, producer, "").await;
        assert_eq!(list.len(), 1, "{}: {list:?}", producer.name);
        assert_eq!(list[0]["kind"], "new_discussion", "{}", list[0]);
        let details = &list[0]["details"];
        assert_eq!(details["key"], format!("discussion:{id}"), "{details}");
        assert_eq!(details["title"], "Données 2023", "{details}");
        assert_eq!(details["subject"], AIR, "{details}");
        assert_eq!(details["actor"], "Camille", "{details}");
        assert_eq!(details["url"], discussion_url(app, &id), "{details}");
        assert!(
            details["excerpt"]
                .as_str()
                .is_some_and(|e| e.contains("relevés de 2023")),
            "{details}"
        );
        assert!(list[0]["handled_at"].is_null(), "{}", list[0]);
    }
    assert_eq!(kinds(app, &asker).await, Vec::<String>::new(), "the asker");
    assert_eq!(kinds(app, &outsider).await, Vec::<String>::new());
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_discussion"],
        "a follower hears of it as a follower only"
    );
    smtp.wait_for_to(&w.org_admin.email, 1, WAIT).await;
    smtp.wait_for_to(&w.org_editor.email, 1, WAIT).await;
    settle(app).await;
    let question = format!("[Vitrine] Nouvelle question sur « {AIR} »");
    assert_eq!(subjects(&smtp, &w.org_admin), [question.as_str()]);
    assert_eq!(subjects(&smtp, &w.org_editor), [question.as_str()]);
    assert_eq!(subjects(&smtp, &asker), Vec::<String>::new());
    assert_eq!(subjects(&smtp, &outsider), Vec::<String>::new());
    assert_eq!(
        subjects(&smtp, &follower),
        Vec::<String>::new(),
        "followed_discussion mail is daily by default"
    );
    assert_eq!(
        outbox_of(app, &follower).await,
        pairs(&[("held", "followed_discussion")]),
        "held for the follower's digest"
    );

    // A reply by a producer: the asker and the other producer, not the one replying.
    reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Ils sont dans la ressource 2023."}),
    )
    .await;
    let asker_inbox = inbox(app, &asker, "").await;
    assert_eq!(asker_inbox.len(), 1, "{asker_inbox:?}");
    assert_eq!(asker_inbox[0]["kind"], "new_comment");
    assert_eq!(asker_inbox[0]["details"]["actor"], "Edith");
    assert!(
        asker_inbox[0]["details"]["excerpt"]
            .as_str()
            .is_some_and(|e| e.contains("ressource 2023")),
        "{}",
        asker_inbox[0]
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment"])
    );
    assert_eq!(
        kinds(app, &w.org_editor).await,
        ["new_discussion"],
        "not told of their own reply"
    );
    assert_eq!(kinds(app, &follower).await, ["followed_discussion"]);
    smtp.wait_for_to(&asker.email, 1, WAIT).await;

    // The answer marked, then the thread closed (by the organization's admin) and reopened by
    // the asker.
    mark_answer(app, &w.org_admin, &id, 1).await;
    reply(app, &w.org_admin, &id, json!({"close": true})).await;
    reply(app, &asker, &id, json!({"close": false})).await;
    assert_eq!(
        kinds(app, &asker).await,
        sorted(&["new_comment", "answer_marked", "discussion_closed"]),
        "the asker is not told of their own reopening"
    );
    assert_eq!(
        kinds(app, &w.org_editor).await,
        sorted(&[
            "new_discussion",
            "answer_marked",
            "discussion_closed",
            "discussion_closed"
        ]),
        "a participant: the answer, the closing, the reopening"
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment", "discussion_closed"]),
        "the producer hears of the reopening only"
    );

    // A moderator removes the thread: its author is told.
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/discussions/{id}/"),
            moderator.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    let removed: Vec<Value> = inbox(app, &asker, "")
        .await
        .into_iter()
        .filter(|n| n["kind"] == "content_removed")
        .collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0]["details"]["actor"], "Modo", "{}", removed[0]);
    assert_eq!(removed[0]["details"]["title"], "Données 2023");
    assert_eq!(removed[0]["details"]["key"], format!("removed:{id}"));
    assert_eq!(kinds(app, &moderator).await, Vec::<String>::new());
    assert_eq!(kinds(app, &outsider).await, Vec::<String>::new());
    assert_eq!(kinds(app, &follower).await, ["followed_discussion"]);
    assert_eq!(
        kinds(app, &w.org_admin).await.len(),
        3,
        "nothing about the removal for the producers"
    );

    smtp.wait_for_to(&asker.email, 4, WAIT).await;
    settle(app).await;
    let about = |what: &str| format!("[Vitrine] {what}");
    let mut expected = vec![
        about("Nouvelle réponse : Données 2023"),
        about("Réponse retenue : Données 2023"),
        about("Discussion close : Données 2023"),
        about("Votre discussion « Données 2023 » a été retirée"),
    ];
    expected.sort();
    assert_eq!(subjects(&smtp, &asker), expected, "the asker's mails");
    let mut expected = vec![
        question.clone(),
        about("Réponse retenue : Données 2023"),
        about("Discussion close : Données 2023"),
        about("Discussion rouverte : Données 2023"),
    ];
    expected.sort();
    assert_eq!(subjects(&smtp, &w.org_editor), expected, "Edith's mails");
    let mut expected = vec![
        question.clone(),
        about("Nouvelle réponse : Données 2023"),
        about("Discussion rouverte : Données 2023"),
    ];
    expected.sort();
    assert_eq!(subjects(&smtp, &w.org_admin), expected, "Orga's mails");
    // An author deleting their own discussion is told nothing.
    let own = id_of(&open(app, &asker, "ds-velo", "Doublon", "Déjà posée.").await);
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/discussions/{own}/"),
            asker.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    assert_eq!(
        kinds(app, &asker).await,
        sorted(&[
            "new_comment",
            "answer_marked",
            "discussion_closed",
            "content_removed"
        ])
    );
    smtp.wait_for_to(&w.org_editor.email, 5, WAIT).await;
    settle(app).await;
    assert_eq!(smtp.mails_to(&asker.email).len(), 4);
    for nobody in [&outsider, &follower, &moderator, &w.owner, &w.admin] {
        assert_eq!(
            subjects(&smtp, nobody),
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
    }
}

#[tokio::test]
async fn a_reuse_tells_each_producer_once_and_a_private_one_nobody() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let reuser = app.user("Rémi", Role::User).await;
    let follower = app.user("Fanny", Role::User).await;
    follow(app, &follower, "ds-air").await;
    follow(app, &follower, "ds-velo").await;
    let linked = |list: &[Value], reuse: &str| -> usize {
        list.iter()
            .filter(|n| {
                n["kind"] == "reuse_linked"
                    && n["details"]["key"]
                        .as_str()
                        .is_some_and(|key| key.starts_with(&format!("reuse_linked:{reuse}:")))
            })
            .count()
    };

    // Created on two datasets of the same organization: one notice per member.
    let first = reuse(
        app,
        &reuser,
        "Carte air et vélo",
        json!({"datasets": ["ds-air", "ds-velo"], "private": false}),
    )
    .await;
    for member in [&w.org_admin, &w.org_editor] {
        let list = inbox(app, member, "").await;
        assert_eq!(list.len(), 1, "{}: {list:?}", member.name);
        assert_eq!(linked(&list, &first), 1, "{}: {list:?}", member.name);
        let details = &list[0]["details"];
        assert_eq!(details["title"], "Carte air et vélo", "{details}");
        assert_eq!(details["actor"], "Rémi", "{details}");
        assert!(
            details["url"]
                .as_str()
                .is_some_and(|url| url.starts_with(&format!("{}reuses/", app.url))),
            "{details}"
        );
    }
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_reuse"],
        "once, though following both datasets"
    );
    assert_eq!(kinds(app, &reuser).await, Vec::<String>::new());
    assert_eq!(kinds(app, &w.owner).await, Vec::<String>::new());

    // Created on one, then the second dataset of the same organization added: still once;
    // a dataset of another publisher added: that publisher hears of it.
    let second = reuse(
        app,
        &reuser,
        "Tableau de bord",
        json!({"datasets": ["ds-air"], "private": false}),
    )
    .await;
    for dataset in ["ds-velo", "ds-perso"] {
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/reuses/{second}/datasets/"),
                reuser.me(),
                Some(json!({"id": dataset})),
            )
            .await;
        assert!(status.is_success(), "adding {dataset}: {status} {body}");
    }
    for member in [&w.org_admin, &w.org_editor] {
        let list = inbox(app, member, "").await;
        assert_eq!(linked(&list, &second), 1, "{}: {list:?}", member.name);
        assert_eq!(list.len(), 2, "{}: {list:?}", member.name);
    }
    let list = inbox(app, &w.owner, "").await;
    assert_eq!(linked(&list, &second), 1, "{list:?}");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_reuse", "followed_reuse"]
    );

    // A private reuse: nobody, until it is made public.
    let hidden = reuse(
        app,
        &reuser,
        "Brouillon",
        json!({"datasets": ["ds-air", "ds-perso"], "private": true}),
    )
    .await;
    for nobody in [&w.org_admin, &w.org_editor, &w.owner, &follower, &reuser] {
        let list = inbox(app, nobody, "").await;
        assert_eq!(
            linked(&list, &hidden),
            0,
            "{} about a private reuse: {list:?}",
            nobody.name
        );
    }
    assert_eq!(kinds(app, &follower).await.len(), 2);
    settle(app).await;
    let before: Vec<(String, usize)> = [&w.org_admin, &w.org_editor, &w.owner]
        .into_iter()
        .map(|p| (p.name.clone(), smtp.mails_to(&p.email).len()))
        .collect();
    assert_eq!(
        before,
        [
            ("Orga".to_owned(), 2),
            ("Edith".to_owned(), 2),
            ("Olivia".to_owned(), 1)
        ],
        "one mail per reuse and producer; none for the private reuse"
    );
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{hidden}/"),
            reuser.me(),
            Some(json!({"private": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for producer in [&w.org_admin, &w.org_editor, &w.owner] {
        let list = inbox(app, producer, "").await;
        assert_eq!(
            linked(&list, &hidden),
            1,
            "{} once it is public: {list:?}",
            producer.name
        );
    }

    smtp.wait_for_to(&w.owner.email, 2, WAIT).await;
    settle(app).await;
    for (producer, count) in [(&w.org_admin, 3), (&w.org_editor, 3), (&w.owner, 2)] {
        let mails = smtp.mails_to(&producer.email);
        assert_eq!(
            mails.len(),
            count,
            "{}: {:?}",
            producer.name,
            subjects(&smtp, producer)
        );
        for mail in &mails {
            assert!(
                mail.subject
                    .starts_with("[Vitrine] Une réutilisation utilise « "),
                "{}",
                mail.subject
            );
            assert_eq!(mail.header("In-Reply-To"), None, "no thread: {mail:?}");
        }
    }
    assert_eq!(subjects(&smtp, &follower), Vec::<String>::new(), "daily");
    assert_eq!(
        outbox_of(app, &follower).await,
        pairs(&[
            ("held", "followed_reuse"),
            ("held", "followed_reuse"),
            ("held", "followed_reuse")
        ]),
        "one held mail per reuse"
    );
    assert_eq!(subjects(&smtp, &reuser), Vec::<String>::new());

    // A question about a reuse: its owner, and its followers as followers.
    let fan = app.user("Lou", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/reuses/{first}/followers/"),
            fan.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    open_on(
        app,
        &follower,
        "Reuse",
        &first,
        "Mise à jour ?",
        "La carte sera-t-elle mise à jour ?",
    )
    .await;
    let list = inbox(app, &reuser, "").await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "new_discussion");
    assert_eq!(list[0]["details"]["subject"], "Carte air et vélo");
    assert_eq!(kinds(app, &fan).await, ["followed_discussion"]);
    for member in [&w.org_admin, &w.org_editor] {
        assert_eq!(inbox(app, member, "").await.len(), 3, "{}", member.name);
    }
    smtp.wait_for_to(&reuser.email, 1, WAIT).await;
    settle(app).await;
    assert_eq!(
        subjects(&smtp, &reuser),
        ["[Vitrine] Nouvelle question sur « Carte air et vélo »"]
    );
    assert_eq!(subjects(&smtp, &fan), Vec::<String>::new(), "daily");
    assert_eq!(smtp.mails_to(&w.org_admin.email).len(), 3);
}
