//! The outbox: waiting until it is drained, and filling it straight.
//!
//! A mail that must not go out is checked once the outbox is drained (nothing pending or being
//! sent): everything written before then has reached the server, or is held for a digest, or
//! was never written.

use std::time::Duration;

use entity::outbox;
use sea_orm::EntityTrait;
use vitrine::mail::Mail;
use vitrine::mail::outbox::enqueue;

use super::app::{TestApp, TestUser};

/// Seconds to wait for a mail.
pub const WAIT: u64 = 15;

/// Waits until the outbox has nothing left to send (pending or being sent).
pub async fn settle(app: &TestApp) {
    let mut left = Vec::new();
    for _ in 0..WAIT * 10 {
        left = outbox::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .into_iter()
            .filter(|row| row.status == "pending" || row.status == "sending")
            .map(|row| (row.recipient, row.template, row.status, row.last_error))
            .collect();
        if left.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the outbox still has mails to send after {WAIT} s: {left:?}");
}

/// `(status, template)` of the outbox rows for `to`, sorted.
pub async fn outbox_of(app: &TestApp, to: &TestUser) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = outbox::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.recipient == to.email)
        .map(|row| (row.status, row.template))
        .collect();
    rows.sort();
    rows
}

/// Queues `count` mails straight into the outbox, one per recipient `<batch>-<n>@example.org`.
pub async fn queue_mails(app: &TestApp, batch: &str, count: usize) -> Vec<String> {
    let mut recipients = Vec::with_capacity(count);
    for n in 0..count {
        let to = format!("{batch}-{n}@example.org");
        let mail = Mail {
            to: to.clone(),
            to_name: format!("{batch} {n}"),
            subject: format!("[Vitrine] {batch} {n}"),
            text: format!("Lot {batch}, courriel {n}."),
            html: format!("<p>Lot {batch}, courriel {n}.</p>"),
            message_id: format!("{batch}-{n}-{}@example.org", uuid::Uuid::new_v4().simple()),
            thread_id: None,
            unsubscribe: None,
            url: app.url.clone(),
            lang: "fr".to_owned(),
        };
        enqueue(app.db(), &mail, "test", &format!("{batch}:{n}"), false)
            .await
            .unwrap();
        recipients.push(to);
    }
    recipients
}
