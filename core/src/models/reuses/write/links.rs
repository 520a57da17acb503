//! What hangs off a reuse row: its slug, its tags, its links to datasets and the datasets'
//! reuse counts, kept right by every write.

use entity::{datasets, reuse_datasets, reuse_slugs, reuse_tags, reuses};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query, QueryStatementBuilder, UnionType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::db::Writes;
use crate::error::{AppError, AppResult};
use crate::import::slugify;

pub(super) async fn unique_reuse_slug(db: &impl ConnectionTrait, title: &str) -> AppResult<String> {
    let wanted = slugify(title);
    let base = if wanted.is_empty() {
        "untitled"
    } else {
        &wanted
    };
    // A title may slug to the shape of a reuse id (an ObjectId, or a UUID as ids were before):
    // such a slug is never given, so that no slug is ever taken for an id.
    let looks_like_id = crate::models::is_object_id(base) || uuid::Uuid::try_parse(base).is_ok();
    // The slug, then `-2` to `-9`: the first that neither a reuse has nor one used to have (an
    // old slug still redirects to its reuse), asked of both tables in one query by key.
    let candidates: Vec<String> = std::iter::once(base.to_owned())
        .filter(|_| !looks_like_id)
        .chain((2..10).map(|n| format!("{base}-{n}")))
        .collect();
    let taken = slugs_taken(db, &candidates).await?;
    if let Some(free) = candidates.into_iter().find(|slug| !taken.contains(slug)) {
        return Ok(free);
    }
    // Ten alike already: a random suffix, checked the same way.
    loop {
        let slug = format!("{base}-{}", &uuid::Uuid::new_v4().simple().to_string()[..6]);
        if slugs_taken(db, std::slice::from_ref(&slug))
            .await?
            .is_empty()
        {
            return Ok(slug);
        }
    }
}

/// `slug`, chosen by the caller for the reuse `own` (`None` when creating), unless another
/// reuse has it or used to have it.
pub(super) async fn chosen_slug(
    db: &impl ConnectionTrait,
    slug: &str,
    own: Option<&str>,
) -> AppResult<String> {
    let other_has_it = reuses::Entity::find()
        .filter(reuses::Column::Slug.eq(slug))
        .one(db)
        .await?
        .is_some_and(|reuse| Some(reuse.id.as_str()) != own);
    let other_had_it = reuse_slugs::Entity::find_by_id(slug.to_owned())
        .one(db)
        .await?
        .is_some_and(|former| Some(former.reuse_id.as_str()) != own);
    if other_has_it || other_had_it {
        return Err(super::fields::slug_taken(slug));
    }
    Ok(slug.to_owned())
}

/// Which of `slugs` a reuse has, or used to have.
pub(super) async fn slugs_taken(
    db: &impl ConnectionTrait,
    slugs: &[String],
) -> AppResult<Vec<String>> {
    let current = Query::select()
        .column(reuses::Column::Slug)
        .from(reuses::Entity)
        .and_where(reuses::Column::Slug.is_in(slugs.to_vec()))
        .to_owned();
    let former = Query::select()
        .column(reuse_slugs::Column::Slug)
        .from(reuse_slugs::Entity)
        .and_where(reuse_slugs::Column::Slug.is_in(slugs.to_vec()))
        .union(UnionType::All, current)
        .to_owned();
    let rows = db.query_all(&former).await?;
    rows.iter()
        .map(|row| row.try_get_by_index::<String>(0).map_err(AppError::from))
        .collect()
}

pub(super) async fn set_tags(
    db: &impl ConnectionTrait,
    reuse_id: &str,
    tags: &[String],
) -> AppResult<()> {
    reuse_tags::Entity::delete_many()
        .filter(reuse_tags::Column::ReuseId.eq(reuse_id))
        .exec(db)
        .await?;
    let mut writes = Writes::default();
    add_tags(&mut writes, reuse_id, tags);
    Ok(writes.run(db).await?)
}

pub(super) fn add_tags(writes: &mut Writes, reuse_id: &str, tags: &[String]) {
    if !tags.is_empty() {
        writes.push(
            reuse_tags::Entity::insert_many(tags.iter().map(|tag| reuse_tags::ActiveModel {
                reuse_id: Set(reuse_id.to_owned()),
                tag: Set(tag.clone()),
            }))
            .into_query(),
        );
    }
}

pub(super) async fn current_tags(
    db: &impl ConnectionTrait,
    reuse_id: &str,
) -> AppResult<Vec<String>> {
    Ok(reuse_tags::Entity::find()
        .filter(reuse_tags::Column::ReuseId.eq(reuse_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.tag)
        .collect())
}

pub(super) async fn linked_dataset_ids(
    db: &impl ConnectionTrait,
    reuse_id: &str,
) -> AppResult<Vec<String>> {
    Ok(reuse_datasets::Entity::find()
        .filter(reuse_datasets::Column::ReuseId.eq(reuse_id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.dataset_id)
        .collect())
}

/// Sets the linked datasets to exactly `ids` (kept in order), and every affected counter.
pub(super) async fn set_datasets(
    db: &impl ConnectionTrait,
    reuse: reuses::Model,
    ids: &[String],
) -> AppResult<reuses::Model> {
    let before = linked_dataset_ids(db, &reuse.id).await?;
    reuse_datasets::Entity::delete_many()
        .filter(reuse_datasets::Column::ReuseId.eq(reuse.id.as_str()))
        .filter(reuse_datasets::Column::DatasetId.is_not_in(ids.to_vec()))
        .exec(db)
        .await?;
    let new: Vec<String> = ids
        .iter()
        .filter(|id| !before.contains(id))
        .cloned()
        .collect();
    let mut writes = Writes::default();
    add_links(&mut writes, &reuse.id, &new);
    writes.run(db).await?;
    let mut active = reuse.into_active_model();
    active.datasets_count = Set(i32::try_from(ids.len()).unwrap_or(i32::MAX));
    let reuse = active.update(db).await?;
    let mut affected = before;
    affected.extend(ids.iter().cloned());
    refresh_dataset_counts(db, &affected).await?;
    Ok(reuse)
}

/// Links `reuse_id` to these datasets, in their order (kept by their link times).
pub(super) fn add_links(writes: &mut Writes, reuse_id: &str, ids: &[String]) {
    if ids.is_empty() {
        return;
    }
    let start = crate::clock::now();
    writes.push(
        reuse_datasets::Entity::insert_many(ids.iter().enumerate().map(|(n, id)| {
            reuse_datasets::ActiveModel {
                reuse_id: Set(reuse_id.to_owned()),
                dataset_id: Set(id.clone()),
                created_at: Set(start + chrono::Duration::microseconds(n as i64)),
            }
        }))
        .into_query(),
    );
}

/// Recounts the visible reuses of these datasets (udata's `metrics.reuses`).
pub(super) async fn refresh_dataset_counts(
    db: &impl ConnectionTrait,
    dataset_ids: &[String],
) -> AppResult<()> {
    if dataset_ids.is_empty() {
        return Ok(());
    }
    // Lock the datasets first, in one order, as the UPDATE below would (`FOR NO KEY UPDATE`,
    // which the foreign keys' `KEY SHARE` locks of the links do not block): on
    // PostgreSQL the recount below then reads after any other writer of these datasets has
    // committed; counted in the same statement that waits for the lock, it would read from
    // before and lose that writer's link (a count one short under concurrent creations).
    // SQLite writers are already serialised (`BEGIN IMMEDIATE`) and has no row locks.
    let mut ordered = dataset_ids.to_vec();
    ordered.sort();
    ordered.dedup();
    datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Id)
        .filter(datasets::Column::Id.is_in(ordered.clone()))
        .order_by_asc(datasets::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .into_tuple::<String>()
        .all(db)
        .await?;
    let visible_reuses = Query::select()
        .expr(Expr::col((reuse_datasets::Entity, reuse_datasets::Column::ReuseId)).count())
        .from(reuse_datasets::Entity)
        .inner_join(
            reuses::Entity,
            Expr::col((reuses::Entity, reuses::Column::Id))
                .equals((reuse_datasets::Entity, reuse_datasets::Column::ReuseId)),
        )
        .and_where(
            Expr::col((reuse_datasets::Entity, reuse_datasets::Column::DatasetId))
                .equals((datasets::Entity, datasets::Column::Id)),
        )
        .and_where(Expr::col((reuses::Entity, reuses::Column::Private)).eq(false))
        .and_where(Expr::col((reuses::Entity, reuses::Column::Deleted)).is_null())
        .to_owned();
    datasets::Entity::update_many()
        .col_expr(
            datasets::Column::Reuses,
            Expr::expr(sea_orm::sea_query::SimpleExpr::SubQuery(
                None,
                Box::new(visible_reuses.into_sub_query_statement()),
            )),
        )
        .filter(datasets::Column::Id.is_in(ordered))
        .exec(db)
        .await?;
    Ok(())
}
