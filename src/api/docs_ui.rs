//! The API documentation's Swagger UI (poem-openapi's page) with a link back to the site above
//! it. The link is put outside the page's scripts, so the hashes the CSP allows them by
//! (`crate::http::security`) still match.

use std::sync::Arc;

use askama::Template;
use poem::http::header::CONTENT_LENGTH;
use poem::{Body, Endpoint, EndpointExt, IntoResponse, Request, Response};

use crate::state::AppState;

/// Where Swagger UI draws itself: the link goes just before it.
const UI_ROOT: &str = r#"<div id="ui"></div>"#;

/// The link back, in the reader's language, the site's name escaped.
#[derive(Template)]
#[template(
    source = r#"<p class="vitrine-back"><a href="/" id="back-to-site">← {{ text }}</a></p>
"#,
    ext = "html"
)]
struct LinkBack<'a> {
    text: &'a str,
}

/// `ui` (a Swagger UI endpoint) with the link back on its page.
pub fn with_link_back(ui: impl Endpoint + 'static) -> impl Endpoint {
    ui.around(add_link_back)
}

async fn add_link_back<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let lang = crate::http::lang::of_request(&req);
    let site = req.data::<AppState>().map_or_else(
        || "Vitrine".to_owned(),
        |state| state.config.site.name.clone(),
    );
    let is_page = !req.uri().path().ends_with(".html");
    let response = ep.call(req).await?.into_response();
    if !is_page
        || !response.status().is_success()
        || !response
            .content_type()
            .is_some_and(|kind| kind.starts_with("text/html"))
    {
        return Ok(response);
    }
    let (mut parts, body) = response.into_parts();
    let html = body.into_string().await?;
    let link = LinkBack {
        text: &lang.t_args("footer.docs_back", &[("site", site.as_str().into())]),
    }
    .render()
    .unwrap_or_default();
    parts.headers.remove(CONTENT_LENGTH);
    Ok(Response::from_parts(
        parts,
        Body::from(insert_link(&html, &link)),
    ))
}

/// `html` with `link` before the UI's root: its last occurrence, the one in the page's markup
/// (the bundled script comes before it; the document after it is JSON, whose quotes are
/// escaped). Unchanged when there is none.
fn insert_link(html: &str, link: &str) -> String {
    match html.rfind(UI_ROOT) {
        Some(at) => format!("{}{link}{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_goes_before_the_ui_outside_the_scripts() {
        let html = r#"<script>x = '<div id="ui"></div>'</script><body><div id="ui"></div><script>let spec = {"a": "<div id=\"ui\"></div>"};</script>"#;
        let linked = insert_link(html, "<p>back</p>");
        assert_eq!(
            linked,
            r#"<script>x = '<div id="ui"></div>'</script><body><p>back</p><div id="ui"></div><script>let spec = {"a": "<div id=\"ui\"></div>"};</script>"#
        );
        let escaped = LinkBack { text: "A & <b>" }.render().unwrap_or_default();
        assert!(escaped.contains("← A &#38; &#60;b&#62;"), "{escaped}");
    }
}
