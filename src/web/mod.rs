//! Server-rendered pages: thin handlers, askama templates from `templates/`, errors as pages.

pub mod account;
pub mod awaiting;
pub mod confirm_email;
pub mod data_requests;
pub mod discussions;
pub mod dsfr;
pub mod error_page;
pub mod feeds;
pub mod gallery;
pub mod impact;
pub mod link_health;
pub mod login;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod oembed;
pub mod portal;
pub mod reuse_form;
pub mod site;
pub mod sync;

use std::sync::Arc;

use entity::users;
use poem::web::{Path, Query, Redirect};
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler, post};
use serde::Deserialize;

use crate::error::HttpError;
use crate::i18n::{LANG_COOKIE, Lang};
use crate::permissions::Viewer;

/// What every page's frame (header, navigation, footer) needs.
pub struct Frame {
    /// The reader's language.
    pub lang: Lang,
    /// The signed-in user.
    pub user: Option<users::Model>,
    /// The token forms carry.
    pub csrf: String,
    /// This page's path and query, for the language switch to come back to.
    pub here: String,
    /// Unread notifications, shown in the header.
    pub unread: u64,
    /// The site's name, logo, colour and footer links.
    pub site: crate::config::SiteConfig,
    /// What the page says of itself to search engines and share cards (generic, unless the
    /// handler describes its subject with [`site::PageMeta::describe`]).
    pub meta: site::PageMeta,
    /// A word to the reader above the page's content (a filter of the address left out).
    pub notice: Option<String>,
    /// Where the page sits, after « Accueil »: set with [`Frame::crumb`]; none on the home
    /// page. The last one is the page itself.
    pub crumbs: Vec<Crumb>,
}

/// One step of a page's breadcrumb: its text, and its address unless it is the page itself.
#[derive(Clone, Debug)]
pub struct Crumb {
    /// What the step is called, in the reader's language.
    pub label: String,
    /// Where it leads; `None` for the current page.
    pub href: Option<String>,
}

impl Frame {
    /// The frame of the page answering `req`.
    pub fn of(req: &Request) -> Self {
        let viewer = req
            .extensions()
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default();
        let lang = crate::http::lang::of_request(req);
        let (site, meta) = site::identity(req, lang);
        Self {
            lang,
            site,
            meta,
            notice: None,
            crumbs: Vec::new(),
            csrf: viewer.csrf_token().to_owned(),
            unread: viewer.unread_notifications,
            user: viewer.user,
            here: req
                .original_uri()
                .path_and_query()
                .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned()),
        }
    }

    /// Adds a step to the breadcrumb: `href` for a page above this one, `None` for this page.
    pub fn crumb(&mut self, label: impl Into<String>, href: Option<&str>) -> &mut Self {
        self.crumbs.push(Crumb {
            label: label.into(),
            href: href.map(str::to_owned),
        });
        self
    }

    /// Shorthand for templates: the text of `key` in the reader's language.
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// A day as the reader writes it (« 29 novembre 2026 », “November 29, 2026”).
    pub fn date(&self, at: impl Moment) -> String {
        self.lang.date(at.utc())
    }

    /// A day and time as the reader writes them.
    pub fn date_time(&self, at: impl Moment) -> String {
        self.lang.date_time(at.utc())
    }

    /// A number with the reader's thousands separator (« 12 345 », “12,345”).
    pub fn number(&self, n: impl std::fmt::Display) -> String {
        self.lang.number(n)
    }

    /// The message `key` for the number `n`, in its plural form (« 2 réutilisations », “1 reuse”).
    pub fn count<'a>(&self, n: impl Into<crate::i18n::Arg<'a>>, key: &str) -> String {
        self.lang.count(n, key)
    }

    /// The text of `key` with its variables filled, in the reader's language.
    pub fn t_args(&self, key: &str, args: &[(&str, crate::i18n::Arg<'_>)]) -> String {
        self.lang.t_args(key, args)
    }

    /// Every language but the current one, for the switch.
    pub fn other_langs(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|lang| *lang != self.lang)
            .collect()
    }
}

/// A point in time as templates hold it: owned, or behind however many references.
pub trait Moment {
    /// The instant, in UTC.
    fn utc(&self) -> chrono::DateTime<chrono::Utc>;
}

impl Moment for chrono::DateTime<chrono::Utc> {
    fn utc(&self) -> chrono::DateTime<chrono::Utc> {
        *self
    }
}

impl<T: Moment + ?Sized> Moment for &T {
    fn utc(&self) -> chrono::DateTime<chrono::Utc> {
        (**self).utc()
    }
}

/// Every page route, errors rendered as pages.
pub fn routes() -> impl Endpoint {
    Route::new()
        .at("/", get(gallery::home))
        .at("/reuses/", get(gallery::gallery))
        .at(
            "/reuses/new",
            get(reuse_form::new_form).post(reuse_form::create_from_form),
        )
        .at("/reuses/feed.atom", get(feeds::gallery_feed))
        .at("/sitemap.xml", get(feeds::sitemap))
        .at("/datasets/:slug/reuses.atom", get(feeds::dataset_feed))
        .at("/reuses/:slug/", get(gallery::reuse_page))
        .at("/reuses/:slug/cover.svg", get(gallery::reuse_cover))
        .at(
            "/reuses/:slug/edit",
            get(reuse_form::edit_form).post(reuse_form::update_from_form),
        )
        .at(
            "/discussions/new",
            get(discussions::new_form).post(discussions::post_new),
        )
        .at("/discussions/:id/", get(discussions::thread_view))
        .at("/discussions/:id/reply", post(discussions::post_reply))
        .at("/discussions/:id/answer", post(discussions::post_answer))
        .at("/discussions/:id/title", post(discussions::post_title))
        .at(
            "/discussions/:id/delete",
            post(discussions::post_delete_discussion),
        )
        .at(
            "/discussions/:id/comments/:message",
            post(discussions::post_edit_message),
        )
        .at(
            "/discussions/:id/comments/:message/delete",
            post(discussions::post_delete_message),
        )
        .at("/users/:id/", get(gallery::user_page))
        .at("/data-requests/", get(data_requests::data_requests_page))
        .at(
            "/data-requests/feed.atom",
            get(data_requests::data_requests_feed),
        )
        .at(
            "/data-requests/new",
            get(data_requests::new_form).post(data_requests::create_from_form),
        )
        .at("/data-requests/:id/", get(data_requests::data_request_page))
        .at(
            "/data-requests/:id/support",
            post(data_requests::post_support),
        )
        .at("/data-requests/:id/steer", post(data_requests::post_step))
        .at("/impact/", get(impact::impact_page))
        .at(
            "/impact/organizations/:slug/",
            get(impact::organization_impact_page),
        )
        .at("/impact/datasets/:slug/", get(impact::dataset_impact_page))
        .at("/organizations/", get(portal::organizations_page))
        .at("/organizations/:slug/", get(portal::organization_page))
        .at(
            "/organizations/:slug/follow",
            post(portal::follow_organization),
        )
        .at("/reuses/:slug/follow", post(portal::follow_reuse))
        .at("/datasets/:slug/follow", post(portal::follow_dataset))
        .at("/datasets/:slug/steward", post(gallery::set_steward))
        .at("/share/mastodon", get(portal::share_on_mastodon))
        .at("/datasets/", get(gallery::datasets_page))
        .at("/datasets/:slug/", get(gallery::dataset_page))
        .at("/embed/datasets/:id/reuses/", get(gallery::embed_reuses))
        .at("/lang/:code", get(switch_language))
        .at("/static/vitrine.css", get(stylesheet))
        .at("/static/theme.css", get(site::theme_stylesheet))
        .at("/static/vitrine-dsfr.css", get(dsfr::bridge))
        .at("/static/dsfr/:version/*path", get(dsfr::asset))
        .at("/static/:name", get(site::logo))
        .at("/favicon.svg", get(site::favicon))
        .at("/favicon.ico", get(site::favicon_ico))
        .at("/media/images/:name", get(media::serve_image))
        .at("/login", get(login::login_page))
        .at("/login/demo", post(login::demo_sign_in))
        .at("/login/:name", get(login::start))
        .at("/login/:name/callback", get(login::callback))
        .at("/logout", post(login::logout))
        .at("/me/", get(account::me_page))
        .at("/me/confirm-email", post(account::resend_confirmation))
        .at("/me/profile", post(account::update_profile))
        .at(
            "/confirm-email/:user/:expires/:token",
            get(confirm_email::confirm_page).post(confirm_email::confirm_now),
        )
        .at(
            "/me/notifications",
            get(notifications::settings_form).post(notifications::save_settings),
        )
        .at("/me/notifications/read-all", post(notifications::read_all))
        .at(
            "/me/notifications/:id/open",
            get(notifications::open_notification),
        )
        .at(
            "/unsubscribe/:user/:kind/:token",
            get(notifications::unsubscribe_page).post(notifications::unsubscribe_now),
        )
        .at("/discussions/:id/watch", post(discussions::post_watch))
        .at("/moderation/", get(moderation::queue_page))
        .at("/moderation/held/:id/approve", post(moderation::approve))
        .at("/moderation/held/:id/remove", post(moderation::remove))
        .at("/moderation/reports/:id", post(moderation::resolve))
        .at(
            "/moderation/users/:id/deactivate",
            get(moderation::deactivate_form).post(moderation::deactivate),
        )
        .at("/moderation/featured", get(moderation::featured_page))
        .at("/moderation/links", get(moderation::links_page))
        .at(
            "/moderation/links/:id/archive",
            post(moderation::archive_broken),
        )
        .at(
            "/moderation/featured/:id/:action",
            post(moderation::featured_action),
        )
        .at("/moderation/audit", get(moderation::audit_page))
        .at("/moderation/sync", get(sync::sync_page))
        .at(
            "/report",
            get(moderation::report_form).post(moderation::send_report),
        )
        .at("/me/api_tokens", post(account::create_token))
        .at(
            "/me/api_tokens/:id/revoke",
            post(account::revoke_token_form),
        )
        .around(render_errors)
}

/// Answers a failed page request with an error page in the reader's language.
async fn render_errors<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let frame = Frame::of(&req);
    match ep.call(req).await {
        Ok(response) => Ok(response.into_response()),
        Err(err) => {
            let status = err.status();
            if status.is_server_error() {
                tracing::error!(error = %err, "page failed");
            }
            let code = status.as_u16();
            let page = error_page::ErrorPage {
                title: error_page::title(&frame, status),
                message: error_page::message(&frame, &err),
                offer_sign_in: frame.user.is_none()
                    && (code == 401 || frame.here.starts_with("/login")),
                frame,
            };
            let mut response = page.with_status(status).into_response();
            if let Some(seconds) = err
                .downcast_ref::<HttpError>()
                .and_then(|http| http.0.retry_after())
            {
                response
                    .headers_mut()
                    .insert("Retry-After", poem::http::HeaderValue::from(seconds));
            }
            Ok(crate::http::metrics::keep_route(&err, response))
        }
    }
}

/// Sends a visitor to sign in, coming back to `next` afterwards.
pub fn sign_in_first(next: &str) -> Response {
    Redirect::see_other(format!(
        "/login?next={}",
        url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
    ))
    .into_response()
}

/// A form with only its CSRF token (buttons that act).
#[derive(Deserialize)]
pub struct CsrfForm {
    /// The token the page carried.
    pub csrf_token: Option<String>,
}

/// `?next=` of redirects.
#[derive(Deserialize)]
pub struct NextQuery {
    /// Where to go afterwards (a path on this site).
    pub next: Option<String>,
}

/// A path on this site to go to after an action; anything else (`//evil`, `https://…`, the
/// sign-in pages themselves) is `fallback`.
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.starts_with("/\\")
                && !next.chars().any(|c| c.is_control() || c == '\\')
                && !next.starts_with("/login")
                && !next.starts_with("/logout") =>
        {
            next.to_owned()
        }
        _ => fallback.to_owned(),
    }
}

#[handler]
async fn switch_language(
    req: &Request,
    state: poem::web::Data<&crate::state::AppState>,
    viewer: poem::web::Data<&Viewer>,
    code: Path<String>,
    query: Query<NextQuery>,
) -> Response {
    let next = safe_next(query.next.as_deref(), "/");
    if let Some(lang) = Lang::from_code(&code) {
        if let Some(user) = &viewer.user
            && let Err(err) =
                crate::models::users::set_locale(&state.db, &user.id, lang.code()).await
        {
            tracing::warn!(error = %err, "language not remembered for mails");
        }
        let mut cookie = poem::web::cookie::Cookie::new_with_str(LANG_COOKIE, lang.code());
        cookie.set_path("/");
        cookie.set_max_age(std::time::Duration::from_secs(365 * 24 * 3600));
        cookie.set_same_site(poem::web::cookie::SameSite::Lax);
        cookie.set_http_only(true);
        req.cookie().add(cookie);
    }
    Redirect::see_other(next).into_response()
}

/// The site's one stylesheet: the foundations and shared components first, then each area's
/// own rules, one file each under `templates/static/css/`.
const STYLESHEET: &str = concat!(
    include_str!("../../templates/static/css/base.css"),
    include_str!("../../templates/static/css/components.css"),
    include_str!("../../templates/static/css/cards.css"),
    include_str!("../../templates/static/css/forms.css"),
    include_str!("../../templates/static/css/portal.css"),
    include_str!("../../templates/static/css/datasets.css"),
    include_str!("../../templates/static/css/community.css"),
    include_str!("../../templates/static/css/impact.css"),
);

#[handler]
fn stylesheet() -> Response {
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header("Cache-Control", "public, max-age=3600")
        .body(STYLESHEET)
}

/// A role's name in the reader's language.
pub fn role_label(frame: &Frame, role: &str) -> &'static str {
    frame.t(&format!("role.{role}"))
}
