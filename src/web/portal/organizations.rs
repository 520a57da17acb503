//! The organizations publishing on the portal: their list, and an organization's page with its
//! datasets, reuses, latest discussions and its impact (how its data is reused, how quickly it
//! answers questions).

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Path, Query};
use poem::{Request, handler};
use serde::Deserialize;

use super::social::{Social, Subject, social};
use crate::db::read;
use crate::error::HttpResult;
use crate::impact::Scope;
use crate::markdown;
use crate::models::datasets::{DatasetCard, DatasetFilter, list_datasets};
use crate::models::discussions::list::{DiscussionFilter, list_discussions};
use crate::models::follows::Followable;
use crate::models::organizations::{find_organization, list_organizations};
use crate::models::paging::Paging;
use crate::models::reuses::list::ReuseFilter;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::discussions::ThreadSummary;
use crate::web::gallery::finding::{Pager, list_link, numbered_pager};
use crate::web::gallery::{CardView, first_cards};
use crate::web::impact::ImpactBlock;

/// Organizations a page of the list shows.
const PER_PAGE: u64 = 24;
/// Datasets, reuses and discussions an organization's page shows (its lists show them all).
const FIRST: u64 = 6;

/// `?q=` and `?page=` of the organizations list.
#[derive(Deserialize)]
pub struct OrganizationsQuery {
    q: Option<String>,
    page: Option<String>,
}

/// One organization as the list shows it.
pub struct OrganizationCard {
    /// Its page.
    pub path: String,
    /// Its name.
    pub name: String,
    /// Its acronym, when it has one.
    pub acronym: Option<String>,
    /// Its logo's address.
    pub logo: Option<String>,
    /// The first words of its description, as text.
    pub excerpt: String,
    /// Its initial, for a card without a logo.
    pub initial: String,
}

/// The organizations list.
#[derive(Template, WebTemplate)]
#[template(path = "organizations.html")]
pub struct OrganizationsPage {
    frame: Frame,
    q: String,
    total: u64,
    organizations: Vec<OrganizationCard>,
    pager: Option<Pager>,
}

/// Lists the organizations, by name, those whose name has `q` only.
#[handler]
pub async fn organizations_page(
    req: &Request,
    state: Data<&AppState>,
    query: Query<OrganizationsQuery>,
) -> HttpResult<OrganizationsPage> {
    let q = query
        .q
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    // A page that is not a number is the first, as the pager never links to one.
    let page = query
        .page
        .as_deref()
        .and_then(|page| page.parse::<u64>().ok())
        .filter(|page| *page >= 1)
        .unwrap_or(1);
    let found = list_organizations(
        &state.db,
        Some(q.as_str()),
        Paging::new(Some(page), Some(PER_PAGE))?,
    )
    .await?;
    let mut frame = Frame::of(req);
    frame.crumb(frame.t("org.list_title"), None);
    if page > 1 && found.items.is_empty() {
        frame.notice = Some(frame.t("org.past_the_end").to_owned());
    }
    let pages = found.total.div_ceil(PER_PAGE);
    Ok(OrganizationsPage {
        pager: numbered_pager(page, pages, |number| {
            let params = [("q", Some(q.as_str()).filter(|q| !q.is_empty()))];
            list_link("/organizations/", &params, None, number)
        }),
        organizations: found.items.iter().map(card).collect(),
        total: found.total,
        q,
        frame,
    })
}

/// The card of `org` in the list.
fn card(org: &entity::organizations::Model) -> OrganizationCard {
    OrganizationCard {
        path: format!("/organizations/{}/", org.slug),
        name: org.name.clone(),
        acronym: org.acronym.clone().filter(|acronym| !acronym.is_empty()),
        logo: org.logo.clone().filter(|logo| !logo.is_empty()),
        excerpt: markdown::excerpt(&org.description, 160),
        initial: crate::web::gallery::initials(&org.name),
    }
}

/// An organization's page.
#[derive(Template, WebTemplate)]
#[template(path = "organization.html")]
pub struct OrganizationPage {
    frame: Frame,
    org: entity::organizations::Model,
    /// The first letter of its name, for a page without a logo.
    initial: String,
    description: String,
    datasets: Vec<DatasetCard>,
    datasets_total: u64,
    reuses: Vec<CardView>,
    reuses_total: u64,
    threads: Vec<ThreadSummary>,
    /// Its impact now.
    impact: ImpactBlock,
    social: Social,
}

/// Shows an organization by its slug (or id).
#[handler]
pub async fn organization_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<OrganizationPage> {
    let db = read(&state.db).await?;
    let org = find_organization(&db, &slug).await?;
    let mut frame = Frame::of(req);
    frame
        .meta
        .describe(&org.name, &org.description, org.logo.clone());
    frame
        .crumb(frame.t("org.list_title"), Some("/organizations/"))
        .crumb(org.name.clone(), None);
    let first = Paging::new(Some(1), Some(FIRST))?;
    let datasets = list_datasets(
        &db,
        &DatasetFilter {
            organization: Some(org.id.clone()),
            ..DatasetFilter::default()
        },
        first,
    )
    .await?;
    let reuses = ReuseFilter {
        organization: Some(org.id.clone()),
        ..ReuseFilter::default()
    };
    let (reuses, reuses_total) = first_cards(&db, &state, &viewer, &reuses, &frame, FIRST).await?;
    let threads = list_discussions(
        &db,
        &viewer,
        &DiscussionFilter {
            organization: Some(org.id.clone()),
            sort: Some("-discussion.posted_on".to_owned()),
            ..DiscussionFilter::default()
        },
        first,
    )
    .await?;
    let impact = ImpactBlock::read(
        &db,
        state.clock.now(),
        &frame,
        (Scope::Organization, &org.id),
        format!("/impact/organizations/{}/", org.slug),
    )
    .await?;
    let path = format!("/organizations/{}/", org.slug);
    let social = social(
        &db,
        &state,
        &viewer,
        &mut frame,
        Subject {
            kind: Followable::Organization,
            id: &org.id,
            path: &path,
            title: &org.name,
        },
    )
    .await?;
    db.commit().await?;
    Ok(OrganizationPage {
        description: markdown::render_plain(&org.description),
        initial: crate::web::gallery::initials(&org.name),
        datasets_total: datasets.total,
        datasets: datasets.items,
        reuses,
        reuses_total,
        threads: threads
            .items
            .iter()
            .map(|thread| ThreadSummary::new(thread, &frame))
            .collect(),
        impact,
        social,
        org,
        frame,
    })
}
