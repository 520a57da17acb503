//! `SeaORM` Entity for the `data_request_supports` table.

use sea_orm::entity::prelude::*;

/// One person's support of a data request (one vote each).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_request_supports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub data_request_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::data_requests::Entity",
        from = "Column::DataRequestId",
        to = "super::data_requests::Column::Id",
        on_delete = "Cascade"
    )]
    DataRequests,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    Users,
}

impl Related<super::data_requests::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DataRequests.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
