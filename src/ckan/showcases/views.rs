//! A reuse as CKAN shows a showcase: a package of type `showcase`, with Vitrine's type and
//! topic among its extras (`reuse_type`, `reuse_topic`).

use poem_openapi::Object;
use serde_json::Value;

use crate::ckan::views::{ExtraDict, OrganizationDict, TagDict, ckan_time};
use crate::models::reuses::ReuseCard;
use crate::urls::link;
use url::Url;

/// Extra holding Vitrine's type of reuse.
pub const TYPE_EXTRA: &str = "reuse_type";
/// Extra holding Vitrine's topic.
pub const TOPIC_EXTRA: &str = "reuse_topic";

/// A showcase: one of Vitrine's reuses.
#[derive(Object)]
pub struct ShowcaseDict {
    /// Its id.
    pub id: String,
    /// Its slug.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Always `showcase`.
    #[oai(rename = "type")]
    pub kind: String,
    /// Its description (Markdown).
    pub notes: String,
    /// Where the reuse lives.
    pub url: String,
    /// Its image.
    #[oai(nullable)]
    pub image_url: Option<String>,
    /// Its image, to show.
    #[oai(nullable)]
    pub image_display_url: Option<String>,
    /// Its page on this site.
    pub showcase_url: String,
    /// Its tags.
    pub tags: Vec<TagDict>,
    /// How many tags.
    pub num_tags: u64,
    /// How many datasets it uses.
    pub num_datasets: u64,
    /// The publishing organization's id, when an organization publishes it.
    #[oai(nullable)]
    pub owner_org: Option<String>,
    /// The publishing organization.
    #[oai(nullable)]
    pub organization: Option<OrganizationDict>,
    /// The user who published it, when no organization does.
    #[oai(nullable)]
    pub creator_user_id: Option<String>,
    /// When it was registered.
    pub metadata_created: String,
    /// When it last changed.
    pub metadata_modified: String,
    /// Hidden from the public.
    pub private: bool,
    /// Always `active`: deleted reuses are not found.
    pub state: String,
    /// `reuse_type` and `reuse_topic`, then the reuse's own extras.
    pub extras: Vec<ExtraDict>,
    /// Always empty: a showcase has no files.
    pub resources: Vec<Value>,
    /// Always 0.
    pub num_resources: u64,
    /// Always empty.
    pub groups: Vec<Value>,
}

impl ShowcaseDict {
    /// `card` as CKAN shows a showcase; `num_datasets` counts the datasets linked.
    pub fn new(card: &ReuseCard, public_url: &Url) -> Self {
        let reuse = &card.reuse;
        let mut extras = vec![
            ExtraDict::new(TYPE_EXTRA, &Value::from(reuse.r#type.as_str())),
            ExtraDict::new(TOPIC_EXTRA, &Value::from(reuse.topic.as_str())),
        ];
        let own: serde_json::Map<String, Value> =
            serde_json::from_str(&reuse.extras).unwrap_or_default();
        extras.extend(own.iter().map(|(key, value)| ExtraDict::new(key, value)));
        Self {
            id: reuse.id.clone(),
            name: reuse.slug.clone(),
            title: reuse.title.clone(),
            kind: "showcase".into(),
            notes: reuse.description.clone(),
            url: reuse.url.clone(),
            image_url: reuse.image.clone(),
            image_display_url: reuse.image.clone(),
            showcase_url: link(public_url, &format!("reuses/{}/", reuse.slug)),
            tags: TagDict::list(&card.tags),
            num_tags: card.tags.len() as u64,
            num_datasets: u64::try_from(reuse.datasets_count).unwrap_or_default(),
            owner_org: reuse.organization_id.clone(),
            organization: card.organization.as_ref().map(OrganizationDict::new),
            creator_user_id: reuse.owner_id.clone(),
            metadata_created: ckan_time(reuse.created_at),
            metadata_modified: ckan_time(reuse.last_modified),
            private: reuse.private,
            state: "active".into(),
            extras,
            resources: Vec::new(),
            num_resources: 0,
            groups: Vec::new(),
        }
    }
}

/// A link between a showcase and a dataset.
#[derive(Object)]
pub struct Association {
    /// The showcase's id.
    pub showcase_id: String,
    /// The dataset's id.
    pub package_id: String,
}

/// A showcase admin: one of Vitrine's moderators.
#[derive(Object)]
pub struct AdminDict {
    /// The user's id.
    pub id: String,
    /// Their name.
    pub name: String,
}
