//! Organizations: anyone signed in creates one and becomes its admin; its admins change it and
//! its members, and delete it once it publishes nothing.

use entity::{members, organizations, users};

use crate::error::AppResult;
use crate::models::organizations::{
    self as orgs, MemberChange, MemberRole, OrganizationFields, find_organization,
};
use crate::moderation::audit;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// Creates an organization whose first admin is the caller.
pub async fn create_organization(
    state: &AppState,
    viewer: &Viewer,
    fields: OrganizationFields,
) -> AppResult<organizations::Model> {
    permissions::can_create_organization(viewer)?;
    let creator = viewer.require_user()?;
    orgs::create_organization(&state.db, creator, fields).await
}

/// Changes the fields given of the organization `id` (an id or a slug).
pub async fn update_organization(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    fields: OrganizationFields,
) -> AppResult<organizations::Model> {
    let org = find_organization(&state.db, id).await?;
    permissions::can_manage_organization(&state.db, viewer, &org.id).await?;
    orgs::update_organization(&state.db, org, fields).await
}

/// Deletes the organization `id` for good (its admins, site admins): refused while it
/// publishes datasets or reuses (see [`orgs::delete_organization`]).
pub async fn delete_organization(state: &AppState, viewer: &Viewer, id: &str) -> AppResult<()> {
    let org = find_organization(&state.db, id).await?;
    permissions::can_manage_organization(&state.db, viewer, &org.id).await?;
    orgs::delete_organization(&state.db, &org).await?;
    audit::record_staff_act(
        &state.db,
        viewer,
        "organization.delete",
        ("Organization", &org.id),
        org.name.clone(),
    )
    .await
}

/// Adds `user_id` to the organization `id` with `role`, or changes their role.
pub async fn set_member(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    user_id: &str,
    role: &str,
) -> AppResult<(members::Model, users::Model, MemberChange)> {
    let org = find_organization(&state.db, id).await?;
    permissions::can_manage_organization(&state.db, viewer, &org.id).await?;
    let role = MemberRole::parse(role)?;
    orgs::set_member(&state.db, &org.id, user_id, role).await
}

/// Takes `user_id` out of the organization `id`.
pub async fn remove_member(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    user_id: &str,
) -> AppResult<()> {
    let org = find_organization(&state.db, id).await?;
    permissions::can_manage_organization(&state.db, viewer, &org.id).await?;
    orgs::remove_member(&state.db, &org.id, user_id).await
}
