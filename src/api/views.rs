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

/// A user as others see them.
#[derive(Object, Clone)]
pub struct UserRef {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Avatar image URL.
    #[oai(nullable)]
    pub avatar: Option<String>,
}

impl From<&users::Model> for UserRef {
    fn from(user: &users::Model) -> Self {
        Self {
            id: user.id.clone(),
            name: user.name.clone(),
            avatar: user.avatar_url.clone(),
        }
    }
}

/// An organization as embedded in other objects.
#[derive(Object, Clone)]
pub struct OrganizationRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Logo URL.
    #[oai(nullable)]
    pub logo: Option<String>,
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
            name: org.name.clone(),
            slug: org.slug.clone(),
            logo: org.logo.clone(),
            uri: link(public_url, &format!("api/1/organizations/{}/", org.id)),
            page: link(public_url, &format!("organizations/{}/", org.slug)),
        }
    }
}
