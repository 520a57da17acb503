//! A dataset's page: what the catalog says of it, the button to register a reuse of it, and
//! its tabs of reuses, discussions and resources.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Data, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::state_notice;
use super::steward::{StewardPanel, steward_panel};
use super::tabs::{ResourceView, Tab, TabLink, tab_links};
use crate::db::read;
use crate::error::HttpResult;
use crate::impact::Scope;
use crate::linkcheck::LinkKind;
use crate::linkcheck::queue::links_of;
use crate::markdown;
use crate::models::datasets::{DatasetCard, find_dataset_even_deleted};
use crate::models::discussions::SubjectClass;
use crate::models::discussions::list::discussions_about;
use crate::models::reuses::list::ReuseFilter;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::discussions::ThreadSummary;
use crate::web::gallery::CardView;
use crate::web::gallery::cards::first_cards;
use crate::web::impact::ImpactBlock;
use crate::web::oembed::discovery_url;

/// Reuse cards the reuses tab shows; the gallery, filtered on the dataset, has them all.
const TAB_REUSES: u64 = 24;

/// `?tab=` of a dataset's page.
#[derive(Deserialize, Default)]
pub struct DatasetPageQuery {
    tab: Option<String>,
}

/// A dataset's page.
#[derive(Template, WebTemplate)]
#[template(path = "dataset.html")]
pub struct DatasetPage {
    frame: Frame,
    dataset: DatasetCard,
    description: String,
    /// Archived or removed in the catalog, since when: what the page says of it.
    state_notice: Option<String>,
    tab: Tab,
    tabs: Vec<TabLink>,
    /// The reuses tab: the first reuses and how many there are.
    reuses: Vec<CardView>,
    reuses_total: u64,
    /// The discussions tab.
    threads: Vec<ThreadSummary>,
    discussion_class: &'static str,
    discussion_subject: String,
    /// The resources tab.
    resources: Vec<ResourceView>,
    /// Its oEmbed address, for the discovery link.
    oembed: String,
    /// Its follow button and share links.
    social: crate::web::portal::Social,
    /// Its steward, and the form naming one for its organization's admins.
    steward: Option<StewardPanel>,
    /// Its impact now (none once the catalog deleted it).
    impact: Option<ImpactBlock>,
}

/// Shows a dataset and one of its tabs; one the catalog deleted is shown too, saying so, with
/// 410.
#[handler]
pub async fn dataset_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
    query: Query<DatasetPageQuery>,
) -> HttpResult<Response> {
    let db = read(&state.db).await?;
    let dataset = find_dataset_even_deleted(&db, &slug).await?;
    let gone = dataset.dataset.deleted;
    let mut tab = Tab::asked(query.tab.as_deref());
    if gone && tab == Tab::Discussions {
        tab = Tab::Reuses;
    }
    let mut frame = Frame::of(req);
    frame
        .meta
        .describe(&dataset.dataset.title, &dataset.dataset.description, None);
    frame.crumb(frame.t("datasets.title"), Some("/datasets/"));
    if let Some(org) = &dataset.organization {
        frame.crumb(
            org.name.clone(),
            Some(&format!("/organizations/{}/", org.slug)),
        );
    }
    frame.crumb(dataset.dataset.title.clone(), None);
    let (reuses, reuses_total) = if tab == Tab::Reuses {
        let filter = ReuseFilter {
            dataset: Some(dataset.dataset.id.clone()),
            ..ReuseFilter::default()
        };
        first_cards(&db, &state, &viewer, &filter, &frame, TAB_REUSES).await?
    } else {
        (Vec::new(), 0)
    };
    let threads = if tab == Tab::Discussions {
        discussions_about(&db, &viewer, SubjectClass::Dataset, &dataset.dataset.id).await?
    } else {
        Vec::new()
    };
    let social =
        crate::web::portal::dataset_social(&db, &state, &viewer, &mut frame, &dataset.dataset)
            .await?;
    let steward = steward_panel(&db, &viewer, &dataset.dataset).await?;
    let checked = if tab == Tab::Resources {
        let ids: Vec<String> = dataset.resources.iter().map(|r| r.id.clone()).collect();
        links_of(&db, LinkKind::Resource, &ids).await?
    } else {
        Vec::new()
    };
    db.commit().await?;
    let impact = if gone {
        None
    } else {
        let trend = format!("/impact/datasets/{}/", dataset.dataset.slug);
        let id = &dataset.dataset.id;
        let now = state.clock.now();
        Some(ImpactBlock::read(&state.db, now, &frame, (Scope::Dataset, id), trend).await?)
    };
    let path = format!("/datasets/{}/", dataset.dataset.slug);
    let counts = [
        (
            Tab::Reuses,
            u64::try_from(dataset.dataset.reuses).unwrap_or_default(),
        ),
        (
            Tab::Discussions,
            u64::try_from(dataset.dataset.discussions).unwrap_or_default(),
        ),
        (Tab::Resources, dataset.resources.len() as u64),
    ];
    let status = if gone {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    Ok(DatasetPage {
        social,
        steward,
        impact,
        tabs: tab_links(&frame, &path, tab, counts, gone),
        tab,
        threads: threads
            .iter()
            .map(|head| ThreadSummary::of_head(head, &frame))
            .collect(),
        discussion_class: SubjectClass::Dataset.as_str(),
        discussion_subject: dataset.dataset.id.clone(),
        resources: dataset
            .resources
            .iter()
            .filter(|_| tab == Tab::Resources)
            .map(|resource| {
                let link = checked.iter().find(|link| link.target_id == resource.id);
                ResourceView::new(resource, &frame).checked(link, &frame)
            })
            .collect(),
        oembed: discovery_url(&state.config.public_url, &dataset.dataset.slug),
        description: markdown::render_plain(&dataset.dataset.description),
        state_notice: state_notice(&frame, &dataset.dataset),
        reuses,
        reuses_total,
        dataset,
        frame,
    }
    .with_status(status)
    .into_response())
}
