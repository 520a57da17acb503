//! Who calls an action, as the document says it: the `ckan_api_key` scheme (the key in
//! `Authorization`, as CKAN takes it; `X-CKAN-API-Key` and `X-API-KEY` work too).
//!
//! The key is resolved with the rest of the site's callers (`auth::resolve_viewer`); a key
//! that did not hold is refused here, in CKAN's shape (403), whatever the action.

use std::ops::Deref;

use poem::web::Data;
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::registry::{MetaSecurityScheme, Registry};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};

use crate::auth::KeyRefused;
use crate::ckan::answer::Failure;
use crate::error::AppError;
use crate::permissions::Viewer;

/// The scheme's name in the document.
pub const CKAN_KEY_SCHEME: &str = "ckan_api_key";

/// The caller of an action that needs someone: the document requires the key.
pub struct KeyHolder<'a>(&'a Viewer);

/// The caller of an action open to anyone: the document lists the key as optional.
pub struct Anyone<'a>(&'a Viewer);

fn register_scheme(registry: &mut Registry) {
    registry.create_security_scheme(
        CKAN_KEY_SCHEME,
        MetaSecurityScheme {
            ty: "apiKey",
            description: Some(
                "Your API key (created under `/api/1/me/api_tokens/` or on your account page), \
                 bare in `Authorization` as CKAN takes it.",
            ),
            name: Some("Authorization"),
            key_in: Some("header"),
            scheme: None,
            bearer_format: None,
            flows: None,
            openid_connect_url: None,
        },
    );
}

/// The viewer the middleware resolved, unless the key sent did not hold.
async fn resolved(req: &Request) -> poem::Result<&Viewer> {
    if let Some(KeyRefused(reason)) = req.extensions().get::<KeyRefused>() {
        return Err(Failure::App(AppError::Unauthenticated(reason.clone())).into());
    }
    Ok(Data::<&Viewer>::from_request_without_body(req).await?.0)
}

macro_rules! caller_extractor {
    ($name:ident, $fallback:expr) => {
        impl<'a> ApiExtractor<'a> for $name<'a> {
            const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
            type ParamType = ();
            type ParamRawType = ();

            fn register(registry: &mut Registry) {
                register_scheme(registry);
            }

            fn security_schemes() -> Vec<&'static str> {
                vec![CKAN_KEY_SCHEME]
            }

            fn has_security_fallback() -> bool {
                $fallback
            }

            async fn from_request(
                req: &'a Request,
                _body: &mut RequestBody,
                _options: ExtractParamOptions<()>,
            ) -> poem::Result<Self> {
                resolved(req).await.map(Self)
            }
        }

        impl Deref for $name<'_> {
            type Target = Viewer;

            fn deref(&self) -> &Viewer {
                self.0
            }
        }
    };
}

caller_extractor!(KeyHolder, false);

impl KeyHolder<'_> {
    /// The signed-in caller, or CKAN's refusal (403) naming the header to send.
    pub fn user(&self) -> Result<&entity::users::Model, AppError> {
        self.0.user.as_ref().ok_or_else(|| {
            AppError::Unauthenticated(
                "this action needs your API key in the Authorization header".into(),
            )
        })
    }
}
caller_extractor!(Anyone, true);
