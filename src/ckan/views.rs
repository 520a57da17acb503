//! The shapes CKAN gives the catalog's objects: a package (dataset) with its resources, tags
//! and extras, and an organization. Times are CKAN's: UTC without a zone, to the microsecond.

use chrono::{DateTime, Utc};
use entity::{dataset_resources, organizations};
use poem_openapi::Object;
use serde_json::Value;

use crate::models::datasets::DatasetCard;

/// A time as CKAN writes it (`2024-05-01T09:30:00.000000`).
pub fn ckan_time(at: DateTime<Utc>) -> String {
    at.naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// A tag.
#[derive(Object)]
pub struct TagDict {
    /// The tag itself (Vitrine keeps no separate tag ids).
    pub id: String,
    /// The tag.
    pub name: String,
    /// The tag.
    pub display_name: String,
    /// Always `active`.
    pub state: String,
    /// Always `null`: free tags.
    #[oai(nullable)]
    pub vocabulary_id: Option<String>,
}

impl TagDict {
    /// `tag` as CKAN shows it.
    pub fn new(tag: &str) -> Self {
        Self {
            id: tag.to_owned(),
            name: tag.to_owned(),
            display_name: tag.to_owned(),
            state: "active".into(),
            vocabulary_id: None,
        }
    }

    /// Each of `tags`.
    pub fn list(tags: &[String]) -> Vec<Self> {
        tags.iter().map(|tag| Self::new(tag)).collect()
    }
}

/// A free key/value.
#[derive(Object)]
pub struct ExtraDict {
    /// Its key.
    pub key: String,
    /// Its value: text as CKAN keeps it (other JSON values written out).
    pub value: String,
}

impl ExtraDict {
    /// `value` under `key`, text kept as it is and other JSON written out.
    pub fn new(key: &str, value: &Value) -> Self {
        Self {
            key: key.to_owned(),
            value: match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            },
        }
    }
}

/// An organization, as a package carries it.
#[derive(Object)]
pub struct OrganizationDict {
    /// Its id.
    pub id: String,
    /// Its slug.
    pub name: String,
    /// Its name.
    pub title: String,
    /// Always `organization`.
    #[oai(rename = "type")]
    pub kind: String,
    /// Its description (Markdown).
    pub description: String,
    /// Its logo.
    pub image_url: String,
    /// When it was created.
    pub created: String,
    /// Always `true`.
    pub is_organization: bool,
    /// Always `approved`.
    pub approval_status: String,
    /// Always `active`.
    pub state: String,
}

impl OrganizationDict {
    /// `org` as CKAN shows it.
    pub fn new(org: &organizations::Model) -> Self {
        Self {
            id: org.id.clone(),
            name: org.slug.clone(),
            title: org.name.clone(),
            kind: "organization".into(),
            description: org.description.clone(),
            image_url: org.logo.clone().unwrap_or_default(),
            created: ckan_time(org.created_at),
            is_organization: true,
            approval_status: "approved".into(),
            state: "active".into(),
        }
    }
}

/// A resource: a file or an API of a dataset.
#[derive(Object)]
pub struct ResourceDict {
    /// Its id.
    pub id: String,
    /// Its dataset's id.
    pub package_id: String,
    /// Its title.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Where it is.
    pub url: String,
    /// Its format (`csv`, `json`…), or empty.
    pub format: String,
    /// Its media type.
    #[oai(nullable)]
    pub mimetype: Option<String>,
    /// Its size in bytes.
    #[oai(nullable)]
    pub size: Option<i64>,
    /// What it is (udata's `main`, `documentation`, `api`…).
    #[oai(nullable)]
    pub resource_type: Option<String>,
    /// Its rank in the dataset, from 0.
    pub position: i32,
    /// When it was created.
    pub created: String,
    /// When it last changed.
    pub last_modified: String,
    /// Always `active`.
    pub state: String,
}

impl ResourceDict {
    fn new(resource: &dataset_resources::Model) -> Self {
        Self {
            id: resource.id.clone(),
            package_id: resource.dataset_id.clone(),
            name: resource.title.clone(),
            description: resource.description.clone(),
            url: resource.url.clone(),
            format: resource.format.clone().unwrap_or_default(),
            mimetype: resource.mime.clone(),
            size: resource.filesize,
            resource_type: Some(resource.kind.clone()),
            position: resource.position,
            created: ckan_time(resource.created_at),
            last_modified: ckan_time(resource.last_modified),
            state: "active".into(),
        }
    }
}

/// A dataset of the mirrored catalog, as CKAN's `package_show` gives it.
#[derive(Object)]
pub struct PackageDict {
    /// The catalog's id.
    pub id: String,
    /// Its slug.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Always `dataset`.
    #[oai(rename = "type")]
    pub kind: String,
    /// Its description (Markdown).
    pub notes: String,
    /// Its page on the catalog.
    #[oai(nullable)]
    pub url: Option<String>,
    /// Its licence id.
    #[oai(nullable)]
    pub license_id: Option<String>,
    /// The publishing organization's id.
    #[oai(nullable)]
    pub owner_org: Option<String>,
    /// The publishing organization.
    #[oai(nullable)]
    pub organization: Option<OrganizationDict>,
    /// The publishing user's id, when no organization publishes it.
    #[oai(nullable)]
    pub creator_user_id: Option<String>,
    /// When the catalog created it.
    pub metadata_created: String,
    /// When the catalog last changed it.
    pub metadata_modified: String,
    /// Seen by its producer only, in the catalog.
    pub private: bool,
    /// `active`, or `deleted` once the catalog deleted it.
    pub state: String,
    /// Archived by the catalog.
    pub archived: bool,
    /// Its tags.
    pub tags: Vec<TagDict>,
    /// How many tags.
    pub num_tags: u64,
    /// Its files and APIs, in the catalog's order.
    pub resources: Vec<ResourceDict>,
    /// How many resources.
    pub num_resources: u64,
    /// Its free key/values (with `frequency` when the catalog gives one).
    pub extras: Vec<ExtraDict>,
    /// Always empty: Vitrine mirrors no groups.
    pub groups: Vec<Value>,
    /// How many reuses use it.
    pub num_reuses: u64,
}

impl PackageDict {
    /// `card` as CKAN shows a dataset.
    pub fn new(card: &DatasetCard) -> Self {
        let dataset = &card.dataset;
        let mut extras: Vec<ExtraDict> = card
            .extras()
            .iter()
            .map(|(key, value)| ExtraDict::new(key, value))
            .collect();
        if let Some(frequency) = &dataset.frequency {
            extras.push(ExtraDict::new(
                "frequency",
                &Value::from(frequency.as_str()),
            ));
        }
        Self {
            id: dataset.id.clone(),
            name: dataset.slug.clone(),
            title: dataset.title.clone(),
            kind: "dataset".into(),
            notes: dataset.description.clone(),
            url: dataset.url.clone(),
            license_id: dataset.license.clone(),
            owner_org: dataset.organization_id.clone(),
            organization: card.organization.as_ref().map(OrganizationDict::new),
            creator_user_id: dataset.owner_id.clone(),
            metadata_created: ckan_time(dataset.created_at),
            metadata_modified: ckan_time(dataset.last_modified),
            private: dataset.private,
            state: if dataset.deleted { "deleted" } else { "active" }.into(),
            archived: dataset.archived,
            tags: TagDict::list(&card.tags),
            num_tags: card.tags.len() as u64,
            resources: card.resources.iter().map(ResourceDict::new).collect(),
            num_resources: card.resources.len() as u64,
            extras,
            groups: Vec::new(),
            num_reuses: u64::try_from(dataset.reuses).unwrap_or_default(),
        }
    }
}
