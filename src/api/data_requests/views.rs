//! What the data request operations answer and take.

use chrono::{DateTime, Utc};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use url::Url;

use crate::actions::data_requests::DataRequestChange;
use crate::api::views::{OrganizationRef, UserRef};
use crate::models::data_requests::DataRequestCard;
use crate::models::data_requests::write::DataRequestFields;
use crate::urls::link;

/// A data request as the API shows it.
#[derive(Object)]
pub struct DataRequestView {
    /// Id.
    pub id: String,
    /// Always `DataRequest`.
    pub class: String,
    /// What data is asked for.
    pub title: String,
    /// What it would serve (Markdown, raw).
    pub purpose: String,
    /// Who holds the data, if the author knows.
    #[oai(nullable)]
    pub holder: Option<String>,
    /// `open`, `routed`, `in_progress`, `opened` or `declined`.
    pub status: String,
    /// Who asked.
    #[oai(nullable)]
    pub author: Option<UserRef>,
    /// The organization it was routed to.
    #[oai(nullable)]
    pub organization: Option<OrganizationRef>,
    /// The dataset that answered it, once opened.
    #[oai(nullable)]
    pub dataset: Option<DataRequestDataset>,
    /// Why it was declined.
    #[oai(nullable)]
    pub decline_reason: Option<String>,
    /// People supporting it (its author included, unless they withdrew).
    pub supporters: u64,
    /// Whether the caller supports it.
    pub supported: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last modified.
    pub last_modified: DateTime<Utc>,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

/// The dataset that answered a request.
#[derive(Object)]
pub struct DataRequestDataset {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

impl DataRequestView {
    /// The view of `card` on the site at `public_url`.
    pub fn new(card: DataRequestCard, public_url: &Url) -> Self {
        let request = card.request;
        Self {
            class: "DataRequest".to_owned(),
            status: card.status.as_str().to_owned(),
            author: card
                .author
                .as_ref()
                .map(|user| UserRef::new(user, public_url)),
            organization: card
                .organization
                .as_ref()
                .map(|org| OrganizationRef::new(org, public_url)),
            dataset: card.dataset.map(|dataset| DataRequestDataset {
                uri: link(public_url, &format!("api/1/datasets/{}/", dataset.id)),
                page: link(public_url, &format!("datasets/{}/", dataset.slug)),
                id: dataset.id,
                title: dataset.title,
            }),
            supporters: u64::try_from(request.supporters).unwrap_or_default(),
            supported: card.supported,
            uri: link(public_url, &format!("api/1/data-requests/{}/", request.id)),
            page: link(public_url, &format!("data-requests/{}/", request.id)),
            id: request.id,
            title: request.title,
            purpose: request.purpose,
            holder: request.holder,
            decline_reason: request.decline_reason,
            created_at: request.created_at,
            last_modified: request.last_modified,
        }
    }
}

/// A new request, or a change to one: the words (its author, animators), and a step
/// (animators: `status` with what it needs).
#[derive(Object, Default)]
pub struct DataRequestInput {
    /// What data (required to create, at most 200 characters).
    #[oai(nullable)]
    pub title: Option<String>,
    /// What it would serve, in Markdown (required to create).
    #[oai(nullable)]
    pub purpose: Option<String>,
    /// Who holds the data, if known (empty: unknown).
    #[oai(nullable)]
    pub holder: Option<String>,
    /// The status to take it to: `routed` (with `organization`), `in_progress`, `opened` (with
    /// `dataset`), `declined` (with `reason`) or `open`. Animators only.
    #[oai(nullable)]
    pub status: Option<String>,
    /// The organization to route it to: id or slug.
    #[oai(nullable)]
    pub organization: Option<String>,
    /// The dataset of the catalog that answers it: id or slug.
    #[oai(nullable)]
    pub dataset: Option<String>,
    /// Why it is declined.
    #[oai(nullable)]
    pub reason: Option<String>,
}

impl DataRequestInput {
    /// The words alone.
    pub fn fields(&self) -> DataRequestFields {
        DataRequestFields {
            title: self.title.clone(),
            purpose: self.purpose.clone(),
            holder: self.holder.clone(),
        }
    }
}

impl From<DataRequestInput> for DataRequestChange {
    fn from(input: DataRequestInput) -> Self {
        Self {
            fields: input.fields(),
            status: input.status,
            organization: input.organization,
            dataset: input.dataset,
            reason: input.reason,
        }
    }
}

/// Answer of `POST /data-requests/`.
#[derive(ApiResponse)]
pub enum CreateDataRequestResponse {
    /// Created; its author supports it.
    #[oai(status = 201)]
    Created(Json<DataRequestView>),
}

/// Answer of `POST /data-requests/{id}/support/`.
#[derive(ApiResponse)]
pub enum SupportResponse {
    /// Supported (a second support changes nothing).
    #[oai(status = 201)]
    Supported(Json<DataRequestView>),
}
