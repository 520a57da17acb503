//! The server-rendered pages over HTTP, as a browser without JavaScript gets them: the gallery
//! ([`gallery`]) and its cache ([`gallery_cache`]), the reuse forms ([`reuse_forms`]), signing in
//! ([`sign_in`]), the account page ([`account`]), datasets the catalog archived or removed
//! ([`dataset_states`]), the admins' page of the catalog sync ([`sync_page`]), the reuse widget
//! portals frame and its oEmbed ([`embed`]), finding a reuse: filter chips and numbered pages
//! ([`finding`]), the site's name, theme, footer links, share cards
//! and folding menu ([`site_identity`]).

mod account;
mod community;
mod covers;
mod data_requests;
mod dataset_pages;
mod dataset_states;
mod design;
mod discoverability;
mod embed;
mod finding;
mod gallery;
mod gallery_cache;
mod impact;
mod messages;
mod portal;
mod publishing;
mod reuse_forms;
mod sign_in;
mod site_identity;
mod sync_page;
