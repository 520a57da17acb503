//! Keeping the counters in step with what is stored and published: a subject's discussions,
//! and a thread's first producer answer and last post.

use std::collections::HashSet;

use entity::{datasets, discussions, messages, reuses};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::error::AppResult;
use crate::models::discussions::SubjectClass;

/// Sets `discussions` and `discussions_open` of a dataset or reuse from what is stored.
pub(super) async fn recount(
    db: &impl ConnectionTrait,
    class: SubjectClass,
    subject_id: &str,
) -> AppResult<()> {
    let about = || {
        discussions::Entity::find()
            .filter(discussions::Column::SubjectClass.eq(class.as_str()))
            .filter(discussions::Column::SubjectId.eq(subject_id))
            .filter(discussions::Column::HeldReason.is_null())
    };
    let all = i32::try_from(about().count(db).await?).unwrap_or(i32::MAX);
    let open = i32::try_from(
        about()
            .filter(discussions::Column::Closed.is_null())
            .count(db)
            .await?,
    )
    .unwrap_or(i32::MAX);
    match class {
        SubjectClass::Dataset => {
            datasets::Entity::update_many()
                .col_expr(datasets::Column::Discussions, Expr::value(all))
                .col_expr(datasets::Column::DiscussionsOpen, Expr::value(open))
                .filter(datasets::Column::Id.eq(subject_id))
                .exec(db)
                .await?;
        }
        SubjectClass::Reuse => {
            reuses::Entity::update_many()
                .col_expr(reuses::Column::Discussions, Expr::value(all))
                .col_expr(reuses::Column::DiscussionsOpen, Expr::value(open))
                .filter(reuses::Column::Id.eq(subject_id))
                .exec(db)
                .await?;
        }
        // A data request keeps no discussion counters.
        SubjectClass::DataRequest => {}
    }
    Ok(())
}

/// Works out again from its published replies when a producer first answered a discussion and
/// when it was last posted in, now that the reply `gone` no longer counts (deleted or held);
/// the answer mark goes with it.
pub(super) async fn recount_replies(
    txn: &impl ConnectionTrait,
    discussion: discussions::Model,
    gone: &str,
    producers: &HashSet<String>,
) -> AppResult<discussions::Model> {
    let published = || {
        messages::Entity::find()
            .filter(messages::Column::DiscussionId.eq(discussion.id.as_str()))
            .filter(messages::Column::Id.ne(gone))
            .filter(messages::Column::HeldReason.is_null())
    };
    let first_answer = published()
        .filter(messages::Column::Position.gt(0))
        .filter(messages::Column::PostedBy.is_in(producers.iter().cloned()))
        .order_by_asc(messages::Column::Position)
        .one(txn)
        .await?;
    let last = published()
        .order_by_desc(messages::Column::Position)
        .one(txn)
        .await?;
    let mut changed = discussion.clone().into_active_model();
    if discussion.answer_id.as_deref() == Some(gone) {
        changed.answer_id = Set(None);
    }
    changed.first_answered_at = Set(first_answer.map(|reply| reply.posted_on));
    if let Some(last) = last {
        changed.last_posted_on = Set(last.posted_on);
    }
    Ok(changed.update(txn).await?)
}
