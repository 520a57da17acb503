//! The durable outbox: mails are rows written in the transaction of the event that causes them,
//! claimed by one worker at a time, retried with exponential backoff, never lost.
//!
//! Status: `pending` (to send), `sending` (claimed until `next_attempt_at`, then claimable again:
//! a worker that died mid-send loses nothing), `sent`, `failed` (gave up; shown to admins),
//! `held` (waits for the recipient's daily digest), `digested` (went out in a digest).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::outbox;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set, Statement, TransactionSession, TransactionTrait,
};
use url::Url;

use crate::db::Writes;
use crate::error::{AppError, AppResult};
use crate::mail::{Mail, render};

/// A mail to write to the outbox: see [`enqueue_all`].
pub struct Queued {
    /// The mail.
    pub mail: Mail,
    /// Its template (and kind), for the record.
    pub template: String,
    /// Names it once: a second mail with the same key is not written.
    pub key: String,
    /// Held for the daily digest rather than sent.
    pub held: bool,
}

/// `status = '<status>'` with the status written into the SQL rather than bound: the outbox's
/// indexes are partial, one for each status searched (migration 000013), and a prepared
/// statement's plan can use one only when the status is part of its text.
fn status_is(status: &'static str) -> Expr {
    Expr::col(outbox::Column::Status).eq(Expr::cust(format!("'{status}'")))
}

/// Writes a mail to send (or to hold for the digest) unless one with `key` exists already.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    mail: &Mail,
    template: &str,
    key: &str,
    held: bool,
) -> AppResult<()> {
    enqueue_all(
        db,
        vec![Queued {
            mail: mail.clone(),
            template: template.to_owned(),
            key: key.to_owned(),
            held,
        }],
    )
    .await
}

/// Writes these mails in one statement, each unless one with its key exists already.
pub async fn enqueue_all(db: &impl ConnectionTrait, mails: Vec<Queued>) -> AppResult<()> {
    let mut writes = Writes::default();
    queue_all(&mut writes, mails)?;
    Ok(writes.run(db).await?)
}

/// Adds to `writes` the statement that writes these mails (see [`enqueue_all`]).
pub fn queue_all(writes: &mut Writes, mails: Vec<Queued>) -> AppResult<()> {
    if mails.is_empty() {
        return Ok(());
    }
    let now = crate::clock::now();
    let mut rows = Vec::with_capacity(mails.len());
    for queued in mails {
        let payload = serde_json::to_string(&queued.mail)
            .map_err(|err| AppError::Internal(format!("mail payload: {err}")))?;
        rows.push(outbox::ActiveModel {
            id: Set(crate::models::new_row_id()),
            recipient: Set(queued.mail.to.clone()),
            template: Set(queued.template),
            payload: Set(payload),
            status: Set(if queued.held { "held" } else { "pending" }.to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_error: Set(None),
            sent_at: Set(None),
            idempotency_key: Set(queued.key),
            created_at: Set(now),
        });
    }
    writes.push(
        outbox::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(outbox::Column::IdempotencyKey)
                    .do_nothing()
                    .to_owned(),
            )
            .into_query(),
    );
    Ok(())
}

/// Claims up to `limit` mails due now for `lease` (they come back if not finished by then).
/// On PostgreSQL rows another worker holds are skipped (`FOR UPDATE SKIP LOCKED`); SQLite runs
/// one write at a time, so the same statement is atomic there.
pub async fn claim(
    db: &impl ConnectionTrait,
    limit: u64,
    lease: Duration,
) -> AppResult<Vec<outbox::Model>> {
    let now = crate::clock::now();
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = $1 \
             WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') \
             AND next_attempt_at <= $2 ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING *"
        }
        _ => {
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ? \
             WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') \
             AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?) RETURNING *"
        }
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    Ok(outbox::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            backend,
            sql,
            [(now + lease).into(), now.into(), limit.into()],
        ))
        .all(db)
        .await?)
}

/// Gives claimed mails back unsent and uncounted (a worker stopping), due now for another.
pub async fn release(db: &impl ConnectionTrait, ids: &[String]) -> AppResult<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, "pending".into())
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).sub(1),
        )
        .col_expr(outbox::Column::NextAttemptAt, crate::clock::now().into())
        .filter(outbox::Column::Id.is_in(ids.iter().cloned()))
        .filter(outbox::Column::Status.eq("sending"))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a mail as sent.
pub async fn mark_sent(db: &impl ConnectionTrait, id: &str) -> AppResult<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, "sent".into())
        .col_expr(outbox::Column::SentAt, Some(crate::clock::now()).into())
        .col_expr(outbox::Column::LastError, Option::<String>::None.into())
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: retried after `base × 2^(attempts-1)` (at most a day), or given up
/// after `max_attempts`.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    row: &outbox::Model,
    error: &str,
    max_attempts: i32,
    base: Duration,
) -> AppResult<()> {
    let gave_up = row.attempts >= max_attempts;
    let exponent = u32::try_from(row.attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    let delay = (base * 2_i32.pow(exponent)).min(Duration::days(1));
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            if gave_up { "failed" } else { "pending" }.into(),
        )
        .col_expr(
            outbox::Column::NextAttemptAt,
            (crate::clock::now() + delay).into(),
        )
        .col_expr(outbox::Column::LastError, Some(error.to_owned()).into())
        .filter(outbox::Column::Id.eq(row.id.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Mails the worker gave up on, newest first, for admins.
pub async fn failed_mails(db: &impl ConnectionTrait, limit: u64) -> AppResult<Vec<outbox::Model>> {
    Ok(outbox::Entity::find()
        .filter(status_is("failed"))
        .order_by_desc(outbox::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Puts a failed mail back in the queue (an admin's retry).
pub async fn retry(db: &impl ConnectionTrait, id: &str) -> AppResult<()> {
    let done = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, "pending".into())
        .col_expr(outbox::Column::Attempts, 0.into())
        .col_expr(outbox::Column::NextAttemptAt, crate::clock::now().into())
        .filter(outbox::Column::Id.eq(id))
        .filter(status_is("failed"))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::not_found("failed mail", id));
    }
    Ok(())
}

/// What waits in the outbox, for the metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Mails not sent yet: to send (`pending`) or being sent (`sending`).
    pub unsent: u64,
    /// When the oldest of those was written.
    pub oldest: Option<DateTime<Utc>>,
    /// Mails given up on (`failed`).
    pub failed: u64,
}

/// The outbox's [`Backlog`]: two counts, each on the partial index of its statuses.
pub async fn backlog(db: &impl ConnectionTrait) -> AppResult<Backlog> {
    let (unsent, oldest): (i64, Option<DateTime<Utc>>) = outbox::Entity::find()
        .select_only()
        .column_as(Expr::col(outbox::Column::Id).count(), "unsent")
        .column_as(Expr::col(outbox::Column::CreatedAt).min(), "oldest")
        // Written as the index `idx_outbox_due` is, for SQLite to use it.
        .filter(Expr::cust("status IN ('pending', 'sending')"))
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or_default();
    let failed: i64 = outbox::Entity::find()
        .select_only()
        .column_as(Expr::col(outbox::Column::Id).count(), "failed")
        .filter(status_is("failed"))
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or_default();
    Ok(Backlog {
        unsent: u64::try_from(unsent).unwrap_or_default(),
        oldest,
        failed: u64::try_from(failed).unwrap_or_default(),
    })
}

/// Gathers each recipient's held mails of before `cutoff` into one digest dated `day`. The
/// digest's key (`digest:<recipient>:<day>`) makes it once per recipient and day, whatever the
/// number of workers doing this at the same time; they are signed by the site named `site`.
/// Returns how many digests were written.
pub async fn compose_digests<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    day: NaiveDate,
    cutoff: DateTime<Utc>,
    public_url: &Url,
    site: &str,
) -> AppResult<usize> {
    let recipients: Vec<String> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Recipient)
        .filter(status_is("held"))
        .filter(outbox::Column::CreatedAt.lte(cutoff))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut written = 0;
    for recipient in recipients {
        let txn = crate::db::begin_write(db).await?;
        let rows = outbox::Entity::find()
            .filter(status_is("held"))
            .filter(outbox::Column::Recipient.eq(recipient.as_str()))
            .filter(outbox::Column::CreatedAt.lte(cutoff))
            .order_by_asc(outbox::Column::CreatedAt)
            .all(&txn)
            .await?;
        let held: Vec<Mail> = rows
            .iter()
            .filter_map(|row| serde_json::from_str(&row.payload).ok())
            .collect();
        let key = format!("digest:{recipient}:{day}");
        let Some(mail) = render::digest(&held, &key, public_url, site)? else {
            continue;
        };
        let payload = serde_json::to_string(&mail)
            .map_err(|err| AppError::Internal(format!("mail payload: {err}")))?;
        let now = crate::clock::now();
        let inserted = outbox::Entity::insert(outbox::ActiveModel {
            id: Set(crate::models::new_row_id()),
            recipient: Set(recipient.clone()),
            template: Set("digest".to_owned()),
            payload: Set(payload),
            status: Set("pending".to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_error: Set(None),
            sent_at: Set(None),
            idempotency_key: Set(key),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(outbox::Column::IdempotencyKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 1 {
            outbox::Entity::update_many()
                .col_expr(outbox::Column::Status, "digested".into())
                .filter(outbox::Column::Id.is_in(rows.iter().map(|row| row.id.clone())))
                .exec(&txn)
                .await?;
            written += 1;
        }
        txn.commit().await?;
    }
    Ok(written)
}
