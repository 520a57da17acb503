//! The lists of questions waiting: a producer's "awaiting your answer", and the questions the
//! community animators were sent.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{dataset_stewards, datasets, discussions, escalations, members, reuses};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::Level;
use crate::error::AppResult;
use crate::models::discussions::SubjectClass;
use crate::models::discussions::list::subjects_where;
use crate::models::organizations::MemberRole;
use crate::models::users::users_by_id;

/// A question no producer has answered yet, as `/me/` lists it.
#[derive(Clone, Debug)]
pub struct AwaitingQuestion {
    /// The discussion.
    pub discussion: discussions::Model,
    /// The title of the dataset or reuse it is about.
    pub subject: String,
    /// Who asked, by name.
    pub author: String,
}

/// A question sent to the community animators, for their dashboard.
#[derive(Clone, Debug)]
pub struct EscalatedQuestion {
    /// The question, still open and without a producer's answer.
    pub question: AwaitingQuestion,
    /// When it was sent to them.
    pub escalated_at: DateTime<Utc>,
}

/// Open questions, published, that no producer replied to and whose answer is not marked:
/// the terms of `idx_discussions_unanswered` and more.
fn waiting() -> Condition {
    Condition::all()
        .add(discussions::Column::FirstAnsweredAt.is_null())
        .add(discussions::Column::Closed.is_null())
        .add(discussions::Column::HeldReason.is_null())
        .add(discussions::Column::AnswerId.is_null())
}

/// The questions awaiting an answer from `user_id`: about the datasets and reuses they publish,
/// alone or through an organization they belong to, but for datasets whose steward is another
/// member (organization admins see those too); oldest first, at most `limit`.
pub async fn awaiting_answer(
    db: &impl ConnectionTrait,
    user_id: &str,
    limit: u64,
) -> AppResult<Vec<AwaitingQuestion>> {
    let their_orgs = || {
        Query::select()
            .column(members::Column::OrganizationId)
            .from(members::Entity)
            .and_where(members::Column::UserId.eq(user_id))
            .to_owned()
    };
    let their_admin_orgs = Query::select()
        .column(members::Column::OrganizationId)
        .from(members::Entity)
        .and_where(members::Column::UserId.eq(user_id))
        .and_where(members::Column::Role.eq(MemberRole::Admin.as_str()))
        .to_owned();
    // Datasets whose questions go to another member, their steward: not this one's to answer,
    // unless they are an admin of its organization, where unanswered questions end up.
    let stewarded_by_another = Query::select()
        .expr(Expr::val(1))
        .from(dataset_stewards::Entity)
        .inner_join(
            members::Entity,
            Expr::col((members::Entity, members::Column::UserId))
                .equals((dataset_stewards::Entity, dataset_stewards::Column::UserId))
                .and(
                    Expr::col((members::Entity, members::Column::OrganizationId))
                        .equals((datasets::Entity, datasets::Column::OrganizationId)),
                ),
        )
        .and_where(
            Expr::col((
                dataset_stewards::Entity,
                dataset_stewards::Column::DatasetId,
            ))
            .equals((datasets::Entity, datasets::Column::Id)),
        )
        .and_where(
            Expr::col((dataset_stewards::Entity, dataset_stewards::Column::UserId)).ne(user_id),
        )
        .to_owned();
    let datasets: SelectStatement = Query::select()
        .column(datasets::Column::Id)
        .from(datasets::Entity)
        .cond_where(
            Condition::any()
                .add(datasets::Column::OwnerId.eq(user_id))
                .add(
                    Condition::all()
                        .add(datasets::Column::OrganizationId.in_subquery(their_orgs()))
                        .add(
                            Condition::any()
                                .add(datasets::Column::OrganizationId.in_subquery(their_admin_orgs))
                                .add(Expr::exists(stewarded_by_another).not()),
                        ),
                ),
        )
        .to_owned();
    let reuses: SelectStatement = Query::select()
        .column(reuses::Column::Id)
        .from(reuses::Entity)
        .cond_where(
            Condition::any()
                .add(reuses::Column::OwnerId.eq(user_id))
                .add(reuses::Column::OrganizationId.in_subquery(their_orgs())),
        )
        .to_owned();
    let rows = discussions::Entity::find()
        .filter(waiting())
        .filter(subjects_where(datasets, reuses))
        .order_by_asc(discussions::Column::Created)
        .order_by_asc(discussions::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    described(db, rows).await
}

/// The questions sent to the community animators that still wait for a producer's answer,
/// the latest sent first, at most `limit`.
pub async fn escalated_questions(
    db: &impl ConnectionTrait,
    limit: u64,
) -> AppResult<Vec<EscalatedQuestion>> {
    let rows: Vec<(escalations::Model, discussions::Model)> = escalations::Entity::find()
        .filter(escalations::Column::Level.eq(Level::Animators.as_str()))
        .find_also_related(discussions::Entity)
        .filter(waiting())
        .order_by_desc(escalations::Column::EscalatedAt)
        .order_by_asc(escalations::Column::DiscussionId)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(row, question)| Some((row, question?)))
        .collect();
    let sent: HashMap<String, DateTime<Utc>> = rows
        .iter()
        .map(|(row, _)| (row.discussion_id.clone(), row.escalated_at))
        .collect();
    let questions = described(db, rows.into_iter().map(|(_, q)| q).collect()).await?;
    Ok(questions
        .into_iter()
        .filter_map(|question| {
            let escalated_at = *sent.get(&question.discussion.id)?;
            Some(EscalatedQuestion {
                question,
                escalated_at,
            })
        })
        .collect())
}

/// `rows` with their subjects' titles and their authors' names (three queries at most).
async fn described(
    db: &impl ConnectionTrait,
    rows: Vec<discussions::Model>,
) -> AppResult<Vec<AwaitingQuestion>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids_of = |class: SubjectClass| -> Vec<String> {
        rows.iter()
            .filter(|row| row.subject_class == class.as_str())
            .map(|row| row.subject_id.clone())
            .collect()
    };
    let mut titles: HashMap<(String, String), String> = HashMap::new();
    let dataset_ids = ids_of(SubjectClass::Dataset);
    if !dataset_ids.is_empty() {
        let found: Vec<(String, String)> = datasets::Entity::find()
            .select_only()
            .columns([datasets::Column::Id, datasets::Column::Title])
            .filter(datasets::Column::Id.is_in(dataset_ids))
            .into_tuple()
            .all(db)
            .await?;
        titles.extend(
            found
                .into_iter()
                .map(|(id, title)| ((SubjectClass::Dataset.as_str().to_owned(), id), title)),
        );
    }
    let reuse_ids = ids_of(SubjectClass::Reuse);
    if !reuse_ids.is_empty() {
        let found: Vec<(String, String)> = reuses::Entity::find()
            .select_only()
            .columns([reuses::Column::Id, reuses::Column::Title])
            .filter(reuses::Column::Id.is_in(reuse_ids))
            .into_tuple()
            .all(db)
            .await?;
        titles.extend(
            found
                .into_iter()
                .map(|(id, title)| ((SubjectClass::Reuse.as_str().to_owned(), id), title)),
        );
    }
    let authors = users_by_id(db, rows.iter().map(|row| row.user_id.clone())).await?;
    Ok(rows
        .into_iter()
        .map(|discussion| AwaitingQuestion {
            subject: titles
                .get(&(
                    discussion.subject_class.clone(),
                    discussion.subject_id.clone(),
                ))
                .cloned()
                .unwrap_or_default(),
            author: authors
                .get(&discussion.user_id)
                .map(|user| user.name.clone())
                .unwrap_or_default(),
            discussion,
        })
        .collect())
}
