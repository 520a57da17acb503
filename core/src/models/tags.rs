//! Tags across the site: what `/tags/suggest/` offers, from the tags of visible reuses and of the
//! datasets in the catalog.

use entity::{dataset_tags, datasets, reuse_tags, reuses};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, UnionType};
use sea_orm::{ConnectionTrait, DbErr};

use crate::cache::{Cache, GALLERY};
use crate::error::AppResult;
use crate::import::slugify;
use crate::models::reuses::visible_to;
use crate::permissions::Viewer;

/// Default number of suggestions (udata's).
pub const DEFAULT_SUGGESTIONS: u64 = 8;
/// Most suggestions given at once.
pub const MAX_SUGGESTIONS: u64 = 100;

/// Up to `size` tags containing `q` (slugged, as tags are), the most used first, then shortest
/// first as udata orders them. Tags of hidden reuses are never offered.
pub async fn suggest_tags(
    db: &impl ConnectionTrait,
    cache: &Cache,
    q: &str,
    size: u64,
) -> AppResult<Vec<String>> {
    let q = slugify(q);
    let size = size.clamp(1, MAX_SUGGESTIONS);
    let name = format!("tag-suggestions:{size}:{q}");
    cache
        .per_generation(GALLERY, &name, most_used_containing(db, &q, size))
        .await
}

async fn most_used_containing(
    db: &impl ConnectionTrait,
    q: &str,
    size: u64,
) -> Result<Vec<String>, DbErr> {
    // Tags are slugs: `q` slugged holds neither `%` nor `_`.
    let pattern = format!("%{q}%");
    let visible_reuse = Query::select()
        .expr(Expr::val(1))
        .from(reuses::Entity)
        .and_where(
            Expr::col((reuses::Entity, reuses::Column::Id))
                .equals((reuse_tags::Entity, reuse_tags::Column::ReuseId)),
        )
        .cond_where(visible_to(&Viewer::default()))
        .to_owned();
    let dataset_in_catalog = Query::select()
        .expr(Expr::val(1))
        .from(datasets::Entity)
        .and_where(
            Expr::col((datasets::Entity, datasets::Column::Id))
                .equals((dataset_tags::Entity, dataset_tags::Column::DatasetId)),
        )
        .and_where(Expr::col((datasets::Entity, datasets::Column::Deleted)).eq(false))
        .to_owned();
    let of_datasets = Query::select()
        .expr_as(
            Expr::col((dataset_tags::Entity, dataset_tags::Column::Tag)),
            Alias::new("tag"),
        )
        .from(dataset_tags::Entity)
        .and_where(Expr::col((dataset_tags::Entity, dataset_tags::Column::Tag)).like(&pattern))
        .and_where(Expr::exists(dataset_in_catalog))
        .to_owned();
    let all = Query::select()
        .expr_as(
            Expr::col((reuse_tags::Entity, reuse_tags::Column::Tag)),
            Alias::new("tag"),
        )
        .from(reuse_tags::Entity)
        .and_where(Expr::col((reuse_tags::Entity, reuse_tags::Column::Tag)).like(&pattern))
        .and_where(Expr::exists(visible_reuse))
        .union(UnionType::All, of_datasets)
        .to_owned();
    let counted = Query::select()
        .column(Alias::new("tag"))
        .from_subquery(all, Alias::new("tagged"))
        .group_by_col(Alias::new("tag"))
        .order_by_expr(Expr::cust("COUNT(*)"), Order::Desc)
        .order_by(Alias::new("tag"), Order::Asc)
        .limit(size)
        .to_owned();
    let mut tags = Vec::new();
    for row in db.query_all(&counted).await? {
        tags.push(row.try_get_by_index::<String>(0)?);
    }
    // Stable: among tags of one length, the most used stay first.
    tags.sort_by_key(|tag| tag.len());
    Ok(tags)
}
