//! Whether each user's email address is verified, and one account per *verified* address.
//!
//! An account made from an identity whose provider did not vouch for the address keeps that
//! address unverified: it can neither claim the address (later sign-ins with it verified are not
//! linked to that account) nor block it (the uniqueness holds among verified addresses only).
//! Accounts from before are taken as verified: they were made by administrators, or linked and
//! mailed under the earlier rules, and none should stop receiving mail on upgrade.

use sea_orm_migration::prelude::*;

/// Adds `users.email_verified`; the unique index on `email` becomes a partial one.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Email,
    EmailVerified,
}

fn verified_email_index() -> IndexCreateStatement {
    Index::create()
        .name("idx_users_verified_email")
        .table(Users::Table)
        .col(Users::Email)
        .unique()
        .and_where(Expr::col(Users::EmailVerified).eq(true))
        .to_owned()
}

fn every_email_index() -> IndexCreateStatement {
    Index::create()
        .name("idx_users_email")
        .table(Users::Table)
        .col(Users::Email)
        .unique()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::EmailVerified)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(verified_email_index()).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_email")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_index(every_email_index()).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_verified_email")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::EmailVerified)
                    .to_owned(),
            )
            .await
    }
}
