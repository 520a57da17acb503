//! The outbox under faults, against a real SMTP server: the server away for a while, two workers
//! at once, a worker killed mid-batch. Every mail arrives; none twice beyond those a killed
//! worker had in flight.

use std::collections::HashMap;
use std::time::Duration;

use entity::outbox;
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::mail::queue_mails;
use crate::support::smtp::{SmtpServer, deliveries};

async fn statuses(app: &TestApp) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for row in outbox::Entity::find().all(app.db()).await.unwrap() {
        *counts.entry(row.status).or_default() += 1;
    }
    counts
}

#[tokio::test]
async fn mails_wait_while_smtp_is_down_and_all_arrive_once_after() {
    let Some(mut smtp) = SmtpServer::start().await else {
        return;
    };
    smtp.stop();
    let url = smtp.url();
    let app = TestApp::with_env(&[
        ("VITRINE_SMTP_URL", url.as_str()),
        ("VITRINE_MAIL_RETRY_SECONDS", "1"),
    ])
    .await;
    let admin = app.user("Admin", Role::Admin).await;
    let producer = app.user("Producteur", Role::User).await;
    let asker = app.user("Camille", Role::User).await;
    let (_, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&producer),
            Some(json!({"name": "Météo locale"})),
        )
        .await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-meteo", "title": "Relevés météo", "organization": org["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for n in 0..3 {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(&asker),
                Some(json!({
                    "title": format!("Question {n}"),
                    "comment": "Quelle est la fréquence des relevés ?",
                    "subject": {"class": "Dataset", "id": "ds-meteo"},
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    // The worker tries, fails, records why, and keeps the mails.
    let mut tried = false;
    for _ in 0..50 {
        let rows = outbox::Entity::find().all(app.db()).await.unwrap();
        if rows.len() == 3
            && rows
                .iter()
                .all(|row| row.attempts >= 1 && row.last_error.is_some())
        {
            tried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        tried,
        "the worker should have tried and failed: {:?}",
        statuses(&app).await
    );
    assert_eq!(smtp.mails().len(), 0);
    assert_eq!(statuses(&app).await.get("sent"), None);

    smtp.resume().await;
    let mails = smtp.wait_for(3, 40).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = if smtp.mails().len() > mails.len() {
        smtp.mails()
    } else {
        mails
    };
    assert_eq!(mails.len(), 3, "each mail once");
    let ids: std::collections::HashSet<_> = mails
        .iter()
        .map(|mail| mail.header("Message-ID").unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        mails
            .iter()
            .all(|mail| mail.subject.contains("Relevés météo"))
    );
    assert_eq!(statuses(&app).await.get("sent"), Some(&3));
    let sent = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("sent"))
        .all(app.db())
        .await
        .unwrap();
    assert!(
        sent.iter()
            .all(|row| row.sent_at.is_some() && row.last_error.is_none())
    );
}

#[tokio::test]
async fn two_workers_at_once_never_send_the_same_mail() {
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let url = smtp.url();
    let app = TestApp::with_env(&[
        ("VITRINE_SMTP_URL", url.as_str()),
        ("VITRINE_MAIL_WORKER", "false"),
    ])
    .await;
    let recipients = queue_mails(&app, "reader", 120).await;
    let mut first = app.spawn(&["worker", "--once"]);
    let mut second = app.spawn(&["worker", "--once"]);
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    let mails = smtp.wait_for(120, 30).await;
    let counts = deliveries(&mails);
    for to in &recipients {
        assert_eq!(counts.get(to), Some(&1), "{to}");
    }
    assert_eq!(mails.len(), 120);
    assert_eq!(statuses(&app).await.get("sent"), Some(&120));
}

#[tokio::test]
async fn a_worker_killed_mid_batch_loses_nothing() {
    let Some(smtp) = SmtpServer::start_slow(0.2).await else {
        return;
    };
    let url = smtp.url();
    let app = TestApp::with_env(&[
        ("VITRINE_SMTP_URL", url.as_str()),
        ("VITRINE_MAIL_WORKER", "false"),
        ("VITRINE_MAIL_LEASE_SECONDS", "2"),
        ("VITRINE_MAIL_CONCURRENCY", "4"),
    ])
    .await;
    let recipients = queue_mails(&app, "reader", 20).await;
    let mut worker = app.spawn(&["worker"]);
    smtp.wait_for(3, 30).await;
    worker.kill().unwrap(); // SIGKILL: no chance to tidy up
    worker.wait().unwrap();
    let before = statuses(&app).await;
    assert!(
        before.get("sending").copied().unwrap_or_default() > 0,
        "the killed worker held claimed mails: {before:?}"
    );
    // Once the lease is over another worker takes them up.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let output = app.command(&["worker", "--once"]);
    assert!(output.status.success(), "{output:?}");
    let mails = smtp.wait_for(20, 30).await;
    let counts = deliveries(&mails);
    for to in &recipients {
        assert!(
            counts.get(to).copied().unwrap_or_default() >= 1,
            "{to} lost"
        );
    }
    let twice = counts.values().filter(|n| **n > 1).count();
    assert!(
        twice <= 4,
        "only the mails the killed worker was handing over (4 at once) may arrive twice: {counts:?}"
    );
    assert_eq!(statuses(&app).await.get("sent"), Some(&20));
}

/// SIGTERM, unlike a kill, lets the worker finish the sends under way and give back the mails it
/// claimed but had not started: none waits for a lease, none goes twice.
#[tokio::test]
async fn a_worker_stopped_mid_batch_finishes_its_sends_and_gives_back_the_rest() {
    let Some(smtp) = SmtpServer::start_slow(0.5).await else {
        return;
    };
    let url = smtp.url();
    let app = TestApp::with_env(&[
        ("VITRINE_SMTP_URL", url.as_str()),
        ("VITRINE_MAIL_WORKER", "false"),
        ("VITRINE_MAIL_CONCURRENCY", "2"),
    ])
    .await;
    let recipients = queue_mails(&app, "drained", 12).await;
    let mut worker = app.spawn(&["worker"]);
    smtp.wait_for(1, 30).await;
    let term = std::process::Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let status = tokio::task::spawn_blocking(move || worker.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status:?}");
    let after = statuses(&app).await;
    assert_eq!(
        after.get("sending"),
        None,
        "nothing left claimed: {after:?}"
    );
    let sent = after.get("sent").copied().unwrap_or_default();
    assert!((1..12).contains(&sent), "stopped mid-batch: {after:?}");
    // Every mail marked sent arrived, and the SMTP server got no other.
    let delivered = smtp.wait_for(sent, 10).await;
    assert_eq!(delivered.len(), sent);
    let given_back = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("pending"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(given_back.len(), 12 - sent);
    assert!(
        given_back.iter().all(|row| row.attempts == 0),
        "given back uncounted"
    );
    // The next worker sends them at once, each once.
    let output = app.command(&["worker", "--once"]);
    assert!(output.status.success(), "{output:?}");
    let counts = deliveries(&smtp.wait_for(12, 30).await);
    for to in &recipients {
        assert_eq!(counts.get(to), Some(&1), "{to}");
    }
}
