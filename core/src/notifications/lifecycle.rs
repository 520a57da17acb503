//! A dataset people rely on changed in the catalog: archived, deleted, a resource gained or
//! lost, a new licence. The owners of the reuses using it (an organization's members for its
//! reuses) and its followers are told, each at most once a day for a dataset; its end (archived
//! or deleted) is told even after a lesser change of the same day.

use std::collections::HashMap;

use entity::{follows, members, reuse_datasets, reuses};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait};

use crate::db::Writes;
use crate::error::AppResult;
use crate::mail::render::{Excerpt, Message};
use crate::models::catalog::DatasetChange;
use crate::notifications::kinds::Kind;
use crate::notifications::{Notice, Notifier, plan_all};
use crate::urls::link;

/// Datasets a query names at most, well under both backends' bind-parameter limits.
const BATCH: usize = 500;

/// Tells the people relying on each changed dataset, in `db`'s transaction: a fixed number of
/// queries for each 500 datasets.
pub async fn datasets_changed(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    changes: &[DatasetChange],
) -> AppResult<()> {
    let day = crate::clock::now().date_naive();
    for chunk in changes.chunks(BATCH) {
        let ids: Vec<String> = chunk
            .iter()
            .map(|change| change.dataset.id.clone())
            .collect();
        let mut audience = audience(db, &ids).await?;
        let batch = chunk
            .iter()
            .map(|change| {
                let recipients = audience.remove(&change.dataset.id).unwrap_or_default();
                (notice(notifier, change, day), recipients)
            })
            .collect();
        let mut writes = Writes::default();
        plan_all(db, notifier, batch, &mut writes).await?;
        writes.run(db).await?;
    }
    Ok(())
}

/// The family of `change`'s daily event: a dataset's end (archived or deleted) is told even
/// when a lesser change of the same day was; other changes share one event a day.
fn daily_key(change: &DatasetChange) -> &'static str {
    if change.deleted || change.archived {
        "dataset_gone"
    } else {
        "dataset_changed"
    }
}

/// What people are told of `change`: one event a dataset a day (and its end), so that a second
/// change the same day is not told again.
fn notice(notifier: &Notifier<'_>, change: &DatasetChange, day: chrono::NaiveDate) -> Notice {
    let dataset = &change.dataset;
    // Catalog text, made into HTML by the Markdown renderer like every other text.
    let mut lines: Vec<String> = Vec::new();
    lines.extend(change.added.iter().map(|title| format!("- \\+ {title}")));
    lines.extend(change.removed.iter().map(|title| format!("- − {title}")));
    if let Some((from, to)) = &change.license {
        let name = |license: &Option<String>| license.clone().unwrap_or_else(|| "—".to_owned());
        lines.push(format!("- {} → {}", name(from), name(to)));
    }
    let excerpt = (!lines.is_empty()).then(|| Excerpt::of(&lines.join("\n")));
    Notice {
        message: Message {
            key: change.headline(),
            actor: String::new(),
            subject: dataset.title.clone(),
            title: dataset.title.clone(),
            excerpt,
            url: link(notifier.public_url, &format!("datasets/{}/", dataset.slug)),
            thread: None,
        },
        actor_id: String::new(),
        key: format!("{}:{day}:{}", daily_key(change), dataset.id),
        mutable_by: vec![("Dataset", dataset.id.clone())],
    }
}

/// Who hears about each of the datasets `ids`: the owners of the reuses using it, as
/// [`Kind::DatasetChanged`], then its followers, as [`Kind::FollowedDatasetChanged`].
async fn audience(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> AppResult<HashMap<String, Vec<(String, Kind)>>> {
    let uses = Query::select()
        .column((reuse_datasets::Entity, reuse_datasets::Column::DatasetId))
        .column((reuses::Entity, reuses::Column::OwnerId))
        .column((reuses::Entity, reuses::Column::OrganizationId))
        .from(reuse_datasets::Entity)
        .inner_join(
            reuses::Entity,
            Expr::col((reuses::Entity, reuses::Column::Id))
                .equals((reuse_datasets::Entity, reuse_datasets::Column::ReuseId)),
        )
        .and_where(reuse_datasets::Column::DatasetId.is_in(ids.iter().cloned()))
        .and_where(Expr::col((reuses::Entity, reuses::Column::Deleted)).is_null())
        .to_owned();
    let mut owners: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for row in db.query_all(&uses).await? {
        owners.push(row.try_get_many_by_index()?);
    }
    let mut orgs: Vec<String> = owners
        .iter()
        .filter_map(|(_, _, org)| org.clone())
        .collect();
    orgs.sort_unstable();
    orgs.dedup();
    let mut members_of: HashMap<String, Vec<String>> = HashMap::new();
    if !orgs.is_empty() {
        let query = Query::select()
            .column(members::Column::OrganizationId)
            .column(members::Column::UserId)
            .from(members::Entity)
            .and_where(members::Column::OrganizationId.is_in(orgs))
            .to_owned();
        for row in db.query_all(&query).await? {
            let (org, user): (String, String) = row.try_get_many_by_index()?;
            members_of.entry(org).or_default().push(user);
        }
    }
    let mut audience: HashMap<String, Vec<(String, Kind)>> = HashMap::new();
    for (dataset, owner, org) in owners {
        let heard = audience.entry(dataset).or_default();
        heard.extend(owner.map(|user| (user, Kind::DatasetChanged)));
        if let Some(org) = org {
            let members = members_of.get(&org).into_iter().flatten();
            heard.extend(members.map(|user| (user.clone(), Kind::DatasetChanged)));
        }
    }
    let followers = Query::select()
        .column(follows::Column::SubjectId)
        .column(follows::Column::FollowerId)
        .from(follows::Entity)
        .and_where(follows::Column::SubjectClass.eq("Dataset"))
        .and_where(follows::Column::SubjectId.is_in(ids.iter().cloned()))
        .to_owned();
    for row in db.query_all(&followers).await? {
        let (dataset, user): (String, String) = row.try_get_many_by_index()?;
        audience
            .entry(dataset)
            .or_default()
            .push((user, Kind::FollowedDatasetChanged));
    }
    for heard in audience.values_mut() {
        // Owners first (the first kind given for a person wins), each in a fixed order.
        heard.sort_by(|a, b| {
            (a.1 != Kind::DatasetChanged, &a.0).cmp(&(b.1 != Kind::DatasetChanged, &b.0))
        });
    }
    Ok(audience)
}
