//! Reuses: what people build on open datasets. Reading here; writing in `write`, lists in `list`.

pub mod index;
pub mod kinds;
pub mod list;
pub mod write;

use std::collections::HashMap;

use entity::{datasets, organizations, reuse_datasets, reuse_slugs, reuse_tags, reuses, users};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::{AppError, AppResult};
use crate::models::organizations::organizations_by_id;
use crate::models::users::users_by_id;
use crate::permissions::Viewer;

/// A reuse with what its views need.
#[derive(Clone, Debug)]
pub struct ReuseCard {
    /// The row.
    pub reuse: reuses::Model,
    /// Tags, sorted (none read for a [`Detail::Summary`]).
    pub tags: Vec<String>,
    /// Linked datasets, in the order they were linked (none read for a [`Detail::Summary`]).
    pub datasets: Vec<datasets::Model>,
    /// The owning user, when no organization owns it.
    pub owner: Option<users::Model>,
    /// The owning organization.
    pub organization: Option<organizations::Model>,
}

/// How much of a reuse its card carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Tags and linked datasets too: the API's views, a reuse's own page and form.
    Full,
    /// The owner or organization only: the cards of lists and feeds show neither tags nor
    /// datasets (a dataset page's dozen cards read 40 links and datasets for nothing).
    Summary,
}

/// What looking a reuse up found.
pub enum Found {
    /// The reuse.
    Reuse(Box<ReuseCard>),
    /// An old slug: the reuse now lives under this slug.
    MovedTo(String),
}

/// Who can see a reuse: visible ones to everybody; private or dataset-less ones to their owner,
/// their organization's members, moderators and admins; deleted ones to moderators and admins.
pub fn visible_to(viewer: &Viewer) -> Condition {
    let visible = Condition::all()
        .add(reuses::Column::Private.eq(false))
        .add(reuses::Column::Deleted.is_null())
        .add(reuses::Column::DatasetsCount.gt(0));
    if viewer.can_moderate() {
        return Condition::all();
    }
    let Some(user) = &viewer.user else {
        return visible;
    };
    let theirs = Condition::any()
        .add(reuses::Column::OwnerId.eq(user.id.as_str()))
        .add(
            reuses::Column::OrganizationId.in_subquery(
                Query::select()
                    .column(entity::members::Column::OrganizationId)
                    .from(entity::members::Entity)
                    .and_where(entity::members::Column::UserId.eq(user.id.as_str()))
                    .to_owned(),
            ),
        );
    Condition::any().add(visible).add(
        Condition::all()
            .add(theirs)
            .add(reuses::Column::Deleted.is_null()),
    )
}

/// The reuse with this id or slug as `viewer` may see it: 404 when hidden from them, 410 when
/// deleted, [`Found::MovedTo`] for an old slug.
pub async fn find_reuse(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id_or_slug: &str,
) -> AppResult<Found> {
    let by_key = || {
        Condition::any()
            .add(reuses::Column::Id.eq(id_or_slug))
            .add(reuses::Column::Slug.eq(id_or_slug))
    };
    // The common case, a reuse the viewer may see, in one query; the others tell why not.
    let visible = reuses::Entity::find()
        .filter(by_key())
        .filter(visible_to(viewer))
        .one(db)
        .await?;
    if let Some(row) = visible {
        let mut cards = reuse_cards(db, vec![row]).await?;
        return cards
            .pop()
            .map(|card| Found::Reuse(Box::new(card)))
            .ok_or_else(|| AppError::not_found("reuse", id_or_slug));
    }
    match reuses::Entity::find().filter(by_key()).one(db).await? {
        Some(row) if row.deleted.is_some() => Err(AppError::Gone(format!(
            "reuse {id_or_slug:?} has been deleted"
        ))),
        Some(_) => Err(AppError::not_found("reuse", id_or_slug)),
        None => {
            let moved = reuse_slugs::Entity::find_by_id(id_or_slug.to_owned())
                .find_also_related(reuses::Entity)
                .one(db)
                .await?;
            match moved {
                Some((_, Some(reuse))) => Ok(Found::MovedTo(reuse.slug)),
                _ => Err(AppError::not_found("reuse", id_or_slug)),
            }
        }
    }
}

/// The reuse with this id, whatever its state (for writes, after permission checks).
pub async fn reuse_by_id(db: &impl ConnectionTrait, id_or_slug: &str) -> AppResult<reuses::Model> {
    reuses::Entity::find()
        .filter(
            Condition::any()
                .add(reuses::Column::Id.eq(id_or_slug))
                .add(reuses::Column::Slug.eq(id_or_slug)),
        )
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("reuse", id_or_slug))
}

/// Adds tags, datasets, owners and organizations to rows, in four queries whatever their number
/// (three when no organization or no user owns one of them).
pub async fn reuse_cards(
    db: &impl ConnectionTrait,
    rows: Vec<reuses::Model>,
) -> AppResult<Vec<ReuseCard>> {
    reuse_cards_with(db, rows, Detail::Full).await
}

/// Adds what `detail` asks for to rows: owners and organizations in two queries whatever their
/// number, tags and datasets in two more.
pub async fn reuse_cards_with(
    db: &impl ConnectionTrait,
    rows: Vec<reuses::Model>,
    detail: Detail,
) -> AppResult<Vec<ReuseCard>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    let mut linked: HashMap<String, Vec<datasets::Model>> = HashMap::new();
    if !ids.is_empty() && detail == Detail::Full {
        for row in reuse_tags::Entity::find()
            .filter(reuse_tags::Column::ReuseId.is_in(ids.clone()))
            .order_by_asc(reuse_tags::Column::Tag)
            .all(db)
            .await?
        {
            tags.entry(row.reuse_id).or_default().push(row.tag);
        }
        // Links with their datasets: a nested loop of key lookups (the page's few dozen links).
        let links = reuse_datasets::Entity::find()
            .filter(reuse_datasets::Column::ReuseId.is_in(ids.clone()))
            .order_by_asc(reuse_datasets::Column::CreatedAt)
            .find_also_related(datasets::Entity)
            .all(db)
            .await?;
        for (link, dataset) in links {
            if let Some(dataset) = dataset {
                linked.entry(link.reuse_id).or_default().push(dataset);
            }
        }
    }
    let orgs =
        organizations_by_id(db, rows.iter().filter_map(|r| r.organization_id.clone())).await?;
    let owners = users_by_id(db, rows.iter().filter_map(|r| r.owner_id.clone())).await?;
    Ok(rows
        .into_iter()
        .map(|reuse| ReuseCard {
            tags: tags.remove(&reuse.id).unwrap_or_default(),
            datasets: linked.remove(&reuse.id).unwrap_or_default(),
            owner: reuse
                .owner_id
                .as_ref()
                .and_then(|id| owners.get(id).cloned()),
            organization: reuse
                .organization_id
                .as_ref()
                .and_then(|id| orgs.get(id).cloned()),
            reuse,
        })
        .collect())
}
