//! The portal in headless Chromium (the driver is [`crate::support::browser`]): the suite's peers
//! themselves ([`peers`]), the people's journeys end to end ([`journeys`]), signing in and the
//! reuse form ([`sign_in_and_forms`]), discussions ([`discussions`]) and moderation
//! ([`moderation`]) through the pages, accessibility ([`accessibility`]) and XSS ([`xss`]).

mod accessibility;
mod discussions;
mod journeys;
mod moderation;
mod peers;
mod sign_in_and_forms;
mod xss;
