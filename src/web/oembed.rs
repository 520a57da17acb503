//! oEmbed (<https://oembed.com>): `/oembed?url=…` answers the URL of a dataset's page on this
//! site (or of its widget) with the HTML that frames the reuse widget, for the portals and
//! editors that speak oEmbed. JSON only (`format=xml` is 501); errors in the API's shape.

use askama::Template;
use poem::http::StatusCode;
use poem::http::header::{CACHE_CONTROL, HeaderValue, VARY};
use poem::web::{Data, Json};
use poem::{IntoResponse, Request, Response, handler};
use serde::Serialize;
use url::Url;

use crate::error::{AppError, HttpError, HttpResult};
use crate::models::datasets::find_dataset;
use crate::state::AppState;

/// The widget's size when the consumer sets no bound (`maxwidth`, `maxheight`), in pixels.
const WIDTH: u32 = 600;
const HEIGHT: u32 = 440;

/// How long a consumer may keep an answer, in seconds (as long as the widget is cached).
const CACHE_AGE: u32 = 300;

/// An oEmbed answer of type `rich`.
#[derive(Serialize)]
struct OEmbed {
    version: &'static str,
    r#type: &'static str,
    html: String,
    width: u32,
    height: u32,
    title: String,
    provider_name: String,
    provider_url: String,
    cache_age: u32,
}

/// The HTML a consumer puts in its page: the widget in a frame (askama escapes every value).
#[derive(Template)]
#[template(
    source = r#"<iframe src="{{ src }}" width="{{ width }}" height="{{ height }}" title="{{ title }}" loading="lazy"></iframe>"#,
    ext = "html"
)]
struct IframeSnippet<'a> {
    src: &'a str,
    width: u32,
    height: u32,
    title: &'a str,
}

/// `GET /oembed?url=&format=&maxwidth=&maxheight=`: 400 without `url` (or with a bound that is
/// not a positive number), 404 for a URL that is not a dataset of this site, 410 for a dataset
/// the catalog deleted, 501 for any format but JSON.
#[handler]
pub async fn oembed(req: &Request, state: Data<&AppState>) -> HttpResult<Response> {
    let param = |name: &str| {
        url::form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    if let Some(format) = param("format").filter(|format| format != "json") {
        let refused = HttpError(AppError::field(
            "format",
            format!("{format:?} is not served: only json is"),
        ));
        return Ok(refused.body().into_response(StatusCode::NOT_IMPLEMENTED));
    }
    let asked = param("url").ok_or_else(|| {
        AppError::field(
            "url",
            "required: the address of a dataset's page on this site",
        )
    })?;
    let width = bound(param("maxwidth"), "maxwidth", WIDTH)?;
    let height = bound(param("maxheight"), "maxheight", HEIGHT)?;
    let public_url = &state.config.public_url;
    let id = dataset_of(public_url, &asked).ok_or_else(|| {
        AppError::NotFound(format!("{asked:?} is not a dataset's page on this site"))
    })?;
    let dataset = find_dataset(&state.db, &id).await?.dataset;
    let lang = crate::http::lang::of_request(req);
    let title = lang.t_args("embed.title", &[("title", dataset.title.as_str().into())]);
    let src = widget_url(public_url, &dataset.slug);
    let html = IframeSnippet {
        src: &src,
        width,
        height,
        title: &title,
    }
    .render()
    .map_err(|err| AppError::Internal(format!("oEmbed snippet: {err}")))?;
    let mut response = Json(OEmbed {
        version: "1.0",
        r#type: "rich",
        html,
        width,
        height,
        title,
        provider_name: state.config.site.name.clone(),
        provider_url: public_url.to_string(),
        cache_age: CACHE_AGE,
    })
    .into_response();
    let headers = response.headers_mut();
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    Ok(response)
}

/// The size to give: the default, or the consumer's bound when smaller.
fn bound(asked: Option<String>, name: &str, default: u32) -> Result<u32, AppError> {
    match asked {
        None => Ok(default),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .map(|n| n.min(default))
            .ok_or_else(|| {
                AppError::field(name, format!("{text:?} is not a positive number of pixels"))
            }),
    }
}

/// The dataset (id or slug) a URL of this site names: its page `…/datasets/{id}/` or its
/// widget `…/embed/datasets/{id}/reuses/` (query and fragment ignored); `None` for anything
/// else, another site's included.
fn dataset_of(public_url: &Url, asked: &str) -> Option<String> {
    let url = Url::parse(asked).ok()?;
    if url.origin() != public_url.origin() {
        return None;
    }
    let rest = url
        .path()
        .strip_prefix(public_url.path().trim_end_matches('/'))?
        .strip_prefix('/')?;
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let id = match segments.as_slice() {
        ["datasets", id] | ["embed", "datasets", id, "reuses"] => *id,
        _ => return None,
    };
    decoded(id).filter(|id| !id.is_empty())
}

/// A path segment with its `%XX` escapes decoded; `None` when that is not UTF-8.
fn decoded(segment: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(segment.len());
    let mut rest = segment.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        let escaped = (first == b'%')
            .then(|| tail.get(..2))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                bytes.push(byte);
                rest = tail.get(2..).unwrap_or_default();
            }
            None => {
                bytes.push(first);
                rest = tail;
            }
        }
    }
    String::from_utf8(bytes).ok()
}

/// The address of a path on the public site, its segments escaped (the site may live under a
/// path of its own).
fn site_url(public_url: &Url, segments: &[&str]) -> Url {
    let mut url = public_url.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// The widget of the dataset `slug`: `/embed/datasets/{slug}/reuses/`.
pub fn widget_url(public_url: &Url, slug: &str) -> String {
    site_url(public_url, &["embed", "datasets", slug, "reuses", ""]).into()
}

/// The oEmbed address of the dataset `slug`'s page, for the page's discovery link.
pub fn discovery_url(public_url: &Url, slug: &str) -> String {
    let page = site_url(public_url, &["datasets", slug, ""]);
    let mut url = site_url(public_url, &["oembed"]);
    url.query_pairs_mut()
        .append_pair("url", page.as_str())
        .append_pair("format", "json");
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn only_dataset_pages_and_widgets_of_this_site_are_embedded() {
        let root = site("https://vitrine.example/");
        for (asked, id) in [
            (
                "https://vitrine.example/datasets/qualite-de-l-air/",
                "qualite-de-l-air",
            ),
            (
                "https://vitrine.example/datasets/qualite-de-l-air",
                "qualite-de-l-air",
            ),
            ("https://VITRINE.example:443/datasets/ds-1/?x=1#top", "ds-1"),
            (
                "https://vitrine.example/embed/datasets/ds-1/reuses/",
                "ds-1",
            ),
            ("https://vitrine.example/datasets/caf%C3%A9/", "café"),
        ] {
            assert_eq!(dataset_of(&root, asked).as_deref(), Some(id), "{asked}");
        }
        for foreign in [
            "http://vitrine.example/datasets/ds-1/",
            "https://vitrine.example:8443/datasets/ds-1/",
            "https://evil.example/datasets/ds-1/",
            "https://vitrine.example/reuses/ds-1/",
            "https://vitrine.example/datasets/",
            "https://vitrine.example/datasets/a/b/",
            "https://vitrine.example/embed/datasets/ds-1/",
            "/datasets/ds-1/",
            "not a url",
        ] {
            assert_eq!(dataset_of(&root, foreign), None, "{foreign}");
        }
        let under = site("https://portal.example/vitrine/");
        assert_eq!(
            dataset_of(&under, "https://portal.example/vitrine/datasets/ds-1/").as_deref(),
            Some("ds-1")
        );
        assert_eq!(
            dataset_of(&under, "https://portal.example/datasets/ds-1/"),
            None
        );
        assert_eq!(
            dataset_of(&under, "https://portal.example/vitrinex/datasets/ds-1/"),
            None
        );
    }

    #[test]
    fn addresses_escape_the_slug_and_keep_the_site_path() {
        let under = site("https://portal.example/vitrine/");
        assert_eq!(
            widget_url(&under, "a b"),
            "https://portal.example/vitrine/embed/datasets/a%20b/reuses/"
        );
        assert_eq!(
            discovery_url(&under, "ds-1"),
            "https://portal.example/vitrine/oembed?url=https%3A%2F%2Fportal.example%2Fvitrine%2Fdatasets%2Fds-1%2F&format=json"
        );
        assert_eq!(decoded("%E9"), None);
        assert_eq!(decoded("100%").as_deref(), Some("100%"));
    }

    #[test]
    fn bounds_shrink_the_widget_never_grow_it() {
        assert_eq!(bound(None, "maxwidth", WIDTH).ok(), Some(WIDTH));
        assert_eq!(bound(Some("300".into()), "maxwidth", WIDTH).ok(), Some(300));
        assert_eq!(
            bound(Some("9000".into()), "maxwidth", WIDTH).ok(),
            Some(WIDTH)
        );
        for bad in ["0", "-1", "wide"] {
            assert!(bound(Some(bad.into()), "maxwidth", WIDTH).is_err(), "{bad}");
        }
    }
}
