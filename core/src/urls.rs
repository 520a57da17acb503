//! Absolute URLs of the public site, for what leaves it: mails, feeds, API links, redirects to
//! sign-in providers.

use url::Url;

/// An absolute URL on the public site.
pub fn link(public_url: &Url, path: &str) -> String {
    format!(
        "{}/{}",
        public_url.as_str().trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}
