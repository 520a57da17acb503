//! The in-app inbox: a person's notifications, read or not.

use entity::notifications;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::error::{AppError, AppResult};
use crate::models::paging::{PageOf, Paging};

/// A person's notifications, newest first; `handled` keeps read (true) or unread (false) ones.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: &str,
    handled: Option<bool>,
    limit: u64,
) -> AppResult<Vec<notifications::Model>> {
    Ok(of_user(user_id, handled)
        .order_by_desc(notifications::Column::CreatedAt)
        .order_by_asc(notifications::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// One page of [`list`], with the size of the whole list.
pub async fn page(
    db: &impl ConnectionTrait,
    user_id: &str,
    handled: Option<bool>,
    paging: Paging,
) -> AppResult<PageOf<notifications::Model>> {
    let select = of_user(user_id, handled);
    let total = select.clone().count(db).await?;
    let items = select
        .order_by_desc(notifications::Column::CreatedAt)
        .order_by_asc(notifications::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(PageOf {
        items,
        total,
        paging,
    })
}

/// A person's notifications; `handled` keeps read (true) or unread (false) ones.
fn of_user(user_id: &str, handled: Option<bool>) -> sea_orm::Select<notifications::Entity> {
    let select = notifications::Entity::find().filter(notifications::Column::UserId.eq(user_id));
    match handled {
        Some(true) => select.filter(notifications::Column::HandledAt.is_not_null()),
        Some(false) => select.filter(notifications::Column::HandledAt.is_null()),
        None => select,
    }
}

/// How many unread notifications a person has.
pub async fn unread(db: &impl ConnectionTrait, user_id: &str) -> AppResult<u64> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::HandledAt.is_null())
        .count(db)
        .await?)
}

/// Marks one of a person's notifications as read (404 for anybody else's).
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: &str,
    id: &str,
) -> AppResult<notifications::Model> {
    let row = notifications::Entity::find_by_id(id)
        .filter(notifications::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("notification", id))?;
    if row.handled_at.is_some() {
        return Ok(row);
    }
    let mut active = row.into_active_model();
    active.handled_at = Set(Some(crate::clock::now()));
    Ok(active.update(db).await?)
}

/// Marks read a person's unread notifications about the discussion `discussion_id` (those
/// whose link leads to it); returns how many.
pub async fn mark_thread_read(
    db: &impl ConnectionTrait,
    user_id: &str,
    discussion_id: &str,
) -> AppResult<u64> {
    // Ids are ObjectId-shaped: nothing in them is a LIKE wildcard.
    let link = format!("/discussions/{discussion_id}/\"");
    let done = notifications::Entity::update_many()
        .col_expr(
            notifications::Column::HandledAt,
            Some(crate::clock::now()).into(),
        )
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::HandledAt.is_null())
        .filter(notifications::Column::Details.contains(link))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// Marks all of a person's notifications as read.
pub async fn mark_all_read(db: &impl ConnectionTrait, user_id: &str) -> AppResult<()> {
    notifications::Entity::update_many()
        .col_expr(
            notifications::Column::HandledAt,
            Some(crate::clock::now()).into(),
        )
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::HandledAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
