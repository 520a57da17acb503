//! `/api/1/reuses/`: the showcase of reuses, with udata's semantics.

use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde_json::Value;
use url::Url;

use crate::api::views::{ApiTags, OrganizationRef, Page, UserRef};
use crate::error::{AppError, HttpResult};
use crate::models::paging::Paging;
use crate::models::reuses::Detail;
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::write::{self, ReuseFields};
use crate::models::reuses::{Found, ReuseCard, find_reuse, reuse_by_id, reuse_cards};
use crate::moderation::{audit, curation};
use crate::notifications::Notifier;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::urls::link;

/// Reuse operations.
pub struct ReusesApi;

/// A reuse as the API shows it (udata's shape).
#[derive(Object)]
pub struct ReuseView {
    /// Id.
    pub id: String,
    /// Slug (old slugs redirect).
    pub slug: String,
    /// Title.
    pub title: String,
    /// Description (Markdown, raw).
    pub description: String,
    /// Where the reuse lives.
    pub url: String,
    /// Type.
    #[oai(rename = "type")]
    pub kind: String,
    /// Topic.
    pub topic: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Hidden from the public.
    pub private: bool,
    /// In the home showcase.
    pub featured: bool,
    /// When it was archived.
    #[oai(nullable)]
    pub archived: Option<DateTime<Utc>>,
    /// When it was deleted.
    #[oai(nullable)]
    pub deleted: Option<DateTime<Utc>>,
    /// Image URL.
    #[oai(nullable)]
    pub image: Option<String>,
    /// Thumbnail URL.
    #[oai(nullable)]
    pub image_thumbnail: Option<String>,
    /// The datasets it uses.
    pub datasets: Vec<DatasetRef>,
    /// The owning user.
    #[oai(nullable)]
    pub owner: Option<UserRef>,
    /// The owning organization.
    #[oai(nullable)]
    pub organization: Option<OrganizationRef>,
    /// Counters.
    pub metrics: ReuseMetrics,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last modified.
    pub last_modified: DateTime<Utc>,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

/// A dataset as embedded in a reuse.
#[derive(Object)]
pub struct DatasetRef {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

/// A reuse's counters.
#[derive(Object)]
pub struct ReuseMetrics {
    /// Discussions.
    pub discussions: i32,
    /// Open discussions.
    pub discussions_open: i32,
    /// Linked datasets.
    pub datasets: i32,
    /// Followers.
    pub followers: i32,
    /// Page views.
    pub views: i32,
}

impl ReuseView {
    /// The view of a reuse on the site at `public_url`.
    pub fn new(card: ReuseCard, public_url: &Url) -> Self {
        let ReuseCard {
            reuse,
            tags,
            datasets,
            owner,
            organization,
        } = card;
        Self {
            uri: link(public_url, &format!("api/1/reuses/{}/", reuse.id)),
            page: link(public_url, &format!("reuses/{}/", reuse.slug)),
            datasets: datasets
                .into_iter()
                .map(|dataset| DatasetRef {
                    uri: link(public_url, &format!("api/1/datasets/{}/", dataset.id)),
                    page: link(public_url, &format!("datasets/{}/", dataset.slug)),
                    id: dataset.id,
                    title: dataset.title,
                })
                .collect(),
            owner: owner.as_ref().map(UserRef::from),
            organization: organization.map(|org| OrganizationRef::new(&org, public_url)),
            metrics: ReuseMetrics {
                discussions: reuse.discussions,
                discussions_open: reuse.discussions_open,
                datasets: reuse.datasets_count,
                followers: reuse.followers,
                views: reuse.views,
            },
            tags,
            id: reuse.id,
            slug: reuse.slug,
            title: reuse.title,
            description: reuse.description,
            url: reuse.url,
            kind: reuse.r#type,
            topic: reuse.topic,
            private: reuse.private,
            featured: reuse.featured,
            archived: reuse.archived,
            deleted: reuse.deleted,
            image: reuse.image,
            image_thumbnail: reuse.image_thumbnail,
            created_at: reuse.created_at,
            last_modified: reuse.last_modified,
        }
    }
}

/// Fields of a reuse. `datasets` items and `organization` may be an id or `{"id": …}`, as in udata.
#[derive(Object, Default)]
pub struct ReuseInput {
    /// Title (required, at most 350 characters).
    #[oai(nullable)]
    pub title: Option<String>,
    /// Description in Markdown (required, at most 100,000 characters).
    #[oai(nullable)]
    pub description: Option<String>,
    /// Where the reuse lives (required, http or https, unique).
    #[oai(nullable)]
    pub url: Option<String>,
    /// Type: see `/reuses/types/`.
    #[oai(nullable, rename = "type")]
    pub kind: Option<String>,
    /// Topic: see `/reuses/topics/`.
    #[oai(nullable)]
    pub topic: Option<String>,
    /// Tags.
    #[oai(nullable)]
    pub tags: Option<Vec<String>>,
    /// Datasets used: ids or `{"id": …}` objects.
    #[oai(nullable)]
    pub datasets: Option<Vec<Value>>,
    /// Publishing organization (one of yours): id or `{"id": …}`; `null` for yourself (a user's
    /// reuse keeps its owner).
    pub organization: MaybeUndefined<Value>,
    /// Hidden from the public.
    #[oai(nullable)]
    pub private: Option<bool>,
    /// `null` restores a deleted reuse.
    pub deleted: MaybeUndefined<Value>,
}

/// An id written as `"id"` or `{"id": "id"}`.
fn reference(value: &Value, field: &str) -> HttpResult<String> {
    match value {
        Value::String(id) if !id.is_empty() => Ok(id.clone()),
        Value::Object(map) => match map.get("id") {
            Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
            _ => Err(AppError::field(field, "each reference is an id or {\"id\": …}").into()),
        },
        _ => Err(AppError::field(field, "each reference is an id or {\"id\": …}").into()),
    }
}

impl ReuseInput {
    fn into_fields(self) -> HttpResult<ReuseFields> {
        let datasets = self
            .datasets
            .map(|items| {
                items
                    .iter()
                    .map(|item| reference(item, "datasets"))
                    .collect::<HttpResult<Vec<_>>>()
            })
            .transpose()?;
        let organization = match self.organization {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(value) => Some(Some(reference(&value, "organization")?)),
        };
        let restore = match self.deleted {
            MaybeUndefined::Undefined => false,
            MaybeUndefined::Null => true,
            MaybeUndefined::Value(_) => {
                return Err(AppError::field(
                    "deleted",
                    "only null (restore) may be set; DELETE the reuse to delete it",
                )
                .into());
            }
        };
        Ok(ReuseFields {
            title: self.title,
            description: self.description,
            url: self.url,
            kind: self.kind,
            topic: self.topic,
            tags: self.tags,
            datasets,
            organization,
            private: self.private,
            restore,
        })
    }
}

/// A dataset to link.
#[derive(Object)]
pub struct DatasetLink {
    /// Dataset id.
    pub id: String,
}

/// An entry of `/reuses/types/` and `/reuses/topics/`.
#[derive(Object)]
pub struct Choice {
    /// Value to send.
    pub id: String,
    /// Label.
    pub label: String,
}

/// An entry of `/reuses/suggest/`.
#[derive(Object)]
pub struct Suggestion {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Thumbnail URL.
    #[oai(nullable)]
    pub image_url: Option<String>,
    /// Web page.
    pub page: String,
}

/// Answer of `GET /reuses/{id}/`.
#[derive(ApiResponse)]
pub enum FindReuseResponse {
    /// The reuse.
    #[oai(status = 200)]
    Found(Json<Box<ReuseView>>),
    /// An old slug: the reuse lives at `Location`.
    #[oai(status = 301)]
    Moved(#[oai(header = "Location")] String),
}

/// Answer of `POST /reuses/`.
#[derive(ApiResponse)]
pub enum CreateReuseResponse {
    /// Created.
    #[oai(status = 201)]
    Created(Json<ReuseView>),
}

/// Answer of `DELETE /reuses/{id}/`.
#[derive(ApiResponse)]
pub enum DeleteReuseResponse {
    /// Deleted (restorable with `PUT {"deleted": null}`).
    #[oai(status = 204)]
    Deleted,
}

/// Answer of `POST /reuses/{id}/datasets/`.
#[derive(ApiResponse)]
pub enum AddDatasetResponse {
    /// Linked.
    #[oai(status = 201)]
    Added(Json<ReuseView>),
    /// Already linked.
    #[oai(status = 200)]
    AlreadyThere(Json<ReuseView>),
}

async fn view(state: &AppState, reuse: entity::reuses::Model) -> HttpResult<ReuseView> {
    let card = reuse_cards(&state.db, vec![reuse])
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal("reuse vanished".into()))?;
    Ok(ReuseView::new(card, &state.config.public_url))
}

/// The first hundred reuses of a filter, as udata's unpaged sub-lists give them.
async fn first_hundred(
    state: &AppState,
    viewer: &Viewer,
    filter: &ReuseFilter,
) -> HttpResult<Json<Vec<ReuseView>>> {
    let found = list_reuses(
        &state.db,
        &state.cache,
        &state.gallery,
        viewer,
        filter,
        Paging::new(Some(1), Some(100))?,
        Detail::Full,
    )
    .await?;
    let public_url = &state.config.public_url;
    Ok(Json(
        found
            .items
            .into_iter()
            .map(|card| ReuseView::new(card, public_url))
            .collect(),
    ))
}

#[OpenApi(tag = "ApiTags::Reuses")]
impl ReusesApi {
    /// List reuses
    ///
    /// Anonymous callers see visible reuses (public, not deleted, with a dataset); signed-in
    /// users also their own and their organizations'; moderators and admins everything.
    #[oai(path = "/reuses/", method = "get")]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_reuses(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
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
        /// Items a page, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
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
        Ok(Json(Page::new(found, req, public_url, |card| {
            ReuseView::new(card, public_url)
        })))
    }

    /// Create a reuse
    ///
    /// Owned by the caller, or by `organization` (one the caller belongs to).
    #[oai(path = "/reuses/", method = "post")]
    async fn create_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        body: Json<ReuseInput>,
    ) -> HttpResult<CreateReuseResponse> {
        let user = viewer.require_user()?;
        let fields = body.0.into_fields()?;
        if let Some(Some(org)) = &fields.organization {
            permissions::can_publish_for(&state.db, &viewer, org).await?;
        }
        let notifier = Notifier::of(&state.config);
        let card = write::create_reuse(&state.db, Some(&notifier), user, fields).await?;
        Ok(CreateReuseResponse::Created(Json(ReuseView::new(
            card,
            &state.config.public_url,
        ))))
    }

    /// Reuse types
    #[oai(path = "/reuses/types/", method = "get")]
    async fn list_types(&self) -> Json<Vec<Choice>> {
        Json(
            TYPES
                .iter()
                .map(|(id, label)| Choice {
                    id: (*id).into(),
                    label: (*label).into(),
                })
                .collect(),
        )
    }

    /// Reuse topics
    #[oai(path = "/reuses/topics/", method = "get")]
    async fn list_topics(&self) -> Json<Vec<Choice>> {
        Json(
            TOPICS
                .iter()
                .map(|(id, label)| Choice {
                    id: (*id).into(),
                    label: (*label).into(),
                })
                .collect(),
        )
    }

    /// Suggest reuses by title
    #[oai(path = "/reuses/suggest/", method = "get")]
    async fn suggest_reuses(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Start of a title.
        q: Query<String>,
        /// How many, 1 to 20 (default 10).
        #[oai(validator(minimum(value = "1"), maximum(value = "20")))]
        size: Query<Option<u64>>,
    ) -> HttpResult<Json<Vec<Suggestion>>> {
        let filter = ReuseFilter {
            q: Some(q.0),
            sort: Some("-followers".into()),
            ..ReuseFilter::default()
        };
        let paging = Paging::new(Some(1), Some(size.0.unwrap_or(10)))?;
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
    #[oai(path = "/reuses/:id/", method = "get")]
    async fn find_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<FindReuseResponse> {
        Ok(match find_reuse(&state.db, &viewer, &id).await? {
            Found::Reuse(card) => FindReuseResponse::Found(Json(Box::new(ReuseView::new(
                *card,
                &state.config.public_url,
            )))),
            Found::MovedTo(slug) => FindReuseResponse::Moved(link(
                &state.config.public_url,
                &format!("api/1/reuses/{slug}/"),
            )),
        })
    }

    /// Update a reuse
    ///
    /// Only the fields given change; `{"deleted": null}` restores a deleted reuse.
    #[oai(path = "/reuses/:id/", method = "put")]
    async fn update_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
        body: Json<ReuseInput>,
    ) -> HttpResult<Json<ReuseView>> {
        let reuse = reuse_by_id(&state.db, &id).await?;
        permissions::can_edit_reuse(&state.db, &viewer, &reuse).await?;
        let user = viewer.require_user()?;
        let fields = body.0.into_fields()?;
        if reuse.deleted.is_some() && !fields.restore {
            return Err(AppError::Gone(format!(
                "reuse {:?} has been deleted; send {{\"deleted\": null}} to restore it",
                id.0
            ))
            .into());
        }
        if let Some(Some(org)) = &fields.organization {
            permissions::can_publish_for(&state.db, &viewer, org).await?;
        }
        let notifier = Notifier::of(&state.config);
        let reuse = write::update_reuse(&state.db, &notifier, user, reuse, fields).await?;
        audit::record_staff_act(
            &state.db,
            &viewer,
            "reuse.update",
            ("Reuse", &reuse.id),
            reuse.title.clone(),
        )
        .await?;
        Ok(Json(view(&state, reuse).await?))
    }

    /// Delete a reuse
    ///
    /// A soft delete: the reuse disappears (410) and can be restored.
    #[oai(path = "/reuses/:id/", method = "delete")]
    async fn delete_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<DeleteReuseResponse> {
        let reuse = reuse_by_id(&state.db, &id).await?;
        permissions::can_edit_reuse(&state.db, &viewer, &reuse).await?;
        if reuse.deleted.is_some() {
            return Err(AppError::Gone(format!("reuse {:?} is already deleted", id.0)).into());
        }
        let (id, title) = (reuse.id.clone(), reuse.title.clone());
        write::delete_reuse(&state.db, reuse).await?;
        audit::record_staff_act(&state.db, &viewer, "reuse.delete", ("Reuse", &id), title).await?;
        Ok(DeleteReuseResponse::Deleted)
    }

    /// Link a dataset to a reuse
    #[oai(path = "/reuses/:id/datasets/", method = "post")]
    async fn add_dataset(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
        body: Json<DatasetLink>,
    ) -> HttpResult<AddDatasetResponse> {
        let reuse = reuse_by_id(&state.db, &id).await?;
        permissions::can_edit_reuse(&state.db, &viewer, &reuse).await?;
        let user = viewer.require_user()?;
        let notifier = Notifier::of(&state.config);
        let (reuse, added) =
            write::add_dataset(&state.db, &notifier, user, reuse, &body.id).await?;
        let shown = Json(view(&state, reuse).await?);
        Ok(if added {
            AddDatasetResponse::Added(shown)
        } else {
            AddDatasetResponse::AlreadyThere(shown)
        })
    }

    /// Feature a reuse (moderators)
    #[oai(path = "/reuses/:id/featured/", method = "post")]
    async fn feature_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<ReuseView>> {
        permissions::can_curate(&viewer)?;
        let moderator = viewer.require_user()?;
        let reuse = curation::feature(&state, moderator, &id, true).await?;
        Ok(Json(view(&state, reuse).await?))
    }

    /// Unfeature a reuse (moderators)
    #[oai(path = "/reuses/:id/featured/", method = "delete")]
    async fn unfeature_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<ReuseView>> {
        permissions::can_curate(&viewer)?;
        let moderator = viewer.require_user()?;
        let reuse = curation::feature(&state, moderator, &id, false).await?;
        Ok(Json(view(&state, reuse).await?))
    }

    /// Reuses of a dataset
    #[oai(
        path = "/datasets/:id/reuses/",
        method = "get",
        tag = "ApiTags::Datasets"
    )]
    async fn list_dataset_reuses(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
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
        tag = "ApiTags::Organizations"
    )]
    async fn list_organization_reuses(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
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
