//! The udata-compatible JSON API under `/api/1`, documented by its own OpenAPI document.

pub mod data_requests;
pub mod datasets;
pub mod discussions;
pub mod docs_ui;
pub mod document;
pub mod feeds;
pub mod follows;
pub mod images;
pub mod link_checks;
pub mod me;
pub mod metrics;
pub mod moderation;
pub mod notifications;
pub mod organizations;
pub mod people;
pub mod references;
pub mod reuses;
pub mod security;
pub mod site;
pub mod stewards;
pub mod views;

use poem::middleware::{NormalizePath, TrailingSlash};
use poem::{Endpoint, EndpointExt, Route};
use poem_openapi::OpenApiService;
use url::Url;

use crate::error::into_json_error;

/// Every resource of the API.
pub type Apis = (
    me::MeApi,
    reuses::ReusesApi,
    link_checks::LinkChecksApi,
    discussions::DiscussionsApi,
    notifications::NotificationsApi,
    moderation::ModerationApi,
    follows::FollowsApi,
    images::ImagesApi,
    datasets::DatasetsApi,
    organizations::OrganizationsApi,
    site::SiteApi,
    metrics::MetricsApi,
    people::PeopleApi,
    data_requests::DataRequestsApi,
    stewards::StewardsApi,
);

/// The OpenAPI service, its server URL on the public site.
pub fn service(public_url: &Url) -> OpenApiService<Apis, ()> {
    OpenApiService::new(
        (
            me::MeApi,
            reuses::ReusesApi,
            link_checks::LinkChecksApi,
            discussions::DiscussionsApi,
            notifications::NotificationsApi,
            moderation::ModerationApi,
            follows::FollowsApi,
            images::ImagesApi,
            datasets::DatasetsApi,
            organizations::OrganizationsApi,
            site::SiteApi,
            metrics::MetricsApi,
            people::PeopleApi,
            data_requests::DataRequestsApi,
            stewards::StewardsApi,
        ),
        "Vitrine API",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "udata-compatible API (v1 dialect) for reuses, discussions and the catalog mirror. \
         Authenticate with your API key in the `X-API-KEY` header.",
    )
    .server(crate::urls::link(public_url, "api/1"))
}

/// `/api/1/…` (with or without the trailing slash) with `openapi.json` and the Swagger UI at `docs`; every error as JSON.
pub fn routes(public_url: &Url) -> impl Endpoint + use<> {
    let api = service(public_url);
    let spec = document::endpoint(&api);
    let docs = docs_ui::with_link_back(api.swagger_ui());
    Route::new()
        .at("/openapi.json", spec)
        .at("/reuses/recent.atom", poem::get(feeds::recent_reuses_feed))
        .nest("/docs", docs)
        .nest("/", api)
        .catch_all_error(|err| async move {
            let answer = into_json_error(&err);
            crate::http::metrics::keep_route(&err, answer)
        })
        // udata's URLs end with a slash; the OpenAPI routes do not.
        .with(NormalizePath::new(TrailingSlash::Trim))
}
