//! What people read of the checker's work: a reuse's link and its visits (for those who may
//! edit the reuse, and animators), and the reuses whose links are broken (animators).

use entity::{link_checks, links, reuses};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::queue::LinkKind;
use crate::error::{AppError, AppResult};
use crate::models::paging::{PageOf, Paging};
use crate::models::reuses::reuse_by_id;
use crate::permissions::{Viewer, can_see_link_health};

/// A reuse's link as the checker sees it, and one page of its visits, newest first.
#[derive(Debug)]
pub struct LinkHistory {
    /// The reuse.
    pub reuse: reuses::Model,
    /// Its watched link; none until the checker first enrols it (or while it is private).
    pub link: Option<links::Model>,
    /// Its visits.
    pub checks: PageOf<link_checks::Model>,
}

/// The link history of the reuse `id_or_slug`, for someone who may see it.
pub async fn reuse_history(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id_or_slug: &str,
    paging: Paging,
) -> AppResult<LinkHistory> {
    // Signed-in callers only, before anything is looked up: the address of a reuse is no
    // secret, its link's health is.
    viewer.require_user()?;
    let reuse = reuse_by_id(db, viewer, id_or_slug).await?;
    // Who may not see it learns nothing of it, not even that it was deleted.
    can_see_link_health(db, viewer, &reuse).await?;
    if reuse.deleted.is_some() {
        return Err(AppError::Gone(format!("reuse {id_or_slug} was deleted")));
    }
    let link_id = LinkKind::Reuse.link_id(&reuse.id);
    let link = links::Entity::find_by_id(link_id.clone()).one(db).await?;
    let select = link_checks::Entity::find().filter(link_checks::Column::LinkId.eq(link_id));
    let total = select.clone().count(db).await?;
    let items = select
        .order_by_desc(link_checks::Column::CheckedAt)
        .order_by_desc(link_checks::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(LinkHistory {
        reuse,
        link,
        checks: PageOf {
            items,
            total,
            paging,
        },
    })
}

/// The public reuses whose links are broken, longest broken first, each with its link: what
/// animators go through (archiving a reuse takes it off this list at once).
pub async fn broken_reuses(
    db: &impl ConnectionTrait,
    paging: Paging,
) -> AppResult<PageOf<(links::Model, reuses::Model)>> {
    let select = links::Entity::find()
        .filter(links::Column::Kind.eq(LinkKind::Reuse.as_str()))
        .filter(links::Column::State.eq("broken"))
        .filter(
            links::Column::TargetId.in_subquery(
                Query::select()
                    .column(reuses::Column::Id)
                    .from(reuses::Entity)
                    .and_where(reuses::Column::Private.eq(false))
                    .and_where(reuses::Column::Archived.is_null())
                    .and_where(reuses::Column::Deleted.is_null())
                    .to_owned(),
            ),
        );
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_asc(links::Column::FailingSince)
        .order_by_asc(links::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    let found = reuses::Entity::find()
        .filter(reuses::Column::Id.is_in(rows.iter().map(|link| link.target_id.clone())))
        .all(db)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for link in rows {
        if let Some(reuse) = found.iter().find(|reuse| reuse.id == link.target_id) {
            items.push((link, reuse.clone()));
        }
    }
    Ok(PageOf {
        items,
        total,
        paging,
    })
}
