//! The server-rendered pages over HTTP, as a browser without JavaScript gets them: the gallery
//! ([`gallery`]) and its cache ([`gallery_cache`]), the reuse forms ([`reuse_forms`]), signing in
//! ([`sign_in`]), the account page ([`account`]).

mod account;
mod gallery;
mod gallery_cache;
mod reuse_forms;
mod sign_in;
