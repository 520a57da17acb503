//! Following datasets, reuses, organizations and people; the counters that go with it.

use entity::{datasets, follows, reuses, users};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};

use crate::error::AppResult;
use crate::models::paging::{PageOf, Paging};

/// What can be followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Followable {
    /// A dataset.
    Dataset,
    /// A reuse.
    Reuse,
    /// An organization.
    Organization,
    /// A person.
    User,
}

impl Followable {
    /// udata's class name.
    pub fn class(self) -> &'static str {
        match self {
            Self::Dataset => "Dataset",
            Self::Reuse => "Reuse",
            Self::Organization => "Organization",
            Self::User => "User",
        }
    }
}

/// What [`follow`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Followed {
    /// Whether the follow is new (else the user already followed).
    pub created: bool,
    /// Followers now.
    pub followers: u64,
}

/// Starts following (twice is once).
pub async fn follow<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: &str,
    subject: Followable,
    id: &str,
) -> AppResult<Followed> {
    let txn = crate::db::begin_write(db).await?;
    // ON CONFLICT DO NOTHING: on PostgreSQL a failed insert would abort the transaction.
    let inserted = follows::Entity::insert(follows::ActiveModel {
        id: Set(crate::models::new_row_id()),
        follower_id: Set(user_id.to_owned()),
        subject_class: Set(subject.class().to_owned()),
        subject_id: Set(id.to_owned()),
        since: Set(crate::clock::now()),
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
    let followers = recount(&txn, subject, id).await?;
    txn.commit().await?;
    Ok(Followed {
        created: inserted > 0,
        followers,
    })
}

/// Stops following; the number of followers left, or `None` when the user did not follow.
pub async fn unfollow<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: &str,
    subject: Followable,
    id: &str,
) -> AppResult<Option<u64>> {
    let txn = crate::db::begin_write(db).await?;
    let deleted = follows::Entity::delete_many()
        .filter(follows::Column::FollowerId.eq(user_id))
        .filter(follows::Column::SubjectClass.eq(subject.class()))
        .filter(follows::Column::SubjectId.eq(id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Ok(None);
    }
    let count = recount(&txn, subject, id).await?;
    txn.commit().await?;
    Ok(Some(count))
}

/// One page of the followers of a subject, newest first; only `follower` when given (udata's
/// way of asking whether someone follows).
pub async fn followers(
    db: &impl ConnectionTrait,
    subject: Followable,
    id: &str,
    follower: Option<&str>,
    paging: Paging,
) -> AppResult<PageOf<(follows::Model, users::Model)>> {
    let mut select = follows::Entity::find()
        .filter(follows::Column::SubjectClass.eq(subject.class()))
        .filter(follows::Column::SubjectId.eq(id));
    if let Some(follower) = follower {
        select = select.filter(follows::Column::FollowerId.eq(follower));
    }
    let total = select.clone().count(db).await?;
    let items = select
        .find_also_related(users::Entity)
        .order_by_desc(follows::Column::Since)
        .order_by_desc(follows::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(follow, user)| Some((follow, user?)))
        .collect();
    Ok(PageOf {
        items,
        total,
        paging,
    })
}

/// How many follow a subject.
pub async fn count_followers(
    db: &impl ConnectionTrait,
    subject: Followable,
    id: &str,
) -> AppResult<u64> {
    Ok(follows::Entity::find()
        .filter(follows::Column::SubjectClass.eq(subject.class()))
        .filter(follows::Column::SubjectId.eq(id))
        .count(db)
        .await?)
}

/// How many things a person follows.
pub async fn count_following(db: &impl ConnectionTrait, user_id: &str) -> AppResult<u64> {
    Ok(follows::Entity::find()
        .filter(follows::Column::FollowerId.eq(user_id))
        .count(db)
        .await?)
}

/// Forgets every follow of a subject that is going away.
pub async fn forget_subject(
    db: &impl ConnectionTrait,
    subject: Followable,
    id: &str,
) -> AppResult<()> {
    follows::Entity::delete_many()
        .filter(follows::Column::SubjectClass.eq(subject.class()))
        .filter(follows::Column::SubjectId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Counts the followers again and keeps the count on the rows that store one (organizations
/// and people count theirs when shown).
async fn recount(db: &impl ConnectionTrait, subject: Followable, id: &str) -> AppResult<u64> {
    let count = count_followers(db, subject, id).await?;
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
        Followable::Organization | Followable::User => {}
    }
    Ok(count)
}
