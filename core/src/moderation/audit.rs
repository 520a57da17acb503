//! The audit log: every act of a moderator or an administrator, who, what, on what, when.

use entity::{audit_log, users};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect, Set};

use crate::error::AppResult;
use crate::models::paging::{PageOf, Paging};

/// Records that `actor` did `action` (`reuse.feature`, `report.dismiss`…) to a target.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &users::Model,
    action: &str,
    target: (&str, &str),
    summary: impl Into<String>,
) -> AppResult<()> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: Set(crate::models::new_row_id()),
        actor_id: Set(Some(actor.id.clone())),
        action: Set(action.to_owned()),
        target_class: Set(target.0.to_owned()),
        target_id: Set(target.1.to_owned()),
        summary: Set(summary.into()),
        at: Set(crate::clock::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The log, newest first, with who acted.
pub async fn entries(
    db: &impl ConnectionTrait,
    paging: Paging,
) -> AppResult<PageOf<(audit_log::Model, Option<users::Model>)>> {
    let select = audit_log::Entity::find();
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(audit_log::Column::At)
        .order_by_asc(audit_log::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    let people = crate::models::users::users_by_id(
        db,
        rows.iter()
            .filter_map(|row| row.actor_id.clone())
            .collect::<Vec<_>>(),
    )
    .await?;
    Ok(PageOf {
        items: rows
            .into_iter()
            .map(|row| {
                let actor = row.actor_id.as_ref().and_then(|id| people.get(id)).cloned();
                (row, actor)
            })
            .collect(),
        total,
        paging,
    })
}

/// Records the act when `viewer` is a moderator or an admin (their acts on others' content and
/// on the catalog are what the log is for); does nothing for anyone else.
pub async fn record_staff_act(
    db: &impl ConnectionTrait,
    viewer: &crate::permissions::Viewer,
    action: &str,
    target: (&str, &str),
    summary: impl Into<String>,
) -> AppResult<()> {
    match &viewer.user {
        Some(user) if viewer.can_moderate() => record(db, user, action, target, summary).await,
        _ => Ok(()),
    }
}
