//! `SeaORM` Entity for the `search_misses` table.

use sea_orm::entity::prelude::*;

/// How many searches of one normalized query in one list found nothing in one week.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_misses")]
pub struct Model {
    /// The list searched: `reuses` or `datasets`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// The query, lower-case, accents folded, single spaces.
    #[sea_orm(primary_key, auto_increment = false)]
    pub query: String,
    /// The week's Monday, `YYYY-MM-DD`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub week: String,
    /// Searches that found nothing.
    pub searches: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
