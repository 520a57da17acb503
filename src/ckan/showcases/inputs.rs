//! What the showcase actions take, and how it becomes a reuse's fields: the same fields, the
//! same checks as udata's dialect.

use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;
use serde_json::{Map, Value};

use super::views::{TOPIC_EXTRA, TYPE_EXTRA};
use crate::ckan::body::Flag;
use crate::error::{AppError, AppResult};
use crate::models::reuses::write::ReuseFields;

/// Type of a showcase created without `reuse_type` (CKAN's showcases have no type).
const DEFAULT_TYPE: &str = "application";
/// Topic of a showcase created without `reuse_topic`.
const DEFAULT_TOPIC: &str = "others";

/// A tag, as CKAN sends it.
#[derive(Object)]
pub struct TagInput {
    /// The tag.
    pub name: String,
}

/// A free key/value, as CKAN sends it.
#[derive(Object)]
pub struct ExtraInput {
    /// Its key.
    pub key: String,
    /// Its value.
    pub value: Value,
}

/// A showcase's fields. On update only those given change (what `package_show` gave may be
/// sent back whole: its other keys are ignored).
#[derive(Object, Default)]
pub struct ShowcaseInput {
    /// On update: the showcase to change, by id or name.
    pub id: Option<String>,
    /// Its slug: 2 to 100 lowercase letters, digits, `-` or `_`; from the title when absent.
    pub name: Option<String>,
    /// Title (required; the name when absent).
    pub title: Option<String>,
    /// Description in Markdown (required).
    pub notes: Option<String>,
    /// Where the reuse lives (required, http or https, unique).
    pub url: Option<String>,
    /// The image: Vitrine keeps the images it shows, so send the file as `image_upload`
    /// (multipart); only the showcase's current `image_url` may be sent back.
    pub image_url: Option<String>,
    /// Tags, as `[{"name": …}]`.
    pub tags: Option<Vec<TagInput>>,
    /// Tags, comma-separated (CKAN's form field).
    pub tag_string: Option<String>,
    /// `reuse_type` (see `/api/1/reuses/types/`; `application` when absent on create),
    /// `reuse_topic` (see `/api/1/reuses/topics/`; `others`), and free key/values.
    pub extras: Option<Vec<ExtraInput>>,
    /// Publishing organization (one of yours), by id or name; empty or `null` for yourself.
    pub owner_org: MaybeUndefined<String>,
    /// Hidden from the public.
    pub private: Option<Flag>,
}

impl ShowcaseInput {
    /// The reuse's fields; `current_image` is the image the showcase has (none on create).
    pub fn into_fields(
        self,
        creating: bool,
        current_image: Option<&str>,
    ) -> AppResult<ReuseFields> {
        if let Some(image) = self.image_url.as_deref().filter(|url| !url.is_empty())
            && Some(image) != current_image
        {
            return Err(AppError::field(
                "image_url",
                "Vitrine keeps the images it shows: send the file as image_upload (multipart)",
            ));
        }
        let (mut kind, mut topic, mut extras) = (None, None, None);
        if let Some(items) = self.extras {
            let mut own = Map::new();
            for ExtraInput { key, value } in items {
                // CKAN's extras are text; another JSON value is checked as written.
                let text = || {
                    Some(
                        value
                            .as_str()
                            .map_or_else(|| value.to_string(), str::to_owned),
                    )
                };
                match key.as_str() {
                    TYPE_EXTRA => kind = text(),
                    TOPIC_EXTRA => topic = text(),
                    _ => {
                        own.insert(key, value);
                    }
                }
            }
            extras = Some(own);
        }
        if creating {
            kind = kind.or_else(|| Some(DEFAULT_TYPE.to_owned()));
            topic = topic.or_else(|| Some(DEFAULT_TOPIC.to_owned()));
        }
        let tags = match (self.tags, self.tag_string) {
            (Some(tags), _) => Some(tags.into_iter().map(|tag| tag.name).collect()),
            (None, Some(text)) => Some(
                text.split(',')
                    .map(str::trim)
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            (None, None) => None,
        };
        let title = self
            .title
            .filter(|title| !title.trim().is_empty())
            .or_else(|| self.name.clone().filter(|_| creating));
        let organization = match self.owner_org {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(org) if org.trim().is_empty() => Some(None),
            MaybeUndefined::Value(org) => Some(Some(org)),
        };
        Ok(ReuseFields {
            title,
            slug: self.name,
            description: self.notes,
            url: self.url,
            kind,
            topic,
            tags,
            datasets: None,
            organization,
            private: self.private.map(|flag| flag.0),
            restore: false,
            extras,
        })
    }
}
