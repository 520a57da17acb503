//! Discussions: questions about a dataset, a reuse or a data request, and their answers. Reading here; writing in
//! `write`, lists in `list`.

pub mod authored;
pub mod list;
mod producers;
pub mod write;

pub use producers::{producers, producers_of_subjects};

use std::collections::{HashMap, HashSet};

use entity::{data_requests, datasets, discussions, messages, organizations, reuses, users};
use sea_orm::sea_query::{DynIden, Expr, ExprTrait, IntoIden, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::{AppError, AppResult};
use crate::models::datasets::find_dataset;
use crate::models::organizations::organizations_by_id;
use crate::models::reuses::{Found, find_reuse, visible_to};
use crate::models::users::users_by_id;
use crate::permissions::Viewer;

/// What a discussion is about: udata's `subject.class`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubjectClass {
    /// A dataset of the catalog mirror.
    Dataset,
    /// A reuse.
    Reuse,
    /// A data request (its thread).
    DataRequest,
}

impl SubjectClass {
    /// udata's name of the class.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dataset => "Dataset",
            Self::Reuse => "Reuse",
            Self::DataRequest => "DataRequest",
        }
    }

    /// The class named `text` (udata's spelling, any case).
    pub fn parse(text: &str) -> AppResult<Self> {
        match text.to_ascii_lowercase().as_str() {
            "dataset" => Ok(Self::Dataset),
            "reuse" => Ok(Self::Reuse),
            "datarequest" => Ok(Self::DataRequest),
            _ => Err(AppError::field(
                "subject",
                format!("{text:?} is not a subject class: use Dataset, Reuse or DataRequest"),
            )),
        }
    }
}

/// The dataset or reuse a discussion is about, with who publishes it.
#[derive(Clone, Debug)]
pub struct Subject {
    /// Its class.
    pub class: SubjectClass,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its slug, for its page.
    pub slug: String,
    /// The user publishing it, when no organization does.
    pub owner_id: Option<String>,
    /// The organization publishing it.
    pub organization_id: Option<String>,
}

impl Subject {
    /// The subject's web page, relative to the site.
    pub fn page_path(&self) -> String {
        match self.class {
            SubjectClass::Dataset => format!("/datasets/{}/", self.slug),
            SubjectClass::Reuse => format!("/reuses/{}/", self.slug),
            SubjectClass::DataRequest => format!("/data-requests/{}/", self.slug),
        }
    }

    fn of_dataset(dataset: datasets::Model) -> Self {
        Self {
            class: SubjectClass::Dataset,
            id: dataset.id,
            title: dataset.title,
            slug: dataset.slug,
            owner_id: dataset.owner_id,
            organization_id: dataset.organization_id,
        }
    }

    /// A data request: answered for by the organization it was routed to, if any.
    pub(crate) fn of_data_request(request: data_requests::Model) -> Self {
        Self {
            class: SubjectClass::DataRequest,
            slug: request.id.clone(),
            id: request.id,
            title: request.title,
            owner_id: None,
            organization_id: request.organization_id,
        }
    }

    fn of_reuse(reuse: reuses::Model) -> Self {
        Self {
            class: SubjectClass::Reuse,
            id: reuse.id,
            title: reuse.title,
            slug: reuse.slug,
            owner_id: reuse.owner_id,
            organization_id: reuse.organization_id,
        }
    }
}

/// The subject `id` (or slug, an old one too) of `class` as `viewer` may see it, to open a
/// discussion on: 404 when hidden from them, 410 when deleted.
pub async fn find_subject(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    class: SubjectClass,
    id: &str,
) -> AppResult<Subject> {
    match class {
        SubjectClass::Dataset => Ok(Subject::of_dataset(find_dataset(db, id).await?.dataset)),
        SubjectClass::Reuse => match find_reuse(db, viewer, id).await? {
            Found::Reuse(card) => Ok(Subject::of_reuse(card.reuse)),
            // An old slug: the reuse it leads to (one the viewer may see).
            Found::MovedTo(slug) => match find_reuse(db, viewer, &slug).await? {
                Found::Reuse(card) => Ok(Subject::of_reuse(card.reuse)),
                Found::MovedTo(_) => Err(AppError::not_found("reuse", id)),
            },
        },
        SubjectClass::DataRequest => Ok(Subject::of_data_request(
            crate::models::data_requests::find_row(db, id).await?,
        )),
    }
}

/// The subject of a stored discussion, whatever its state.
pub async fn subject_of(
    db: &impl ConnectionTrait,
    discussion: &discussions::Model,
) -> AppResult<Subject> {
    let id = discussion.subject_id.as_str();
    match SubjectClass::parse(&discussion.subject_class)? {
        SubjectClass::Dataset => datasets::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(Subject::of_dataset)
            .ok_or_else(|| AppError::not_found("dataset", id)),
        SubjectClass::Reuse => reuses::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(Subject::of_reuse)
            .ok_or_else(|| AppError::not_found("reuse", id)),
        SubjectClass::DataRequest => data_requests::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(Subject::of_data_request)
            .ok_or_else(|| AppError::not_found("data request", id)),
    }
}

/// Discussions `viewer` may read: those on datasets still in the catalog and on reuses they may
/// see; one held for moderation only by its author and moderators.
pub fn readable_by(viewer: &Viewer) -> Condition {
    // Correlated EXISTS rather than IN: PostgreSQL probes one subject by its key for each
    // discussion considered, where `IN (subquery) OR IN (subquery)` made it hash every visible
    // reuse first (200 ms at 100,000 reuses to show one dataset's threads).
    let subject_is = |table: DynIden, id: DynIden| {
        Expr::col((table, id)).equals((discussions::Entity, discussions::Column::SubjectId))
    };
    let subjects = Condition::any()
        .add(
            Condition::all()
                .add(discussions::Column::SubjectClass.eq(SubjectClass::Dataset.as_str()))
                .add(Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(datasets::Entity)
                        .and_where(subject_is(
                            datasets::Entity.into_iden(),
                            datasets::Column::Id.into_iden(),
                        ))
                        .and_where(datasets::Column::Deleted.eq(false))
                        .to_owned(),
                )),
        )
        .add(
            Condition::all()
                .add(discussions::Column::SubjectClass.eq(SubjectClass::Reuse.as_str()))
                .add(Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(reuses::Entity)
                        .and_where(subject_is(
                            reuses::Entity.into_iden(),
                            reuses::Column::Id.into_iden(),
                        ))
                        .cond_where(visible_to(viewer))
                        .to_owned(),
                )),
        )
        .add(
            Condition::all()
                .add(discussions::Column::SubjectClass.eq(SubjectClass::DataRequest.as_str()))
                .add(Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(data_requests::Entity)
                        .and_where(subject_is(
                            data_requests::Entity.into_iden(),
                            data_requests::Column::Id.into_iden(),
                        ))
                        .and_where(data_requests::Column::Deleted.is_null())
                        .to_owned(),
                )),
        );
    Condition::all().add(shown_to(viewer)).add(subjects)
}

/// Discussions not held for moderation; held ones too for their author and moderators.
pub fn shown_to(viewer: &Viewer) -> Condition {
    if viewer.can_moderate() {
        return Condition::all();
    }
    let mut published = Condition::any().add(discussions::Column::HeldReason.is_null());
    if let Some(user) = &viewer.user {
        published = published.add(discussions::Column::UserId.eq(user.id.as_str()));
    }
    published
}

/// A discussion with its messages and the people and organizations they name.
#[derive(Clone, Debug)]
pub struct Thread {
    /// The discussion.
    pub discussion: discussions::Model,
    /// Its messages, oldest first (the first one is the question).
    pub messages: Vec<messages::Model>,
    /// Authors, closer and the like, by id.
    pub users: HashMap<String, users::Model>,
    /// Organizations posted on behalf of, by id.
    pub organizations: HashMap<String, organizations::Model>,
}

impl Thread {
    /// The user with this id, if known.
    pub fn user(&self, id: &str) -> Option<&users::Model> {
        self.users.get(id)
    }

    /// The message marked as the answer.
    pub fn answer(&self) -> Option<&messages::Model> {
        let id = self.discussion.answer_id.as_deref()?;
        self.messages.iter().find(|message| message.id == id)
    }

    /// Whether a producer replied or an answer is marked.
    pub fn answered(&self) -> bool {
        self.discussion.first_answered_at.is_some() || self.discussion.answer_id.is_some()
    }
}

/// The discussion `id` as `viewer` may read it, with its messages; 404 otherwise.
pub async fn find_thread(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: &str,
) -> AppResult<Thread> {
    let discussion = discussions::Entity::find_by_id(id)
        .filter(readable_by(viewer))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("discussion", id))?;
    threads(db, viewer, vec![discussion])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("discussion", id))
}

/// Adds messages, users and organizations to discussions, in three queries whatever their number.
/// Held messages are left out but for their author and moderators.
pub async fn threads(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    rows: Vec<discussions::Model>,
) -> AppResult<Vec<Thread>> {
    let me = viewer.user.as_ref().map(|user| user.id.as_str());
    let sees_held = |message: &messages::Model| {
        message.held_reason.is_none()
            || viewer.can_moderate()
            || me == Some(message.posted_by.as_str())
    };
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut messages_of: HashMap<String, Vec<messages::Model>> = HashMap::new();
    for chunk in rows.chunks(500) {
        let found = messages::Entity::find()
            .filter(messages::Column::DiscussionId.is_in(chunk.iter().map(|row| row.id.clone())))
            .order_by_asc(messages::Column::DiscussionId)
            .order_by_asc(messages::Column::Position)
            .all(db)
            .await?;
        for message in found.into_iter().filter(|message| sees_held(message)) {
            messages_of
                .entry(message.discussion_id.clone())
                .or_default()
                .push(message);
        }
    }
    let user_ids = rows
        .iter()
        .flat_map(|row| [Some(row.user_id.clone()), row.closed_by.clone()])
        .flatten()
        .chain(
            messages_of
                .values()
                .flatten()
                .map(|message| message.posted_by.clone()),
        )
        .collect::<Vec<_>>();
    let users = users_by_id(db, user_ids).await?;
    let org_ids = rows
        .iter()
        .filter_map(|row| row.organization_id.clone())
        .chain(
            messages_of
                .values()
                .flatten()
                .filter_map(|message| message.posted_by_organization.clone()),
        )
        .collect::<Vec<_>>();
    let organizations = organizations_by_id(db, org_ids).await?;
    Ok(rows
        .into_iter()
        .map(|discussion| {
            let messages = messages_of.remove(&discussion.id).unwrap_or_default();
            let wanted: HashSet<&str> = messages
                .iter()
                .map(|message| message.posted_by.as_str())
                .chain([discussion.user_id.as_str()])
                .chain(discussion.closed_by.as_deref())
                .collect();
            let orgs: HashSet<&str> = messages
                .iter()
                .filter_map(|message| message.posted_by_organization.as_deref())
                .chain(discussion.organization_id.as_deref())
                .collect();
            Thread {
                users: pick(&users, &wanted),
                organizations: pick(&organizations, &orgs),
                messages,
                discussion,
            }
        })
        .collect())
}

fn pick<T: Clone>(all: &HashMap<String, T>, wanted: &HashSet<&str>) -> HashMap<String, T> {
    wanted
        .iter()
        .filter_map(|id| all.get(*id).map(|item| ((*id).to_owned(), item.clone())))
        .collect()
}

impl Thread {
    /// The message at `index` (0 is the question) or with this id.
    pub fn message(&self, index_or_id: &str) -> AppResult<&messages::Model> {
        let found = match index_or_id.parse::<usize>() {
            Ok(index) => self.messages.get(index),
            Err(_) => self
                .messages
                .iter()
                .find(|message| message.id == index_or_id),
        };
        found.ok_or_else(|| AppError::not_found("message", index_or_id))
    }
}
