//! Stewards: the member of a dataset's organization its questions go to first. A steward
//! counts only while a member of that organization: one who leaves it hands the questions back
//! to every producer without anyone having to remove them.

use entity::{dataset_stewards, datasets, members, users};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set, TransactionSession, TransactionTrait};

use crate::error::{AppError, AppResult};
use crate::moderation::audit;

/// The steward of `dataset`, while an active member of its organization.
pub async fn steward_of(
    db: &impl ConnectionTrait,
    dataset: &datasets::Model,
) -> AppResult<Option<users::Model>> {
    let Some(org) = &dataset.organization_id else {
        return Ok(None);
    };
    steward_in(db, &dataset.id, org).await
}

/// The steward of dataset `dataset_id` published by `org_id`, while an active member of it (two
/// reads by primary key).
pub async fn steward_in(
    db: &impl ConnectionTrait,
    dataset_id: &str,
    org_id: &str,
) -> AppResult<Option<users::Model>> {
    let Some((row, Some(user))) = dataset_stewards::Entity::find_by_id(dataset_id.to_owned())
        .find_also_related(users::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let member = members::Entity::find_by_id((org_id.to_owned(), row.user_id))
        .one(db)
        .await?;
    Ok(member.and(Some(user)).filter(|user| user.active))
}

/// Names `user_id` steward of `dataset`, in place of any other; `by` is recorded as who named
/// them. The steward must be a member of the dataset's organization (an error on `user`).
pub async fn name_steward<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    dataset: &datasets::Model,
    user_id: &str,
    by: &users::Model,
) -> AppResult<users::Model> {
    let Some(org) = &dataset.organization_id else {
        return Err(AppError::field(
            "user",
            "this dataset has no organization: only a member of its organization can be its steward",
        ));
    };
    let txn = crate::db::begin_write(db).await?;
    let steward = users::Entity::find_by_id(user_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::field("user", format!("no user has the id {user_id:?}")))?;
    let member = members::Entity::find_by_id((org.clone(), steward.id.clone()))
        .one(&txn)
        .await?;
    if member.is_none() || !steward.active {
        return Err(AppError::field(
            "user",
            format!(
                "{:?} is not an active member of the dataset's organization: add them to it first",
                steward.name
            ),
        ));
    }
    dataset_stewards::Entity::insert(dataset_stewards::ActiveModel {
        dataset_id: Set(dataset.id.clone()),
        user_id: Set(steward.id.clone()),
        named_by: Set(by.id.clone()),
        created_at: Set(crate::clock::now()),
    })
    .on_conflict(
        OnConflict::column(dataset_stewards::Column::DatasetId)
            .update_columns([
                dataset_stewards::Column::UserId,
                dataset_stewards::Column::NamedBy,
                dataset_stewards::Column::CreatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        by,
        "dataset.steward",
        ("Dataset", &dataset.id),
        steward.name.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(steward)
}

/// Takes away the steward of `dataset`, if it has one: its questions go to every producer
/// again.
pub async fn remove_steward<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    dataset: &datasets::Model,
    by: &users::Model,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let removed = dataset_stewards::Entity::delete_by_id(dataset.id.clone())
        .exec(&txn)
        .await?;
    if removed.rows_affected > 0 {
        audit::record(
            &txn,
            by,
            "dataset.steward_remove",
            ("Dataset", &dataset.id),
            dataset.title.clone(),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
