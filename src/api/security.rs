//! Who calls an operation, as the OpenAPI document says it: the `apikey` scheme (`X-API-KEY`).
//!
//! The caller is resolved once, before any handler, for the whole site (`auth::resolve_viewer`:
//! an API key, or a browser session with its CSRF token). These extractors only hand that
//! [`Viewer`] to the handler and declare the scheme on its operation. They never refuse a
//! request: a session needs no header, and an operation that needs someone answers 401 from
//! its use case, as it would without them.

use std::ops::Deref;

use poem::web::Data;
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::registry::{MetaSecurityScheme, Registry};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};

use crate::auth::API_KEY_HEADER;
use crate::permissions::Viewer;

/// The scheme's name in the document, as udata names it.
pub const API_KEY_SCHEME: &str = "apikey";

/// The caller of an operation that needs someone: the document requires the API key.
pub struct SignedIn<'a>(&'a Viewer);

/// The caller of an operation open to anyone, which shows a signed-in caller more: the
/// document lists the API key as optional (`security: [{"apikey": []}, {}]`).
pub struct MaybeSignedIn<'a>(&'a Viewer);

fn register_scheme(registry: &mut Registry) {
    registry.create_security_scheme(
        API_KEY_SCHEME,
        MetaSecurityScheme {
            ty: "apiKey",
            description: Some(
                "Your API key (created under `/me/api_tokens/` or on your account page).",
            ),
            name: Some(API_KEY_HEADER),
            key_in: Some("header"),
            scheme: None,
            bearer_format: None,
            flows: None,
            openid_connect_url: None,
        },
    );
}

/// The viewer the middleware put in the request.
async fn resolved(req: &Request) -> poem::Result<&Viewer> {
    Ok(Data::<&Viewer>::from_request_without_body(req).await?.0)
}

impl<'a> ApiExtractor<'a> for SignedIn<'a> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        register_scheme(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        vec![API_KEY_SCHEME]
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        resolved(req).await.map(Self)
    }
}

impl<'a> ApiExtractor<'a> for MaybeSignedIn<'a> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        register_scheme(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        vec![API_KEY_SCHEME]
    }

    fn has_security_fallback() -> bool {
        true
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        resolved(req).await.map(Self)
    }
}

impl Deref for SignedIn<'_> {
    type Target = Viewer;

    fn deref(&self) -> &Viewer {
        self.0
    }
}

impl Deref for MaybeSignedIn<'_> {
    type Target = Viewer;

    fn deref(&self) -> &Viewer {
        self.0
    }
}
