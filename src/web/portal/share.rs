//! Share links without any third party's script or image: the address to copy, a mail, a
//! Mastodon post on the reader's own instance, and LinkedIn's share page.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use url::{Host, Url};

use crate::markdown::shorten;
use crate::state::AppState;
use crate::web::{Frame, safe_next};

/// The longest title a share text carries.
const TITLE_CHARS: usize = 200;

/// What `portal_share.html` shows.
pub struct ShareLinks {
    /// The page's absolute address, to copy.
    pub url: String,
    /// The page's path, for the Mastodon form.
    pub path: String,
    /// The page's title, for the Mastodon form.
    pub title: String,
    /// A `mailto:` link with the title as subject and the address in the body.
    pub mail: String,
    /// LinkedIn's share page for the address.
    pub linkedin: String,
}

impl ShareLinks {
    /// The links to share the page at `path` of the site at `public_url`, titled `title`.
    pub fn new(public_url: &Url, path: &str, title: &str) -> Self {
        let url = crate::urls::link(public_url, path);
        let title = shorten(title, TITLE_CHARS);
        Self {
            mail: format!(
                "mailto:?subject={}&body={}",
                component(&title),
                component(&format!("{title}\n{url}"))
            ),
            linkedin: format!(
                "https://www.linkedin.com/sharing/share-offsite/?url={}",
                component(&url)
            ),
            path: path.to_owned(),
            title,
            url,
        }
    }
}

/// `text` percent-encoded as one component of a URL (spaces as `%20`, as `mailto:` wants them).
fn component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The Mastodon form: the reader's instance, and the page to share.
#[derive(Deserialize)]
pub struct MastodonQuery {
    /// The instance as the reader typed it (`mastodon.social`, `https://piaille.fr/`,
    /// `@me@framapiaf.org`).
    pub instance: Option<String>,
    /// The page's path on this site.
    pub path: Option<String>,
    /// The page's title.
    pub title: Option<String>,
}

/// The step between the Mastodon form and the instance: the link to post there, or the form
/// again with what was wrong.
#[derive(Template, WebTemplate)]
#[template(path = "portal_mastodon.html")]
pub struct MastodonPage {
    frame: Frame,
    /// The instance as typed, to fill the form again.
    instance: String,
    /// The page shared.
    share: ShareLinks,
    /// The instance's share address, when the instance is a valid host name.
    target: Option<String>,
    /// The link's text, naming the instance.
    go_label: String,
}

/// Shares a page on the reader's Mastodon instance: Mastodon has no central host, so the
/// reader names theirs. A host name is required (no address, port, path or `localhost`), and
/// the shared text is always this site's page. The answer is a page with the link rather than
/// a redirect, because the policy's `form-action 'self'` also binds where a form's redirects go.
#[handler]
pub fn share_on_mastodon(
    req: &Request,
    state: Data<&AppState>,
    query: Query<MastodonQuery>,
) -> Response {
    let mut frame = Frame::of(req);
    let path = safe_next(query.path.as_deref(), "/");
    let title = query.title.clone().unwrap_or_default();
    let share = ShareLinks::new(&state.config.public_url, &path, &title);
    let instance = query.instance.clone().unwrap_or_default();
    let host = mastodon_host(&instance);
    frame.crumb(frame.t("share.mastodon_title"), None);
    if host.is_none() {
        frame.notice = Some(frame.t("share.mastodon_invalid").to_owned());
    }
    let target = host.as_ref().map(|host| {
        let text = format!("{} {}", share.title, share.url);
        format!("https://{host}/share?text={}", component(text.trim()))
    });
    let status = if target.is_some() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    MastodonPage {
        instance,
        share,
        target,
        go_label: frame.t_args(
            "share.mastodon_go",
            &[("host", host.unwrap_or_default().into())],
        ),
        frame,
    }
    .with_status(status)
    .into_response()
}

/// The host name of the Mastodon instance `typed` names, or `None` when it names none:
/// `mastodon.social`, `https://mastodon.social/` and `@me@mastodon.social` all give
/// `mastodon.social`; an IP address, a port, a path, `localhost` or a bare word give nothing.
pub fn mastodon_host(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let typed = typed
        .strip_prefix("https://")
        .unwrap_or(typed)
        .trim_end_matches('/');
    // `@user@host` or `user@host`: the host is after the last `@`.
    let typed = typed.rsplit('@').next().unwrap_or(typed);
    if typed.is_empty()
        || !typed
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    {
        return None;
    }
    let url = Url::parse(&format!("https://{typed}/")).ok()?;
    let Some(Host::Domain(host)) = url.host() else {
        return None;
    };
    let labels: Vec<&str> = host.split('.').collect();
    let well_formed = labels.len() >= 2
        && host.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    well_formed.then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_is_a_host_name() {
        for (typed, host) in [
            ("mastodon.social", "mastodon.social"),
            ("  https://Piaille.fr/ ", "piaille.fr"),
            ("@moi@framapiaf.org", "framapiaf.org"),
            ("réseau.example", "xn--rseau-bsa.example"),
        ] {
            assert_eq!(mastodon_host(typed).as_deref(), Some(host), "{typed}");
        }
        for typed in [
            "",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "mastodon.social:8443",
            "mastodon.social/path",
            "http://mastodon.social",
            "evil.example?x=1",
            "-bad.example",
            "a..b",
            "javascript:alert(1)",
        ] {
            assert_eq!(mastodon_host(typed), None, "{typed}");
        }
    }

    #[test]
    fn share_addresses_are_encoded() {
        let site = Url::parse("https://data.example/").unwrap();
        let links = ShareLinks::new(&site, "/reuses/a-b/", "Air & vélo ?");
        assert_eq!(links.url, "https://data.example/reuses/a-b/");
        assert_eq!(
            links.linkedin,
            "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fdata.example%2Freuses%2Fa-b%2F"
        );
        assert_eq!(
            links.mail,
            "mailto:?subject=Air%20%26%20v%C3%A9lo%20%3F&body=Air%20%26%20v%C3%A9lo%20%3F%0Ahttps%3A%2F%2Fdata.example%2Freuses%2Fa-b%2F"
        );
    }
}
