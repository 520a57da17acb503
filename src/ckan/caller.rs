//! Who calls an action, as the document says it: the `ckan_api_key` scheme (the key in
//! `Authorization`, as CKAN takes it; `X-CKAN-API-Key` and `X-API-KEY` work too).
//!
//! The key is resolved with the rest of the site's callers (`auth::resolve_viewer`), which
//! refuses a key that does not hold in CKAN's shape (403), whatever the action. The extractors
//! are udata's (`api::security`), with CKAN's scheme.

use crate::api::security::{KeyScheme, MaybeSignedIn, SignedIn};

/// CKAN's scheme: the key bare in `Authorization`.
pub struct CkanKey;

impl KeyScheme for CkanKey {
    const NAME: &'static str = "ckan_api_key";
    const HEADER: &'static str = "Authorization";
    const DESCRIPTION: &'static str = "Your API key (created under `/api/1/me/api_tokens/` or \
         on your account page), bare in `Authorization` as CKAN takes it.";
}

/// The caller of an action that needs someone: the document requires the key.
pub type KeyHolder<'a> = SignedIn<'a, CkanKey>;

/// The caller of an action open to anyone: the document lists the key as optional.
pub type Anyone<'a> = MaybeSignedIn<'a, CkanKey>;
