//! A dataset's quality, computed as udata computes it (`Dataset.quality` in
//! `udata/core/dataset/models.py`): nine criteria, the score the share of those met.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::DatasetCard;
use super::details::resource_extras;

/// Formats udata counts as closed (`CLOSED_FORMATS`).
const CLOSED_FORMATS: [&str; 7] = ["pdf", "doc", "docx", "word", "xls", "excel", "xlsx"];
/// A description longer than this (in characters) is a good one (`QUALITY_DESCRIPTION_LENGTH`).
const DESCRIPTION_LENGTH: usize = 100;
/// The number of criteria.
const CRITERIA: f64 = 9.0;

/// The quality criteria of a dataset; those about resources are `None` when it has none, and
/// `update_fulfilled_in_time` when its frequency is unknown, as udata leaves them out.
#[derive(Clone, Debug, PartialEq)]
pub struct Quality {
    /// It has a license.
    pub license: bool,
    /// It says what period it covers.
    pub temporal_coverage: bool,
    /// It says what places it covers.
    pub spatial: bool,
    /// It has a known update frequency.
    pub update_frequency: bool,
    /// It was updated as often as its frequency says (one day late is still in time).
    pub update_fulfilled_in_time: Option<bool>,
    /// Its description is over 100 characters.
    pub dataset_description_quality: bool,
    /// It has resources (`Some(true)` or `None`).
    pub has_resources: Option<bool>,
    /// One of its resources has a format that is not closed.
    pub has_open_format: Option<bool>,
    /// No resource was found unavailable (`extras["check:available"]`; unknown counts as
    /// available).
    pub all_resources_available: Option<bool>,
    /// A resource is documentation or has a description.
    pub resources_documentation: Option<bool>,
    /// The share of criteria met, from 0 to 1.
    pub score: f64,
}

impl DatasetCard {
    /// Its quality at `now`.
    pub fn quality(&self, now: DateTime<Utc>) -> Quality {
        let dataset = &self.dataset;
        let frequency = dataset.frequency.as_deref().and_then(frequency_period);
        let update_fulfilled_in_time = frequency.map(|period| match period {
            Some(period) => self.last_update() + period - now >= -Duration::days(1),
            None => true,
        });
        let resources = &self.resources;
        let any = !resources.is_empty();
        let about_resources = |met: bool| any.then_some(met);
        let mut quality = Quality {
            license: dataset.license.is_some(),
            temporal_coverage: dataset.temporal_coverage.is_some(),
            spatial: dataset.spatial.is_some(),
            update_frequency: frequency.is_some(),
            update_fulfilled_in_time,
            dataset_description_quality: dataset.description.chars().count() > DESCRIPTION_LENGTH,
            has_resources: about_resources(true),
            has_open_format: about_resources(resources.iter().any(|resource| {
                resource.format.as_deref().is_some_and(|format| {
                    !format.is_empty() && !CLOSED_FORMATS.contains(&format.to_lowercase().as_str())
                })
            })),
            all_resources_available: about_resources(resources.iter().all(|resource| {
                resource_extras(resource)
                    .get("check:available")
                    .is_none_or(is_truthy)
            })),
            resources_documentation: about_resources(resources.iter().any(|resource| {
                resource.kind == "documentation" || !resource.description.is_empty()
            })),
            score: 0.0,
        };
        let met = [
            Some(quality.license),
            Some(quality.temporal_coverage),
            Some(quality.spatial),
            Some(quality.update_frequency),
            quality.update_fulfilled_in_time,
            Some(quality.dataset_description_quality),
            quality.has_open_format,
            quality.all_resources_available,
            quality.resources_documentation,
        ];
        quality.score = met.into_iter().filter(|met| *met == Some(true)).count() as f64 / CRITERIA;
        quality
    }
}

/// Python's truth of a JSON value, as udata tests `all(...)`.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// For a frequency udata knows (other than `unknown`): how long until the next update is due,
/// `None` for those with no period (`continuous`, `irregular`, `punctual`, ...). `None` outside
/// for `unknown` and frequencies udata does not know.
fn frequency_period(frequency: &str) -> Option<Option<Duration>> {
    let minutes = |n| Some(Some(Duration::minutes(n)));
    let hours = |n| Some(Some(Duration::hours(n)));
    let days = |n| Some(Some(Duration::days(n)));
    match frequency {
        "oneMinute" => minutes(1),
        "fiveMinutes" => minutes(5),
        "tenMinutes" => minutes(10),
        "fifteenMinutes" => minutes(15),
        "thirtyMinutes" => minutes(30),
        "hourly" => hours(1),
        "bihourly" => hours(2),
        "trihourly" => hours(3),
        "twelveHours" => hours(12),
        "severalTimesADay" | "fourTimesADay" | "threeTimesADay" | "semidaily" | "daily" => days(1),
        "fiveTimesAWeek" | "threeTimesAWeek" | "semiweekly" | "weekly" => days(7),
        "biweekly" | "fortnighly" => days(14),
        "threeTimesAMonth" | "semimonthly" | "monthly" => days(31),
        "bimonthly" => days(31 * 2),
        "quarterly" => days(31 * 3),
        "threeTimesAYear" | "semiannual" | "biannual" | "annual" => days(365),
        "biennial" => days(365 * 2),
        "triennial" => days(365 * 3),
        "quadrennial" => days(365 * 4),
        "quinquennial" => days(365 * 5),
        "decennial" => days(365 * 10),
        "bidecennial" => days(365 * 20),
        "tridecennial" => days(365 * 30),
        "continuous" | "realtime" | "punctual" | "irregular" | "never" | "notPlanned"
        | "fourTimesAWeek" | "other" => Some(None),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use chrono::TimeZone;
    use entity::{dataset_resources, datasets};

    use super::*;

    fn card(frequency: Option<&str>, last_update: DateTime<Utc>) -> DatasetCard {
        let at = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
        DatasetCard {
            dataset: datasets::Model {
                id: "d".into(),
                title: "T".into(),
                slug: "t".into(),
                description: String::new(),
                url: None,
                organization_id: None,
                owner_id: None,
                license: None,
                frequency: frequency.map(str::to_owned),
                created_at: at,
                last_modified: at,
                archived: false,
                deleted: false,
                source: "api".into(),
                remote_id: None,
                discussions: 0,
                discussions_open: 0,
                reuses: 0,
                followers: 0,
                views: 0,
                acronym: None,
                private: false,
                featured: false,
                badges: "[]".into(),
                extras: "{}".into(),
                archived_at: None,
                deleted_at: None,
                temporal_coverage: None,
                spatial: None,
                last_update: Some(last_update),
                synced_at: None,
            },
            tags: vec![],
            organization: None,
            owner: None,
            resources: vec![],
        }
    }

    fn resource(format: &str, extras: &str) -> dataset_resources::Model {
        let at = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
        dataset_resources::Model {
            id: format.into(),
            dataset_id: "d".into(),
            position: 0,
            title: "R".into(),
            description: String::new(),
            kind: "main".into(),
            format: Some(format.into()),
            url: "https://example.org/r".into(),
            filesize: None,
            mime: None,
            created_at: at,
            last_modified: at,
            extras: extras.into(),
        }
    }

    #[test]
    fn a_bare_dataset_meets_nothing_and_leaves_resource_criteria_out() {
        let now = Utc::now();
        let quality = card(None, now).quality(now);
        assert_eq!(quality.score, 0.0);
        assert_eq!(quality.update_fulfilled_in_time, None);
        assert_eq!(quality.has_resources, None);
        assert_eq!(quality.all_resources_available, None);
        let unknown = card(Some("unknown"), now).quality(now);
        assert!(!unknown.update_frequency);
    }

    #[test]
    fn update_in_time_allows_a_day_late() {
        let now = Utc.with_ymd_and_hms(2024, 6, 10, 12, 0, 0).unwrap();
        let daily = |last| card(Some("daily"), last).quality(now);
        assert_eq!(
            daily(now - Duration::hours(47)).update_fulfilled_in_time,
            Some(true)
        );
        assert_eq!(
            daily(now - Duration::hours(49)).update_fulfilled_in_time,
            Some(false)
        );
        let irregular = card(Some("irregular"), now - Duration::days(900)).quality(now);
        assert_eq!(irregular.update_fulfilled_in_time, Some(true));
        assert!(irregular.update_frequency);
        assert!((irregular.score - 2.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn resource_criteria() {
        let now = Utc::now();
        let mut closed = card(None, now);
        closed.resources = vec![resource("PDF", "{}")];
        let quality = closed.quality(now);
        assert_eq!(quality.has_resources, Some(true));
        assert_eq!(quality.has_open_format, Some(false));
        assert_eq!(
            quality.all_resources_available,
            Some(true),
            "unknown counts"
        );
        assert_eq!(quality.resources_documentation, Some(false));
        assert!((quality.score - 1.0 / 9.0).abs() < 1e-12);

        let mut open = card(None, now);
        open.resources = vec![
            resource("csv", r#"{"check:available": false}"#),
            resource("pdf", "{}"),
        ];
        open.resources[1].kind = "documentation".into();
        let quality = open.quality(now);
        assert_eq!(quality.has_open_format, Some(true));
        assert_eq!(quality.all_resources_available, Some(false));
        assert_eq!(quality.resources_documentation, Some(true));
    }
}
