//! The portal's people and organizations: organization pages, follow buttons and share links
//! that the reuse, dataset and organization pages include (public user pages are in
//! `gallery/user.rs`).

mod follow;
mod organizations;
mod share;
mod social;

pub use follow::{follow_dataset, follow_organization, follow_reuse};
pub use organizations::{
    OrganizationPage, OrganizationsPage, OrganizationsQuery, organization_page, organizations_page,
};
pub use share::{MastodonPage, MastodonQuery, ShareLinks, mastodon_host, share_on_mastodon};
pub use social::{FollowButton, Social, Subject, dataset_social, reuse_social, social};
