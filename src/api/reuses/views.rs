//! The JSON shapes the reuse operations answer with (udata's).

use chrono::{DateTime, Utc};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use url::Url;

use crate::api::views::{OrganizationRef, UserRef};
use crate::error::{AppError, HttpResult};
use crate::models::reuses::{ReuseCard, reuse_cards};
use crate::state::AppState;
use crate::urls::link;

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

/// An entry of `/reuses/types/` and `/reuses/topics/`.
#[derive(Object)]
pub struct Choice {
    /// Value to send.
    pub id: String,
    /// Label.
    pub label: String,
}

impl Choice {
    /// Every entry of a list of `(id, label)`, in its order.
    pub fn all(list: &[(&str, &str)]) -> Vec<Self> {
        list.iter()
            .map(|(id, label)| Self {
                id: (*id).into(),
                label: (*label).into(),
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

pub(super) async fn view(state: &AppState, reuse: entity::reuses::Model) -> HttpResult<ReuseView> {
    let card = reuse_cards(&state.db, vec![reuse])
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal("reuse vanished".into()))?;
    Ok(ReuseView::new(card, &state.config.public_url))
}
