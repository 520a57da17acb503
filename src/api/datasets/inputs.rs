//! The JSON body a catalog pushes a dataset with, and how it becomes the domain's fields. It
//! takes what `GET` answers: references as ids or `{"id": …}`, badges as `{kind}`, `archived` as
//! a date (or, as before, a boolean); the keys it does not know are ignored.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;
use serde_json::Value;

use crate::api::references::optional_id;
use crate::error::{AppError, HttpResult};
use crate::import::{SpatialCoverage, TemporalCoverage};
use crate::models::datasets::{DatasetFields, Mark, ResourceFields};

/// Fields a catalog pushes; on `PUT` only those given change.
#[derive(Object, Default)]
pub struct DatasetInput {
    /// The catalog's id (creation only; generated when absent; on `PUT`, the dataset's own).
    #[oai(nullable)]
    pub id: Option<String>,
    /// Title (required on creation, at most 350 characters).
    #[oai(nullable)]
    pub title: Option<String>,
    /// Acronym (at most 128 characters; `""` for none).
    #[oai(nullable)]
    pub acronym: Option<String>,
    /// Slug (derived from the title when absent).
    #[oai(nullable)]
    pub slug: Option<String>,
    /// Description (Markdown).
    #[oai(nullable)]
    pub description: Option<String>,
    /// Its page on the catalog (http or https).
    #[oai(nullable)]
    pub url: Option<String>,
    /// Publishing organization: id or `{"id": …}`; `null` or `""` for none.
    pub organization: MaybeUndefined<Value>,
    /// Publishing user: id or `{"id": …}`; `null` or `""` for none.
    pub owner: MaybeUndefined<Value>,
    /// Tags.
    #[oai(nullable)]
    pub tags: Option<Vec<String>>,
    /// Badges: `{"kind": …}` objects or kinds.
    #[oai(nullable)]
    pub badges: Option<Vec<Value>>,
    /// Files and APIs; on `PUT`, they replace the current ones.
    #[oai(nullable)]
    pub resources: Option<Vec<ResourceInput>>,
    /// License id.
    #[oai(nullable)]
    pub license: Option<String>,
    /// Update frequency.
    #[oai(nullable)]
    pub frequency: Option<String>,
    /// The period covered; `null` for none.
    pub temporal_coverage: MaybeUndefined<TemporalCoverageInput>,
    /// The places covered; `null` for none.
    pub spatial: MaybeUndefined<SpatialInput>,
    /// Seen by its producer only.
    #[oai(nullable)]
    pub private: Option<bool>,
    /// Featured by the catalog.
    #[oai(nullable)]
    pub featured: Option<bool>,
    /// Free key/values.
    #[oai(nullable)]
    pub extras: Option<BTreeMap<String, Value>>,
    /// Since when it is archived (a date), or `null` when it is not; `true`/`false` also work.
    pub archived: MaybeUndefined<Value>,
    /// Creation date in the catalog.
    #[oai(nullable)]
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification in the catalog.
    #[oai(nullable)]
    pub last_modified: Option<DateTime<Utc>>,
    /// When its data last changed.
    #[oai(nullable)]
    pub last_update: Option<DateTime<Utc>>,
}

/// A resource of a pushed dataset (udata's resource fields).
#[derive(Object, Default)]
pub struct ResourceInput {
    /// The catalog's id (a UUID is generated when absent), unique across datasets. udata's
    /// `filetype` and other keys are taken and ignored.
    #[oai(nullable)]
    pub id: Option<String>,
    /// Title (required).
    #[oai(nullable)]
    pub title: Option<String>,
    /// Description (Markdown).
    #[oai(nullable)]
    pub description: Option<String>,
    /// `main` (the default), `documentation`, `update`, `api`, `code` or `other`.
    #[oai(nullable, rename = "type")]
    pub kind: Option<String>,
    /// Format (`csv`, `json`, ...).
    #[oai(nullable)]
    pub format: Option<String>,
    /// Where it is (required, http or https).
    #[oai(nullable)]
    pub url: Option<String>,
    /// Size in bytes.
    #[oai(nullable)]
    pub filesize: Option<i64>,
    /// MIME type.
    #[oai(nullable)]
    pub mime: Option<String>,
    /// Creation date in the catalog.
    #[oai(nullable)]
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification in the catalog.
    #[oai(nullable)]
    pub last_modified: Option<DateTime<Utc>>,
    /// Free key/values.
    #[oai(nullable)]
    pub extras: Option<BTreeMap<String, Value>>,
}

/// The period covered: days (`2020-01-31`) or date-times.
#[derive(Object)]
pub struct TemporalCoverageInput {
    /// First day.
    #[oai(nullable)]
    pub start: Option<String>,
    /// Last day.
    #[oai(nullable)]
    pub end: Option<String>,
}

/// The places covered.
#[derive(Object)]
pub struct SpatialInput {
    /// Zone ids.
    #[oai(nullable)]
    pub zones: Option<Vec<String>>,
    /// Granularity id.
    #[oai(nullable)]
    pub granularity: Option<String>,
    /// GeoJSON geometry.
    #[oai(nullable)]
    pub geom: Option<Value>,
}

impl DatasetInput {
    /// The domain's fields; a 400 naming the field whose value has the wrong shape.
    pub(super) fn into_fields(self) -> HttpResult<DatasetFields> {
        Ok(DatasetFields {
            id: self.id,
            title: self.title,
            slug: self.slug,
            description: self.description,
            url: self.url,
            organization: reference(self.organization, "organization")?,
            owner: reference(self.owner, "owner")?,
            tags: self.tags,
            license: self.license,
            frequency: self.frequency,
            archived: mark(self.archived, "archived")?,
            created_at: self.created_at,
            last_modified: self.last_modified,
            acronym: self.acronym,
            private: self.private,
            featured: self.featured,
            badges: self.badges.map(|badges| badge_kinds(&badges)).transpose()?,
            extras: self.extras.map(|extras| extras.into_iter().collect()),
            temporal_coverage: temporal_coverage(self.temporal_coverage)?,
            spatial: maybe(self.spatial).map(|spatial| {
                spatial.map(|spatial| SpatialCoverage {
                    zones: spatial.zones.unwrap_or_default(),
                    granularity: spatial.granularity.filter(|id| !id.trim().is_empty()),
                    geom: spatial.geom.filter(|geom| !geom.is_null()),
                })
            }),
            last_update: self.last_update,
            resources: self
                .resources
                .map(|resources| resources.into_iter().map(ResourceFields::from).collect()),
        })
    }
}

impl From<ResourceInput> for ResourceFields {
    fn from(input: ResourceInput) -> Self {
        Self {
            id: input.id,
            title: input.title,
            description: input.description,
            kind: input.kind,
            format: input.format,
            url: input.url,
            filesize: input.filesize,
            mime: input.mime,
            created_at: input.created_at,
            last_modified: input.last_modified,
            extras: input.extras.map(|extras| extras.into_iter().collect()),
        }
    }
}

/// `None` when absent, `Some(None)` when `null`.
fn maybe<T>(value: MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(value) => Some(Some(value)),
    }
}

/// A reference as the domain takes it: absent leaves it, `""` removes it.
fn reference(value: MaybeUndefined<Value>, field: &str) -> HttpResult<Option<String>> {
    match maybe(value) {
        None => Ok(None),
        Some(value) => Ok(Some(
            optional_id(value.as_ref(), field)?.unwrap_or_default(),
        )),
    }
}

/// `archived` (or a like mark): a date, `null`, or a boolean.
fn mark(value: MaybeUndefined<Value>, field: &str) -> HttpResult<Option<Mark>> {
    let mark = match maybe(value) {
        None => return Ok(None),
        Some(None | Some(Value::Bool(false))) => Mark::Unset,
        Some(Some(Value::Bool(true))) => Mark::Set,
        Some(Some(Value::String(text))) => match parse_date_time(&text) {
            Some(date) => Mark::Since(date),
            None => {
                return Err(AppError::field(field, format!("{text:?} is not a date")).into());
            }
        },
        Some(Some(_)) => {
            return Err(AppError::field(field, "must be a date, null or a boolean").into());
        }
    };
    Ok(Some(mark))
}

fn badge_kinds(badges: &[Value]) -> HttpResult<Vec<String>> {
    badges
        .iter()
        .map(|badge| {
            let kind = match badge {
                Value::Object(badge) => badge.get("kind"),
                other => Some(other),
            };
            match kind {
                Some(Value::String(kind)) => Ok(kind.clone()),
                _ => Err(AppError::field("badges", "each badge is {\"kind\": …} or a kind").into()),
            }
        })
        .collect()
}

fn temporal_coverage(
    value: MaybeUndefined<TemporalCoverageInput>,
) -> HttpResult<Option<Option<TemporalCoverage>>> {
    let Some(coverage) = maybe(value) else {
        return Ok(None);
    };
    let Some(coverage) = coverage else {
        return Ok(Some(None));
    };
    let day = |value: Option<String>, field: &str| -> HttpResult<Option<NaiveDate>> {
        match value.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => parse_date_time(text)
                .map(|date| Some(date.date_naive()))
                .ok_or_else(|| AppError::field(field, format!("{text:?} is not a date")).into()),
        }
    };
    let coverage = TemporalCoverage {
        start: day(coverage.start, "temporal_coverage.start")?,
        end: day(coverage.end, "temporal_coverage.end")?,
    };
    Ok(Some(
        (coverage != TemporalCoverage::default()).then_some(coverage),
    ))
}

/// A date as udata's clients write one: RFC 3339, a naive date-time (UTC) or a day.
fn parse_date_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(date.and_utc());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|date| date.and_utc())
}
