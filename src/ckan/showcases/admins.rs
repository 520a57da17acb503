//! Showcase admins: Vitrine's moderators, appointed and dismissed by site admins.

use poem::web::Data;
use poem_openapi::{Object, OpenApi};

use super::AdminDict;
use crate::actions::roles;
use crate::ckan::answer::{ActionResult, Null, done};
use crate::ckan::body::ActionBody;
use crate::ckan::caller::KeyHolder;
use crate::error::AppError;
use crate::state::AppState;

/// Showcase admin actions (site admins only).
pub struct ShowcaseAdminApi;

/// Whom to appoint or dismiss.
#[derive(Object)]
pub struct AdminInput {
    /// The user's id (or verified email address).
    pub username: Option<String>,
}

fn username(input: AdminInput) -> Result<String, AppError> {
    input
        .username
        .filter(|name| !name.trim().is_empty())
        .map(|name| name.trim().to_owned())
        .ok_or_else(|| AppError::field("username", "Missing value"))
}

#[OpenApi]
impl ShowcaseAdminApi {
    /// List the showcase admins
    ///
    /// Vitrine's moderators, who curate the showcase (site admins only).
    #[oai(
        path = "/action/ckanext_showcase_admin_list",
        method = "get",
        operation_id = "ckanext_showcase_admin_list"
    )]
    async fn admin_list(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
    ) -> ActionResult<Vec<AdminDict>> {
        caller.user()?;
        let moderators = roles::moderators(&state, &caller).await?;
        let admins = moderators
            .into_iter()
            .map(|user| AdminDict {
                id: user.id,
                name: user.name,
            })
            .collect();
        done(&state, "ckanext_showcase_admin_list", admins)
    }

    /// Make someone a showcase admin
    ///
    /// Makes a plain user a moderator (site admins only).
    #[oai(
        path = "/action/ckanext_showcase_admin_add",
        method = "post",
        operation_id = "ckanext_showcase_admin_add"
    )]
    async fn admin_add(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
        body: ActionBody<AdminInput>,
    ) -> ActionResult<AdminDict> {
        caller.user()?;
        let user = roles::appoint_moderator(&state, &caller, &username(body.input)?).await?;
        done(
            &state,
            "ckanext_showcase_admin_add",
            AdminDict {
                id: user.id,
                name: user.name,
            },
        )
    }

    /// Remove a showcase admin
    ///
    /// Makes a moderator a plain user again (site admins only).
    #[oai(
        path = "/action/ckanext_showcase_admin_remove",
        method = "post",
        operation_id = "ckanext_showcase_admin_remove"
    )]
    async fn admin_remove(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
        body: ActionBody<AdminInput>,
    ) -> ActionResult<Null> {
        caller.user()?;
        roles::dismiss_moderator(&state, &caller, &username(body.input)?).await?;
        done(&state, "ckanext_showcase_admin_remove", Null)
    }
}
