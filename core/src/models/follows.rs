//! Following datasets, reuses and organizations; the counters that go with it.

use chrono::Utc;
use entity::{datasets, follows, reuses, users};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use crate::error::AppResult;

/// What can be followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Followable {
    /// A dataset.
    Dataset,
    /// A reuse.
    Reuse,
}

impl Followable {
    /// udata's class name.
    pub fn class(self) -> &'static str {
        match self {
            Self::Dataset => "Dataset",
            Self::Reuse => "Reuse",
        }
    }
}

/// Starts following (twice is once); returns the number of followers.
pub async fn follow<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: &str,
    subject: Followable,
    id: &str,
) -> AppResult<u64> {
    let txn = crate::db::begin_write(db).await?;
    // ON CONFLICT DO NOTHING: on PostgreSQL a failed insert would abort the transaction.
    follows::Entity::insert(follows::ActiveModel {
        id: Set(crate::models::new_row_id()),
        follower_id: Set(user_id.to_owned()),
        subject_class: Set(subject.class().to_owned()),
        subject_id: Set(id.to_owned()),
        since: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([
            follows::Column::FollowerId,
            follows::Column::SubjectClass,
            follows::Column::SubjectId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let count = recount(&txn, subject, id).await?;
    txn.commit().await?;
    Ok(count)
}

/// Stops following; returns the number of followers.
pub async fn unfollow<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: &str,
    subject: Followable,
    id: &str,
) -> AppResult<u64> {
    let txn = crate::db::begin_write(db).await?;
    follows::Entity::delete_many()
        .filter(follows::Column::FollowerId.eq(user_id))
        .filter(follows::Column::SubjectClass.eq(subject.class()))
        .filter(follows::Column::SubjectId.eq(id))
        .exec(&txn)
        .await?;
    let count = recount(&txn, subject, id).await?;
    txn.commit().await?;
    Ok(count)
}

/// The followers of a subject, newest first.
pub async fn followers(
    db: &impl ConnectionTrait,
    subject: Followable,
    id: &str,
) -> AppResult<Vec<(follows::Model, users::Model)>> {
    Ok(follows::Entity::find()
        .filter(follows::Column::SubjectClass.eq(subject.class()))
        .filter(follows::Column::SubjectId.eq(id))
        .find_also_related(users::Entity)
        .order_by_desc(follows::Column::Since)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(follow, user)| Some((follow, user?)))
        .collect())
}

async fn recount(db: &impl ConnectionTrait, subject: Followable, id: &str) -> AppResult<u64> {
    let count = follows::Entity::find()
        .filter(follows::Column::SubjectClass.eq(subject.class()))
        .filter(follows::Column::SubjectId.eq(id))
        .count(db)
        .await?;
    let value = i32::try_from(count).unwrap_or(i32::MAX);
    match subject {
        Followable::Dataset => {
            datasets::Entity::update_many()
                .col_expr(datasets::Column::Followers, value.into())
                .filter(datasets::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        Followable::Reuse => {
            reuses::Entity::update_many()
                .col_expr(reuses::Column::Followers, value.into())
                .filter(reuses::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
    }
    Ok(count)
}
