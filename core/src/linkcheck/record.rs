//! Writing down what a batch of visits found: each visit in the link's history, each link's new
//! health, and, for a reuse that just broke, a word to its owner; all in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use entity::{link_checks, links, members, reuses};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession,
    TransactionTrait,
};

use super::health::{Health, LinkState};
use super::probe::{Probe, Verdict};
use super::queue::LinkKind;
use crate::db::Writes;
use crate::error::AppResult;
use crate::mail::render::Message;
use crate::notifications::kinds::Kind;
use crate::notifications::{Notice, Notifier, plan_all};

/// How long a link's visits are kept.
pub const HISTORY_KEPT: TimeDelta = TimeDelta::days(90);

/// Who acts when the checker tells an owner (nobody's account).
const CHECKER: &str = "link-checker";

/// What a batch of visits changed, added up over a pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Links visited.
    pub checked: usize,
    /// Visits that found the page.
    pub works: usize,
    /// Visits that did not.
    pub failed: usize,
    /// Visits that counted neither way (429).
    pub unknown: usize,
    /// Reuses that became broken, their owners told.
    pub broken: usize,
    /// Broken links that work again.
    pub recovered: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Self) {
        self.checked += other.checked;
        self.works += other.works;
        self.failed += other.failed;
        self.unknown += other.unknown;
        self.broken += other.broken;
        self.recovered += other.recovered;
    }
}

/// Records `visits` (each claimed link with what its visit found) at `now`.
pub async fn record(
    db: &(impl ConnectionTrait + TransactionTrait),
    notifier: &Notifier<'_>,
    visits: Vec<(links::Model, Probe)>,
    now: DateTime<Utc>,
) -> AppResult<Tally> {
    let mut tally = Tally::default();
    if visits.is_empty() {
        return Ok(tally);
    }
    let txn = db.begin().await?;
    let mut history = Vec::with_capacity(visits.len());
    let mut newly_broken = Vec::new();
    for (link, probe) in &visits {
        let before = Health {
            state: LinkState::parse(&link.state),
            failures: link.failures,
            failing_since: link.failing_since,
            owner_told_at: link.owner_told_at,
        };
        let change = before.after(probe.verdict, now);
        // Written only while this checker still holds the link at the address it visited:
        // a link forgotten, re-addressed or hidden meanwhile, or taken by another checker after
        // the lease ran out, keeps what happened to it since, and this visit is dropped.
        let kept = links::Entity::update_many()
            .col_expr(
                links::Column::State,
                change.health.state.as_str().to_owned().into(),
            )
            .col_expr(links::Column::Failures, change.health.failures.into())
            .col_expr(
                links::Column::FailingSince,
                change.health.failing_since.into(),
            )
            .col_expr(
                links::Column::OwnerToldAt,
                change.health.owner_told_at.into(),
            )
            .col_expr(links::Column::LastCheckedAt, Some(now).into())
            .col_expr(links::Column::LastReason, Some(probe.reason.clone()).into())
            .col_expr(
                links::Column::NextCheckAt,
                Some(change.next_check_at).into(),
            )
            .col_expr(
                links::Column::LeaseUntil,
                Option::<DateTime<Utc>>::None.into(),
            )
            .filter(links::Column::Id.eq(link.id.as_str()))
            .filter(links::Column::Url.eq(link.url.as_str()))
            .filter(links::Column::LeaseUntil.eq(link.lease_until))
            .exec(&txn)
            .await?
            .rows_affected;
        if kept == 0 {
            continue;
        }
        tally.checked += 1;
        match probe.verdict {
            Verdict::Works => tally.works += 1,
            Verdict::Fails => tally.failed += 1,
            Verdict::Unknown => tally.unknown += 1,
        }
        tally.recovered += usize::from(change.recovered);
        if change.tell_owner && link.kind == LinkKind::Reuse.as_str() {
            newly_broken.push(link);
        }
        history.push(link_checks::ActiveModel {
            id: Set(crate::models::new_row_id()),
            link_id: Set(link.id.clone()),
            url: Set(link.url.clone()),
            checked_at: Set(now),
            verdict: Set(verdict_word(probe.verdict).to_owned()),
            reason: Set(probe.reason.clone()),
            status: Set(probe.status.map(i32::from)),
            duration_ms: Set(i32::try_from(probe.elapsed.as_millis()).unwrap_or(i32::MAX)),
            final_url: Set((probe.final_url != link.url).then(|| probe.final_url.clone())),
        });
    }
    if !history.is_empty() {
        link_checks::Entity::insert_many(history)
            .exec_without_returning(&txn)
            .await?;
    }
    link_checks::Entity::delete_many()
        .filter(link_checks::Column::LinkId.is_in(visits.iter().map(|(link, _)| link.id.clone())))
        .filter(link_checks::Column::CheckedAt.lt(now - HISTORY_KEPT))
        .exec(&txn)
        .await?;
    tally.broken = tell_owners(&txn, notifier, &newly_broken).await?;
    txn.commit().await?;
    Ok(tally)
}

/// Forgets the visits older than [`HISTORY_KEPT`] of links that rest (their reuse private or
/// archived): those are not visited, so [`record`] never prunes them.
///
/// Cost: the resting links (`next_check_at` null), then their visits by `(link_id, checked_at)`.
pub async fn prune_resting(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let resting = Query::select()
        .column(links::Column::Id)
        .from(links::Entity)
        .and_where(links::Column::NextCheckAt.is_null())
        .to_owned();
    Ok(link_checks::Entity::delete_many()
        .filter(link_checks::Column::LinkId.in_subquery(resting))
        .filter(link_checks::Column::CheckedAt.lt(now - HISTORY_KEPT))
        .exec(db)
        .await?
        .rows_affected)
}

/// The word a verdict is kept as.
pub fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Works => "works",
        Verdict::Fails => "fails",
        Verdict::Unknown => "unknown",
    }
}

/// Tells the owners of the reuses whose links just broke (the reuse's owner, or its
/// organization's admins when it has no owner), once per breakage; how many reuses.
async fn tell_owners(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    broken: &[&links::Model],
) -> AppResult<usize> {
    if broken.is_empty() {
        return Ok(0);
    }
    let found = reuses::Entity::find()
        .filter(reuses::Column::Id.is_in(broken.iter().map(|link| link.target_id.clone())))
        .all(db)
        .await?;
    let orgs: Vec<String> = found
        .iter()
        .filter(|reuse| reuse.owner_id.is_none())
        .filter_map(|reuse| reuse.organization_id.clone())
        .collect();
    let mut admins: HashMap<String, Vec<String>> = HashMap::new();
    if !orgs.is_empty() {
        for member in members::Entity::find()
            .filter(members::Column::OrganizationId.is_in(orgs))
            .filter(members::Column::Role.eq("admin"))
            .all(db)
            .await?
        {
            admins
                .entry(member.organization_id)
                .or_default()
                .push(member.user_id);
        }
    }
    let links: HashMap<&str, &links::Model> = broken
        .iter()
        .map(|link| (link.target_id.as_str(), *link))
        .collect();
    let mut batch = Vec::new();
    for reuse in &found {
        let Some(link) = links.get(reuse.id.as_str()) else {
            continue;
        };
        let recipients: Vec<String> = match (&reuse.owner_id, &reuse.organization_id) {
            (Some(owner), _) => vec![owner.clone()],
            (None, Some(org)) => admins.get(org).cloned().unwrap_or_default(),
            (None, None) => Vec::new(),
        };
        let since = link.failing_since.unwrap_or_default().timestamp();
        let notice = Notice {
            message: Message {
                key: "link_broken",
                actor: notifier.site_name.to_owned(),
                subject: link.url.clone(),
                title: reuse.title.clone(),
                excerpt: None,
                url: notifier
                    .public_url
                    .join(&format!("reuses/{}/edit", reuse.slug))
                    .map(|url| url.to_string())
                    .unwrap_or_default(),
                thread: None,
            },
            actor_id: CHECKER.to_owned(),
            key: format!("link_broken:{}:{since}", reuse.id),
            mutable_by: vec![("Reuse", reuse.id.clone())],
        };
        let told = recipients
            .into_iter()
            .map(|user| (user, Kind::LinkBroken))
            .collect();
        batch.push((notice, told));
    }
    let count = batch.len();
    let mut writes = Writes::default();
    plan_all(db, notifier, batch, &mut writes).await?;
    writes.run(db).await?;
    Ok(count)
}
