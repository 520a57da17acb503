//! Who calls an operation, as the OpenAPI document says it: the `apikey` scheme (`X-API-KEY`).
//!
//! The caller is resolved once, before any handler, for the whole site (`auth::resolve_viewer`:
//! an API key, or a browser session with its CSRF token). These extractors only hand that
//! [`Viewer`] to the handler and declare the scheme on its operation. They never refuse a
//! request: a session needs no header, and an operation that needs someone answers 401 from
//! its use case, as it would without them.

use std::marker::PhantomData;
use std::ops::Deref;

use poem::web::Data;
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::registry::{MetaSecurityScheme, Registry};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};

use crate::auth::API_KEY_HEADER;
use crate::error::{AppError, AppResult};
use crate::permissions::Viewer;

/// The scheme's name in the document, as udata names it.
pub const API_KEY_SCHEME: &str = "apikey";

/// How a dialect's document names and describes its API key scheme.
pub trait KeyScheme: Send + Sync + 'static {
    /// The scheme's name in the document.
    const NAME: &'static str;
    /// The header the key goes in.
    const HEADER: &'static str;
    /// What the document says of the key.
    const DESCRIPTION: &'static str;
}

/// udata's scheme: the key in `X-API-KEY`.
pub struct UdataKey;

impl KeyScheme for UdataKey {
    const NAME: &'static str = API_KEY_SCHEME;
    const HEADER: &'static str = API_KEY_HEADER;
    const DESCRIPTION: &'static str =
        "Your API key (created under `/me/api_tokens/` or on your account page).";
}

/// The caller of an operation that needs someone: the document requires the API key.
pub struct SignedIn<'a, S: KeyScheme = UdataKey>(&'a Viewer, PhantomData<S>);

/// The caller of an operation open to anyone, which shows a signed-in caller more: the
/// document lists the API key as optional (`security: [{"apikey": []}, {}]`).
pub struct MaybeSignedIn<'a, S: KeyScheme = UdataKey>(&'a Viewer, PhantomData<S>);

impl<S: KeyScheme> SignedIn<'_, S> {
    /// The signed-in caller, or a refusal naming the header the key goes in.
    pub fn user(&self) -> AppResult<&entity::users::Model> {
        self.0.user.as_ref().ok_or_else(|| {
            AppError::Unauthenticated(format!(
                "this needs your API key in the {} header",
                S::HEADER
            ))
        })
    }
}

fn register_scheme<S: KeyScheme>(registry: &mut Registry) {
    registry.create_security_scheme(
        S::NAME,
        MetaSecurityScheme {
            ty: "apiKey",
            description: Some(S::DESCRIPTION),
            name: Some(S::HEADER),
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

impl<'a, S: KeyScheme> ApiExtractor<'a> for SignedIn<'a, S> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        register_scheme::<S>(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        vec![S::NAME]
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        resolved(req).await.map(|viewer| Self(viewer, PhantomData))
    }
}

impl<'a, S: KeyScheme> ApiExtractor<'a> for MaybeSignedIn<'a, S> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        register_scheme::<S>(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        vec![S::NAME]
    }

    fn has_security_fallback() -> bool {
        true
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        resolved(req).await.map(|viewer| Self(viewer, PhantomData))
    }
}

impl<S: KeyScheme> Deref for SignedIn<'_, S> {
    type Target = Viewer;

    fn deref(&self) -> &Viewer {
        self.0
    }
}

impl<S: KeyScheme> Deref for MaybeSignedIn<'_, S> {
    type Target = Viewer;

    fn deref(&self) -> &Viewer {
        self.0
    }
}
