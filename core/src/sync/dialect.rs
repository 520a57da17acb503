//! The two APIs a catalog may speak, read page by page: udata's `/api/1/datasets/` sorted by
//! last update, newest first, and CKAN's `package_search` filtered on `metadata_modified`,
//! oldest first; and a single dataset, to learn whether one no longer listed was archived or
//! deleted.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::client::{Answer, Client, FetchError, redacted};
use crate::config::CatalogKind;
use crate::import::{self, CatalogDataset, Parsed};
use crate::models::catalog::OrganizationDetails;

/// Datasets a udata page holds (udata's catalog default).
const UDATA_PAGE: u32 = 100;
/// Packages a CKAN page holds (half CKAN's default maximum).
const CKAN_PAGE: u32 = 500;
/// Organizations a CKAN call gives with all their fields (CKAN's usual cap).
const CKAN_ORGANIZATIONS: u32 = 25;

/// Where a pass is in the catalog's listing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// udata: the next page, from 1.
    pub page: u32,
    /// CKAN: the next page starts at packages modified at or after this…
    pub since: Option<DateTime<Utc>>,
    /// …skipping this many (read already, modified at `since`).
    pub skip: u32,
}

/// A page of the listing.
pub struct Page {
    /// Its datasets, and the items that could not be read.
    pub parsed: Parsed,
    /// Items on the page.
    pub len: usize,
    /// The newest and oldest modification among them.
    pub newest: Option<DateTime<Utc>>,
    /// See `newest`.
    pub oldest: Option<DateTime<Utc>>,
    /// How many datasets the listing holds, when the catalog says.
    pub total: Option<u64>,
    /// Where the next page is, or `None` at the end of the listing.
    pub next: Option<Position>,
}

/// What the catalog says of one dataset.
pub enum Presence {
    /// It is there (archived, perhaps): its record.
    Found(Box<Parsed>),
    /// It is deleted, or no longer public.
    Gone,
}

/// The catalog's API.
pub struct Dialect {
    kind: CatalogKind,
    base: Url,
}

impl Dialect {
    /// The API of `kind` under `base`.
    pub fn new(kind: CatalogKind, base: &Url) -> Self {
        let mut base = base.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        Self { kind, base }
    }

    /// Where a pass starts: the whole listing (`since` none) or what changed since `since`.
    pub fn start(&self, since: Option<DateTime<Utc>>) -> Position {
        match self.kind {
            CatalogKind::Udata => Position {
                page: 1,
                ..Position::default()
            },
            CatalogKind::Ckan => Position {
                since: since.map(|at| at.trunc_subsecs(3)),
                ..Position::default()
            },
        }
    }

    fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Url, FetchError> {
        let mut url = self.base.join(path).map_err(|err| FetchError::Refused {
            url: format!("{}{path}", redacted(&self.base)),
            status: 0,
            body: err.to_string(),
        })?;
        url.query_pairs_mut().extend_pairs(query);
        Ok(url)
    }

    /// Reads the page at `at`. udata lists newest first: with `since`, the page is the last
    /// when it reaches datasets older than that.
    pub async fn page(
        &self,
        client: &Client,
        at: &Position,
        since: Option<DateTime<Utc>>,
    ) -> Result<Page, FetchError> {
        match self.kind {
            CatalogKind::Udata => self.udata_page(client, at, since).await,
            CatalogKind::Ckan => self.ckan_page(client, at).await,
        }
    }

    async fn udata_page(
        &self,
        client: &Client,
        at: &Position,
        since: Option<DateTime<Utc>>,
    ) -> Result<Page, FetchError> {
        let url = self.url(
            "api/1/datasets/",
            &[
                ("sort", "-last_update".to_owned()),
                ("page_size", UDATA_PAGE.to_string()),
                ("page", at.page.max(1).to_string()),
            ],
        )?;
        let answer = expect_ok(client.get(&url).await?, &url)?;
        let items = list(&answer, &["data"], &url)?;
        let dates: Vec<DateTime<Utc>> = items
            .iter()
            .filter_map(|item| date_of(item, &["last_update", "last_modified"]))
            .collect();
        let oldest = dates.iter().min().copied();
        let reached = matches!((since, oldest), (Some(since), Some(oldest)) if oldest < since);
        let has_next = !matches!(answer.get("next_page"), None | Some(Value::Null));
        Ok(Page {
            parsed: import::udata_items(items),
            len: items.len(),
            newest: dates.iter().max().copied(),
            oldest,
            total: answer.get("total").and_then(Value::as_u64),
            next: (has_next && !reached && !items.is_empty()).then(|| Position {
                page: at.page.max(1) + 1,
                ..Position::default()
            }),
        })
    }

    async fn ckan_page(&self, client: &Client, at: &Position) -> Result<Page, FetchError> {
        let mut query = vec![
            ("sort", "metadata_modified asc, id asc".to_owned()),
            ("rows", CKAN_PAGE.to_string()),
            ("start", at.skip.to_string()),
        ];
        if let Some(since) = at.since {
            query.push((
                "fq",
                format!(
                    "metadata_modified:[{} TO *]",
                    since.format("%Y-%m-%dT%H:%M:%S%.3fZ")
                ),
            ));
        }
        let url = self.url("api/3/action/package_search", &query)?;
        let answer = expect_ok(client.get(&url).await?, &url)?;
        let items = list(&answer, &["result", "results"], &url)?;
        let dates: Vec<DateTime<Utc>> = items
            .iter()
            .filter_map(|item| date_of(item, &["metadata_modified"]))
            .collect();
        let mut parsed = import::ckan_items(items);
        for dataset in &mut parsed.datasets {
            dataset.url = Some(self.ckan_page_url(dataset));
        }
        // Read on from the last package's time (to the millisecond, as the filter is written),
        // skipping those of that time already read.
        let count = answer
            .get("result")
            .and_then(|result| result.get("count"))
            .and_then(Value::as_u64);
        // More to read while the query holds more than was read of it (a catalog may cap its
        // pages below what was asked: the count, not the page's length, says when to stop).
        let read = u64::from(at.skip) + items.len() as u64;
        let more = !items.is_empty()
            && count.map_or(items.len() == CKAN_PAGE as usize, |count| read < count);
        let last = dates.last().map(|at| at.trunc_subsecs(3));
        if let (Some(last), Some(since)) = (last, at.since)
            && last < since
        {
            return Err(FetchError::NotJson {
                url: redacted(&url),
                reason: "its packages are not sorted by metadata_modified".to_owned(),
            });
        }
        let next = more.then(|| match last {
            Some(last) if Some(last) != at.since => Position {
                since: Some(last),
                skip: count_at(&dates, last),
                ..Position::default()
            },
            _ => Position {
                skip: at.skip + u32::try_from(items.len()).unwrap_or(CKAN_PAGE),
                ..at.clone()
            },
        });
        Ok(Page {
            parsed,
            len: items.len(),
            newest: dates.iter().max().copied(),
            oldest: dates.iter().min().copied(),
            total: count,
            next,
        })
    }

    /// A CKAN package's page on the catalog, which a renamed id is matched by.
    fn ckan_page_url(&self, dataset: &CatalogDataset) -> String {
        format!("{}dataset/{}", self.base, dataset.slug)
    }

    /// Reads page `page` (from 1) of the catalog's organizations: udata's
    /// `/api/1/organizations/`, CKAN's `organization_list` with `all_fields` (25 a call, CKAN's
    /// usual cap); says whether more follow.
    pub async fn organizations(
        &self,
        client: &Client,
        page: u32,
    ) -> Result<(Vec<OrganizationDetails>, bool), FetchError> {
        let text = |item: &Value, key: &str| {
            item.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        match self.kind {
            CatalogKind::Udata => {
                let url = self.url(
                    "api/1/organizations/",
                    &[
                        ("page_size", UDATA_PAGE.to_string()),
                        ("page", page.max(1).to_string()),
                    ],
                )?;
                let answer = expect_ok(client.get(&url).await?, &url)?;
                let orgs = list(&answer, &["data"], &url)?
                    .iter()
                    .filter_map(|item| {
                        Some(OrganizationDetails {
                            id: text(item, "id")?,
                            name: text(item, "name")?,
                            acronym: text(item, "acronym"),
                            description: text(item, "description").unwrap_or_default(),
                            url: text(item, "url"),
                            logo: text(item, "logo"),
                        })
                    })
                    .collect();
                let more = !matches!(answer.get("next_page"), None | Some(Value::Null));
                Ok((orgs, more))
            }
            CatalogKind::Ckan => {
                let url = self.url(
                    "api/3/action/organization_list",
                    &[
                        ("all_fields", "true".to_owned()),
                        ("limit", CKAN_ORGANIZATIONS.to_string()),
                        (
                            "offset",
                            (page.max(1).saturating_sub(1) * CKAN_ORGANIZATIONS).to_string(),
                        ),
                    ],
                )?;
                let answer = expect_ok(client.get(&url).await?, &url)?;
                let items = list(&answer, &["result"], &url)?;
                let orgs = items
                    .iter()
                    .filter_map(|item| {
                        Some(OrganizationDetails {
                            id: text(item, "id")?,
                            name: text(item, "title").or_else(|| text(item, "name"))?,
                            acronym: None,
                            description: text(item, "description").unwrap_or_default(),
                            url: None,
                            logo: text(item, "image_display_url")
                                .or_else(|| text(item, "image_url")),
                        })
                    })
                    .collect();
                Ok((orgs, items.len() == CKAN_ORGANIZATIONS as usize))
            }
        }
    }

    /// Reads the dataset `id` alone.
    pub async fn presence(&self, client: &Client, id: &str) -> Result<Presence, FetchError> {
        match self.kind {
            CatalogKind::Udata => {
                let url = self.url(&format!("api/1/datasets/{}/", encode(id)), &[])?;
                let answer = client.get(&url).await?;
                if answer.status != 200 {
                    return gone_if_said(answer, &url);
                }
                let parsed = import::udata_items(std::slice::from_ref(&answer.json));
                Ok(found_unless_deleted(parsed))
            }
            CatalogKind::Ckan => {
                let url = self.url("api/3/action/package_show", &[("id", id.to_owned())])?;
                let answer = client.get(&url).await?;
                if answer.status != 200 {
                    return gone_if_said(answer, &url);
                }
                let Some(package) = answer.json.get("result") else {
                    return Err(FetchError::NotJson {
                        url: redacted(&url),
                        reason: "it has no \"result\"".to_owned(),
                    });
                };
                if package.get("state").and_then(Value::as_str) == Some("deleted") {
                    return Ok(Presence::Gone);
                }
                let mut parsed = import::ckan_items(std::slice::from_ref(package));
                for dataset in &mut parsed.datasets {
                    dataset.url = Some(self.ckan_page_url(dataset));
                }
                Ok(found_unless_deleted(parsed))
            }
        }
    }
}

/// A 403, 404 or 410 is taken for "gone" only when the catalog itself says so, in JSON (udata's
/// `{"message", "status"}`, CKAN's error envelope): a proxy's or a maintenance page's 404 is not
/// a deletion.
fn gone_if_said(answer: Answer, url: &Url) -> Result<Presence, FetchError> {
    if answer.json.is_object() {
        return Ok(Presence::Gone);
    }
    Err(FetchError::Unavailable {
        url: redacted(url),
        reason: format!("the catalog answered {} without saying why", answer.status),
        attempts: 1,
    })
}

fn found_unless_deleted(parsed: Parsed) -> Presence {
    if parsed.datasets.iter().any(|dataset| dataset.deleted) {
        Presence::Gone
    } else {
        Presence::Found(Box::new(parsed))
    }
}

fn encode(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

fn expect_ok(answer: super::client::Answer, url: &Url) -> Result<Value, FetchError> {
    if answer.status == 200 {
        return Ok(answer.json);
    }
    Err(FetchError::Refused {
        url: redacted(url),
        status: answer.status,
        body: "the listing is not there: is VITRINE_CATALOG_URL the catalog's root?".to_owned(),
    })
}

/// The list at `path` in the answer.
fn list<'a>(answer: &'a Value, path: &[&str], url: &Url) -> Result<&'a [Value], FetchError> {
    let mut at = answer;
    for key in path {
        at = at.get(key).unwrap_or(&Value::Null);
    }
    at.as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| FetchError::NotJson {
            url: redacted(url),
            reason: format!("it has no \"{}\" list", path.join(".")),
        })
}

/// The first of `keys` an item gives as a date (with or without a zone: CKAN gives UTC
/// without one).
fn date_of(item: &Value, keys: &[&str]) -> Option<DateTime<Utc>> {
    keys.iter().find_map(|key| {
        let text = item.get(*key)?.as_str()?;
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                    .ok()
                    .map(|at| at.and_utc())
            })
    })
}

/// How many of `dates` fall in the millisecond `at`.
fn count_at(dates: &[DateTime<Utc>], at: DateTime<Utc>) -> u32 {
    let n = dates
        .iter()
        .filter(|date| date.trunc_subsecs(3) == at)
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}
