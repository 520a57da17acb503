//! What people do with reuses: register one (with its image), change it, delete or restore it,
//! link a dataset, upload its image. Each checks the caller's permission, writes in one
//! transaction with its notifications and, for a moderator's act on others' work, its audit
//! entry. (The gallery's cached pages are made stale after every successful write by the page
//! cache's middleware: a second bump here would cost each write another round trip to Redis.)

use entity::reuses;

use crate::error::{AppError, AppResult};
use crate::media::store_upload;
use crate::models::reuses::ReuseCard;
use crate::models::reuses::write::{self, ReuseFields};
use crate::notifications::Notifier;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// An image sent with a form: its bytes, checked and stored only once the fields are valid.
pub type Upload = Vec<u8>;

/// The moderator to record in the audit log when the caller acts on others' content.
fn staff(viewer: &Viewer) -> Option<&entity::users::Model> {
    viewer.user.as_ref().filter(|_| viewer.can_moderate())
}

/// Checks the fields, then stores the image: a refused form leaves no file behind, and a
/// refused file writes nothing. `current` is the reuse being changed, if any.
async fn store_image(
    state: &AppState,
    fields: &ReuseFields,
    current: Option<&str>,
    image: Option<Upload>,
) -> AppResult<Option<(String, String)>> {
    let Some(bytes) = image else {
        return Ok(None);
    };
    write::check_reuse_fields(&state.db, fields, current).await?;
    Ok(Some(store_upload(state, bytes).await?))
}

/// Registers a reuse owned by the caller, or by `fields.organization` when the caller may
/// publish for it; the producers and followers of its datasets are told.
pub async fn create_reuse(
    state: &AppState,
    viewer: &Viewer,
    fields: ReuseFields,
    image: Option<Upload>,
) -> AppResult<ReuseCard> {
    let user = viewer.require_user()?;
    if let Some(Some(org)) = &fields.organization {
        permissions::can_publish_for(&state.db, viewer, org).await?;
    }
    let stored = store_image(state, &fields, None, image).await?;
    let notifier = Notifier::of(&state.config);
    let mut card = write::create_reuse(&state.db, Some(&notifier), user, fields).await?;
    if let Some((image, thumbnail)) = stored {
        card.reuse = write::set_image(&state.db, card.reuse, image, thumbnail).await?;
    }
    Ok(card)
}

/// Changes the fields given (`fields.restore` brings a deleted reuse back; any other change to
/// a deleted reuse is refused as gone). Moving it to an organization needs the right to
/// publish for that organization.
pub async fn update_reuse(
    state: &AppState,
    viewer: &Viewer,
    reuse: reuses::Model,
    fields: ReuseFields,
    image: Option<Upload>,
) -> AppResult<reuses::Model> {
    permissions::can_edit_reuse(&state.db, viewer, &reuse).await?;
    let user = viewer.require_user()?;
    if reuse.deleted.is_some() && !fields.restore {
        return Err(AppError::Gone(format!(
            "reuse {:?} has been deleted; send {{\"deleted\": null}} to restore it",
            reuse.slug
        )));
    }
    if let Some(Some(org)) = &fields.organization
        && reuse.organization_id.as_deref() != Some(org.as_str())
    {
        permissions::can_publish_for(&state.db, viewer, org).await?;
    }
    let stored = store_image(state, &fields, Some(&reuse.id), image).await?;
    let notifier = Notifier::of(&state.config);
    let mut reuse =
        write::update_reuse(&state.db, &notifier, user, staff(viewer), reuse, fields).await?;
    if let Some((image, thumbnail)) = stored {
        reuse = write::set_image(&state.db, reuse, image, thumbnail).await?;
    }
    Ok(reuse)
}

/// Deletes a reuse softly: it answers 410 and can be restored.
pub async fn delete_reuse(
    state: &AppState,
    viewer: &Viewer,
    reuse: reuses::Model,
) -> AppResult<()> {
    permissions::can_edit_reuse(&state.db, viewer, &reuse).await?;
    if reuse.deleted.is_some() {
        return Err(AppError::Gone(format!(
            "reuse {:?} is already deleted",
            reuse.slug
        )));
    }
    write::delete_reuse(&state.db, staff(viewer), reuse).await?;
    Ok(())
}

/// Links one more dataset to a reuse; says whether the link is new.
pub async fn add_dataset(
    state: &AppState,
    viewer: &Viewer,
    reuse: reuses::Model,
    dataset_id: &str,
) -> AppResult<(reuses::Model, bool)> {
    permissions::can_edit_reuse(&state.db, viewer, &reuse).await?;
    let user = viewer.require_user()?;
    let notifier = Notifier::of(&state.config);
    let added = write::add_dataset(&state.db, &notifier, user, reuse, dataset_id).await?;
    Ok(added)
}

/// Unlinks a dataset from a reuse; says whether it was linked.
pub async fn remove_dataset(
    state: &AppState,
    viewer: &Viewer,
    reuse: reuses::Model,
    dataset_id: &str,
) -> AppResult<(reuses::Model, bool)> {
    permissions::can_edit_reuse(&state.db, viewer, &reuse).await?;
    let user = viewer.require_user()?;
    let notifier = Notifier::of(&state.config);
    write::remove_dataset(&state.db, &notifier, user, reuse, dataset_id).await
}

/// Replaces a reuse's image; a refused file leaves the reuse unchanged. Gives the image's and
/// its thumbnail's URLs.
pub async fn set_image(
    state: &AppState,
    viewer: &Viewer,
    reuse: reuses::Model,
    bytes: Upload,
) -> AppResult<(String, String)> {
    permissions::can_edit_reuse(&state.db, viewer, &reuse).await?;
    let (image, thumbnail) = store_upload(state, bytes).await?;
    write::set_image(&state.db, reuse, image.clone(), thumbnail.clone()).await?;
    Ok((image, thumbnail))
}
