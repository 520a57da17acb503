//! Shapes the API answers with, shared by several resources. Rows never go out as they are.

use entity::{organizations, users};
use poem::Request;
use poem_openapi::types::{ParseFromJSON, ToJSON};
use poem_openapi::{Object, Tags};
use url::Url;

use crate::urls::link;

use crate::models::paging::PageOf;

/// Groups of operations in the API documentation.
#[derive(Tags)]
pub enum ApiTags {
    /// The showcase of reuses.
    Reuses,
    /// Questions and answers about datasets and reuses.
    Discussions,
    /// The catalog mirror.
    Datasets,
    /// Publishers and their members.
    Organizations,
    /// The caller's own account and API keys.
    Me,
    /// Reports, the moderation queue, the audit log.
    Moderation,
    /// The site as a whole: its figures, its activity, its tags.
    Site,
    /// People: their public profiles, followers and avatars.
    Users,
    /// Data people ask to be opened, and where each request stands.
    DataRequests,
}

/// udata's list envelope.
#[derive(Object)]
pub struct Page<T: ParseFromJSON + ToJSON> {
    /// The items of this page.
    pub data: Vec<T>,
    /// This page's number, from 1.
    pub page: u64,
    /// Items a page.
    pub page_size: u64,
    /// Items in the whole list.
    pub total: u64,
    /// URL of the next page, if any.
    #[oai(nullable)]
    pub next_page: Option<String>,
    /// URL of the previous page, if any.
    #[oai(nullable)]
    pub previous_page: Option<String>,
}

impl<T: ParseFromJSON + ToJSON> Page<T> {
    /// The envelope of `page`, its links built from the request's own URL.
    pub fn new<S>(
        page: PageOf<S>,
        req: &Request,
        public_url: &Url,
        view: impl FnMut(S) -> T,
    ) -> Self {
        let link = |number: u64| page_url(req, public_url, number);
        let paging = page.paging;
        let next_page = page.has_next().then(|| link(paging.page + 1));
        let previous_page = (paging.page > 1).then(|| link(paging.page - 1));
        let total = page.total;
        Self {
            data: page.items.into_iter().map(view).collect(),
            page: paging.page,
            page_size: paging.page_size,
            total,
            next_page,
            previous_page,
        }
    }
}

/// The request's URL on the public site, with `page` set to `number`.
fn page_url(req: &Request, public_url: &Url, number: u64) -> String {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(req.original_uri().query().unwrap_or("").as_bytes())
            .filter(|(key, _)| key != "page")
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .append_pair("page", &number.to_string())
        .finish();
    format!("{}?{query}", link(public_url, req.original_uri().path()))
}

/// A person as others see them: udata's user reference.
#[derive(Object, Clone)]
pub struct UserRef {
    /// Id.
    pub id: String,
    /// Always `User`.
    pub class: String,
    /// Slug (the id: people have no other permalink here).
    pub slug: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Display name.
    pub name: String,
    /// Avatar image URL.
    #[oai(nullable)]
    pub avatar: Option<String>,
    /// Avatar thumbnail URL.
    #[oai(nullable)]
    pub avatar_thumbnail: Option<String>,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

impl UserRef {
    /// The reference to `user` on the site at `public_url`.
    pub fn new(user: &users::Model, public_url: &Url) -> Self {
        let (first_name, last_name) = crate::models::users::first_and_last_names(user);
        Self {
            id: user.id.clone(),
            class: "User".to_owned(),
            slug: user.id.clone(),
            first_name,
            last_name,
            name: user.name.clone(),
            avatar: user.avatar_url.clone(),
            avatar_thumbnail: user.avatar_url.clone(),
            uri: link(public_url, &format!("api/1/users/{}/", user.id)),
            page: link(public_url, &format!("users/{}/", user.id)),
        }
    }
}

/// What the caller may do to an object: udata's `permissions`.
#[derive(Object, Clone)]
pub struct Permissions {
    /// May change it.
    pub edit: bool,
    /// May delete it.
    pub delete: bool,
}

/// A badge: udata's `{kind}`.
#[derive(Object, Clone)]
pub struct Badge {
    /// What the badge says, e.g. `certified`, `public-service`.
    pub kind: String,
}

impl Badge {
    /// The badges stored as a JSON list of kinds (nothing when it does not parse).
    pub fn list(stored: &str) -> Vec<Self> {
        serde_json::from_str::<Vec<String>>(stored)
            .unwrap_or_default()
            .into_iter()
            .map(|kind| Self { kind })
            .collect()
    }
}

/// An organization as embedded in other objects: udata's organization reference.
#[derive(Object, Clone)]
pub struct OrganizationRef {
    /// Id.
    pub id: String,
    /// Always `Organization`.
    pub class: String,
    /// Name.
    pub name: String,
    /// Acronym.
    #[oai(nullable)]
    pub acronym: Option<String>,
    /// Slug.
    pub slug: String,
    /// Logo URL.
    #[oai(nullable)]
    pub logo: Option<String>,
    /// Logo thumbnail URL.
    #[oai(nullable)]
    pub logo_thumbnail: Option<String>,
    /// Badges.
    pub badges: Vec<Badge>,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

impl OrganizationRef {
    /// The reference to `org` on the site at `public_url`.
    pub fn new(org: &organizations::Model, public_url: &Url) -> Self {
        Self {
            id: org.id.clone(),
            class: "Organization".to_owned(),
            name: org.name.clone(),
            acronym: org.acronym.clone(),
            slug: org.slug.clone(),
            logo: org.logo.clone(),
            logo_thumbnail: org.logo.clone(),
            badges: Badge::list(&org.badges),
            uri: link(public_url, &format!("api/1/organizations/{}/", org.id)),
            page: link(public_url, &format!("organizations/{}/", org.slug)),
        }
    }
}
