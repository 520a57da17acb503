//! The mail worker: sends what the outbox holds, through SMTP (`VITRINE_SMTP_URL`) or into
//! `.eml` files of the data directory, and writes the daily digests when their hour comes.

use std::path::PathBuf;
use std::time::Duration as StdDuration;

use chrono::{Duration, Timelike};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::error::{AppError, AppResult};
use crate::mail::{Mail, outbox};
use crate::shutdown::Stop;
use entity::outbox::Model as OutboxRow;

/// Mails claimed at a time, per mail sent at once: enough that the last round of a batch, which
/// waits for its slowest mail, costs little.
const BATCH_PER_SEND: u64 = 8;
/// Pause when nothing is due.
const IDLE: StdDuration = StdDuration::from_secs(1);

/// Where mails go.
pub enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a directory (the default run: nothing is lost, nothing leaves the machine).
    Files(PathBuf),
}

impl Transport {
    /// The transport `config` asks for; SMTP connections are kept open and reused, as many as
    /// mails are sent at once.
    pub fn from_config(config: &Config) -> AppResult<Self> {
        let pool = PoolConfig::new()
            .max_size(u32::try_from(config.mail_concurrency).unwrap_or(u32::MAX))
            .idle_timeout(StdDuration::from_secs(30));
        match &config.smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
                .map(|builder| {
                    Self::Smtp(
                        builder
                            .timeout(Some(StdDuration::from_secs(30)))
                            .pool_config(pool)
                            .build(),
                    )
                })
                .map_err(|err| AppError::Internal(format!("VITRINE_SMTP_URL: {err}"))),
            None => Ok(Self::Files(config.data_dir.join("mail"))),
        }
    }

    /// Sends one mail; the error says why it could not.
    pub async fn send(&self, mail: &Mail, from: &str) -> Result<(), String> {
        let message = build(mail, from)?;
        match self {
            Self::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|err| err.to_string()),
            Self::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|err| err.to_string())?;
                let name = mail.message_id.replace(['@', '/', '\\'], "_");
                let path = dir.join(format!("{name}.eml"));
                let partial = dir.join(format!(".{name}.eml.partial"));
                tokio::fs::write(&partial, message.formatted())
                    .await
                    .map_err(|err| err.to_string())?;
                tokio::fs::rename(&partial, &path)
                    .await
                    .map_err(|err| err.to_string())
            }
        }
    }
}

fn raw_header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

/// The MIME message of `mail`: text and HTML alternatives, threading and unsubscribe headers.
fn build(mail: &Mail, from: &str) -> Result<lettre::Message, String> {
    let from: Mailbox = from
        .parse()
        .map_err(|err| format!("VITRINE_MAIL_FROM: {err}"))?;
    let to = Mailbox::new(
        Some(mail.to_name.clone()),
        mail.to
            .parse()
            .map_err(|err| format!("recipient {:?}: {err}", mail.to))?,
    );
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{}>", mail.message_id)));
    if let Some(thread) = &mail.thread_id {
        builder = builder
            .in_reply_to(format!("<{thread}>"))
            .references(format!("<{thread}>"));
    }
    let mut message = builder
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|err| err.to_string())?;
    if let Some(url) = &mail.unsubscribe {
        let headers = message.headers_mut();
        headers.insert_raw(raw_header("List-Unsubscribe", format!("<{url}>")));
        headers.insert_raw(raw_header(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_owned(),
        ));
    }
    message
        .headers_mut()
        .insert_raw(raw_header("Content-Language", mail.lang.clone()));
    Ok(message)
}

/// Sends every mail due now, batch after batch, `mail_concurrency` at a time; each is marked sent
/// as soon as the server took it, so a worker that dies resends at most the mails in flight.
/// Returns how many were sent.
pub async fn send_due(
    db: &DatabaseConnection,
    transport: &Transport,
    config: &Config,
) -> AppResult<usize> {
    send_due_until(db, transport, config, &Stop::never()).await
}

/// [`send_due`], until `stop` is given: then the sends under way finish (each is marked sent or
/// failed), and the claimed mails not yet started are given back at once for the next worker.
async fn send_due_until(
    db: &DatabaseConnection,
    transport: &Transport,
    config: &Config,
    stop: &Stop,
) -> AppResult<usize> {
    let lease = Duration::from_std(config.mail_lease).unwrap_or(Duration::minutes(5));
    let mut sent = 0;
    while !stop.is_stopped() {
        let size = BATCH_PER_SEND * u64::try_from(config.mail_concurrency).unwrap_or(1);
        let batch = outbox::claim(db, size, lease).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        let mut waiting = batch.into_iter();
        let mut sending = FuturesUnordered::new();
        loop {
            while sending.len() < config.mail_concurrency && !stop.is_stopped() {
                let Some(row) = waiting.next() else { break };
                sending.push(async move { send_one(db, transport, config, &row).await });
            }
            match sending.next().await {
                Some(result) => sent += usize::from(result?),
                None => break,
            }
        }
        let unsent: Vec<String> = waiting.map(|row| row.id).collect();
        if !unsent.is_empty() {
            outbox::release(db, &unsent).await?;
        }
    }
    Ok(sent)
}

/// Sends one claimed mail and records the outcome; `true` when it went.
async fn send_one(
    db: &DatabaseConnection,
    transport: &Transport,
    config: &Config,
    row: &OutboxRow,
) -> AppResult<bool> {
    let result = match serde_json::from_str::<Mail>(&row.payload) {
        Ok(mail) => transport.send(&mail, &config.mail_from).await,
        Err(err) => Err(format!("unreadable payload: {err}")),
    };
    match result {
        Ok(()) => {
            outbox::mark_sent(db, &row.id).await?;
            Ok(true)
        }
        Err(error) => {
            tracing::warn!(id = %row.id, attempts = row.attempts, %error, "mail not sent");
            let base = Duration::from_std(config.mail_retry_base).unwrap_or(Duration::seconds(60));
            outbox::mark_failed(db, row, &error, config.mail_max_attempts, base).await?;
            Ok(false)
        }
    }
}

/// Writes today's digests once their hour has come (idempotent: each is written once per
/// recipient and day, whatever the number of workers). Returns how many were written, or `None`
/// when the hour has not come yet.
pub async fn digest_if_due(db: &DatabaseConnection, config: &Config) -> AppResult<Option<usize>> {
    let now = crate::clock::now();
    if now.hour() < config.digest_hour {
        return Ok(None);
    }
    let cutoff = now
        .date_naive()
        .and_hms_opt(config.digest_hour, 0, 0)
        .map_or(now, |at| at.and_utc());
    let written = outbox::compose_digests(
        db,
        now.date_naive(),
        cutoff,
        &config.public_url,
        &config.site.name,
    )
    .await?;
    Ok(Some(written))
}

/// Runs until `stop` is given: sends what is due, writes digests when their hour comes. On the
/// signal, the mails already claimed are sent before it returns.
pub async fn run(db: DatabaseConnection, config: std::sync::Arc<Config>, mut stop: Stop) {
    let transport = match Transport::from_config(&config) {
        Ok(transport) => transport,
        Err(err) => {
            tracing::error!(error = %err, "mail worker cannot start");
            return;
        }
    };
    tracing::info!(smtp = config.smtp_url.is_some(), "mail worker started");
    // The day whose digests this worker wrote: once a day is enough (mails held after the hour
    // go into the next day's).
    let mut digested_on = None;
    while !stop.is_stopped() {
        let today = crate::clock::now().date_naive();
        if digested_on != Some(today) {
            match digest_if_due(&db, &config).await {
                Ok(Some(_)) => digested_on = Some(today),
                Ok(None) => {}
                Err(err) => tracing::error!(error = %err, "daily digests failed; retried shortly"),
            }
        }
        let pause = match send_due_until(&db, &transport, &config, &stop).await {
            Ok(0) => IDLE,
            Ok(sent) => {
                tracing::info!(sent, "mails sent");
                continue;
            }
            Err(err) => {
                tracing::error!(error = %err, "outbox unreachable; retried shortly");
                IDLE * 5
            }
        };
        tokio::select! {
            () = tokio::time::sleep(pause) => {},
            () = stop.stopped() => {},
        }
    }
    tracing::info!("mail worker stopped");
}
