//! `/api/1/reuses/`: the showcase of reuses, with udata's semantics.

mod inputs;
mod views;

pub use inputs::{DatasetLink, ReuseInput};
pub use views::{
    AddDatasetResponse, Choice, CreateReuseResponse, DatasetRef, DeleteReuseResponse,
    FindReuseResponse, ReuseMetrics, ReuseView, Suggestion, views_of,
};
use views::{first_hundred, view};

use poem::Request;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use crate::actions;
use crate::api::security::{MaybeSignedIn, SignedIn};
use crate::api::views::{ApiTags, Page};
use crate::error::HttpResult;
use crate::http::lang::of_request;
use crate::models::paging::Paging;
use crate::models::reuses::Detail;
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::{Found, find_reuse, reuse_by_id};
use crate::moderation::curation;
use crate::permissions::{self, Abilities};
use crate::state::AppState;
use crate::urls::link;

/// Reuse operations.
pub struct ReusesApi;

#[OpenApi]
impl ReusesApi {
    /// List reuses
    ///
    /// Anonymous callers see visible reuses (public, not deleted, with a dataset); signed-in
    /// users also their own and their organizations'; moderators and admins everything.
    #[oai(
        path = "/reuses/",
        method = "get",
        operation_id = "list_reuses",
        tag = "ApiTags::Reuses"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_reuses(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        req: &Request,
        /// Words that must all appear.
        q: Query<Option<String>>,
        /// title, created, last_modified, datasets, followers or views; `-` for descending.
        sort: Query<Option<String>>,
        /// Type.
        #[oai(name = "type")]
        kind: Query<Option<String>>,
        /// Topic.
        topic: Query<Option<String>>,
        /// Tag that must be present (repeatable).
        #[oai(default)]
        tag: Query<Vec<String>>,
        /// Dataset id.
        dataset: Query<Option<String>>,
        /// Organization id or slug.
        organization: Query<Option<String>>,
        /// Owner's user id.
        owner: Query<Option<String>>,
        /// Featured only (true) or not featured (false).
        featured: Query<Option<bool>>,
        /// Private only (true) or public only (false).
        private: Query<Option<bool>>,
        /// Archived only (true) or not archived (false).
        archived: Query<Option<bool>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<ReuseView>>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let filter = ReuseFilter {
            q: q.0,
            sort: sort.0,
            kind: kind.0,
            topic: topic.0,
            tags: tag.0,
            dataset: dataset.0,
            organization: organization.0,
            owner: owner.0,
            featured: featured.0,
            private: private.0,
            archived: archived.0,
        };
        let found = list_reuses(
            &state.db,
            &state.cache,
            &state.gallery,
            &viewer,
            &filter,
            paging,
            Detail::Full,
        )
        .await?;
        let public_url = &state.config.public_url;
        let abilities = Abilities::of(&state.db, &viewer).await?;
        Ok(Json(Page::new(found, req, public_url, |card| {
            ReuseView::new(card, public_url, &abilities)
        })))
    }

    /// Create a reuse
    ///
    /// Owned by the caller, or by `organization` (one the caller belongs to).
    #[oai(
        path = "/reuses/",
        method = "post",
        operation_id = "create_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn create_reuse(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<ReuseInput>,
    ) -> HttpResult<CreateReuseResponse> {
        viewer.require_user()?;
        let fields = body.0.into_fields()?;
        let card = actions::reuses::create_reuse(&state, &viewer, fields, None).await?;
        let abilities = Abilities::of(&state.db, &viewer).await?;
        Ok(CreateReuseResponse::Created(Json(ReuseView::new(
            card,
            &state.config.public_url,
            &abilities,
        ))))
    }

    /// Reuse types
    ///
    /// Labelled in the caller's language (`?lang=fr` or `en`, else the language of the site).
    #[oai(
        path = "/reuses/types/",
        method = "get",
        operation_id = "reuse_types",
        tag = "ApiTags::Reuses"
    )]
    async fn list_types(&self, req: &Request) -> Json<Vec<Choice>> {
        Json(Choice::all(TYPES, "type", of_request(req)))
    }

    /// Reuse topics
    ///
    /// Labelled in the caller's language (`?lang=fr` or `en`, else the language of the site).
    #[oai(
        path = "/reuses/topics/",
        method = "get",
        operation_id = "reuse_topics",
        tag = "ApiTags::Reuses"
    )]
    async fn list_topics(&self, req: &Request) -> Json<Vec<Choice>> {
        Json(Choice::all(TOPICS, "topic", of_request(req)))
    }

    /// Suggest reuses by title
    #[oai(
        path = "/reuses/suggest/",
        method = "get",
        operation_id = "suggest_reuses",
        tag = "ApiTags::Reuses"
    )]
    async fn suggest_reuses(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        /// Start of a title.
        q: Query<String>,
        /// How many (default 10); over 20, 20 are given.
        #[oai(validator(minimum(value = "1")))]
        size: Query<Option<u64>>,
    ) -> HttpResult<Json<Vec<Suggestion>>> {
        let filter = ReuseFilter {
            q: Some(q.0),
            sort: Some("-followers".into()),
            ..ReuseFilter::default()
        };
        let paging = Paging::new(Some(1), Some(size.0.unwrap_or(10).min(20)))?;
        let found = list_reuses(
            &state.db,
            &state.cache,
            &state.gallery,
            &viewer,
            &filter,
            paging,
            Detail::Full,
        )
        .await?;
        let public_url = &state.config.public_url;
        Ok(Json(
            found
                .items
                .into_iter()
                .map(|card| Suggestion {
                    page: link(public_url, &format!("reuses/{}/", card.reuse.slug)),
                    id: card.reuse.id,
                    title: card.reuse.title,
                    slug: card.reuse.slug,
                    image_url: card.reuse.image_thumbnail,
                })
                .collect(),
        ))
    }

    /// Show a reuse
    ///
    /// By id or slug; an old slug answers 301 to the current one; 410 once deleted.
    #[oai(
        path = "/reuses/:id/",
        method = "get",
        operation_id = "get_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn find_reuse(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<FindReuseResponse> {
        Ok(match find_reuse(&state.db, &viewer, &id).await? {
            Found::Reuse(card) => {
                let abilities = Abilities::of(&state.db, &viewer).await?;
                let full = ReuseView::full(&state, *card, &abilities).await?;
                FindReuseResponse::Found(Json(Box::new(full)))
            }
            Found::MovedTo(slug) => FindReuseResponse::Moved(link(
                &state.config.public_url,
                &format!("api/1/reuses/{slug}/"),
            )),
        })
    }

    /// Update a reuse
    ///
    /// Only the fields given change; `{"deleted": null}` restores a deleted reuse.
    #[oai(
        path = "/reuses/:id/",
        method = "put",
        operation_id = "update_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn update_reuse(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
        body: Json<ReuseInput>,
    ) -> HttpResult<Json<ReuseView>> {
        let reuse = reuse_by_id(&state.db, &viewer, &id).await?;
        let fields = body.0.into_fields()?;
        let reuse = actions::reuses::update_reuse(&state, &viewer, reuse, fields, None).await?;
        Ok(Json(view(&state, &viewer, reuse).await?))
    }

    /// Delete a reuse
    ///
    /// A soft delete: the reuse disappears (410) and can be restored.
    #[oai(
        path = "/reuses/:id/",
        method = "delete",
        operation_id = "delete_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn delete_reuse(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<DeleteReuseResponse> {
        let reuse = reuse_by_id(&state.db, &viewer, &id).await?;
        actions::reuses::delete_reuse(&state, &viewer, reuse).await?;
        Ok(DeleteReuseResponse::Deleted)
    }

    /// Link a dataset to a reuse
    #[oai(
        path = "/reuses/:id/datasets/",
        method = "post",
        operation_id = "reuse_add_dataset",
        tag = "ApiTags::Reuses"
    )]
    async fn add_dataset(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
        body: Json<DatasetLink>,
    ) -> HttpResult<AddDatasetResponse> {
        let reuse = reuse_by_id(&state.db, &viewer, &id).await?;
        let (reuse, added) = actions::reuses::add_dataset(&state, &viewer, reuse, &body.id).await?;
        let shown = Json(view(&state, &viewer, reuse).await?);
        Ok(if added {
            AddDatasetResponse::Added(shown)
        } else {
            AddDatasetResponse::AlreadyThere(shown)
        })
    }

    /// Feature a reuse (moderators)
    #[oai(
        path = "/reuses/:id/featured/",
        method = "post",
        operation_id = "feature_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn feature_reuse(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<ReuseView>> {
        permissions::can_curate(&viewer)?;
        let moderator = viewer.require_user()?;
        let reuse = curation::feature(&state, moderator, &id, true).await?;
        Ok(Json(view(&state, &viewer, reuse).await?))
    }

    /// Unfeature a reuse (moderators)
    #[oai(
        path = "/reuses/:id/featured/",
        method = "delete",
        operation_id = "unfeature_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn unfeature_reuse(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<ReuseView>> {
        permissions::can_curate(&viewer)?;
        let moderator = viewer.require_user()?;
        let reuse = curation::feature(&state, moderator, &id, false).await?;
        Ok(Json(view(&state, &viewer, reuse).await?))
    }

    /// Reuses of a dataset
    #[oai(
        path = "/datasets/:id/reuses/",
        method = "get",
        operation_id = "list_dataset_reuses",
        tag = "ApiTags::Datasets"
    )]
    async fn list_dataset_reuses(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        /// Dataset id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<Vec<ReuseView>>> {
        let dataset = crate::models::datasets::find_dataset(&state.db, &id).await?;
        let filter = ReuseFilter {
            dataset: Some(dataset.dataset.id),
            ..ReuseFilter::default()
        };
        first_hundred(&state, &viewer, &filter).await
    }

    /// Reuses of an organization
    #[oai(
        path = "/organizations/:id/reuses/",
        method = "get",
        operation_id = "list_organization_reuses",
        tag = "ApiTags::Organizations"
    )]
    async fn list_organization_reuses(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        /// Organization id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<Vec<ReuseView>>> {
        let org = crate::models::organizations::find_organization(&state.db, &id).await?;
        let filter = ReuseFilter {
            organization: Some(org.id),
            ..ReuseFilter::default()
        };
        first_hundred(&state, &viewer, &filter).await
    }
}
