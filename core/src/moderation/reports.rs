//! Reports: anyone (anonymous too) flags a reuse, a dataset, a discussion or one of its
//! messages; moderators dismiss or handle them; they close themselves when their subject goes.

use entity::{datasets, discussions, messages, reports, reuses, users};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::models::paging::{PageOf, Paging};
use crate::moderation::audit;

/// udata's report reasons (`auto_spam` is the spam filter's own).
pub const REASONS: &[&str] = &[
    "spam",
    "explicit_content",
    "illegal_content",
    "personal_data",
    "security",
    "others",
    "auto_spam",
];

/// What may be reported.
pub const REPORTABLE: &[&str] = &["Reuse", "Dataset", "Discussion"];

/// Longest report message.
pub const MAX_MESSAGE: usize = 5_000;

/// A new report.
#[derive(Clone, Debug, Default)]
pub struct NewReport {
    /// `Reuse`, `Dataset` or `Discussion`.
    pub class: Option<String>,
    /// Its id.
    pub id: Option<String>,
    /// A message of the discussion, when one message is reported.
    pub embed_id: Option<String>,
    /// One of [`REASONS`] but `auto_spam`.
    pub reason: Option<String>,
    /// What the reporter says.
    pub message: Option<String>,
}

/// Checks and stores a report by `by` (anonymous when `None`).
pub async fn create_report(
    db: &impl ConnectionTrait,
    by: Option<&users::Model>,
    new: NewReport,
) -> AppResult<reports::Model> {
    let mut errors = FieldErrors::new();
    let mut add = |field: &str, message: String| {
        errors.entry(field.to_owned()).or_default().push(message);
    };
    let class = new.class.clone().unwrap_or_default();
    let id = new.id.clone().unwrap_or_default();
    if !REPORTABLE.contains(&class.as_str()) {
        add(
            "subject",
            format!(
                "class {class:?} cannot be reported: use {}",
                REPORTABLE.join(", ")
            ),
        );
    } else if id.trim().is_empty() {
        add("subject", "id is required".to_owned());
    }
    let reason = new.reason.clone().unwrap_or_default();
    if !REASONS.contains(&reason.as_str()) || reason == "auto_spam" {
        add(
            "reason",
            format!(
                "{reason:?} is not a reason: use one of {}",
                REASONS[..REASONS.len() - 1].join(", ")
            ),
        );
    }
    let message = new.message.clone().unwrap_or_default().trim().to_owned();
    if message.chars().count() > MAX_MESSAGE {
        add(
            "message",
            format!("must be at most {MAX_MESSAGE} characters"),
        );
    }
    AppError::check(errors)?;
    let exists = match class.as_str() {
        "Reuse" => {
            reuses::Entity::find_by_id(id.as_str())
                .filter(reuses::Column::Deleted.is_null())
                .count(db)
                .await?
                > 0
        }
        "Dataset" => datasets::Entity::find_by_id(id.as_str()).count(db).await? > 0,
        _ => {
            discussions::Entity::find_by_id(id.as_str())
                .filter(discussions::Column::HeldReason.is_null())
                .count(db)
                .await?
                > 0
        }
    };
    if !exists {
        return Err(AppError::field(
            "subject",
            format!("no {class} has the id {id:?}"),
        ));
    }
    if let Some(embed) = &new.embed_id {
        let found = class == "Discussion"
            && messages::Entity::find_by_id(embed.as_str())
                .filter(messages::Column::DiscussionId.eq(id.as_str()))
                .count(db)
                .await?
                > 0;
        if !found {
            return Err(AppError::field(
                "subject_embed_id",
                "is not a message of the reported discussion",
            ));
        }
    }
    let report = reports::ActiveModel {
        id: Set(crate::models::new_row_id()),
        subject_class: Set(class),
        subject_id: Set(id),
        subject_embed_id: Set(new.embed_id),
        reason: Set(reason),
        message: Set(message),
        by_id: Set(by.map(|user| user.id.clone())),
        reported_at: Set(crate::clock::now()),
        dismissed_at: Set(None),
        dismissed_by: Set(None),
        handled_at: Set(None),
        handled_by: Set(None),
    };
    Ok(reports::Entity::insert(report)
        .exec_with_returning(db)
        .await?)
}

/// Reports, open ones only unless `all`; newest first.
pub async fn list_reports(
    db: &impl ConnectionTrait,
    open_only: bool,
    paging: Paging,
) -> AppResult<PageOf<reports::Model>> {
    let mut select = reports::Entity::find();
    if open_only {
        select = select.filter(open());
    }
    let total = select.clone().count(db).await?;
    let items = select
        .order_by_desc(reports::Column::ReportedAt)
        .order_by_asc(reports::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(PageOf {
        items,
        total,
        paging,
    })
}

fn open() -> Condition {
    Condition::all()
        .add(reports::Column::DismissedAt.is_null())
        .add(reports::Column::HandledAt.is_null())
}

/// The report `id`.
pub async fn find_report(db: &impl ConnectionTrait, id: &str) -> AppResult<reports::Model> {
    reports::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("report", id))
}

/// What a moderator does with a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Nothing to do.
    Dismiss,
    /// Dealt with.
    Handle,
    /// Not dismissed after all (udata's `{"dismissed_at": null}`): open again unless handled.
    Undismiss,
}

impl Resolution {
    /// The resolution named `text`.
    pub fn parse(text: &str) -> AppResult<Self> {
        match text {
            "dismiss" | "dismissed" => Ok(Self::Dismiss),
            "handle" | "handled" => Ok(Self::Handle),
            other => Err(AppError::field(
                "status",
                format!("{other:?} is not a resolution: use dismissed or handled"),
            )),
        }
    }
}

/// Dismisses, handles or undismisses a report, and logs it (undismissing what is not
/// dismissed changes nothing).
pub async fn resolve(
    db: &impl ConnectionTrait,
    moderator: &users::Model,
    report: reports::Model,
    resolution: Resolution,
) -> AppResult<reports::Model> {
    let now = crate::clock::now();
    let mut active: reports::ActiveModel = report.clone().into();
    let action = match resolution {
        Resolution::Dismiss => {
            active.dismissed_at = Set(Some(now));
            active.dismissed_by = Set(Some(moderator.id.clone()));
            "report.dismiss"
        }
        Resolution::Handle => {
            active.handled_at = Set(Some(now));
            active.handled_by = Set(Some(moderator.id.clone()));
            "report.handle"
        }
        Resolution::Undismiss if report.dismissed_at.is_none() => return Ok(report),
        Resolution::Undismiss => {
            active.dismissed_at = Set(None);
            active.dismissed_by = Set(None);
            "report.undismiss"
        }
    };
    let updated = sea_orm::ActiveModelTrait::update(active, db).await?;
    audit::record(
        db,
        moderator,
        action,
        ("Report", &report.id),
        format!(
            "{} on {} {} ({})",
            report.reason, report.subject_class, report.subject_id, report.message
        ),
    )
    .await?;
    Ok(updated)
}

/// Closes the open reports on something that is gone (a message: `embed_id`), as handled by `by`.
pub async fn close_for(
    db: &impl ConnectionTrait,
    class: &str,
    id: &str,
    embed_id: Option<&str>,
    by: Option<&users::Model>,
) -> AppResult<()> {
    let mut update = reports::Entity::update_many()
        .col_expr(reports::Column::HandledAt, Some(crate::clock::now()).into())
        .col_expr(
            reports::Column::HandledBy,
            by.map(|user| user.id.clone()).into(),
        )
        .filter(open())
        .filter(reports::Column::SubjectClass.eq(class))
        .filter(reports::Column::SubjectId.eq(id));
    if let Some(embed) = embed_id {
        update = update.filter(reports::Column::SubjectEmbedId.eq(embed));
    }
    update.exec(db).await?;
    Ok(())
}
