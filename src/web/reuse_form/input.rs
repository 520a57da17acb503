//! What the reuse form sends: its fields as typed, read from a url-encoded or multipart body.

use entity::{datasets, reuses};
use serde::Deserialize;

use crate::error::{AppError, HttpResult};
use crate::models::reuses::write::ReuseFields;

/// What the form shows and sends back.
#[derive(Deserialize, Default, Clone)]
pub struct ReuseForm {
    pub(super) csrf_token: Option<String>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) url: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) topic: Option<String>,
    pub(super) tags: Option<String>,
    /// Dataset ids, as checkboxes send them: `datasets=a&datasets=b` (read from the raw body).
    #[serde(skip)]
    pub(super) datasets: Vec<String>,
    pub(super) organization: Option<String>,
    pub(super) private: Option<String>,
    /// Words to find among the catalog's dataset titles.
    pub(super) dataset_q: Option<String>,
    /// Set by the picker's search button: show the form again with the datasets found, save
    /// nothing.
    pub(super) search: Option<String>,
    /// A dataset to start with, by id or slug (`/reuses/new?dataset=…`, from a dataset's page).
    pub(super) dataset: Option<String>,
}

/// Dataset checkboxes (`datasets=…`, repeated) of a form body or query string.
pub(super) fn dataset_ids(encoded: &[u8]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (key, value) in url::form_urlencoded::parse(encoded) {
        if key == "datasets" && !value.is_empty() && !ids.iter().any(|id| *id == value) {
            ids.push(value.into_owned());
        }
    }
    ids
}

impl ReuseForm {
    /// The fields as the use case takes them.
    pub(super) fn fields(&self) -> ReuseFields {
        let text = |value: &Option<String>| value.clone().map(|v| v.trim().to_owned());
        ReuseFields {
            title: text(&self.title),
            slug: None,
            description: text(&self.description),
            url: text(&self.url),
            kind: text(&self.kind).filter(|v| !v.is_empty()),
            topic: text(&self.topic).filter(|v| !v.is_empty()),
            tags: Some(
                self.tags
                    .as_deref()
                    .unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            datasets: Some(self.datasets.clone()),
            // Absent (no choice on the page): unchanged; empty: the author themselves.
            organization: self
                .organization
                .clone()
                .map(|org| Some(org).filter(|org| !org.is_empty())),
            private: Some(self.private.is_some()),
            restore: false,
            extras: None,
        }
    }

    /// The form of a query string or url-encoded body.
    pub(super) fn from_body(body: &str) -> HttpResult<Self> {
        let mut form: ReuseForm = serde_urlencoded::from_str(body)
            .map_err(|err| AppError::BadRequest(format!("unreadable form: {err}")))?;
        form.datasets = dataset_ids(body.as_bytes());
        Ok(form)
    }

    /// Reads the form as the page sends it (multipart, for the image) or url-encoded.
    pub(super) async fn read(
        req: &poem::Request,
        body: poem::Body,
    ) -> HttpResult<(Self, Option<Vec<u8>>)> {
        let unreadable =
            |err: &dyn std::fmt::Display| AppError::BadRequest(format!("unreadable form: {err}"));
        let content_type = req.content_type().unwrap_or_default().to_owned();
        if !content_type.starts_with("multipart/form-data") {
            let text = body.into_string().await.map_err(|err| unreadable(&err))?;
            return Ok((Self::from_body(&text)?, None));
        }
        let boundary = multer::parse_boundary(&content_type).map_err(|err| unreadable(&err))?;
        let mut multipart = multer::Multipart::new(body.into_bytes_stream(), boundary);
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut image = None;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|err| unreadable(&err))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "image" {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|err| AppError::field("image", format!("could not be read: {err}")))?;
                image = (!bytes.is_empty()).then(|| bytes.to_vec());
            } else {
                let value = field.text().await.map_err(|err| unreadable(&err))?;
                pairs.push((name, value));
            }
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        Ok((Self::from_body(&encoded)?, image))
    }

    /// The edit form of a stored reuse.
    pub(super) fn of(reuse: &reuses::Model, tags: &[String], datasets: &[datasets::Model]) -> Self {
        Self {
            title: Some(reuse.title.clone()),
            description: Some(reuse.description.clone()),
            url: Some(reuse.url.clone()),
            kind: Some(reuse.r#type.clone()),
            topic: Some(reuse.topic.clone()),
            tags: Some(tags.join(", ")),
            datasets: datasets.iter().map(|d| d.id.clone()).collect(),
            organization: reuse.organization_id.clone(),
            private: reuse.private.then(|| "on".to_owned()),
            ..Self::default()
        }
    }
}
