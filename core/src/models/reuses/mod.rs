//! Reuses: what people build on open datasets. Reading here; writing in `write`, lists in `list`.

pub mod kinds;
pub mod list;
pub mod write;

use std::collections::HashMap;

use entity::{datasets, organizations, reuse_datasets, reuse_slugs, reuses, users};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, IntoIden, JoinType, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, IdenStatic,
    Iterable, QueryFilter, QueryOrder,
};

use crate::error::{AppError, AppResult};
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
    let by_key = || by_key(id_or_slug);
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
            // An old slug leads only to a reuse the viewer may see: a hidden reuse's new slug
            // is as secret as the reuse.
            let moved = reuse_slugs::Entity::find_by_id(id_or_slug.to_owned())
                .find_also_related(reuses::Entity)
                .filter(visible_to(viewer))
                .one(db)
                .await?;
            match moved {
                Some((_, Some(reuse))) => Ok(Found::MovedTo(reuse.slug)),
                _ => Err(AppError::not_found("reuse", id_or_slug)),
            }
        }
    }
}

/// The reuse `key` names: the one with this id, else the one with this slug. Never two: a slug
/// made before slugs were kept from looking like ids may be another reuse's id, and the id wins.
fn by_key(key: &str) -> Condition {
    let id_taken = Query::select()
        .expr(Expr::val(1))
        .from(reuses::Entity)
        .and_where(reuses::Column::Id.eq(key))
        .to_owned();
    Condition::any().add(reuses::Column::Id.eq(key)).add(
        Condition::all()
            .add(reuses::Column::Slug.eq(key))
            .add(Expr::exists(id_taken).not()),
    )
}

/// The reuse with this id, current slug or old slug, whatever its state (for writes, after
/// permission checks): a write on an old slug acts on the reuse, as udata's do. An old slug
/// leads only to a reuse `viewer` may see, as [`find_reuse`]'s do: a hidden reuse's new name is
/// as secret as the reuse.
pub async fn reuse_by_id(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id_or_slug: &str,
) -> AppResult<reuses::Model> {
    if let Some(reuse) = reuses::Entity::find()
        .filter(by_key(id_or_slug))
        .one(db)
        .await?
    {
        return Ok(reuse);
    }
    reuse_slugs::Entity::find_by_id(id_or_slug.to_owned())
        .find_also_related(reuses::Entity)
        .filter(visible_to(viewer))
        .one(db)
        .await?
        .and_then(|(_, reuse)| reuse)
        .ok_or_else(|| AppError::not_found("reuse", id_or_slug))
}

/// The full cards of these rows (tags, datasets, owner, organization), in two queries whatever
/// their number.
pub async fn reuse_cards(
    db: &impl ConnectionTrait,
    rows: Vec<reuses::Model>,
) -> AppResult<Vec<ReuseCard>> {
    reuse_cards_with(db, rows, Detail::Full).await
}

/// The cards of these rows, as [`reuse_cards_by_ids`] reads them (the rows again with them: one
/// query by key, where adding to the rows took one more).
pub async fn reuse_cards_with(
    db: &impl ConnectionTrait,
    rows: Vec<reuses::Model>,
    detail: Detail,
) -> AppResult<Vec<ReuseCard>> {
    let ids: Vec<String> = rows.into_iter().map(|row| row.id).collect();
    reuse_cards_by_ids(db, &ids, detail).await
}

/// A reuse's tags joined by the unit separator (tags are slugs: never one of their characters).
const TAGS_POSTGRES: &str =
    "(SELECT string_agg(tag, chr(31)) FROM reuse_tags WHERE reuse_tags.reuse_id = reuses.id)";
const TAGS_SQLITE: &str =
    "(SELECT group_concat(tag, char(31)) FROM reuse_tags WHERE reuse_tags.reuse_id = reuses.id)";

/// The cards of the reuses with these ids, in the order of `ids` (an id not found is left
/// out): each row with its organization, its owner and, for a [`Detail::Full`] card, its tags
/// in one query; linked datasets in a second. A page of the gallery is one or two round trips,
/// whatever its size (it was five).
pub async fn reuse_cards_by_ids(
    db: &impl ConnectionTrait,
    ids: &[String],
    detail: Detail,
) -> AppResult<Vec<ReuseCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let mut query = Query::select();
    query
        .from(reuses::Entity)
        .and_where(reuses::Column::Id.is_in(ids.to_vec()));
    with_columns::<reuses::Entity>(&mut query, "A_");
    with_columns::<organizations::Entity>(&mut query, "B_");
    with_columns::<users::Entity>(&mut query, "C_");
    let owners = [
        (
            organizations::Entity.into_iden(),
            Expr::col((organizations::Entity, organizations::Column::Id))
                .equals((reuses::Entity, reuses::Column::OrganizationId)),
        ),
        (
            users::Entity.into_iden(),
            Expr::col((users::Entity, users::Column::Id))
                .equals((reuses::Entity, reuses::Column::OwnerId)),
        ),
    ];
    for (table, key) in owners {
        if backend == DbBackend::Postgres {
            // One key lookup a row: for a plain join PostgreSQL hashes the whole table (a
            // page's two dozen rows against 2,000 organizations: three times the work).
            let one = Query::select()
                .column(Asterisk)
                .from(table.clone())
                .and_where(key)
                .limit(1)
                .to_owned();
            query.join_lateral(JoinType::LeftJoin, one, table, Expr::cust("TRUE"));
        } else {
            query.left_join(table, key);
        }
    }
    if detail == Detail::Full {
        let tags = match backend {
            DbBackend::Postgres => TAGS_POSTGRES,
            _ => TAGS_SQLITE,
        };
        query.expr_as(Expr::cust(tags), "tags");
    }
    let mut found: HashMap<String, ReuseCard> = HashMap::with_capacity(ids.len());
    for row in db.query_all(&query).await? {
        let reuse = reuses::Model::from_query_result(&row, "A_")?;
        let mut tags: Vec<String> = match detail {
            Detail::Full => row
                .try_get::<Option<String>>("", "tags")?
                .map(|joined| joined.split('\u{1f}').map(str::to_owned).collect())
                .unwrap_or_default(),
            Detail::Summary => Vec::new(),
        };
        tags.sort();
        let card = ReuseCard {
            tags,
            datasets: Vec::new(),
            organization: organizations::Model::from_query_result_optional(&row, "B_")?,
            owner: users::Model::from_query_result_optional(&row, "C_")?,
            reuse,
        };
        found.insert(card.reuse.id.clone(), card);
    }
    if detail == Detail::Full {
        for (id, datasets) in linked_datasets(db, ids).await? {
            if let Some(card) = found.get_mut(&id) {
                card.datasets = datasets;
            }
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The datasets each of these reuses uses, in the order they were linked: the links with their
/// datasets in one query (a nested loop of key lookups for a page's few dozen links).
async fn linked_datasets(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> AppResult<HashMap<String, Vec<datasets::Model>>> {
    let mut linked: HashMap<String, Vec<datasets::Model>> = HashMap::new();
    let links = reuse_datasets::Entity::find()
        .filter(reuse_datasets::Column::ReuseId.is_in(ids.to_vec()))
        .order_by_asc(reuse_datasets::Column::CreatedAt)
        // Links made at once (an import) in one order whatever the query.
        .order_by_asc(reuse_datasets::Column::DatasetId)
        .find_also_related(datasets::Entity)
        .all(db)
        .await?;
    for (link, dataset) in links {
        if let Some(dataset) = dataset {
            linked.entry(link.reuse_id).or_default().push(dataset);
        }
    }
    Ok(linked)
}

/// Selects every column of `E` as `prefix` and its name, as SeaORM reads a model back.
fn with_columns<E: EntityTrait + Default>(query: &mut SelectStatement, prefix: &str) {
    for column in E::Column::iter() {
        query.expr_as(
            Expr::col((E::default(), column)),
            format!("{prefix}{}", column.as_str()),
        );
    }
}
