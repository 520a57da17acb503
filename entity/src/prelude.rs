//! Every entity under its table's name, e.g. `Users` for `users::Entity`.

pub use super::api_tokens::Entity as ApiTokens;
pub use super::audit_log::Entity as AuditLog;
pub use super::dataset_resources::Entity as DatasetResources;
pub use super::dataset_tags::Entity as DatasetTags;
pub use super::datasets::Entity as Datasets;
pub use super::discussions::Entity as Discussions;
pub use super::follows::Entity as Follows;
pub use super::members::Entity as Members;
pub use super::messages::Entity as Messages;
pub use super::notification_settings::Entity as NotificationSettings;
pub use super::notifications::Entity as Notifications;
pub use super::oauth_identities::Entity as OauthIdentities;
pub use super::organizations::Entity as Organizations;
pub use super::outbox::Entity as Outbox;
pub use super::reports::Entity as Reports;
pub use super::reuse_datasets::Entity as ReuseDatasets;
pub use super::reuse_slugs::Entity as ReuseSlugs;
pub use super::reuse_tags::Entity as ReuseTags;
pub use super::reuses::Entity as Reuses;
pub use super::sessions::Entity as Sessions;
pub use super::users::Entity as Users;
pub use super::watches::Entity as Watches;
