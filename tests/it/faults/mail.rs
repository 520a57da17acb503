//! SMTP going away in the middle of a run (tests/it/faults/outbox.rs covers SMTP down from the
//! start and the worker killed mid-batch): the worker's pooled connections break, the mails
//! queued meanwhile wait, and once SMTP is back each mail arrives exactly once.

use std::time::Duration;

use entity::outbox;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::TestApp;
use crate::support::mail::queue_mails;
use crate::support::smtp::{SmtpServer, deliveries};

#[tokio::test]
async fn smtp_going_away_mid_run_loses_nothing_and_sends_nothing_twice() {
    let Some(mut smtp) = SmtpServer::start().await else {
        return;
    };
    let url = smtp.url();
    let app = TestApp::with_env(&[
        ("VITRINE_SMTP_URL", url.as_str()),
        ("VITRINE_MAIL_RETRY_SECONDS", "1"),
    ])
    .await;
    let mut recipients = queue_mails(&app, "avant", 15).await;
    smtp.wait_for(15, 60).await;

    smtp.stop();
    let during = queue_mails(&app, "pendant", 15).await;
    let mut waited = false;
    for _ in 0..300 {
        let rows = outbox::Entity::find()
            .filter(outbox::Column::Recipient.like("pendant-%"))
            .all(app.db())
            .await
            .unwrap();
        if rows
            .iter()
            .all(|row| row.attempts >= 1 && row.last_error.is_some() && row.status != "sent")
        {
            waited = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        waited,
        "every mail queued while SMTP is away was tried and kept"
    );
    assert_eq!(smtp.mails().len(), 15, "nothing sent while SMTP is away");

    smtp.resume().await;
    recipients.extend(during);
    let mails = smtp.wait_for(30, 60).await;
    // Let a duplicate, if any, arrive before counting.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = smtp.mails().len().max(mails.len());
    let counts = deliveries(&smtp.mails());
    for to in &recipients {
        assert_eq!(counts.get(to), Some(&1), "{to} got its mail once");
    }
    assert_eq!(mails, 30);
    let sent = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("sent"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(sent.len(), 30);
}
