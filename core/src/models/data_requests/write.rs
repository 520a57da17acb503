//! Writing data requests: asking, changing the words, supporting and withdrawing (the count
//! kept in the same transaction as the vote), and the animators' steps, told to the author and
//! the supporters in the transaction of the step.

use entity::{data_request_supports, data_requests, users};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

use super::{Status, audience, find_row};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::mail::render::{Excerpt, Message};
use crate::models::text::{NO_CONTROL_CHARACTERS, has_control_characters};
use crate::notifications::kinds::Kind;
use crate::notifications::{Notice, Notifier, dispatch};
use crate::urls::link;

/// Longest title.
pub const MAX_TITLE: usize = 200;
/// Longest purpose or reason.
pub const MAX_TEXT: usize = 10_000;
/// Longest holder.
pub const MAX_HOLDER: usize = 200;

/// The words of a request; `None` leaves a field as it is when changing one.
#[derive(Clone, Debug, Default)]
pub struct DataRequestFields {
    /// What data (required, ≤ 200 characters).
    pub title: Option<String>,
    /// What it would serve, in Markdown (required).
    pub purpose: Option<String>,
    /// Who holds it, if known (empty: unknown).
    pub holder: Option<String>,
}

/// An animator's step, its inputs already found.
#[derive(Clone, Debug)]
pub enum Step {
    /// Passed on to this organization (id).
    Route(String),
    /// The holder is preparing it.
    Start,
    /// Answered by this dataset (id).
    Open(String),
    /// Declined for this reason.
    Decline(String),
    /// Back to open (a decline undone).
    Reopen,
}

impl Step {
    /// The status it leads to.
    pub fn status(&self) -> Status {
        match self {
            Self::Route(_) => Status::Routed,
            Self::Start => Status::InProgress,
            Self::Open(_) => Status::Opened,
            Self::Decline(_) => Status::Declined,
            Self::Reopen => Status::Open,
        }
    }
}

fn checked(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
    required: bool,
) -> Option<String> {
    let value = value?.trim().to_owned();
    // Only the purpose is written over several lines.
    let multiline = field == "purpose";
    if has_control_characters(&value, multiline) {
        errors
            .entry(field.to_owned())
            .or_default()
            .push(NO_CONTROL_CHARACTERS.to_owned());
    } else if required && value.is_empty() {
        errors
            .entry(field.to_owned())
            .or_default()
            .push("is required".to_owned());
    } else if value.chars().count() > max {
        errors
            .entry(field.to_owned())
            .or_default()
            .push(format!("must be at most {max} characters"));
    }
    Some(value)
}

/// Creates the request of `author`, who supports it from the start.
pub async fn create_data_request<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    author: &users::Model,
    fields: DataRequestFields,
) -> AppResult<data_requests::Model> {
    let mut errors = FieldErrors::new();
    let title = checked(
        &mut errors,
        "title",
        Some(fields.title.as_deref().unwrap_or_default()),
        MAX_TITLE,
        true,
    );
    let purpose = checked(
        &mut errors,
        "purpose",
        Some(fields.purpose.as_deref().unwrap_or_default()),
        MAX_TEXT,
        true,
    );
    let holder = checked(
        &mut errors,
        "holder",
        fields.holder.as_deref(),
        MAX_HOLDER,
        false,
    );
    AppError::check(errors)?;
    let now = crate::clock::now();
    let txn = crate::db::begin_write(db).await?;
    let request = data_requests::ActiveModel {
        id: Set(crate::models::new_row_id()),
        title: Set(title.unwrap_or_default()),
        purpose: Set(purpose.unwrap_or_default()),
        holder: Set(holder.filter(|holder| !holder.is_empty())),
        author_id: Set(author.id.clone()),
        status: Set(Status::Open.as_str().to_owned()),
        organization_id: Set(None),
        dataset_id: Set(None),
        decline_reason: Set(None),
        supporters: Set(1),
        created_at: Set(now),
        last_modified: Set(now),
        deleted: Set(None),
    }
    .insert(&txn)
    .await?;
    data_request_supports::Entity::insert(data_request_supports::ActiveModel {
        data_request_id: Set(request.id.clone()),
        user_id: Set(author.id.clone()),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(request)
}

/// Changes the words given of `request`.
pub async fn update_data_request(
    db: &impl ConnectionTrait,
    request: data_requests::Model,
    fields: DataRequestFields,
) -> AppResult<data_requests::Model> {
    let mut errors = FieldErrors::new();
    let title = checked(
        &mut errors,
        "title",
        fields.title.as_deref(),
        MAX_TITLE,
        true,
    );
    let purpose = checked(
        &mut errors,
        "purpose",
        fields.purpose.as_deref(),
        MAX_TEXT,
        true,
    );
    let holder = checked(
        &mut errors,
        "holder",
        fields.holder.as_deref(),
        MAX_HOLDER,
        false,
    );
    AppError::check(errors)?;
    let mut changed = request.into_active_model();
    if let Some(title) = title {
        changed.title = Set(title);
    }
    if let Some(purpose) = purpose {
        changed.purpose = Set(purpose);
    }
    if let Some(holder) = holder {
        changed.holder = Set(Some(holder).filter(|holder| !holder.is_empty()));
    }
    changed.last_modified = Set(crate::clock::now());
    Ok(changed.update(db).await?)
}

/// Adds `user`'s vote (a second one changes nothing); the request with its new count.
pub async fn support<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    request: &data_requests::Model,
    user: &users::Model,
) -> AppResult<data_requests::Model> {
    let txn = crate::db::begin_write(db).await?;
    // ON CONFLICT DO NOTHING: on PostgreSQL a failed insert would abort the transaction.
    let inserted = data_request_supports::Entity::insert(data_request_supports::ActiveModel {
        data_request_id: Set(request.id.clone()),
        user_id: Set(user.id.clone()),
        created_at: Set(crate::clock::now()),
    })
    .on_conflict(
        OnConflict::columns([
            data_request_supports::Column::DataRequestId,
            data_request_supports::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted > 0 {
        count_by(&txn, &request.id, 1).await?;
    }
    let request = find_row(&txn, &request.id).await?;
    txn.commit().await?;
    Ok(request)
}

/// Takes back `user`'s vote, if any; the request with its new count.
pub async fn withdraw<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    request: &data_requests::Model,
    user: &users::Model,
) -> AppResult<data_requests::Model> {
    let txn = crate::db::begin_write(db).await?;
    let deleted = data_request_supports::Entity::delete_many()
        .filter(data_request_supports::Column::DataRequestId.eq(request.id.as_str()))
        .filter(data_request_supports::Column::UserId.eq(user.id.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if deleted > 0 {
        count_by(&txn, &request.id, -1).await?;
    }
    let request = find_row(&txn, &request.id).await?;
    txn.commit().await?;
    Ok(request)
}

async fn count_by(db: &impl ConnectionTrait, id: &str, by: i32) -> AppResult<()> {
    data_requests::Entity::update_many()
        .col_expr(
            data_requests::Column::Supporters,
            Expr::col(data_requests::Column::Supporters).add(by),
        )
        .filter(data_requests::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Changes the words given of `request` (none: `DataRequestFields::default()`) and takes it a
/// step further for `actor`, then tells its author and supporters, all in one transaction. The
/// notice's title is the new status, which each reader's texts put in words.
pub async fn take_step<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    request: data_requests::Model,
    fields: DataRequestFields,
    step: Step,
) -> AppResult<data_requests::Model> {
    let status = step.status();
    // The reason goes into the mails as an excerpt: rendered before the transaction.
    let excerpt = match &step {
        Step::Decline(reason) => Some(Excerpt::of(reason)),
        _ => None,
    };
    let txn = crate::db::begin_write(db).await?;
    let request = update_data_request(&txn, request, fields).await?;
    let mut changed = request.into_active_model();
    changed.status = Set(status.as_str().to_owned());
    changed.decline_reason = Set(None);
    match step {
        Step::Route(org) => changed.organization_id = Set(Some(org)),
        Step::Open(dataset) => changed.dataset_id = Set(Some(dataset)),
        Step::Decline(reason) => changed.decline_reason = Set(Some(reason)),
        Step::Start => {}
        Step::Reopen => changed.dataset_id = Set(None),
    }
    let now = crate::clock::now();
    changed.last_modified = Set(now);
    let updated = changed.update(&txn).await?;
    let notice = Notice {
        message: Message {
            key: "data_request_updated",
            actor: actor.name.clone(),
            subject: updated.title.clone(),
            title: status.as_str().to_owned(),
            excerpt,
            url: link(
                notifier.public_url,
                &format!("data-requests/{}/", updated.id),
            ),
            thread: None,
        },
        actor_id: actor.id.clone(),
        key: format!(
            "data_request:{}:{}:{}",
            updated.id,
            status.as_str(),
            now.timestamp_micros()
        ),
        mutable_by: vec![("DataRequest", updated.id.clone())],
    };
    let recipients = audience(&txn, &updated)
        .await?
        .into_iter()
        .map(|user| (user, Kind::DataRequestUpdated))
        .collect();
    dispatch(&txn, notifier, &notice, recipients).await?;
    txn.commit().await?;
    Ok(updated)
}
