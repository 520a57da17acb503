//! The portal in headless Chromium (the driver is [`crate::support::browser`]): the suite's peers
//! themselves ([`peers`]), the people's journeys end to end ([`journeys`], [`following`]),
//! signing in and the reuse form ([`sign_in_and_forms`]), discussions ([`discussions`]) and
//! moderation ([`moderation`]) through the pages, the gallery's filters folding on phones ([`finding`]),
//! accessibility ([`accessibility`], and in the DSFR theme [`dsfr`]), the header on phones
//! and desktops ([`header`]), XSS ([`xss`]) and the API called from a page of another origin
//! ([`cors`]).

mod accessibility;
mod cors;
mod discussions;
mod dsfr;
mod finding;
mod following;
mod header;
mod journeys;
mod moderation;
mod peers;
mod sign_in_and_forms;
mod xss;
