//! Lists of discussions: udata's filters and sorts, and a producer's open questions.

use std::collections::HashMap;

use entity::{datasets, discussions, members, messages, reuses, users};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::error::{AppError, AppResult};
use crate::models::discussions::{SubjectClass, Thread, readable_by, shown_to, threads};
use crate::models::paging::{PageOf, Paging, check_filter_values};
use crate::models::text::contains_ci;
use crate::models::users::users_by_id;
use crate::permissions::Viewer;

/// Sorts of the discussion list (udata's names).
pub const SORTS: &[&str] = &["title", "created", "closed", "discussion.posted_on"];

/// Filters of `GET /api/1/discussions/`.
#[derive(Clone, Debug, Default)]
pub struct DiscussionFilter {
    /// Subject ids (any of them).
    pub subjects: Vec<String>,
    /// Closed ones only (true) or open ones only (false).
    pub closed: Option<bool>,
    /// Opened by this user.
    pub user: Option<String>,
    /// About datasets and reuses of this organization.
    pub organization: Option<String>,
    /// Words in the title or the messages.
    pub q: Option<String>,
    /// One of [`SORTS`], `-` for descending; `-created` by default.
    pub sort: Option<String>,
}

/// Ids of the datasets and reuses published by an organization.
pub(super) fn subjects_of_organization(org: &str) -> Condition {
    subjects_where(
        Query::select()
            .column(datasets::Column::Id)
            .from(datasets::Entity)
            .and_where(datasets::Column::OrganizationId.eq(org))
            .to_owned(),
        Query::select()
            .column(reuses::Column::Id)
            .from(reuses::Entity)
            .and_where(reuses::Column::OrganizationId.eq(org))
            .to_owned(),
    )
}

/// Discussions about a dataset among `datasets` or a reuse among `reuses`.
pub(crate) fn subjects_where(datasets: SelectStatement, reuses: SelectStatement) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(discussions::Column::SubjectClass.eq(SubjectClass::Dataset.as_str()))
                .add(discussions::Column::SubjectId.in_subquery(datasets)),
        )
        .add(
            Condition::all()
                .add(discussions::Column::SubjectClass.eq(SubjectClass::Reuse.as_str()))
                .add(discussions::Column::SubjectId.in_subquery(reuses)),
        )
}

fn sort_order(sort: Option<&str>) -> AppResult<(discussions::Column, Order)> {
    let sort = sort.unwrap_or("-created");
    let (name, order) = match sort.strip_prefix('-') {
        Some(name) => (name, Order::Desc),
        None => (sort, Order::Asc),
    };
    let column = match name {
        "title" => discussions::Column::Title,
        "created" => discussions::Column::Created,
        "closed" => discussions::Column::Closed,
        "discussion.posted_on" => discussions::Column::LastPostedOn,
        _ => {
            return Err(AppError::field(
                "sort",
                format!(
                    "{sort:?} is not a sort: use one of {} (with - for descending)",
                    SORTS.join(", ")
                ),
            ));
        }
    };
    Ok((column, order))
}

/// Messages `viewer` may read: held ones only when theirs, or for moderators.
fn readable_messages(viewer: &Viewer) -> Condition {
    if viewer.can_moderate() {
        return Condition::all();
    }
    let mut published = Condition::any().add(messages::Column::HeldReason.is_null());
    if let Some(user) = &viewer.user {
        published = published.add(messages::Column::PostedBy.eq(user.id.as_str()));
    }
    published
}

/// One page of the discussions `viewer` may read that match `filter`.
pub async fn list_discussions(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &DiscussionFilter,
    paging: Paging,
) -> AppResult<PageOf<Thread>> {
    let (column, order) = sort_order(filter.sort.as_deref())?;
    check_filter_values("for", filter.subjects.len(), "values")?;
    let mut select = discussions::Entity::find().filter(readable_by(viewer));
    if !filter.subjects.is_empty() {
        select = select.filter(discussions::Column::SubjectId.is_in(filter.subjects.clone()));
    }
    match filter.closed {
        Some(true) => select = select.filter(discussions::Column::Closed.is_not_null()),
        Some(false) => select = select.filter(discussions::Column::Closed.is_null()),
        None => {}
    }
    if let Some(user) = &filter.user {
        select = select.filter(discussions::Column::UserId.eq(user.as_str()));
    }
    if let Some(org) = &filter.organization {
        select = select.filter(subjects_of_organization(org));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        select = select.filter(
            Condition::any()
                .add(contains_ci(discussions::Column::Title, q))
                .add(
                    discussions::Column::Id.in_subquery(
                        Query::select()
                            .column(messages::Column::DiscussionId)
                            .from(messages::Entity)
                            .and_where(contains_ci(messages::Column::Content, q))
                            .cond_where(readable_messages(viewer))
                            .to_owned(),
                    ),
                ),
        );
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by(column, order)
        .order_by_asc(discussions::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(PageOf {
        items: threads(db, viewer, rows).await?,
        total,
        paging,
    })
}

/// Open discussions about the datasets and reuses `user_id` publishes, alone or through an
/// organization they are an admin or editor of; newest first, at most `limit`.
pub async fn open_questions_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    user_id: &str,
    limit: u64,
) -> AppResult<Vec<Thread>> {
    let their_orgs = || {
        Query::select()
            .column(members::Column::OrganizationId)
            .from(members::Entity)
            .and_where(members::Column::UserId.eq(user_id))
            .to_owned()
    };
    let datasets = Query::select()
        .column(datasets::Column::Id)
        .from(datasets::Entity)
        .cond_where(
            Condition::any()
                .add(datasets::Column::OwnerId.eq(user_id))
                .add(datasets::Column::OrganizationId.in_subquery(their_orgs())),
        )
        .to_owned();
    let reuses = Query::select()
        .column(reuses::Column::Id)
        .from(reuses::Entity)
        .cond_where(
            Condition::any()
                .add(reuses::Column::OwnerId.eq(user_id))
                .add(reuses::Column::OrganizationId.in_subquery(their_orgs())),
        )
        .to_owned();
    let rows = discussions::Entity::find()
        .filter(readable_by(viewer))
        .filter(discussions::Column::Closed.is_null())
        .filter(subjects_where(datasets, reuses))
        .order_by_desc(discussions::Column::Created)
        .order_by_asc(discussions::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    threads(db, viewer, rows).await
}

/// A discussion as its subject's page lists it: who asked, and how many replies followed.
#[derive(Clone, Debug)]
pub struct ThreadHead {
    /// The discussion.
    pub discussion: discussions::Model,
    /// Who asked.
    pub author: Option<users::Model>,
    /// Messages after the question the viewer may read.
    pub replies: usize,
}

impl ThreadHead {
    /// Whether a producer replied or an answer is marked.
    pub fn answered(&self) -> bool {
        self.discussion.first_answered_at.is_some() || self.discussion.answer_id.is_some()
    }
}

/// The discussions about one subject `viewer` may read, open ones first, newest first, with
/// their authors and the number of their replies (three queries; no message is read).
///
/// The subject is one the caller found `viewer` may see (its own page): only held threads are
/// left out, without asking again whether the subject is visible.
pub async fn discussions_about(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    class: SubjectClass,
    subject_id: &str,
) -> AppResult<Vec<ThreadHead>> {
    // Both columns of the subject's index: by id alone, PostgreSQL reads all of it.
    let rows = discussions::Entity::find()
        .filter(shown_to(viewer))
        .filter(discussions::Column::SubjectClass.eq(class.as_str()))
        .filter(discussions::Column::SubjectId.eq(subject_id))
        .order_by_desc(discussions::Column::LastPostedOn)
        .order_by_asc(discussions::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let counts: HashMap<String, i64> = messages::Entity::find()
        .select_only()
        .column(messages::Column::DiscussionId)
        .column_as(messages::Column::Id.count(), "messages")
        .filter(messages::Column::DiscussionId.is_in(rows.iter().map(|row| row.id.clone())))
        .filter(readable_messages(viewer))
        .group_by(messages::Column::DiscussionId)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let authors = users_by_id(db, rows.iter().map(|row| row.user_id.clone())).await?;
    let (mut open, closed): (Vec<ThreadHead>, Vec<ThreadHead>) = rows
        .into_iter()
        .map(|discussion| ThreadHead {
            author: authors.get(&discussion.user_id).cloned(),
            replies: counts.get(&discussion.id).map_or(0, |n| {
                usize::try_from(*n).unwrap_or_default().saturating_sub(1)
            }),
            discussion,
        })
        .partition(|head| head.discussion.closed.is_none());
    open.extend(closed);
    Ok(open)
}
