//! `SeaORM` Entity for the `links` table.

use sea_orm::entity::prelude::*;

/// A link the checker watches: a reuse's page or a dataset resource's file.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "links")]
pub struct Model {
    /// `<kind>:<target_id>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `reuse` or `resource`.
    pub kind: String,
    /// The reuse's or the resource's id.
    pub target_id: String,
    #[sea_orm(column_type = "Text")]
    pub url: String,
    /// `unknown`, `works`, `failing` or `broken`.
    pub state: String,
    /// Failed checks since the last one that worked, and when the first of them failed.
    pub failures: i32,
    pub failing_since: Option<DateTimeUtc>,
    /// When the owner was told the link is broken (once per breakage).
    pub owner_told_at: Option<DateTimeUtc>,
    pub last_checked_at: Option<DateTimeUtc>,
    pub last_reason: Option<String>,
    /// When the link is due for its next check; none while its reuse is private or archived.
    pub next_check_at: Option<DateTimeUtc>,
    /// A checker holds the link until then (several workers share the work).
    pub lease_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::link_checks::Entity")]
    LinkChecks,
}

impl Related<super::link_checks::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LinkChecks.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
