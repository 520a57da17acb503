//! The dataset as the API shows it: udata's `Dataset`, with its resources, coverages and
//! quality.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::dataset_resources;
use poem_openapi::Object;
use serde_json::Value;
use url::Url;

use crate::api::views::{Badge, OrganizationRef, UserRef};
use crate::models::datasets::{DatasetCard, Quality, resource_extras};
use crate::urls::link;

/// A dataset as the API shows it (udata's shape).
#[derive(Object)]
pub struct DatasetView {
    /// The catalog's id.
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
    /// Description (Markdown).
    pub description: String,
    /// Short description (none kept: always `null`).
    #[oai(nullable)]
    pub description_short: Option<String>,
    /// Its page on the catalog.
    #[oai(nullable)]
    pub url: Option<String>,
    /// Publishing organization.
    #[oai(nullable)]
    pub organization: Option<OrganizationRef>,
    /// Publishing user.
    #[oai(nullable)]
    pub owner: Option<UserRef>,
    /// Tags.
    pub tags: Vec<String>,
    /// Badges.
    pub badges: Vec<Badge>,
    /// Files and APIs, in the catalog's order.
    pub resources: Vec<ResourceView>,
    /// License id.
    #[oai(nullable)]
    pub license: Option<String>,
    /// Update frequency (udata's ids: `daily`, `monthly`, `irregular`, ...).
    #[oai(nullable)]
    pub frequency: Option<String>,
    /// The period covered.
    #[oai(nullable)]
    pub temporal_coverage: Option<TemporalCoverageView>,
    /// The places covered.
    #[oai(nullable)]
    pub spatial: Option<SpatialView>,
    /// Seen by its producer only, in the catalog.
    pub private: bool,
    /// Featured by the catalog.
    pub featured: bool,
    /// Free key/values.
    pub extras: BTreeMap<String, Value>,
    /// Creation date in the catalog.
    pub created_at: DateTime<Utc>,
    /// Last modification in the catalog.
    pub last_modified: DateTime<Utc>,
    /// When its data last changed.
    pub last_update: DateTime<Utc>,
    /// Since when the catalog has archived it; `null` when it has not.
    #[oai(nullable)]
    pub archived: Option<DateTime<Utc>>,
    /// Since when the catalog has deleted it; `null` when it has not.
    #[oai(nullable)]
    pub deleted: Option<DateTime<Utc>>,
    /// Where it was harvested from, when it was.
    #[oai(nullable)]
    pub harvest: Option<HarvestView>,
    /// Contact points (none kept: always empty).
    pub contact_points: Vec<Value>,
    /// Quality criteria, computed as udata computes them.
    pub quality: QualityView,
    /// The mirror's own dates (those of the catalog: one mirror keeps no others).
    pub internal: InternalView,
    /// Counters.
    pub metrics: DatasetMetrics,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

/// A file or API of a dataset (udata's `Resource`).
#[derive(Object)]
pub struct ResourceView {
    /// The catalog's id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description (Markdown).
    pub description: String,
    /// `main`, `documentation`, `update`, `api`, `code` or `other`.
    #[oai(rename = "type")]
    pub kind: String,
    /// Format (`csv`, `json`, ...).
    #[oai(nullable)]
    pub format: Option<String>,
    /// Where it is.
    pub url: String,
    /// Always `remote`: the mirror links to the catalog's files and hosts none.
    pub filetype: String,
    /// Checksum (none kept: always `null`).
    #[oai(nullable)]
    pub checksum: Option<Value>,
    /// Schema (none kept: always `null`).
    #[oai(nullable)]
    pub schema: Option<Value>,
    /// Harvest details (none kept: always `null`).
    #[oai(nullable)]
    pub harvest: Option<Value>,
    /// Preview URL (none: always `null`).
    #[oai(nullable)]
    pub preview_url: Option<String>,
    /// Size in bytes.
    #[oai(nullable)]
    pub filesize: Option<i64>,
    /// MIME type.
    #[oai(nullable)]
    pub mime: Option<String>,
    /// Creation date in the catalog.
    pub created_at: DateTime<Utc>,
    /// Last modification in the catalog.
    pub last_modified: DateTime<Utc>,
    /// Free key/values (`check:available`, ...).
    pub extras: BTreeMap<String, Value>,
    /// The mirror's own dates.
    pub internal: InternalView,
}

/// udata's `internal` dates of a dataset or a resource.
#[derive(Object)]
pub struct InternalView {
    /// When the mirror's copy was created.
    pub created_at_internal: DateTime<Utc>,
    /// When the mirror's copy last changed.
    pub last_modified_internal: DateTime<Utc>,
}

/// The period a dataset covers.
#[derive(Object)]
pub struct TemporalCoverageView {
    /// First day.
    #[oai(nullable)]
    pub start: Option<NaiveDate>,
    /// Last day.
    #[oai(nullable)]
    pub end: Option<NaiveDate>,
}

/// The places a dataset covers.
#[derive(Object)]
pub struct SpatialView {
    /// Zone ids (names for datasets imported from udata's CSV, which gives those).
    pub zones: Vec<String>,
    /// Granularity (`other` when the catalog gives none).
    pub granularity: String,
    /// GeoJSON geometry.
    #[oai(nullable)]
    pub geom: Option<Value>,
}

/// Where a dataset was harvested from.
#[derive(Object)]
pub struct HarvestView {
    /// Its id on the harvested catalog.
    pub remote_id: String,
}

/// udata's quality criteria; those about resources are left out when there are none, and
/// `update_fulfilled_in_time` when the frequency is unknown, as udata does.
#[derive(Object)]
pub struct QualityView {
    /// It has a license.
    pub license: bool,
    /// It gives its temporal coverage.
    pub temporal_coverage: bool,
    /// It gives its spatial coverage.
    pub spatial: bool,
    /// It has a known update frequency.
    pub update_frequency: bool,
    /// It was updated as often as it says (one day late allowed).
    #[oai(skip_serializing_if_is_none)]
    pub update_fulfilled_in_time: Option<bool>,
    /// Its description is over 100 characters.
    pub dataset_description_quality: bool,
    /// It has resources.
    #[oai(skip_serializing_if_is_none)]
    pub has_resources: Option<bool>,
    /// A resource has an open format.
    #[oai(skip_serializing_if_is_none)]
    pub has_open_format: Option<bool>,
    /// No resource was found unavailable (unknown counts as available).
    #[oai(skip_serializing_if_is_none)]
    pub all_resources_available: Option<bool>,
    /// A resource documents it.
    #[oai(skip_serializing_if_is_none)]
    pub resources_documentation: Option<bool>,
    /// The share of the nine criteria met, 0 to 1.
    pub score: f64,
}

/// A dataset's counters.
#[derive(Object)]
pub struct DatasetMetrics {
    /// Discussions on it.
    pub discussions: i32,
    /// Open discussions on it.
    pub discussions_open: i32,
    /// Visible reuses of it.
    pub reuses: i32,
    /// Followers.
    pub followers: i32,
    /// Page views.
    pub views: i32,
}

impl DatasetView {
    /// The view of a dataset on the site at `public_url`.
    pub fn new(card: DatasetCard, public_url: &Url) -> Self {
        let quality = QualityView::from(card.quality(vitrine_core::clock::now()));
        let temporal_coverage = card
            .temporal_coverage()
            .map(|coverage| TemporalCoverageView {
                start: coverage.start,
                end: coverage.end,
            });
        let spatial = card.spatial().map(|spatial| SpatialView {
            zones: spatial.zones,
            granularity: spatial.granularity.unwrap_or_else(|| "other".to_owned()),
            geom: spatial.geom,
        });
        let extras = card.extras().into_iter().collect();
        let (archived, deleted, last_update) = (
            card.archived_since(),
            card.deleted_since(),
            card.last_update(),
        );
        let DatasetCard {
            dataset,
            tags,
            resources,
            organization,
            owner,
        } = card;
        Self {
            uri: link(public_url, &format!("api/1/datasets/{}/", dataset.id)),
            page: link(public_url, &format!("datasets/{}/", dataset.slug)),
            class: "Dataset".to_owned(),
            organization: organization.map(|org| OrganizationRef::new(&org, public_url)),
            owner: owner.map(|user| UserRef::new(&user, public_url)),
            tags,
            badges: Badge::list(&dataset.badges),
            resources: resources.iter().map(ResourceView::from).collect(),
            temporal_coverage,
            spatial,
            extras,
            archived,
            deleted,
            last_update,
            harvest: dataset
                .remote_id
                .clone()
                .map(|remote_id| HarvestView { remote_id }),
            contact_points: Vec::new(),
            quality,
            internal: InternalView {
                created_at_internal: dataset.created_at,
                last_modified_internal: dataset.last_modified,
            },
            description_short: None,
            metrics: DatasetMetrics {
                discussions: dataset.discussions,
                discussions_open: dataset.discussions_open,
                reuses: dataset.reuses,
                followers: dataset.followers,
                views: dataset.views,
            },
            id: dataset.id,
            title: dataset.title,
            acronym: dataset.acronym,
            slug: dataset.slug,
            description: dataset.description,
            url: dataset.url,
            license: dataset.license,
            frequency: dataset.frequency,
            private: dataset.private,
            featured: dataset.featured,
            created_at: dataset.created_at,
            last_modified: dataset.last_modified,
        }
    }
}

impl From<&dataset_resources::Model> for ResourceView {
    fn from(resource: &dataset_resources::Model) -> Self {
        Self {
            id: resource.id.clone(),
            title: resource.title.clone(),
            description: resource.description.clone(),
            kind: resource.kind.clone(),
            format: resource.format.clone(),
            url: resource.url.clone(),
            filetype: "remote".to_owned(),
            checksum: None,
            schema: None,
            harvest: None,
            preview_url: None,
            filesize: resource.filesize,
            mime: resource.mime.clone(),
            created_at: resource.created_at,
            last_modified: resource.last_modified,
            extras: resource_extras(resource).into_iter().collect(),
            internal: InternalView {
                created_at_internal: resource.created_at,
                last_modified_internal: resource.last_modified,
            },
        }
    }
}

impl From<Quality> for QualityView {
    fn from(quality: Quality) -> Self {
        Self {
            license: quality.license,
            temporal_coverage: quality.temporal_coverage,
            spatial: quality.spatial,
            update_frequency: quality.update_frequency,
            update_fulfilled_in_time: quality.update_fulfilled_in_time,
            dataset_description_quality: quality.dataset_description_quality,
            has_resources: quality.has_resources,
            has_open_format: quality.has_open_format,
            all_resources_available: quality.all_resources_available,
            resources_documentation: quality.resources_documentation,
            score: quality.score,
        }
    }
}
