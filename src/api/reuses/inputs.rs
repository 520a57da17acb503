//! The JSON bodies the reuse operations take, and how they become the domain's fields.

use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;
use serde_json::Value;

use crate::api::references::referenced_id;
use crate::error::{AppError, HttpResult};
use crate::models::reuses::write::ReuseFields;

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
    /// Free key/values kept with the reuse and given back as they came (a JSON object of at
    /// most 10,000 characters; replaces the stored one).
    #[oai(nullable)]
    pub extras: Option<std::collections::BTreeMap<String, Value>>,
}

impl ReuseInput {
    pub(super) fn into_fields(self) -> HttpResult<ReuseFields> {
        let datasets = self
            .datasets
            .map(|items| {
                items
                    .iter()
                    .map(|item| referenced_id(item, "datasets"))
                    .collect::<HttpResult<Vec<_>>>()
            })
            .transpose()?;
        let organization = match self.organization {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(value) => Some(Some(referenced_id(&value, "organization")?)),
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
            slug: None,
            description: self.description,
            url: self.url,
            kind: self.kind,
            topic: self.topic,
            tags: self.tags,
            datasets,
            organization,
            extras: self.extras.map(|extras| extras.into_iter().collect()),
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
