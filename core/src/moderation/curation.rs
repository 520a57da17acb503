//! Curating the showcase: featuring reuses, their order on the home page, archiving. Every act
//! is logged.

use entity::{reuses, users};

use crate::error::{AppError, AppResult};
use crate::models::reuses::reuse_by_id;
use crate::models::reuses::write;
use crate::moderation::audit;
use crate::permissions::Viewer;
use crate::state::AppState;

/// Features (or unfeatures) a reuse; a newly featured one goes last.
pub async fn feature(
    state: &AppState,
    moderator: &users::Model,
    id: &str,
    featured: bool,
) -> AppResult<reuses::Model> {
    let reuse = reuse_by_id(&state.db, &Viewer::of_user(moderator), id).await?;
    let reuse = write::set_featured(&state.db, reuse, featured).await?;
    let action = if featured {
        "reuse.feature"
    } else {
        "reuse.unfeature"
    };
    audit::record(
        &state.db,
        moderator,
        action,
        ("Reuse", &reuse.id),
        reuse.title.clone(),
    )
    .await?;
    Ok(reuse)
}

/// Puts the featured reuses in this order.
pub async fn reorder(
    state: &AppState,
    moderator: &users::Model,
    ids: &[String],
) -> AppResult<Vec<reuses::Model>> {
    let order = write::set_featured_order(&state.db, ids).await?;
    audit::record(
        &state.db,
        moderator,
        "showcase.reorder",
        ("Showcase", "home"),
        summary(&order),
    )
    .await?;
    Ok(order)
}

/// Moves a featured reuse one place up or down.
pub async fn move_one(
    state: &AppState,
    moderator: &users::Model,
    id: &str,
    up: bool,
) -> AppResult<Vec<reuses::Model>> {
    let order = write::move_featured(&state.db, id, up).await?;
    let action = if up {
        "showcase.move_up"
    } else {
        "showcase.move_down"
    };
    audit::record(&state.db, moderator, action, ("Reuse", id), summary(&order)).await?;
    Ok(order)
}

/// Moves a featured reuse to the top of the home page.
pub async fn move_to_top(
    state: &AppState,
    moderator: &users::Model,
    id: &str,
) -> AppResult<Vec<reuses::Model>> {
    let mut ids: Vec<String> = write::featured_order(&state.db)
        .await?
        .into_iter()
        .map(|reuse| reuse.id)
        .collect();
    let at = ids
        .iter()
        .position(|featured| featured == id)
        .ok_or_else(|| AppError::field("id", "is not a featured reuse"))?;
    let moved = ids.remove(at);
    ids.insert(0, moved);
    let order = write::set_featured_order(&state.db, &ids).await?;
    audit::record(
        &state.db,
        moderator,
        "showcase.move_top",
        ("Reuse", id),
        summary(&order),
    )
    .await?;
    Ok(order)
}

fn summary(order: &[reuses::Model]) -> String {
    order
        .iter()
        .map(|reuse| reuse.title.as_str())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Archives (or unarchives) a reuse.
pub async fn archive(
    state: &AppState,
    moderator: &users::Model,
    id: &str,
    archived: bool,
) -> AppResult<reuses::Model> {
    let reuse = reuse_by_id(&state.db, &Viewer::of_user(moderator), id).await?;
    let reuse = write::set_archived(&state.db, reuse, archived).await?;
    let action = if archived {
        "reuse.archive"
    } else {
        "reuse.unarchive"
    };
    audit::record(
        &state.db,
        moderator,
        action,
        ("Reuse", &reuse.id),
        reuse.title.clone(),
    )
    .await?;
    Ok(reuse)
}
