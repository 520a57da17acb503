//! CKAN's read actions over the mirrored catalog: what a client needs around the showcases
//! (`package_show`, `package_search`, `organization_list`, `organization_show`) and
//! `status_show`.

mod query;

use query::Target;

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{Object, OpenApi, Union};
use serde_json::Value;

use crate::ckan::answer::{ActionResult, Failure, done};
use crate::ckan::body::{Count, Flag};
use crate::ckan::caller::Anyone;
use crate::ckan::showcases::{ShowcaseDict, search_showcases, showcase};
use crate::ckan::views::{OrganizationDict, PackageDict};
use crate::error::AppError;
use crate::models::datasets::{
    DatasetFilter, DatasetSearch, MAX_ROWS, find_dataset, search_datasets,
};
use crate::models::metrics::organization_metrics;
use crate::models::organizations::{find_organization, list_organizations};
use crate::models::paging::{MAX_PAGE_SIZE, Paging};
use crate::state::AppState;

/// CKAN's version whose Action API this dialect follows.
const CKAN_VERSION: &str = "2.10.0";
/// Datasets `package_search` gives when `rows` is not said (CKAN's default).
const DEFAULT_ROWS: u64 = 10;
/// Organizations `organization_list` gives with `all_fields` when `limit` is not said.
const DEFAULT_FULL_ORGANIZATIONS: usize = 25;

/// The catalog's read actions.
pub struct CatalogApi;

/// A package: a dataset of the catalog, or a showcase (a reuse).
#[derive(Union)]
#[oai(one_of)]
pub enum Package {
    /// A dataset.
    Dataset(PackageDict),
    /// A showcase.
    Showcase(ShowcaseDict),
}

/// What `package_search` gives.
#[derive(Object)]
pub struct SearchResult {
    /// How many datasets match in all.
    pub count: u64,
    /// The datasets (or showcases) from `start`.
    pub results: Vec<Package>,
    /// The order used.
    pub sort: String,
    /// Always empty: no facets are counted.
    pub facets: std::collections::BTreeMap<String, Value>,
    /// Always empty.
    pub search_facets: std::collections::BTreeMap<String, Value>,
}

/// An organization, as `organization_show` and `organization_list` (with `all_fields`) give it.
#[derive(Object)]
pub struct OrganizationShow {
    /// What a package carries of it.
    #[oai(flatten)]
    pub organization: OrganizationDict,
    /// Its name.
    pub display_name: String,
    /// Its logo.
    pub image_display_url: String,
    /// How many datasets it publishes.
    pub package_count: u64,
    /// How many people follow it.
    pub num_followers: u64,
    /// How many reuses it publishes.
    pub num_reuses: u64,
    /// Its datasets (the first 1,000), when `include_datasets` is true.
    #[oai(skip_serializing_if_is_none)]
    pub packages: Option<Vec<PackageDict>>,
}

/// What `status_show` gives.
#[derive(Object)]
pub struct Status {
    /// The site's name.
    pub site_title: String,
    /// What the site is.
    pub site_description: String,
    /// Where it is.
    pub site_url: String,
    /// The CKAN version whose Action API is spoken.
    pub ckan_version: String,
    /// Vitrine's version.
    pub vitrine_version: String,
    /// The site's language.
    pub locale_default: String,
    /// The extensions whose actions are served: `showcase`.
    pub extensions: Vec<String>,
}

/// Organizations with their counters, as `organization_show` gives them.
async fn shown(
    state: &AppState,
    orgs: Vec<entity::organizations::Model>,
) -> Result<Vec<OrganizationShow>, Failure> {
    let ids: Vec<String> = orgs.iter().map(|org| org.id.clone()).collect();
    let mut metrics = organization_metrics(&state.db, &ids).await?;
    Ok(orgs
        .iter()
        .map(|org| {
            let counts = metrics.remove(&org.id).unwrap_or_default();
            OrganizationShow {
                organization: OrganizationDict::new(org),
                display_name: org.name.clone(),
                image_display_url: org.logo.clone().unwrap_or_default(),
                package_count: counts.datasets,
                num_followers: counts.followers,
                num_reuses: counts.reuses,
                packages: None,
            }
        })
        .collect())
}

#[OpenApi]
impl CatalogApi {
    /// Show a dataset
    #[oai(
        path = "/action/package_show",
        method = "get",
        operation_id = "package_show"
    )]
    async fn package_show(
        &self,
        state: Data<&AppState>,
        caller: Anyone<'_>,
        /// The dataset (or the showcase), by id or name.
        id: Query<String>,
    ) -> ActionResult<Package> {
        let package = match find_dataset(&state.db, &id).await {
            Ok(card) => Package::Dataset(PackageDict::new(&card)),
            // ckanext-showcase's showcases are packages too.
            Err(not_found @ AppError::NotFound(_)) => match showcase(&state, &caller, &id).await {
                Ok(card) => Package::Showcase(ShowcaseDict::new(&card, &state.config.public_url)),
                Err(_) => return Err(not_found.into()),
            },
            Err(err) => return Err(err.into()),
        };
        done(&state, "package_show", package)
    }

    /// Search datasets (or showcases)
    ///
    /// `q` takes words and `field:value` clauses (`name`, `id`, `tags`, `organization`,
    /// `title`, `text`, `metadata_modified:[2024-01-01T00:00:00Z TO *]`); `fq` the same
    /// clauses, and `dataset_type:showcase` searches the showcases instead of the datasets;
    /// `sort` one of `metadata_modified`, `metadata_created`, `title_string`, `name` with `asc`
    /// or `desc`. At most 1,000 `rows` from `start`.
    #[oai(
        path = "/action/package_search",
        method = "get",
        operation_id = "package_search"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query field")]
    async fn package_search(
        &self,
        state: Data<&AppState>,
        caller: Anyone<'_>,
        /// Words and clauses.
        q: Query<Option<String>>,
        /// Filter clauses.
        fq: Query<Option<String>>,
        /// The order: `metadata_modified desc` when absent.
        sort: Query<Option<String>>,
        /// How many (default 10, at most 1,000).
        rows: Query<Option<Count>>,
        /// From which result, from 0.
        start: Query<Option<Count>>,
    ) -> ActionResult<SearchResult> {
        let (search, target) = query::read(q.as_deref(), fq.as_deref(), sort.as_deref())
            .map_err(Failure::SearchQuery)?;
        let rows = rows.0.map_or(DEFAULT_ROWS, |rows| rows.0);
        if rows > MAX_ROWS {
            return Err(AppError::field("rows", format!("must be at most {MAX_ROWS}")).into());
        }
        let start = start.0.unwrap_or_default().0;
        let (count, results) = match target {
            Target::Datasets => {
                let found = search_datasets(&state.db, &search, start, rows).await?;
                let results = found
                    .items
                    .iter()
                    .map(|card| Package::Dataset(PackageDict::new(card)));
                (found.count, results.collect())
            }
            Target::Showcases => {
                let (count, found) =
                    search_showcases(&state, &caller, &search, start, rows).await?;
                (count, found.into_iter().map(Package::Showcase).collect())
            }
        };
        let sort = sort
            .0
            .unwrap_or_else(|| "metadata_modified desc".to_owned());
        done(
            &state,
            "package_search",
            SearchResult {
                count,
                results,
                sort,
                facets: Default::default(),
                search_facets: Default::default(),
            },
        )
    }

    /// List organizations
    ///
    /// Their names, by name; with `all_fields`, the organizations themselves (25 unless
    /// `limit` says otherwise).
    #[oai(
        path = "/action/organization_list",
        method = "get",
        operation_id = "organization_list"
    )]
    async fn organization_list(
        &self,
        state: Data<&AppState>,
        _caller: Anyone<'_>,
        /// Whole organizations rather than names.
        all_fields: Query<Option<Flag>>,
        /// Only these names (repeatable).
        #[oai(default)]
        organizations: Query<Vec<String>>,
        /// How many.
        limit: Query<Option<Count>>,
        /// From which, from 0.
        offset: Query<Option<Count>>,
    ) -> ActionResult<Value> {
        let mut orgs = Vec::new();
        for page in 1.. {
            let found = list_organizations(
                &state.db,
                None,
                Paging::new(Some(page), Some(MAX_PAGE_SIZE))?,
            )
            .await?;
            let more = found.has_next();
            orgs.extend(found.items);
            if !more {
                break;
            }
        }
        if !organizations.is_empty() {
            orgs.retain(|org| organizations.contains(&org.slug) || organizations.contains(&org.id));
        }
        let full = all_fields.0.is_some_and(|flag| flag.0);
        let default_limit = if full {
            DEFAULT_FULL_ORGANIZATIONS
        } else {
            usize::MAX
        };
        let limit = limit.0.map_or(default_limit, |n| {
            usize::try_from(n.0).unwrap_or(usize::MAX)
        });
        let offset = offset
            .0
            .map_or(0, |n| usize::try_from(n.0).unwrap_or(usize::MAX));
        let orgs: Vec<_> = orgs.into_iter().skip(offset).take(limit).collect();
        let result = if full {
            let shown = shown(&state, orgs).await?;
            Value::Array(
                shown
                    .iter()
                    .filter_map(poem_openapi::types::ToJSON::to_json)
                    .collect(),
            )
        } else {
            Value::Array(orgs.into_iter().map(|org| Value::from(org.slug)).collect())
        };
        done(&state, "organization_list", result)
    }

    /// Show an organization
    #[oai(
        path = "/action/organization_show",
        method = "get",
        operation_id = "organization_show"
    )]
    async fn organization_show(
        &self,
        state: Data<&AppState>,
        _caller: Anyone<'_>,
        /// The organization, by id or name.
        id: Query<String>,
        /// With its datasets.
        include_datasets: Query<Option<Flag>>,
    ) -> ActionResult<OrganizationShow> {
        let org = find_organization(&state.db, &id).await?;
        let org_id = org.id.clone();
        let mut shown = shown(&state, vec![org]).await?.pop().ok_or_else(|| {
            crate::error::AppError::Internal("an organization just read was lost".into())
        })?;
        if include_datasets.0.is_some_and(|flag| flag.0) {
            let filter = DatasetFilter {
                organization: Some(org_id),
                ..DatasetFilter::default()
            };
            let search = DatasetSearch {
                filter,
                ..Default::default()
            };
            let found = search_datasets(&state.db, &search, 0, MAX_ROWS).await?;
            shown.packages = Some(found.items.iter().map(PackageDict::new).collect());
        }
        done(&state, "organization_show", shown)
    }

    /// The site and what it serves
    #[oai(
        path = "/action/status_show",
        method = "get",
        operation_id = "status_show"
    )]
    async fn status_show(
        &self,
        state: Data<&AppState>,
        _caller: Anyone<'_>,
    ) -> ActionResult<Status> {
        let config = &state.config;
        done(
            &state,
            "status_show",
            Status {
                site_title: "Vitrine".into(),
                site_description:
                    "The showcase of reuses and the discussions of an open-data portal.".into(),
                site_url: config.public_url.as_str().trim_end_matches('/').to_owned(),
                ckan_version: CKAN_VERSION.into(),
                vitrine_version: env!("CARGO_PKG_VERSION").into(),
                locale_default: crate::i18n::Lang::default().code().into(),
                extensions: vec!["showcase".into()],
            },
        )
    }
}
