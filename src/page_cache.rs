//! The page cache: what anonymous visitors get of the gallery (API and HTML), the home page,
//! the datasets list and each reuse's and dataset's page is kept in the cache under the
//! gallery's generation number. Every successful write bumps the generation, so a new or
//! edited reuse, a new message or a new link shows at once on every instance; misses of one key
//! are computed once at a time (single flight). When the cache is down, pages come from the
//! database. A reuse page served from the cache still counts as a view.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use poem::http::{HeaderValue, Method, StatusCode, Uri};
use poem::{Body, Endpoint, IntoResponse, PathPattern, Request, Response};

use crate::cache::GALLERY;
use crate::error::{AppError, HttpError};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::telemetry::{self, CacheName};

/// Marks a page as a view of this reuse (its id): the cache counts one again on every hit.
#[derive(Clone, Debug)]
pub struct Viewed(pub String);

/// Marks a page as computed for every visitor and never kept: a search that found nothing,
/// counted each time it is made.
#[derive(Clone, Copy, Debug)]
pub struct Transient;

/// `response`, marked [`Transient`] when `transient`.
pub fn transient_if(mut response: Response, transient: bool) -> Response {
    if transient {
        response.extensions_mut().insert(Transient);
    }
    response
}

/// How long a miss waits for another request computing the same page before computing it
/// itself: single flight spares the database a stampede, but must not line requests up one
/// behind another when each computation fails slowly (the database away, each waiting for the
/// pool's acquire timeout: eight such requests would otherwise take eight times as long).
const FLIGHT_WAIT: Duration = Duration::from_secs(1);

/// The same for every anonymous visitor and changed only by writes: the gallery's pages, the
/// datasets list, `/reuses/<slug>/` and `/datasets/<slug>/`, and the impact pages (`/impact/`,
/// `/impact/organizations/<slug>/`, `/impact/datasets/<slug>/`). Those two take no parameters
/// but a dataset's tab (`?tab=discussions`, `?tab=resources`): with any other query string (a campaign tag, say) they are computed, not cached, so nobody can fill
/// the cache with copies of a page or plant one whose links carry their query. The lists are
/// cached only for the parameters they read, each given once (`tag` as often as the API takes
/// it): `?x=1`, `?x=2`… would otherwise each keep a copy of the same page.
fn cacheable(uri: &Uri) -> bool {
    let path = uri.path();
    let known: &[&str] = match path {
        "/" => &[],
        "/reuses/" => &[
            "q",
            "type",
            "topic",
            "tag",
            "dataset",
            "organization",
            "sort",
            "page",
        ],
        "/api/1/reuses/" | "/api/1/reuses" => &[
            "q",
            "sort",
            "type",
            "topic",
            "tag",
            "dataset",
            "organization",
            "owner",
            "featured",
            "private",
            "archived",
            "page",
            "page_size",
            // The key holds the language (udata's clients send it on every call).
            "lang",
        ],
        "/datasets/" => &["q", "organization", "tag", "reuses", "page"],
        _ => {
            // A dataset's tabs are pages of their own.
            let tab = path.starts_with("/datasets/")
                && matches!(uri.query(), Some("tab=discussions" | "tab=resources"));
            if path == "/impact/" {
                return uri.query().is_none();
            }
            return (uri.query().is_none() || tab)
                && [
                    "/reuses/",
                    "/datasets/",
                    "/impact/organizations/",
                    "/impact/datasets/",
                ]
                .iter()
                .any(|prefix| {
                    path.strip_prefix(prefix)
                        .and_then(|rest| rest.strip_suffix('/'))
                        .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'))
                });
        }
    };
    let repeatable = path.starts_with("/api/");
    let mut seen: Vec<String> = Vec::new();
    url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()).all(|(name, _)| {
        let once = !seen.iter().any(|earlier| *earlier == name);
        seen.push(name.to_string());
        known.contains(&name.as_ref()) && (once || (repeatable && name == "tag"))
    })
}

/// Serves cached gallery pages to anonymous visitors; bumps the generation after every write.
pub async fn cache_gallery<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let state = req
        .data::<AppState>()
        .cloned()
        .ok_or_else(|| HttpError(AppError::Internal("application state missing".into())))?;
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let writes = crate::http::dialect::may_write(&req);
        let response = ep.call(req).await?.into_response();
        if writes && (response.status().is_success() || response.status().is_redirection()) {
            state.cache.bump(GALLERY).await;
        }
        return Ok(response);
    }
    let anonymous = req
        .extensions()
        .get::<Viewer>()
        .is_none_or(|viewer| viewer.user.is_none());
    if !anonymous || !cacheable(req.uri()) {
        return Ok(ep.call(req).await?.into_response());
    }
    let Some(generation) = state.cache.generation(GALLERY).await else {
        return Ok(ep.call(req).await?.into_response());
    };
    // `page.2`: entries hold their route template (for the metrics) since version 2 of the
    // entry; those of before, still kept by instances not yet upgraded, are not read.
    let key = format!(
        "page.2:{generation}:{}:{}",
        crate::http::lang::of_request(&req).code(),
        req.uri().path_and_query().map_or("/", |pq| pq.as_str())
    );
    // A HEAD is answered from the GET's entry (the server sends its headers, Content-Length
    // included, without the body), or computed as a GET and not kept: poem answers a HEAD with
    // an empty body, which kept as the page would empty it for every visitor.
    if let Some(hit) = cached(&state, &key).await {
        telemetry::cache_lookup(CacheName::Page, true);
        return Ok(hit);
    }
    if req.method() == Method::HEAD {
        telemetry::cache_lookup(CacheName::Page, false);
        let mut req = req;
        req.set_method(Method::GET);
        return Ok(ep.call(req).await?.into_response());
    }
    let flight = state.flights.lock_for(&key);
    // Nobody computing it: no need to look for it again (a round trip to Redis).
    let (computing, waited) = match flight.try_lock() {
        Ok(guard) => (Some(guard), false),
        Err(_) => (
            tokio::time::timeout(FLIGHT_WAIT, flight.lock()).await.ok(),
            true,
        ),
    };
    if waited && let Some(hit) = cached(&state, &key).await {
        telemetry::cache_lookup(CacheName::Page, true);
        return Ok(hit);
    }
    telemetry::cache_lookup(CacheName::Page, false);
    // The flight ends however the computation does (an error included), and only by its holder.
    let land = || {
        if computing.is_some() {
            state.flights.done(&key);
        }
    };
    let response = match ep.call(req).await {
        Ok(response) => response.into_response(),
        Err(err) => {
            land();
            return Err(err);
        }
    };
    if response.status() != StatusCode::OK || response.extensions().get::<Transient>().is_some() {
        land();
        return Ok(response);
    }
    let content_type = response
        .headers()
        .get(poem::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_owned();
    let viewed = response
        .extensions()
        .get::<Viewed>()
        .map(|viewed| viewed.0.clone())
        .unwrap_or_default();
    let route = response
        .data::<PathPattern>()
        .map(|pattern| pattern.0.to_string())
        .unwrap_or_default();
    let body = response.into_body().into_bytes().await?;
    if body.is_empty() {
        // No page of the gallery is empty: whatever answered so is not kept as the page.
        land();
        return Ok(build(&content_type, &route, body, "miss"));
    }
    // An entry is its content type, the reuse it is a view of (or nothing), its route template,
    // then the body.
    let mut entry =
        Vec::with_capacity(content_type.len() + viewed.len() + route.len() + 3 + body.len());
    for line in [&content_type, &viewed, &route] {
        entry.extend_from_slice(line.as_bytes());
        entry.push(b'\n');
    }
    entry.extend_from_slice(&body);
    state.cache.set_versioned(&key, Arc::from(entry)).await;
    land();
    Ok(build(&content_type, &route, body, "miss"))
}

async fn cached(state: &AppState, key: &str) -> Option<Response> {
    let entry = state.cache.get_versioned(key).await?;
    let mut lines = entry.splitn(4, |byte| *byte == b'\n');
    let content_type = std::str::from_utf8(lines.next()?).ok()?.to_owned();
    let viewed = std::str::from_utf8(lines.next()?).ok()?;
    let route = std::str::from_utf8(lines.next()?).ok()?;
    let start = content_type.len() + viewed.len() + route.len() + 3;
    if start > entry.len() {
        return None;
    }
    if !viewed.is_empty() {
        state.views.record(viewed);
    }
    // The body is a view into the cached entry: a hit copies nothing.
    let body = Bytes::from_owner(entry.clone()).slice(start..);
    Some(build(&content_type, route, body, "hit"))
}

fn build(content_type: &str, route: &str, body: Bytes, cache: &'static str) -> Response {
    let mut response = Response::builder()
        .status(StatusCode::OK)
        .content_type(content_type)
        .body(Body::from(body));
    response
        .headers_mut()
        .insert("X-Cache", HeaderValue::from_static(cache));
    if !route.is_empty() {
        response.set_data(PathPattern(Arc::from(route)));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::cacheable;

    fn uri(text: &str) -> poem::http::Uri {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn lists_are_cached_for_the_parameters_they_read_only() {
        for kept in [
            "/",
            "/reuses/",
            "/reuses/?q=vaccin&type=api&page=2",
            "/api/1/reuses/?tag=covid&tag=sante&page_size=20",
            "/datasets/?q=hopital",
            "/datasets/?tag=covid&reuses=1&page=3",
            "/datasets/donnees-hospitalieres/?tab=discussions",
            "/reuses/carte-des-vaccins/",
        ] {
            assert!(cacheable(&uri(kept)), "{kept}");
        }
        for computed in [
            "/?x=1",
            "/reuses/?x=1",
            "/reuses/?page=1&page=2",
            "/reuses/?tag=a&tag=b",
            "/api/1/reuses/?utm_source=mail",
            "/datasets/?page=3&page=4",
            "/datasets/donnees-hospitalieres/?tab=other",
            "/reuses/carte-des-vaccins/?tab=discussions",
            "/reuses/carte-des-vaccins/?from=mail",
            "/reuses/a/b/",
            "/me/",
        ] {
            assert!(!cacheable(&uri(computed)), "{computed}");
        }
    }
}
