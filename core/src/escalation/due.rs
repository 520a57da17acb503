//! Finding the questions due and sending each one level further, once.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{datasets, discussions, escalations, members, reuses, users};
use sea_orm::sea_query::{DynIden, Expr, ExprTrait, IntoIden, OnConflict, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionSession, TransactionTrait,
};

use super::Level;
use crate::db::Writes;
use crate::error::AppResult;
use crate::mail::render::Message;
use crate::models::discussions::SubjectClass;
use crate::models::organizations::MemberRole;
use crate::models::users::{Role, users_by_id};
use crate::notifications::kinds::Kind;
use crate::notifications::{Notice, Notifier, plan_all};
use crate::urls::link;

/// Questions escalated in one transaction.
const BATCH: u64 = 100;

/// A question left unescalated this many times `VITRINE_ESCALATE_DAYS` after it was asked
/// (because the job was off, or the question is older than the feature) is left alone: a
/// restart never floods anybody with questions from long ago, and the job reads only recent
/// questions.
const HORIZON: i64 = 4;

/// How many questions one run sent to each level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Escalated {
    /// To organizations' admins.
    pub admins: u64,
    /// To the community animators.
    pub animators: u64,
}

/// Escalates every question due at `now`, `days` being `VITRINE_ESCALATE_DAYS`: writes each
/// one's `escalations` row and its notifications in one transaction per [`BATCH`] questions.
///
/// Cost: the questions are read from `idx_discussions_unanswered` (open questions no producer
/// replied to, by date), within [`HORIZON`]; the row already written for a level and the
/// subject's organization are looked up by primary key for each. No message is read.
pub async fn escalate_due<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<Escalated> {
    let mut done = Escalated::default();
    for level in Level::ALL {
        loop {
            let (found, escalated) = escalate_batch(db, notifier, level, days, now).await?;
            match level {
                Level::Admins => done.admins += escalated,
                Level::Animators => done.animators += escalated,
            }
            if found < BATCH {
                break;
            }
        }
    }
    Ok(done)
}

/// One batch: `(questions found, questions escalated by this call)`.
async fn escalate_batch<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    level: Level,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<(u64, u64)> {
    let due_before = now - Duration::days(level.after_days(days));
    let asked_after = now - Duration::days(days.saturating_mul(HORIZON));
    let txn = crate::db::begin_write(db).await?;
    let questions = discussions::Entity::find()
        .filter(discussions::Column::FirstAnsweredAt.is_null())
        .filter(discussions::Column::Closed.is_null())
        .filter(discussions::Column::Created.lte(due_before))
        .filter(discussions::Column::Created.gt(asked_after))
        .filter(discussions::Column::HeldReason.is_null())
        .filter(discussions::Column::AnswerId.is_null())
        .filter(Expr::exists(escalated_at(level)).not())
        .filter(about_an_organization())
        .order_by_asc(discussions::Column::Created)
        .order_by_asc(discussions::Column::Id)
        .limit(BATCH)
        .all(&txn)
        .await?;
    let found = questions.len() as u64;
    if questions.is_empty() {
        return Ok((0, 0));
    }
    let mut escalated = Vec::new();
    for question in questions {
        // Whoever writes the row first tells people; a second worker finds it written.
        let written = escalations::Entity::insert(escalations::ActiveModel {
            discussion_id: Set(question.id.clone()),
            level: Set(level.as_str().to_owned()),
            escalated_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                escalations::Column::DiscussionId,
                escalations::Column::Level,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if written > 0 {
            escalated.push(question);
        }
    }
    let count = escalated.len() as u64;
    let batch = notices(&txn, notifier, level, &escalated).await?;
    let mut writes = Writes::default();
    plan_all(&txn, notifier, batch, &mut writes).await?;
    writes.run(&txn).await?;
    txn.commit().await?;
    Ok((found, count))
}

/// The `escalations` row of the outer query's question at `level`.
fn escalated_at(level: Level) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(escalations::Entity)
        .and_where(
            Expr::col((escalations::Entity, escalations::Column::DiscussionId))
                .equals((discussions::Entity, discussions::Column::Id)),
        )
        .and_where(Expr::col((escalations::Entity, escalations::Column::Level)).eq(level.as_str()))
        .to_owned()
}

/// Questions about a dataset or a reuse an organization publishes (each looked up by id).
fn about_an_organization() -> Condition {
    let published = |class: SubjectClass, table: DynIden, id: DynIden, org: DynIden| {
        Condition::all()
            .add(discussions::Column::SubjectClass.eq(class.as_str()))
            .add(Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(table.clone())
                    .and_where(
                        Expr::col((table.clone(), id))
                            .equals((discussions::Entity, discussions::Column::SubjectId)),
                    )
                    .and_where(Expr::col((table, org)).is_not_null())
                    .to_owned(),
            ))
    };
    Condition::any()
        .add(published(
            SubjectClass::Dataset,
            datasets::Entity.into_iden(),
            datasets::Column::Id.into_iden(),
            datasets::Column::OrganizationId.into_iden(),
        ))
        .add(published(
            SubjectClass::Reuse,
            reuses::Entity.into_iden(),
            reuses::Column::Id.into_iden(),
            reuses::Column::OrganizationId.into_iden(),
        ))
}

/// What tells each escalated question's audience, read in a fixed number of queries.
async fn notices(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    level: Level,
    questions: &[discussions::Model],
) -> AppResult<Vec<(Notice, Vec<(String, Kind)>)>> {
    if questions.is_empty() {
        return Ok(Vec::new());
    }
    let subjects = subjects_of(db, questions).await?;
    let askers = users_by_id(db, questions.iter().map(|q| q.user_id.clone())).await?;
    let audience = match level {
        Level::Admins => admins_of(db, subjects.values().map(|(_, org)| org.clone())).await?,
        Level::Animators => HashMap::from([(String::new(), animators(db).await?)]),
    };
    let mut batch = Vec::new();
    for question in questions {
        let Some((title, org)) =
            subjects.get(&(question.subject_class.clone(), question.subject_id.clone()))
        else {
            continue;
        };
        let key = match level {
            Level::Admins => org.as_str(),
            Level::Animators => "",
        };
        let recipients = audience
            .get(key)
            .into_iter()
            .flatten()
            .map(|user| (user.clone(), Kind::QuestionEscalated))
            .collect();
        let notice = Notice {
            message: Message {
                key: "question_escalated",
                actor: askers
                    .get(&question.user_id)
                    .map(|user| user.name.clone())
                    .unwrap_or_default(),
                subject: title.clone(),
                title: question.title.clone(),
                excerpt: None,
                url: link(
                    notifier.public_url,
                    &format!("discussions/{}/", question.id),
                ),
                thread: Some(question.id.clone()),
            },
            actor_id: question.user_id.clone(),
            key: format!("escalated:{}:{}", question.id, level.as_str()),
            mutable_by: vec![
                ("Discussion", question.id.clone()),
                (
                    if question.subject_class == SubjectClass::Reuse.as_str() {
                        SubjectClass::Reuse.as_str()
                    } else {
                        SubjectClass::Dataset.as_str()
                    },
                    question.subject_id.clone(),
                ),
            ],
        };
        batch.push((notice, recipients));
    }
    Ok(batch)
}

/// The title and organization of each question's subject, by `(class, id)` (two queries).
async fn subjects_of(
    db: &impl ConnectionTrait,
    questions: &[discussions::Model],
) -> AppResult<HashMap<(String, String), (String, String)>> {
    let ids_of = |class: SubjectClass| -> Vec<String> {
        questions
            .iter()
            .filter(|q| q.subject_class == class.as_str())
            .map(|q| q.subject_id.clone())
            .collect()
    };
    let mut subjects = HashMap::new();
    let dataset_ids = ids_of(SubjectClass::Dataset);
    if !dataset_ids.is_empty() {
        let rows: Vec<(String, String, Option<String>)> = datasets::Entity::find()
            .select_only()
            .columns([
                datasets::Column::Id,
                datasets::Column::Title,
                datasets::Column::OrganizationId,
            ])
            .filter(datasets::Column::Id.is_in(dataset_ids))
            .into_tuple()
            .all(db)
            .await?;
        for (id, title, org) in rows {
            if let Some(org) = org {
                subjects.insert(
                    (SubjectClass::Dataset.as_str().to_owned(), id),
                    (title, org),
                );
            }
        }
    }
    let reuse_ids = ids_of(SubjectClass::Reuse);
    if !reuse_ids.is_empty() {
        let rows: Vec<(String, String, Option<String>)> = reuses::Entity::find()
            .select_only()
            .columns([
                reuses::Column::Id,
                reuses::Column::Title,
                reuses::Column::OrganizationId,
            ])
            .filter(reuses::Column::Id.is_in(reuse_ids))
            .into_tuple()
            .all(db)
            .await?;
        for (id, title, org) in rows {
            if let Some(org) = org {
                subjects.insert((SubjectClass::Reuse.as_str().to_owned(), id), (title, org));
            }
        }
    }
    Ok(subjects)
}

/// The admins of each organization of `orgs`, by organization (one query).
async fn admins_of(
    db: &impl ConnectionTrait,
    orgs: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, Vec<String>>> {
    let mut orgs: Vec<String> = orgs.into_iter().collect();
    orgs.sort();
    orgs.dedup();
    let rows: Vec<(String, String)> = members::Entity::find()
        .select_only()
        .columns([members::Column::OrganizationId, members::Column::UserId])
        .filter(members::Column::OrganizationId.is_in(orgs))
        .filter(members::Column::Role.eq(MemberRole::Admin.as_str()))
        .order_by_asc(members::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    let mut admins: HashMap<String, Vec<String>> = HashMap::new();
    for (org, user) in rows {
        admins.entry(org).or_default().push(user);
    }
    Ok(admins)
}

/// The community animators: active moderators and site admins.
async fn animators(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Role.is_in([Role::Moderator.as_str(), Role::Admin.as_str()]))
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}
