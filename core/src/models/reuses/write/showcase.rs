//! The showcase's curation: featuring, the featured order, archiving.

use entity::reuses;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};

use crate::error::{AppError, AppResult};

/// Features or unfeatures a reuse; a newly featured one goes to the end of the showcase.
pub async fn set_featured(
    db: &impl ConnectionTrait,
    reuse: reuses::Model,
    featured: bool,
) -> AppResult<reuses::Model> {
    if reuse.featured == featured {
        return Ok(reuse);
    }
    let position = if featured {
        let last: Option<Option<i32>> = reuses::Entity::find()
            .select_only_max_position()
            .one(db)
            .await?;
        Some(last.flatten().unwrap_or(0) + 1)
    } else {
        None
    };
    let mut active = reuse.into_active_model();
    active.featured = Set(featured);
    active.featured_position = Set(position);
    Ok(active.update(db).await?)
}

pub(super) trait MaxPosition {
    fn select_only_max_position(
        self,
    ) -> sea_orm::Selector<sea_orm::SelectGetableValue<Option<i32>, MaxColumn>>;
}

#[derive(Copy, Clone, Debug, sea_orm::EnumIter, sea_orm::DeriveColumn)]
pub(super) enum MaxColumn {
    Position,
}

impl MaxPosition for sea_orm::Select<reuses::Entity> {
    fn select_only_max_position(
        self,
    ) -> sea_orm::Selector<sea_orm::SelectGetableValue<Option<i32>, MaxColumn>> {
        use sea_orm::QuerySelect;
        self.select_only()
            .column_as(reuses::Column::FeaturedPosition.max(), MaxColumn::Position)
            .into_values::<Option<i32>, MaxColumn>()
    }
}

/// The featured reuses in showcase order.
pub async fn featured_order(db: &impl ConnectionTrait) -> AppResult<Vec<reuses::Model>> {
    Ok(reuses::Entity::find()
        .filter(reuses::Column::Featured.eq(true))
        .filter(reuses::Column::Deleted.is_null())
        .order_by_asc(reuses::Column::FeaturedPosition)
        .order_by_desc(reuses::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Puts the featured reuses in the order of `ids` (every featured reuse, each once).
pub async fn set_featured_order<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    ids: &[String],
) -> AppResult<Vec<reuses::Model>> {
    let txn = crate::db::begin_write(db).await?;
    let current = featured_order(&txn).await?;
    let mut wanted: Vec<&String> = ids.iter().collect();
    wanted.sort();
    let mut featured: Vec<&String> = current.iter().map(|reuse| &reuse.id).collect();
    featured.sort();
    if wanted != featured {
        return Err(AppError::field(
            "order",
            "must list every featured reuse exactly once (GET /api/1/reuses/featured/ gives them)",
        ));
    }
    for (position, id) in ids.iter().enumerate() {
        reuses::Entity::update_many()
            .col_expr(
                reuses::Column::FeaturedPosition,
                Expr::value(i32::try_from(position).unwrap_or(i32::MAX)),
            )
            .filter(reuses::Column::Id.eq(id.as_str()))
            .exec(&txn)
            .await?;
    }
    let order = featured_order(&txn).await?;
    txn.commit().await?;
    Ok(order)
}

/// Moves a featured reuse one place up (towards the top of the home page) or down.
pub async fn move_featured<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: &str,
    up: bool,
) -> AppResult<Vec<reuses::Model>> {
    let mut ids: Vec<String> = featured_order(db)
        .await?
        .into_iter()
        .map(|reuse| reuse.id)
        .collect();
    let at = ids
        .iter()
        .position(|featured| featured == id)
        .ok_or_else(|| AppError::field("id", "is not a featured reuse"))?;
    match (up, at) {
        (true, 0) => {}
        (true, at) => ids.swap(at, at - 1),
        (false, at) if at + 1 < ids.len() => ids.swap(at, at + 1),
        (false, _) => {}
    }
    set_featured_order(db, &ids).await
}

/// Archives (or unarchives) a reuse: it stays visible but leaves the showcase's default lists.
pub async fn set_archived(
    db: &impl ConnectionTrait,
    reuse: reuses::Model,
    archived: bool,
) -> AppResult<reuses::Model> {
    if reuse.archived.is_some() == archived {
        return Ok(reuse);
    }
    let mut active = reuse.into_active_model();
    active.archived = Set(archived.then(crate::clock::now));
    Ok(active.update(db).await?)
}
