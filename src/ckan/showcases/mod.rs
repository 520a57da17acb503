//! ckanext-showcase's actions over Vitrine's reuses. Each calls the use case the udata
//! dialect calls, so a reuse keeps one set of rules (checks, permissions, notifications,
//! cache) whichever dialect writes it. Showcase admins are Vitrine's moderators.

mod admins;
mod inputs;
mod reads;
mod views;

pub use admins::ShowcaseAdminApi;
pub use inputs::{ExtraInput, ShowcaseInput, TagInput};
use reads::all_reuses;
pub use reads::{search_showcases, showcase};
pub use views::{AdminDict, Association, ShowcaseDict};

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Query;

use crate::actions;
use crate::ckan::answer::{ActionResult, Null, done};
use crate::ckan::body::ActionBody;
use crate::ckan::caller::{Anyone, KeyHolder};
use crate::ckan::views::PackageDict;
use crate::error::{AppError, AppResult};
use crate::models::datasets::{dataset_cards, find_dataset};
use crate::models::reuses::list::ReuseFilter;
use crate::models::reuses::{reuse_by_id, reuse_cards};
use crate::permissions::Viewer;
use crate::state::AppState;

/// The showcase actions.
pub struct ShowcaseApi;

/// A required parameter of a write, as CKAN's `get_or_bust` refuses it.
fn required(value: Option<String>, field: &str) -> AppResult<String> {
    value
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| AppError::field(field, "Missing value"))
}

/// The organization `owner_org` names (an id or a name), as the reuse's fields want its id.
async fn organization_id(
    state: &AppState,
    fields: &mut crate::models::reuses::write::ReuseFields,
) -> AppResult<()> {
    if let Some(Some(org)) = &fields.organization {
        let found = crate::models::organizations::find_organization(&state.db, org)
            .await
            .map_err(|_| {
                AppError::field("organization", format!("no organization is named {org:?}"))
            })?;
        fields.organization = Some(Some(found.id));
    }
    Ok(())
}

async fn shown(state: &AppState, reuse: entity::reuses::Model) -> AppResult<ShowcaseDict> {
    let card = reuse_cards(&state.db, vec![reuse])
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal("a reuse just written was not read back".into()))?;
    Ok(ShowcaseDict::new(&card, &state.config.public_url))
}

/// Reads and writes of showcases and their datasets.
#[derive(poem_openapi::Object)]
pub struct AssociationInput {
    /// The showcase, by id or name.
    pub showcase_id: Option<String>,
    /// The dataset, by id or name.
    pub package_id: Option<String>,
}

/// Which showcase to delete.
#[derive(poem_openapi::Object)]
pub struct ShowcaseKey {
    /// The showcase, by id or name.
    pub id: Option<String>,
}

#[OpenApi]
impl ShowcaseApi {
    /// List the showcases
    ///
    /// Every reuse the caller may see (the public ones, and their own), newest first.
    #[oai(
        path = "/action/ckanext_showcase_list",
        method = "get",
        operation_id = "ckanext_showcase_list"
    )]
    async fn showcase_list(
        &self,
        state: Data<&AppState>,
        caller: Anyone<'_>,
    ) -> ActionResult<Vec<ShowcaseDict>> {
        let filter = ReuseFilter {
            sort: Some("-created".into()),
            ..ReuseFilter::default()
        };
        let cards = all_reuses(&state, &caller, &filter).await?;
        let url = &state.config.public_url;
        done(
            &state,
            "ckanext_showcase_list",
            cards
                .iter()
                .map(|card| ShowcaseDict::new(card, url))
                .collect(),
        )
    }

    /// Show a showcase
    #[oai(
        path = "/action/ckanext_showcase_show",
        method = "get",
        operation_id = "ckanext_showcase_show"
    )]
    async fn showcase_show(
        &self,
        state: Data<&AppState>,
        caller: Anyone<'_>,
        /// The showcase, by id or name.
        id: Query<String>,
    ) -> ActionResult<ShowcaseDict> {
        let card = showcase(&state, &caller, &id).await?;
        done(
            &state,
            "ckanext_showcase_show",
            ShowcaseDict::new(&card, &state.config.public_url),
        )
    }

    /// Create a showcase
    ///
    /// Registers a reuse, owned by the caller or by `owner_org`; any signed-in user may, as on
    /// the site. Link its datasets with `ckanext_showcase_package_association_create`.
    #[oai(
        path = "/action/ckanext_showcase_create",
        method = "post",
        operation_id = "ckanext_showcase_create"
    )]
    async fn showcase_create(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
        body: ActionBody<ShowcaseInput>,
    ) -> ActionResult<ShowcaseDict> {
        caller.user()?;
        let mut fields = body.input.into_fields(true, None)?;
        organization_id(&state, &mut fields).await?;
        let card = actions::reuses::create_reuse(&state, &caller, fields, body.upload).await?;
        done(
            &state,
            "ckanext_showcase_create",
            ShowcaseDict::new(&card, &state.config.public_url),
        )
    }

    /// Update a showcase
    ///
    /// The showcase named by `id` (or `name`); only the fields given change, and the name
    /// only when one is sent (a new title keeps it).
    #[oai(
        path = "/action/ckanext_showcase_update",
        method = "post",
        operation_id = "ckanext_showcase_update"
    )]
    async fn showcase_update(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
        body: ActionBody<ShowcaseInput>,
    ) -> ActionResult<ShowcaseDict> {
        caller.user()?;
        let key = required(
            body.input.id.clone().or_else(|| body.input.name.clone()),
            "id",
        )?;
        let reuse = reuse_by_id(&state.db, &caller, &key).await?;
        // Without an `id`, the name says which showcase (perhaps by a former name), not a new
        // name for it.
        let renames = body.input.id.is_some();
        let mut fields = body.input.into_fields(false, reuse.image.as_deref())?;
        // A CKAN package's name changes only when one is sent: a new title keeps it.
        fields.slug = fields
            .slug
            .filter(|_| renames)
            .or_else(|| Some(reuse.slug.clone()));
        organization_id(&state, &mut fields).await?;
        let reuse =
            actions::reuses::update_reuse(&state, &caller, reuse, fields, body.upload).await?;
        done(
            &state,
            "ckanext_showcase_update",
            shown(&state, reuse).await?,
        )
    }

    /// Delete a showcase
    ///
    /// A soft delete, as on the site: the reuse disappears and an animator can restore it.
    #[oai(
        path = "/action/ckanext_showcase_delete",
        method = "post",
        operation_id = "ckanext_showcase_delete"
    )]
    async fn showcase_delete(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
        body: ActionBody<ShowcaseKey>,
    ) -> ActionResult<Null> {
        caller.user()?;
        let key = required(body.input.id, "id")?;
        let reuse = reuse_by_id(&state.db, &caller, &key).await?;
        actions::reuses::delete_reuse(&state, &caller, reuse).await?;
        done(&state, "ckanext_showcase_delete", Null)
    }

    /// Link a dataset to a showcase
    #[oai(
        path = "/action/ckanext_showcase_package_association_create",
        method = "post",
        operation_id = "ckanext_showcase_package_association_create"
    )]
    async fn association_create(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
        body: ActionBody<AssociationInput>,
    ) -> ActionResult<Association> {
        caller.user()?;
        let (reuse, dataset) = association(&state, &caller, body.input).await?;
        let name = dataset.title.clone();
        let (reuse, added) =
            actions::reuses::add_dataset(&state, &caller, reuse, &dataset.id).await?;
        if !added {
            return Err(AppError::BadRequest(format!(
                "The dataset, {name}, is already in the showcase"
            ))
            .into());
        }
        done(
            &state,
            "ckanext_showcase_package_association_create",
            Association {
                showcase_id: reuse.id,
                package_id: dataset.id,
            },
        )
    }

    /// Unlink a dataset from a showcase
    #[oai(
        path = "/action/ckanext_showcase_package_association_delete",
        method = "post",
        operation_id = "ckanext_showcase_package_association_delete"
    )]
    async fn association_delete(
        &self,
        state: Data<&AppState>,
        caller: KeyHolder<'_>,
        body: ActionBody<AssociationInput>,
    ) -> ActionResult<Null> {
        caller.user()?;
        let (reuse, dataset) = association(&state, &caller, body.input).await?;
        let showcase_id = reuse.id.clone();
        let (_, removed) =
            actions::reuses::remove_dataset(&state, &caller, reuse, &dataset.id).await?;
        if !removed {
            return Err(AppError::NotFound(format!(
                "ShowcasePackageAssociation with package_id '{}' and showcase_id '{showcase_id}' doesn't exist.",
                dataset.id
            ))
            .into());
        }
        done(&state, "ckanext_showcase_package_association_delete", Null)
    }

    /// The datasets of a showcase
    #[oai(
        path = "/action/ckanext_showcase_package_list",
        method = "get",
        operation_id = "ckanext_showcase_package_list"
    )]
    async fn showcase_package_list(
        &self,
        state: Data<&AppState>,
        caller: Anyone<'_>,
        /// The showcase, by id or name.
        showcase_id: Query<String>,
    ) -> ActionResult<Vec<PackageDict>> {
        let card = showcase(&state, &caller, &showcase_id).await?;
        let live = card
            .datasets
            .into_iter()
            .filter(|dataset| !dataset.deleted)
            .collect();
        let cards = dataset_cards(&state.db, live).await?;
        done(
            &state,
            "ckanext_showcase_package_list",
            cards.iter().map(PackageDict::new).collect(),
        )
    }

    /// The showcases of a dataset
    #[oai(
        path = "/action/ckanext_package_showcase_list",
        method = "get",
        operation_id = "ckanext_package_showcase_list"
    )]
    async fn package_showcase_list(
        &self,
        state: Data<&AppState>,
        caller: Anyone<'_>,
        /// The dataset, by id or name.
        package_id: Query<String>,
    ) -> ActionResult<Vec<ShowcaseDict>> {
        let dataset = find_dataset(&state.db, &package_id).await?;
        let filter = ReuseFilter {
            dataset: Some(dataset.dataset.id),
            ..ReuseFilter::default()
        };
        let cards = all_reuses(&state, &caller, &filter).await?;
        let url = &state.config.public_url;
        done(
            &state,
            "ckanext_package_showcase_list",
            cards
                .iter()
                .map(|card| ShowcaseDict::new(card, url))
                .collect(),
        )
    }
}

/// The reuse and the dataset an association names; each must exist (409 otherwise, as
/// CKAN's schema says "Not found: Dataset").
async fn association(
    state: &AppState,
    viewer: &Viewer,
    input: AssociationInput,
) -> AppResult<(entity::reuses::Model, entity::datasets::Model)> {
    let showcase_id = required(input.showcase_id, "showcase_id")?;
    let package_id = required(input.package_id, "package_id")?;
    let reuse = reuse_by_id(&state.db, viewer, &showcase_id)
        .await
        .map_err(|_| AppError::field("showcase_id", "Not found: Showcase"))?;
    let dataset = find_dataset(&state.db, &package_id)
        .await
        .map_err(|_| AppError::field("package_id", "Not found: Dataset"))?;
    Ok((reuse, dataset.dataset))
}
