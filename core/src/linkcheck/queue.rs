//! The links the checker watches, kept in step with what they belong to, and the queue of
//! those due: claimed for a while (a lease) by the checker that visits them, so two workers
//! never visit the same link at once and a checker that dies gives its links back.

use chrono::{DateTime, TimeDelta, Utc};
use entity::{dataset_resources, datasets, links, reuses};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};

use crate::error::AppResult;

/// What a link belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A reuse's page (`reuses.url`).
    Reuse,
    /// A dataset resource's file (`dataset_resources.url`).
    Resource,
}

impl LinkKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reuse => "reuse",
            Self::Resource => "resource",
        }
    }

    /// The id of the link of the thing numbered `target_id`.
    pub fn link_id(self, target_id: &str) -> String {
        format!("{}:{target_id}", self.as_str())
    }
}

/// Brings the watched links in step with the reuses and resources, in a few statements
/// whatever their number: links of what is gone are forgotten (with their history), links of
/// private or archived reuses wait, a changed address starts afresh, and what is new is due now.
pub async fn enrol(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<()> {
    let backend = db.get_database_backend();
    let reuse = LinkKind::Reuse.as_str();
    // The reuse a link row points at, as a correlated subquery.
    let of_reuse = |extra: &str| {
        format!(
            "EXISTS (SELECT 1 FROM reuses r WHERE r.id = links.target_id AND r.deleted IS NULL{extra})"
        )
    };
    let hidden = " AND (r.private = TRUE OR r.archived IS NOT NULL)";
    let shown = " AND r.private = FALSE AND r.archived IS NULL";
    let statements = [
        format!(
            "DELETE FROM links WHERE kind = '{reuse}' AND NOT {}",
            of_reuse("")
        ),
        format!(
            "UPDATE links SET url = (SELECT r.url FROM reuses r WHERE r.id = links.target_id), \
             state = 'unknown', failures = 0, failing_since = NULL, owner_told_at = NULL, \
             last_reason = NULL, next_check_at = {now}, lease_until = NULL \
             WHERE kind = '{reuse}' AND {}",
            of_reuse(" AND r.url <> links.url"),
            now = placeholder(backend, 1),
        ),
        format!(
            "UPDATE links SET next_check_at = NULL, lease_until = NULL \
             WHERE kind = '{reuse}' AND next_check_at IS NOT NULL AND {}",
            of_reuse(hidden)
        ),
        format!(
            "UPDATE links SET next_check_at = {now} \
             WHERE kind = '{reuse}' AND next_check_at IS NULL AND {}",
            of_reuse(shown),
            now = placeholder(backend, 1),
        ),
        String::from(
            "DELETE FROM links WHERE kind = 'resource' AND NOT EXISTS \
             (SELECT 1 FROM dataset_resources s JOIN datasets d ON d.id = s.dataset_id \
             WHERE s.id = links.target_id AND s.url = links.url AND d.deleted = FALSE \
             AND d.private = FALSE)",
        ),
    ];
    for sql in statements {
        let values = if sql.contains(&placeholder(backend, 1)) {
            vec![now.into()]
        } else {
            Vec::new()
        };
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    for missing in [missing_reuses(now), missing_resources(now)] {
        let insert = Query::insert()
            .into_table(links::Entity)
            .columns([
                links::Column::Id,
                links::Column::Kind,
                links::Column::TargetId,
                links::Column::Url,
                links::Column::State,
                links::Column::Failures,
                links::Column::NextCheckAt,
            ])
            .select_from(missing)
            .map_err(|err| sea_orm::DbErr::Custom(err.to_string()))?
            // Two checkers enrolling at once: the second finds the row there.
            .on_conflict(
                OnConflict::column(links::Column::Id)
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        db.execute(&insert).await?;
    }
    Ok(())
}

/// `$n` on PostgreSQL, `?` elsewhere.
fn placeholder(backend: DatabaseBackend, n: usize) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// The rows of `links` the public reuses that have none would get.
fn missing_reuses(now: DateTime<Utc>) -> SelectStatement {
    let watched = Query::select()
        .expr(Expr::val(1))
        .from(links::Entity)
        .and_where(links::Column::Kind.eq(LinkKind::Reuse.as_str()))
        .and_where(
            Expr::col((links::Entity, links::Column::TargetId))
                .equals((reuses::Entity, reuses::Column::Id)),
        )
        .to_owned();
    Query::select()
        .expr(Expr::cust("'reuse:' || reuses.id"))
        .expr(Expr::val(LinkKind::Reuse.as_str()))
        .column((reuses::Entity, reuses::Column::Id))
        .column((reuses::Entity, reuses::Column::Url))
        .expr(Expr::val("unknown"))
        .expr(Expr::val(0))
        .expr(Expr::val(now))
        .from(reuses::Entity)
        .and_where(reuses::Column::Private.eq(false))
        .and_where(reuses::Column::Archived.is_null())
        .and_where(reuses::Column::Deleted.is_null())
        .and_where(Expr::exists(watched).not())
        .to_owned()
}

/// The rows of `links` the resources of public, live datasets that have none would get.
fn missing_resources(now: DateTime<Utc>) -> SelectStatement {
    let watched = Query::select()
        .expr(Expr::val(1))
        .from(links::Entity)
        .and_where(links::Column::Kind.eq(LinkKind::Resource.as_str()))
        .and_where(
            Expr::col((links::Entity, links::Column::TargetId))
                .equals((dataset_resources::Entity, dataset_resources::Column::Id)),
        )
        .to_owned();
    Query::select()
        .expr(Expr::cust("'resource:' || dataset_resources.id"))
        .expr(Expr::val(LinkKind::Resource.as_str()))
        .column((dataset_resources::Entity, dataset_resources::Column::Id))
        .column((dataset_resources::Entity, dataset_resources::Column::Url))
        .expr(Expr::val("unknown"))
        .expr(Expr::val(0))
        .expr(Expr::val(now))
        .from(dataset_resources::Entity)
        .inner_join(
            datasets::Entity,
            Expr::col((datasets::Entity, datasets::Column::Id)).equals((
                dataset_resources::Entity,
                dataset_resources::Column::DatasetId,
            )),
        )
        .and_where(Expr::col((datasets::Entity, datasets::Column::Deleted)).eq(false))
        .and_where(Expr::col((datasets::Entity, datasets::Column::Private)).eq(false))
        .and_where(
            Expr::col((dataset_resources::Entity, dataset_resources::Column::Url)).like("http%"),
        )
        .and_where(Expr::exists(watched).not())
        .to_owned()
}

/// Claims up to `limit` links due at `now` for `lease`, soonest due first. On PostgreSQL rows
/// another checker holds are skipped (`FOR UPDATE SKIP LOCKED`); SQLite runs one write at a
/// time, so the same statement is atomic there.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
    lease: TimeDelta,
) -> AppResult<Vec<links::Model>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "UPDATE links SET lease_until = $1 WHERE id IN (SELECT id FROM links \
             WHERE next_check_at <= $2 AND (lease_until IS NULL OR lease_until <= $2) \
             ORDER BY next_check_at LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING *"
        }
        _ => {
            "UPDATE links SET lease_until = ?1 WHERE id IN (SELECT id FROM links \
             WHERE next_check_at <= ?2 AND (lease_until IS NULL OR lease_until <= ?2) \
             ORDER BY next_check_at LIMIT ?3) RETURNING *"
        }
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    Ok(links::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            backend,
            sql,
            [(now + lease).into(), now.into(), limit.into()],
        ))
        .all(db)
        .await?)
}

/// The watched link of `kind` and `target_id`, if any.
pub async fn link_of(
    db: &impl ConnectionTrait,
    kind: LinkKind,
    target_id: &str,
) -> AppResult<Option<links::Model>> {
    Ok(links::Entity::find_by_id(kind.link_id(target_id))
        .one(db)
        .await?)
}

/// The watched links of `kind` for the things numbered `ids` (those never enrolled have none).
pub async fn links_of(
    db: &impl ConnectionTrait,
    kind: LinkKind,
    ids: &[String],
) -> AppResult<Vec<links::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(links::Entity::find()
        .filter(links::Column::Kind.eq(kind.as_str()))
        .filter(links::Column::TargetId.is_in(ids.iter().cloned()))
        .all(db)
        .await?)
}

/// The states of the links of the reuses `ids`, for marks on cards: `(reuse id, state)`.
pub async fn reuse_states(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> AppResult<Vec<(String, String)>> {
    Ok(links_of(db, LinkKind::Reuse, ids)
        .await?
        .into_iter()
        .map(|link| (link.target_id, link.state))
        .collect())
}
