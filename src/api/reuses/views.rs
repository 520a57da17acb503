//! The JSON shapes the reuse operations answer with (udata's).

use chrono::{DateTime, Utc};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use url::Url;

use poem_openapi::types::{ParseFromJSON, ToJSON};
use serde_json::Value;

use crate::api::datasets::DatasetView;
use crate::api::views::{Badge, OrganizationRef, Permissions, UserRef};
use crate::error::{AppError, HttpResult};
use crate::i18n::Lang;
use crate::models::datasets::dataset_cards;
use crate::models::paging::Paging;
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::{Detail, ReuseCard, reuse_cards};
use crate::permissions::Abilities;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::urls::link;

/// A reuse as the API shows it (udata's shape). Lists carry light references to its datasets
/// ([`DatasetRef`]); the reuse's own endpoint, as udata's does, full datasets ([`DatasetView`]).
#[derive(Object)]
pub struct ReuseView<D: ParseFromJSON + ToJSON = DatasetRef> {
    /// Id.
    pub id: String,
    /// Always `Reuse`.
    pub class: String,
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
    pub datasets: Vec<D>,
    /// The owning user.
    #[oai(nullable)]
    pub owner: Option<UserRef>,
    /// The owning organization.
    #[oai(nullable)]
    pub organization: Option<OrganizationRef>,
    /// Counters.
    pub metrics: ReuseMetrics,
    /// Badges.
    pub badges: Vec<Badge>,
    /// Free key/values its author keeps with it.
    pub extras: Value,
    /// What the caller may do to it.
    pub permissions: Permissions,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last modified.
    pub last_modified: DateTime<Utc>,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

/// A dataset as embedded in a list of reuses: udata's dataset reference.
#[derive(Object)]
pub struct DatasetRef {
    /// Id.
    pub id: String,
    /// Always `Dataset`.
    pub class: String,
    /// Title.
    pub title: String,
    /// Acronym.
    #[oai(nullable)]
    pub acronym: Option<String>,
    /// Slug.
    pub slug: String,
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
    /// The view of a reuse on the site at `public_url`, as `abilities` may act on it.
    pub fn new(card: ReuseCard, public_url: &Url, abilities: &Abilities) -> Self {
        let datasets = card
            .datasets
            .iter()
            .map(|dataset| DatasetRef {
                uri: link(public_url, &format!("api/1/datasets/{}/", dataset.id)),
                page: link(public_url, &format!("datasets/{}/", dataset.slug)),
                id: dataset.id.clone(),
                class: "Dataset".to_owned(),
                title: dataset.title.clone(),
                acronym: dataset.acronym.clone(),
                slug: dataset.slug.clone(),
            })
            .collect();
        Self::with_datasets(card, datasets, public_url, abilities)
    }
}

impl ReuseView<DatasetView> {
    /// The view of one reuse with its datasets in full, as its own endpoint gives it.
    pub async fn full(
        state: &AppState,
        card: ReuseCard,
        abilities: &Abilities,
    ) -> HttpResult<Self> {
        let public_url = &state.config.public_url;
        let datasets = dataset_cards(&state.db, card.datasets.clone())
            .await?
            .into_iter()
            .map(|dataset| DatasetView::new(dataset, public_url))
            .collect();
        Ok(Self::with_datasets(card, datasets, public_url, abilities))
    }
}

impl<D: ParseFromJSON + ToJSON> ReuseView<D> {
    fn with_datasets(
        card: ReuseCard,
        datasets: Vec<D>,
        public_url: &Url,
        abilities: &Abilities,
    ) -> Self {
        let editable = abilities.may_edit_reuse(&card.reuse);
        let ReuseCard {
            reuse,
            tags,
            owner,
            organization,
            ..
        } = card;
        Self {
            uri: link(public_url, &format!("api/1/reuses/{}/", reuse.id)),
            page: link(public_url, &format!("reuses/{}/", reuse.slug)),
            class: "Reuse".to_owned(),
            datasets,
            badges: Badge::list(&reuse.badges),
            extras: serde_json::from_str(&reuse.extras)
                .unwrap_or_else(|_| Value::Object(Default::default())),
            permissions: Permissions {
                edit: editable,
                delete: editable,
            },
            owner: owner.as_ref().map(|user| UserRef::new(user, public_url)),
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

/// An entry of `/reuses/types/` and `/reuses/topics/`.
#[derive(Object)]
pub struct Choice {
    /// Value to send.
    pub id: String,
    /// Label.
    pub label: String,
}

impl Choice {
    /// Every entry of a list of `(id, _)`, in its order, labelled in `lang` by the text
    /// `{family}.{id}` (`type.api`, `topic.health`).
    pub fn all(list: &[(&str, &str)], family: &str, lang: Lang) -> Vec<Self> {
        list.iter()
            .map(|(id, _)| Self {
                id: (*id).into(),
                label: lang.t(&format!("{family}.{id}")).into(),
            })
            .collect()
    }
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
    /// The reuse, with its datasets in full.
    #[oai(status = 200)]
    Found(Json<Box<ReuseView<DatasetView>>>),
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

/// The views of `cards`, with what `viewer` may do to each (one query for all).
pub async fn views_of(
    state: &AppState,
    viewer: &Viewer,
    cards: Vec<ReuseCard>,
) -> HttpResult<Vec<ReuseView>> {
    let abilities = Abilities::of(&state.db, viewer).await?;
    let public_url = &state.config.public_url;
    Ok(cards
        .into_iter()
        .map(|card| ReuseView::new(card, public_url, &abilities))
        .collect())
}

pub(super) async fn view(
    state: &AppState,
    viewer: &Viewer,
    reuse: entity::reuses::Model,
) -> HttpResult<ReuseView> {
    let card = reuse_cards(&state.db, vec![reuse])
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal("reuse vanished".into()))?;
    let abilities = Abilities::of(&state.db, viewer).await?;
    Ok(ReuseView::new(card, &state.config.public_url, &abilities))
}

/// The first hundred reuses of a filter, as udata's unpaged sub-lists give them.
pub(super) async fn first_hundred(
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
    Ok(Json(views_of(state, viewer, found.items).await?))
}
