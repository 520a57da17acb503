//! CKAN's Action API under `/api/3/action/{name}` (and `/api/action/{name}`, where the
//! `ckanapi` client calls it): ckanext-showcase's actions over the reuses and CKAN's reads of
//! the mirrored catalog, documented by their own OpenAPI document at `/api/3/openapi.json`.
//!
//! Reads answer GET with query parameters and POST alike; writes take a JSON object (or a form,
//! or multipart with the image). Every answer is in CKAN's envelope (`answer.rs`), and every
//! write calls the use case the udata dialect calls.

pub mod answer;
pub mod body;
pub mod caller;
pub mod catalog;
pub mod showcases;
pub mod views;

use poem::middleware::{NormalizePath, TrailingSlash};
use poem::{Endpoint, EndpointExt, Route};
use poem_openapi::OpenApiService;
use url::Url;

/// Every group of actions.
pub type Actions = (
    showcases::ShowcaseApi,
    showcases::ShowcaseAdminApi,
    catalog::CatalogApi,
);

/// The OpenAPI service, its server URL on the public site.
pub fn service(public_url: &Url) -> OpenApiService<Actions, ()> {
    OpenApiService::new(
        (
            showcases::ShowcaseApi,
            showcases::ShowcaseAdminApi,
            catalog::CatalogApi,
        ),
        "Vitrine CKAN Action API",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "CKAN's Action API (version 3) with ckanext-showcase's actions, over Vitrine's reuses and \
         its mirror of the catalog. Reads answer GET with query parameters or POST with a JSON \
         object; writes take POST. Answers come in CKAN's envelope `{help, success, result}`; \
         failures as `{success: false, error: {__type, message}}` with 409 for invalid input, \
         404 for what is not found, 403 when not allowed. Authenticate with your API key in \
         `Authorization` (or `X-CKAN-API-Key`).",
    )
    .server(crate::urls::link(public_url, "api/3"))
}

/// The actions, under the two prefixes, with the document at `/api/3/openapi.json` and the
/// Swagger UI at `/api/3/docs`.
pub fn routes(public_url: &Url) -> impl Endpoint + use<> {
    let actions = |url: &Url| {
        Route::new()
            .nest("/", service(url))
            .around(body::reads_by_post)
            .around(answer::in_envelope)
    };
    let api = service(public_url);
    let spec = crate::api::document::endpoint(&api);
    Route::new()
        .at("/3/openapi.json", spec)
        .nest(
            "/3/docs",
            crate::api::docs_ui::with_link_back(api.swagger_ui()),
        )
        .nest("/3", actions(public_url))
        .nest("/", actions(public_url))
        .with(NormalizePath::new(TrailingSlash::Trim))
}
