//! Questions nobody answers: to the organization's admins after `VITRINE_ESCALATE_DAYS`, to
//! the community animators after twice that, each once, the jobs' clock moved forward; and
//! "awaiting your answer" on `/me/`, oldest first.

use chrono::TimeDelta;
use entity::discussions;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use vitrine::escalation::{Escalated, escalated_questions, run};
use vitrine::models::users::Role;

use super::name;
use crate::support::api::id_of;
use crate::support::discussions::{open, open_on, reply};
use crate::support::mail::{WAIT, settle};
use crate::support::notifications::inbox;
use crate::support::smtp::SmtpServer;
use crate::support::web::{page_as, signed_in};
use crate::support::world::{world, world_with_mail};
use crate::support::{TestApp, TestUser};

/// The escalations `by` was told of, as `(title, key)`.
async fn escalations_of(app: &TestApp, by: &TestUser) -> Vec<(String, String)> {
    let mut told: Vec<(String, String)> = inbox(app, by, "")
        .await
        .iter()
        .filter(|n| n["kind"] == "question_escalated")
        .map(|n| {
            let details = &n["details"];
            (
                details["title"].as_str().unwrap_or_default().to_owned(),
                details["key"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    told.sort();
    told
}

/// One run of the job at the app's clock.
async fn escalate(app: &TestApp) -> Escalated {
    run(&app.state).await.unwrap()
}

fn escalated(admins: u64, animators: u64) -> Escalated {
    Escalated { admins, animators }
}

/// Waits (up to [`WAIT`] seconds) for the escalation mails `to` got; returns their subjects and
/// texts.
async fn escalation_mails(smtp: &SmtpServer, to: &TestUser) -> Vec<(String, String)> {
    for _ in 0..WAIT * 10 {
        let mails: Vec<(String, String)> = smtp
            .mails_to(&to.email)
            .into_iter()
            .filter(|mail| mail.subject.contains("Question sans réponse"))
            .map(|mail| (mail.subject, mail.text))
            .collect();
        if !mails.is_empty() {
            return mails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{} got no escalation mail", to.name);
}

#[tokio::test]
async fn an_unanswered_question_goes_to_the_admins_then_to_the_animators_once_each() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    name(app, Some(&w.org_admin), "ds-air", &w.org_editor.id).await;
    let waiting = id_of(&open(app, &asker, "ds-air", "Données 2023", "Où ?").await);
    // Answered by a producer within five days: never escalated.
    let answered = id_of(&open(app, &asker, "ds-velo", "Comptages", "Par heure ?").await);
    // About data no organization publishes: its owner alone answers for it.
    open(app, &asker, "ds-perso", "Relevés", "Lesquels ?").await;
    assert_eq!(escalate(app).await, escalated(0, 0), "nothing is due yet");
    app.state.clock.advance(TimeDelta::days(1));
    reply(
        app,
        &w.org_editor,
        &answered,
        json!({"comment": "Par heure."}),
    )
    .await;
    app.state.clock.advance(TimeDelta::days(3));
    assert_eq!(escalate(app).await, escalated(0, 0), "four days: not yet");

    // Five days and more: the organization's admins, once, even with two workers at it.
    app.state.clock.advance(TimeDelta::days(2));
    let (first, second) = tokio::join!(escalate(app), escalate(app));
    assert_eq!(first.admins + second.admins, 1, "{first:?} {second:?}");
    assert_eq!(first.animators + second.animators, 0);
    assert_eq!(escalate(app).await, escalated(0, 0), "once");
    let key = format!("escalated:{waiting}:admins");
    assert_eq!(
        escalations_of(app, &w.org_admin).await,
        [("Données 2023".to_owned(), key.clone())]
    );
    let mails = escalation_mails(&smtp, &w.org_admin).await;
    let (subject, text) = &mails[0];
    assert!(subject.contains("Données 2023"), "{subject}");
    assert!(text.contains("Camille"), "{text}");
    for not_yet in [&w.org_editor, &w.moderator, &w.admin, &asker] {
        assert!(
            escalations_of(app, not_yet).await.is_empty(),
            "{}",
            not_yet.name
        );
    }
    assert!(escalated_questions(app.db(), 10).await.unwrap().is_empty());

    // Ten days and more: the community animators, once.
    app.state.clock.advance(TimeDelta::days(5));
    assert_eq!(escalate(app).await, escalated(0, 1));
    assert_eq!(escalate(app).await, escalated(0, 0), "once");
    let key = format!("escalated:{waiting}:animators");
    for animator in [&w.moderator, &w.admin] {
        assert_eq!(
            escalations_of(app, animator).await,
            [("Données 2023".to_owned(), key.clone())],
            "{}",
            animator.name
        );
        escalation_mails(&smtp, animator).await;
    }
    assert_eq!(escalations_of(app, &w.org_admin).await.len(), 1);
    let dashboard = escalated_questions(app.db(), 10).await.unwrap();
    let ids: Vec<&str> = dashboard
        .iter()
        .map(|entry| entry.question.discussion.id.as_str())
        .collect();
    assert_eq!(ids, [waiting.as_str()]);
    assert_eq!(dashboard[0].question.author, "Camille");
    settle(app).await;
    assert_eq!(escalation_mails(&smtp, &w.org_admin).await.len(), 1);

    // Answered at last: off the animators' list.
    reply(app, &w.org_editor, &waiting, json!({"comment": "Ici."})).await;
    assert!(escalated_questions(app.db(), 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn me_lists_the_questions_awaiting_an_answer_oldest_first() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    open(
        app,
        &asker,
        "ds-velo",
        "Première question",
        "Depuis quand ?",
    )
    .await;
    open_on(
        app,
        &asker,
        "Dataset",
        "ds-air",
        "Deuxième question",
        "Et ?",
    )
    .await;
    let answered = id_of(&open(app, &asker, "ds-air", "Question répondue", "?").await);
    reply(app, &w.org_admin, &answered, json!({"comment": "Voilà."})).await;
    open(app, &asker, "ds-perso", "Question perso", "?").await;
    app.state.clock.advance(TimeDelta::days(3));

    let cookie = signed_in(app, &w.org_editor.id).await;
    let html = page_as(app, "/me/", &cookie).await;
    assert!(html.contains("En attente de votre réponse"), "{html}");
    let list = awaiting(&html);
    assert_eq!(list, ["Première question", "Deuxième question"], "{html}");
    // How long each has waited, by the jobs' clock.
    assert_eq!(
        html.matches("en attente depuis 3 jours").count(),
        2,
        "{html}"
    );

    // With the admin as ds-velo's steward, its question no longer awaits the editor; the admin
    // sees both.
    let (status, body) = super::name(app, Some(&w.org_admin), "ds-velo", &w.org_admin.id).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let html = page_as(app, "/me/", &cookie).await;
    assert_eq!(awaiting(&html), ["Deuxième question"], "{html}");
    let admin = signed_in(app, &w.org_admin.id).await;
    let html = page_as(app, "/me/", &admin).await;
    assert_eq!(
        awaiting(&html),
        ["Première question", "Deuxième question"],
        "{html}"
    );

    // Olivia publishes ds-perso alone: its question awaits her, and nothing else.
    let cookie = signed_in(app, &w.owner.id).await;
    let html = page_as(app, "/me/", &cookie).await;
    assert_eq!(awaiting(&html), ["Question perso"], "{html}");
    // Nobody's data, nothing awaits.
    let cookie = signed_in(app, &asker.id).await;
    let html = page_as(app, "/me/", &cookie).await;
    assert!(html.contains("id=\"awaiting-none\""), "{html}");
}

/// The titles of the questions `/me/` lists as awaiting an answer, in its order.
fn awaiting(html: &str) -> Vec<String> {
    let start = html
        .find("id=\"my-questions\"")
        .unwrap_or_else(|| panic!("no list in {html}"));
    let list = &html[start..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li class=\"awaiting\"><a href=\"")
        .skip(1)
        .map(|item| {
            let title = &item[item.find('>').unwrap() + 1..];
            title[..title.find('<').unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn vitrine_escalate_runs_the_job_once_with_the_configured_days() {
    let w = world(&[("VITRINE_ESCALATE_DAYS", "2")]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let id = id_of(&open(app, &asker, "ds-air", "Données 2023", "Où ?").await);
    let escalate = |days: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .arg("escalate")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(&app.env)
            .env("VITRINE_ESCALATE_DAYS", days)
            .output()
            .unwrap()
    };
    let refused = escalate("0");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("VITRINE_ESCALATE_DAYS"), "{said}");
    let said = |output: std::process::Output| {
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    };
    assert_eq!(said(escalate("2")), "escalated admins 0 animators 0");
    // Asked three days ago (the command reads the real clock).
    discussions::Entity::update_many()
        .col_expr(
            discussions::Column::Created,
            Expr::value(chrono::Utc::now() - TimeDelta::days(3)),
        )
        .filter(discussions::Column::Id.eq(id.as_str()))
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(said(escalate("2")), "escalated admins 1 animators 0");
    assert_eq!(said(escalate("2")), "escalated admins 0 animators 0");
    assert_eq!(said(escalate("1")), "escalated admins 0 animators 1");
}
