//! Spam holds: a held message is pending for its author, invisible to everyone else, counted
//! nowhere and told to nobody until a moderator approves it, or removes it with a reason mailed
//! to its author.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, id_of, ids, sorted};
use crate::support::datasets::follow;
use crate::support::discussions::{
    comment, counts, fetch, last_message, message_ids, messages, open, read,
};
use crate::support::mail::{WAIT, settle};
use crate::support::moderation::{approve, held, remove, report};
use crate::support::notifications::kinds;
use crate::support::smtp::subjects;
use crate::support::world::{AIR, world, world_with_mail};
use crate::support::{TestApp, TestUser};

/// `GET /discussions/{query}` as `user`: the total.
async fn listed(app: &TestApp, user: Option<&TestUser>, query: &str) -> u64 {
    let (status, list) = app
        .call(
            Method::GET,
            &format!("/api/1/discussions/{query}"),
            user,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total: {list}"))
}

#[tokio::test]
async fn a_spam_word_holds_a_new_discussion_until_a_moderator_approves_it() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let spammer = app.user("Sam", Role::User).await;
    let outsider = app.user("Xavier", Role::User).await;
    let follower = app.user("Fanny", Role::User).await;
    follow(app, &follower, "ds-air").await;

    // A new account's ordinary first message goes out at once (first posts are not held by
    // default).
    let plain = open(app, &outsider, "ds-perso", "Relevés 2023", "Où sont-ils ?").await;
    assert_eq!(plain["pending"], false, "{plain}");
    assert_eq!(plain["discussion"][0]["pending"], false, "{plain}");
    assert_eq!(kinds(app, &w.owner).await, ["new_discussion"]);

    // The spam word is in the title only, in capitals.
    let question = "Une offre à ne pas manquer.";
    let created = open(app, &spammer, "ds-air", "Gagnez au CASINO", question).await;
    let id = id_of(&created);
    let message = id_of(&created["discussion"][0]);
    assert_eq!(created["pending"], true, "held, and its author sees so");
    assert_eq!(created["discussion"][0]["pending"], true, "{created}");
    let mine = read(app, spammer.me(), &id).await;
    assert_eq!(mine["pending"], true, "{mine}");
    assert_eq!(message_ids(&mine), [message.as_str()]);
    let seen = read(app, w.moderator.me(), &id).await;
    assert_eq!(seen["pending"], true, "moderators see it: {seen}");

    // Nobody else sees it, replies to it or reports it.
    for (who, user) in [
        ("anonymous", None),
        ("another user", outsider.me()),
        ("a producer", w.org_admin.me()),
        ("a follower", follower.me()),
    ] {
        let (status, body) = fetch(app, user, &id).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
        assert_eq!(
            listed(app, user, "?for=ds-air").await,
            0,
            "{who} lists nothing"
        );
    }
    assert_eq!(listed(app, None, "?q=casino").await, 0);
    assert_eq!(listed(app, spammer.me(), "?for=ds-air").await, 1);
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/"),
            outsider.me(),
            Some(json!({"comment": "Moi aussi !"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = report(
        app,
        None,
        json!({"subject": {"class": "Discussion", "id": id}, "reason": "spam"}),
    )
    .await;
    assert_refused(status, &body, "subject", "reporting a held discussion");

    // Counted nowhere, told to nobody.
    assert_eq!(counts(app, "/api/1/datasets/ds-air/").await, (0, 0));
    for nobody in [
        &w.org_admin,
        &w.org_editor,
        &follower,
        &w.moderator,
        &w.admin,
    ] {
        assert_eq!(
            kinds(app, nobody).await,
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
    }
    smtp.wait_for_to(&w.owner.email, 1, WAIT).await;
    settle(app).await;
    for nobody in [
        &w.org_admin,
        &w.org_editor,
        &follower,
        &w.moderator,
        &w.admin,
    ] {
        assert_eq!(
            subjects(&smtp, nobody),
            Vec::<String>::new(),
            "{} got a mail about a held discussion",
            nobody.name
        );
    }

    // In the queue, for moderators and admins.
    let queue = held(app, &w.moderator).await;
    assert_eq!(queue.len(), 1, "{queue:?}");
    let item = &queue[0];
    assert_eq!(item["id"], message.as_str(), "{item}");
    assert_eq!(item["discussion"], id.as_str(), "{item}");
    assert_eq!(item["title"], "Gagnez au CASINO", "{item}");
    assert_eq!(item["is_question"], true, "{item}");
    assert_eq!(item["content"], question, "{item}");
    assert!(
        item["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{item}"
    );
    assert_eq!(item["author"]["id"], spammer.id.as_str(), "{item}");
    assert_eq!(item["author"]["name"], "Sam", "{item}");
    assert_eq!(item["posted_on"], created["discussion"][0]["posted_on"]);
    assert_eq!(ids(&held(app, &w.admin).await), [message.as_str()]);

    // Approved: visible to all, counted, and told as if just posted.
    let (status, body) = approve(app, &w.moderator, &message).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let public = read(app, None, &id).await;
    assert_eq!(public["pending"], false, "{public}");
    assert_eq!(public["discussion"][0]["pending"], false, "{public}");
    assert_eq!(message_ids(&public), [message.as_str()]);
    assert_eq!(listed(app, None, "?for=ds-air").await, 1);
    assert_eq!(listed(app, outsider.me(), "?for=ds-air").await, 1);
    assert_eq!(counts(app, "/api/1/datasets/ds-air/").await, (1, 1));
    for producer in [&w.org_admin, &w.org_editor] {
        assert_eq!(
            kinds(app, producer).await,
            ["new_discussion"],
            "{}",
            producer.name
        );
    }
    assert_eq!(kinds(app, &follower).await, ["followed_discussion"]);
    assert_eq!(kinds(app, &spammer).await, Vec::<String>::new());
    for producer in [&w.org_admin, &w.org_editor] {
        let mails = smtp.wait_for_to(&producer.email, 1, WAIT).await;
        assert!(
            mails[0].subject.contains(AIR),
            "{}: {}",
            producer.name,
            mails[0].subject
        );
    }
    assert!(held(app, &w.moderator).await.is_empty());
    let (status, body) = approve(app, &w.moderator, &message).await;
    assert!(status.is_client_error(), "approving twice: {status} {body}");
    let (status, body) = approve(app, &w.moderator, "00000000-0000-0000-0000-000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    settle(app).await;
    assert_eq!(subjects(&smtp, &w.org_admin).len(), 1);
    assert_eq!(subjects(&smtp, &spammer), Vec::<String>::new());
}

#[tokio::test]
async fn a_reply_with_too_many_links_is_held_then_approved_or_removed_with_a_reason() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let other = app.user("Xavier", Role::User).await;
    let linker = app.user("Léo", Role::User).await;
    let id = id_of(
        &open(
            app,
            &asker,
            "ds-air",
            "Données 2023",
            "Où sont les relevés ?",
        )
        .await,
    );

    // Two links are allowed to a new account; three are not (whatever their case).
    let two = comment(
        app,
        &other,
        &id,
        "Voir https://a.example/1 et http://b.example/2",
    )
    .await;
    assert_eq!(last_message(&two)["pending"], false, "{two}");
    let view = comment(
        app,
        &linker,
        &id,
        "Promo zorglub : https://x.example/1 HTTPS://x.example/2 http://x.example/3",
    )
    .await;
    assert_eq!(view["pending"], false, "the discussion is not held: {view}");
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    let first_held = id_of(last_message(&view));
    let view = comment(
        app,
        &linker,
        &id,
        "Encore grumpf : https://y.example/1 https://y.example/2 https://y.example/3",
    )
    .await;
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    let second_held = id_of(last_message(&view));
    let visible = message_ids(&two);
    assert_eq!(visible.len(), 2);

    // Only their author and moderators see them.
    let mine = read(app, linker.me(), &id).await;
    let mut all = visible.clone();
    all.extend([first_held.clone(), second_held.clone()]);
    assert_eq!(
        message_ids(&mine),
        all,
        "the author sees their held replies"
    );
    assert_eq!(message_ids(&read(app, w.moderator.me(), &id).await), all);
    for (who, user) in [
        ("anonymous", None),
        ("the asker", asker.me()),
        ("a producer", w.org_admin.me()),
        ("another user", other.me()),
    ] {
        let seen = read(app, user, &id).await;
        assert_eq!(message_ids(&seen), visible, "{who}: {seen}");
    }

    // Told to nobody.
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment"],
        "the 2-link reply"
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment"])
    );
    assert_eq!(kinds(app, &other).await, Vec::<String>::new());
    smtp.wait_for_to(&asker.email, 1, WAIT).await;
    settle(app).await;
    assert_eq!(
        subjects(&smtp, &asker).len(),
        1,
        "{:?}",
        subjects(&smtp, &asker)
    );
    assert_eq!(subjects(&smtp, &other), Vec::<String>::new());

    // The queue, newest first.
    let queue = held(app, &w.moderator).await;
    assert_eq!(ids(&queue), [second_held.clone(), first_held.clone()]);
    for item in &queue {
        assert_eq!(item["discussion"], id.as_str(), "{item}");
        assert_eq!(item["title"], "Données 2023", "{item}");
        assert_eq!(item["is_question"], false, "{item}");
        assert_eq!(item["author"]["id"], linker.id.as_str(), "{item}");
        assert!(
            item["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{item}"
        );
    }
    assert!(
        queue[1]["content"]
            .as_str()
            .is_some_and(|c| c.contains("zorglub")),
        "{}",
        queue[1]
    );

    // Approving one: everyone sees it, the thread's people are told.
    let (status, body) = approve(app, &w.moderator, &first_held).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let mut after = visible.clone();
    after.push(first_held.clone());
    let public = read(app, None, &id).await;
    assert_eq!(message_ids(&public), after);
    assert_eq!(last_message(&public)["pending"], false, "{public}");
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "the approved reply is told as if just posted"
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment", "new_comment"])
    );
    assert_eq!(kinds(app, &other).await, ["new_comment"], "a participant");
    smtp.wait_for_to(&asker.email, 2, WAIT).await;

    // Removing the other needs a reason, which its author gets.
    for body in [json!({}), json!({"reason": "  "})] {
        let (status, error) = remove(app, &w.moderator, &second_held, body.clone()).await;
        assert_refused(status, &error, "reason", &format!("removing with {body}"));
    }
    assert_eq!(ids(&held(app, &w.moderator).await), [second_held.as_str()]);
    let reason = "Liens publicitaires répétés";
    let (status, body) = remove(app, &w.admin, &second_held, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        message_ids(&read(app, linker.me(), &id).await),
        after,
        "gone, for its author too"
    );
    assert_eq!(message_ids(&read(app, w.moderator.me(), &id).await), after);
    assert!(held(app, &w.moderator).await.is_empty());
    assert_eq!(kinds(app, &linker).await, ["content_removed"]);
    let mails = smtp.wait_for_to(&linker.email, 1, WAIT).await;
    assert!(
        mails[0].text.contains(reason),
        "the reason is in the mail: {}",
        mails[0].text
    );
    let (status, body) = remove(app, &w.admin, &second_held, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "removing twice: {body}");
    settle(app).await;
    assert_eq!(kinds(app, &asker).await, ["new_comment", "new_comment"]);
    assert_eq!(subjects(&smtp, &asker).len(), 2);
    assert_eq!(subjects(&smtp, &linker).len(), 1);
}

#[tokio::test]
async fn searching_finds_nothing_by_the_text_of_a_held_reply() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let spammer = app.user("Sam", Role::User).await;
    let id = id_of(
        &open(
            app,
            &asker,
            "ds-air",
            "Données 2023",
            "Où sont les relevés ?",
        )
        .await,
    );
    let view = comment(app, &spammer, &id, "Le meilleur casino zorglub en ligne").await;
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    assert_eq!(
        listed(app, spammer.me(), "?q=zorglub").await,
        1,
        "its author"
    );
    assert_eq!(listed(app, w.moderator.me(), "?q=zorglub").await, 1);
    for (who, user) in [
        ("anonymous", None),
        ("the asker", asker.me()),
        ("a producer", w.org_admin.me()),
    ] {
        assert_eq!(listed(app, user, "?q=relev").await, 1, "{who}");
        assert_eq!(
            listed(app, user, "?q=zorglub").await,
            0,
            "{who} finds the thread by the text of a held reply"
        );
    }
}

#[tokio::test]
async fn removing_a_held_question_removes_its_discussion_and_tells_its_author_why() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let spammer = app.user("Sam", Role::User).await;
    // One link in the title and two in the question: three in all.
    let created = open(
        app,
        &spammer,
        "ds-air",
        "Voir https://promo.example/",
        "Et https://promo.example/a puis https://promo.example/b",
    )
    .await;
    assert_eq!(created["pending"], true, "{created}");
    let id = id_of(&created);
    let message = id_of(&created["discussion"][0]);
    assert_eq!(ids(&held(app, &w.moderator).await), [message.as_str()]);

    let reason = "Publicité déguisée";
    let (status, body) = remove(app, &w.moderator, &message, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    for (who, user) in [
        ("its author", spammer.me()),
        ("a moderator", w.moderator.me()),
        ("anonymous", None),
    ] {
        let (status, body) = fetch(app, user, &id).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
    }
    assert_eq!(listed(app, spammer.me(), "").await, 0);
    assert!(held(app, &w.moderator).await.is_empty());
    assert_eq!(counts(app, "/api/1/datasets/ds-air/").await, (0, 0));
    assert_eq!(kinds(app, &spammer).await, ["content_removed"]);
    let mails = smtp.wait_for_to(&spammer.email, 1, WAIT).await;
    assert!(
        mails[0].text.contains(reason),
        "the reason is in the mail: {}",
        mails[0].text
    );
    settle(app).await;
    for nobody in [&w.org_admin, &w.org_editor, &w.moderator] {
        assert_eq!(
            kinds(app, nobody).await,
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
        assert_eq!(
            subjects(&smtp, nobody),
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
    }
    assert_eq!(subjects(&smtp, &spammer).len(), 1);
}

#[tokio::test]
async fn moderators_and_admins_are_never_held() {
    let w = world(&[("VITRINE_HOLD_FIRST_POSTS", "true")]).await;
    let app = &w.app;
    let links = "https://a.example/ https://b.example/ https://c.example/";
    let created = open(
        app,
        &w.moderator,
        "ds-air",
        "Casino et viagra",
        &format!("Un test : {links}"),
    )
    .await;
    assert_eq!(created["pending"], false, "{created}");
    let id = id_of(&created);
    let view = comment(app, &w.admin, &id, &format!("Casino ! {links}")).await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");
    let public = read(app, None, &id).await;
    assert_eq!(messages(&public).len(), 2, "{public}");
    assert!(held(app, &w.admin).await.is_empty());
    assert_eq!(counts(app, "/api/1/datasets/ds-air/").await, (1, 1));
}

#[tokio::test]
async fn with_hold_first_posts_a_new_accounts_first_message_waits() {
    let w = world(&[("VITRINE_HOLD_FIRST_POSTS", "true")]).await;
    let app = &w.app;
    let ada = app.user("Ada", Role::User).await;
    let bob = app.user("Bob", Role::User).await;

    let created = open(app, &ada, "ds-air", "Données 2023", "Où sont-elles ?").await;
    assert_eq!(created["pending"], true, "a first message: {created}");
    let ada_id = id_of(&created);
    let ada_first = id_of(&created["discussion"][0]);
    let (status, body) = fetch(app, bob.me(), &ada_id).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let queue = held(app, &w.moderator).await;
    assert_eq!(ids(&queue), [ada_first.as_str()]);
    assert!(
        queue[0]["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{}",
        queue[0]
    );

    // Moderators' and admins' first messages are not held.
    let thread = open(
        app,
        &w.moderator,
        "ds-air",
        "Bienvenue",
        "Posez vos questions.",
    )
    .await;
    assert_eq!(thread["pending"], false, "{thread}");
    let thread_id = id_of(&thread);
    let view = comment(app, &w.admin, &thread_id, "Bonjour à tous.").await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");

    // A first message that is a reply waits too.
    let view = comment(app, &bob, &thread_id, "Bonjour !").await;
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    let bob_first = id_of(last_message(&view));
    assert_eq!(messages(&read(app, None, &thread_id).await).len(), 2);
    assert_eq!(
        ids(&held(app, &w.moderator).await),
        [bob_first.clone(), ada_first.clone()]
    );

    // Once one is approved, the next ones go out at once.
    for message in [&ada_first, &bob_first] {
        let (status, body) = approve(app, &w.moderator, message).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    assert_eq!(read(app, None, &ada_id).await["pending"], false);
    assert_eq!(messages(&read(app, None, &thread_id).await).len(), 3);
    let view = comment(app, &ada, &ada_id, "Je précise : les relevés horaires.").await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");
    let view = comment(app, &bob, &thread_id, "Merci.").await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");
    let second = open(app, &ada, "ds-perso", "Autre question", "Et ici ?").await;
    assert_eq!(second["pending"], false, "{second}");
    assert!(held(app, &w.moderator).await.is_empty());
    assert_eq!(counts(app, "/api/1/datasets/ds-air/").await, (2, 2));
}
