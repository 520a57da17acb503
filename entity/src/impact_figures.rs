//! `SeaORM` Entity for the `impact_figures` table.

use sea_orm::entity::prelude::*;

/// One month of impact indicators of the site, an organization or a dataset.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "impact_figures")]
pub struct Model {
    /// `site`, `organization` or `dataset`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// The organization's or dataset's id; empty for the site.
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: String,
    /// `YYYY-MM`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    /// Public reuses (of its data) at the month's end, and per type as a JSON object.
    pub reuses: i32,
    #[sea_orm(column_type = "Text")]
    pub reuses_by_type: String,
    /// Questions asked in the 12 months to the month's end, and those answered by then.
    pub questions: i32,
    pub answered: i32,
    /// The median time from those questions to a producer's first reply, in seconds.
    pub median_answer_secs: Option<i64>,
    /// Questions waiting for a producer's answer, for more than 7 and 30 days, at the month's end.
    pub waiting_week: i32,
    pub waiting_month: i32,
    /// Follows at the month's end.
    pub followers: i32,
    /// Links checked and those that worked, as last seen during the month.
    pub reuse_links_checked: i32,
    pub reuse_links_working: i32,
    pub resource_links_checked: i32,
    pub resource_links_working: i32,
    pub computed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
