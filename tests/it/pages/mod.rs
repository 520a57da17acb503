//! The server-rendered pages over HTTP, as a browser without JavaScript gets them: the gallery
//! ([`gallery`]) and its cache ([`gallery_cache`]), the reuse forms ([`reuse_forms`]), signing in
//! ([`sign_in`]), the account page ([`account`]), datasets the catalog archived or removed
//! ([`dataset_states`]), the admins' page of the catalog sync ([`sync_page`]).

mod account;
mod dataset_states;
mod gallery;
mod gallery_cache;
mod reuse_forms;
mod sign_in;
mod sync_page;
