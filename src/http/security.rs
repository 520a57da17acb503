//! Security headers on every response: pages, API, errors, media and static files alike.
//!
//! Pages carry no script at all, so the policy allows none; the one exception is the API's
//! Swagger UI, whose inline scripts (poem-openapi's, with no user text in them) are allowed by
//! their hashes and nothing else.
//!
//! No page may be framed, but those under [`EMBED_PATH`] (the reuse widget portals put on their
//! dataset pages): the origins of `VITRINE_EMBED_ORIGINS` may frame them (`frame-ancestors`),
//! and they go without `X-Frame-Options`, which knows no list of sites.

use std::sync::Arc;

use poem::http::header::{
    CONTENT_SECURITY_POLICY, HeaderName, HeaderValue, REFERRER_POLICY, SET_COOKIE,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use poem::http::uri::Scheme;
use poem::{Endpoint, IntoResponse, Middleware, Request, Response};
use poem_openapi::types::{Base64, ToJSON};
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// The policy of everything but the API documentation: no script, no plugin, no framing;
/// styles, fonts (the DSFR theme's Marianne) and images from the site, plus `https:` images
/// for avatars the sign-in provider hosts.
pub const PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; font-src 'self'; \
     img-src 'self' https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Where the pages other sites may frame live.
pub const EMBED_PATH: &str = "/embed/";

/// Where the Swagger UIs live: udata's dialect, CKAN's.
const DOCS_PATHS: [&str; 2] = ["/api/1/docs", "/api/3/docs"];

/// Powerful browser features no page uses.
const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// Adds the headers; built once with the Swagger UI's page to hash its scripts.
pub struct SecurityHeaders {
    docs_policy: HeaderValue,
    embed_policy: HeaderValue,
    https: bool,
}

impl SecurityHeaders {
    /// The headers for a site at an `https` URL or not, whose API documentation pages are
    /// `docs_html`.
    pub fn new(docs_html: &[String], https: bool) -> Self {
        let mut hashes: Vec<String> = docs_html
            .iter()
            .flat_map(|html| inline_scripts(html))
            .map(|script| {
                let digest = Base64(Sha256::digest(script.as_bytes()).to_vec()).to_json();
                format!(
                    "'sha256-{}'",
                    digest.as_ref().and_then(|v| v.as_str()).unwrap_or_default()
                )
            })
            .collect();
        hashes.sort();
        hashes.dedup();
        let docs_policy = format!(
            "default-src 'none'; script-src {}; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: https:; connect-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
            hashes.join(" ")
        );
        Self {
            docs_policy: HeaderValue::from_str(&docs_policy)
                .unwrap_or(HeaderValue::from_static(PAGE_POLICY)),
            embed_policy: HeaderValue::from_static(PAGE_POLICY),
            https,
        }
    }

    /// The same, the pages under [`EMBED_PATH`] framed by `origins` (`VITRINE_EMBED_ORIGINS`,
    /// checked at start-up): by nobody when there are none.
    pub fn framed_by(mut self, origins: &[String]) -> Self {
        if !origins.is_empty() {
            let ancestors = format!("frame-ancestors {}", origins.join(" "));
            let policy = PAGE_POLICY.replace("frame-ancestors 'none'", &ancestors);
            self.embed_policy =
                HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(PAGE_POLICY));
        }
        self
    }
}

/// The text of each inline `<script>` element of `html`, ended where a browser ends it: at the
/// first `</script` (a script may hold `<script` in its strings).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some((open, body)) = rest[start..].split_once('>') else {
            break;
        };
        let Some(end) = body.find("</script") else {
            break;
        };
        if !open.contains("src=") {
            scripts.push(&body[..end]);
        }
        rest = &body[end..];
    }
    scripts
}

impl<E: Endpoint> Middleware<E> for SecurityHeaders {
    type Output = SecurityHeadersEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        SecurityHeadersEndpoint {
            inner: ep,
            docs_policy: self.docs_policy.clone(),
            embed_policy: self.embed_policy.clone(),
            https: self.https,
        }
    }
}

/// [`SecurityHeaders`] around an endpoint.
pub struct SecurityHeadersEndpoint<E> {
    inner: E,
    docs_policy: HeaderValue,
    embed_policy: HeaderValue,
    https: bool,
}

impl<E: Endpoint> Endpoint for SecurityHeadersEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let is_docs = DOCS_PATHS.contains(&req.uri().path().trim_end_matches('/'));
        let is_embed = req.uri().path().starts_with(EMBED_PATH);
        // Over HTTPS by the public URL, or by what a trusted proxy said (`super::proxy`).
        let https = self.https || *req.scheme() == Scheme::HTTPS;
        // Errors become responses here so that they carry the headers too.
        let mut response = match self.inner.call(req).await {
            Ok(response) => response.into_response(),
            Err(err) => err.into_response(),
        };
        let headers = response.headers_mut();
        let policy = if is_docs {
            self.docs_policy.clone()
        } else if is_embed {
            self.embed_policy.clone()
        } else {
            HeaderValue::from_static(PAGE_POLICY)
        };
        headers.insert(CONTENT_SECURITY_POLICY, policy);
        if !is_embed {
            headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(
            REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
        headers.insert(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        );
        if https {
            headers.insert(
                STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            );
            secure_cookies(headers);
        }
        Ok(response)
    }
}

/// Marks every cookie set `Secure`: the one place that decides it, for every cookie Vitrine
/// sets, so none is ever sent back over plain HTTP.
fn secure_cookies(headers: &mut poem::http::HeaderMap) {
    let cookies = headers
        .get_all(SET_COOKIE)
        .iter()
        .cloned()
        .collect::<Vec<_>>();
    if cookies.is_empty() {
        return;
    }
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        let secure = cookie.to_str().is_ok_and(|text| {
            text.split(';')
                .any(|part| part.trim().eq_ignore_ascii_case("secure"))
        });
        let value = if secure {
            cookie
        } else {
            let mut bytes = cookie.as_bytes().to_vec();
            bytes.extend_from_slice(b"; Secure");
            HeaderValue::from_bytes(&bytes).unwrap_or(cookie)
        };
        headers.append(SET_COOKIE, value);
    }
}

/// Refuses a URL carrying a NUL character (`%00`) with 400 naming the parameter (409 in CKAN's
/// shape on its Action API): PostgreSQL cannot store or compare text holding one, and no name,
/// slug or search needs it.
pub async fn refuse_nul<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let uri = req.uri();
    if uri.to_string().contains("%00") {
        let field = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .find(|(_, value)| value.contains('\0'))
            .map_or_else(|| "path".to_owned(), |(name, _)| name.into_owned());
        let err = AppError::field(&field, "must not contain a NUL character (%00)");
        return Ok(crate::ckan::answer::refuse_unread(&mut req, err).await);
    }
    Ok(ep.call(req).await?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<script src="/a.js"></script><script charset="UTF-8">one("<script")</script>
            <p>x</p><script>
two()</script>"#;
        assert_eq!(inline_scripts(html), [r#"one("<script")"#, "\ntwo()"]);
    }

    #[test]
    fn the_docs_policy_allows_its_scripts_by_hash_only() {
        let headers = SecurityHeaders::new(&["<script>alert(1)</script>".to_owned()], false);
        let policy = headers.docs_policy.to_str().unwrap_or_default();
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains("script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{policy}"
        );
        assert!(!policy.contains("script-src 'unsafe"), "{policy}");
    }

    #[test]
    fn embedded_pages_are_framed_by_the_listed_origins_only() {
        let none = SecurityHeaders::new(&[], false).framed_by(&[]);
        assert_eq!(none.embed_policy, PAGE_POLICY);
        let listed = SecurityHeaders::new(&[], false).framed_by(&[
            "https://www.data.gouv.fr".to_owned(),
            "https://data.example.org:8443".to_owned(),
        ]);
        let policy = listed.embed_policy.to_str().unwrap_or_default();
        assert!(
            policy.contains(
                "; frame-ancestors https://www.data.gouv.fr https://data.example.org:8443;"
            ),
            "{policy}"
        );
        assert!(!policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(
            policy.starts_with("default-src 'none'; style-src 'self';"),
            "{policy}"
        );
    }
}
