//! The events people hear about and who hears about each, called inside the writes' transactions
//! (with any message already rendered: see [`Excerpt`]).

use std::collections::HashMap;

use entity::{datasets, discussions, follows, members, messages, reuses, users};
use sea_orm::sea_query::{Expr, Query, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::db::Writes;
use crate::error::AppResult;
use crate::mail::render::{Excerpt, Message};
use crate::models::discussions::{Subject, producers};
use crate::notifications::kinds::Kind;
use crate::notifications::settings::{WatchMode, watches_on};
use crate::notifications::{Notice, Notifier, dispatch, plan_all};
use crate::urls::link;

async fn followers(db: &impl ConnectionTrait, class: &str, id: &str) -> AppResult<Vec<String>> {
    Ok(follows::Entity::find()
        .select_only()
        .column(follows::Column::FollowerId)
        .filter(follows::Column::SubjectClass.eq(class))
        .filter(follows::Column::SubjectId.eq(id))
        .into_tuple()
        .all(db)
        .await?)
}

async fn watchers(db: &impl ConnectionTrait, targets: &[(&str, &str)]) -> AppResult<Vec<String>> {
    Ok(watches_on(db, targets)
        .await?
        .into_iter()
        .filter(|(_, _, _, mode)| *mode == WatchMode::Watch)
        .map(|(user, _, _, _)| user)
        .collect())
}

/// Who wrote in a discussion: its author and every message's.
async fn participants(
    db: &impl ConnectionTrait,
    discussion: &discussions::Model,
) -> AppResult<Vec<String>> {
    let mut ids = vec![discussion.user_id.clone()];
    let posters: Vec<String> = messages::Entity::find()
        .select_only()
        .column(messages::Column::PostedBy)
        .filter(messages::Column::DiscussionId.eq(discussion.id.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    ids.extend(posters);
    Ok(ids)
}

fn thread_message(
    notifier: &Notifier<'_>,
    key: &'static str,
    actor: &users::Model,
    subject: &Subject,
    discussion: &discussions::Model,
    excerpt: Option<&Excerpt>,
) -> Message {
    Message {
        key,
        actor: actor.name.clone(),
        subject: subject.title.clone(),
        title: discussion.title.clone(),
        excerpt: excerpt.cloned(),
        url: link(
            notifier.public_url,
            &format!("discussions/{}/", discussion.id),
        ),
        thread: Some(discussion.id.clone()),
    }
}

fn mutable_by(subject: &Subject, discussion: &discussions::Model) -> Vec<(&'static str, String)> {
    vec![
        ("Discussion", discussion.id.clone()),
        (subject.class.as_str(), subject.id.clone()),
    ]
}

/// A new discussion: the subject's producers (its steward alone, when it has one: see
/// [`crate::escalation`]) and watchers, then its followers. `question` is the first message,
/// rendered before the transaction.
pub async fn discussion_opened(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    subject: &Subject,
    discussion: &discussions::Model,
    question: &Excerpt,
) -> AppResult<()> {
    let mut recipients: Vec<(String, Kind)> = crate::escalation::first_to_hear(db, subject)
        .await?
        .into_iter()
        .map(|user| (user, Kind::NewDiscussion))
        .collect();
    recipients.sort();
    for user in watchers(db, &[(subject.class.as_str(), &subject.id)]).await? {
        recipients.push((user, Kind::NewDiscussion));
    }
    for user in followers(db, subject.class.as_str(), &subject.id).await? {
        recipients.push((user, Kind::FollowedDiscussion));
    }
    let notice = Notice {
        message: thread_message(
            notifier,
            "new_discussion",
            actor,
            subject,
            discussion,
            Some(question),
        ),
        actor_id: actor.id.clone(),
        key: format!("discussion:{}", discussion.id),
        mutable_by: vec![(subject.class.as_str(), subject.id.clone())],
    };
    dispatch(db, notifier, &notice, recipients).await
}

/// Everyone following a thread: participants, the subject's producers, watchers of the thread
/// or its subject.
async fn thread_audience(
    db: &impl ConnectionTrait,
    subject: &Subject,
    discussion: &discussions::Model,
    kind: Kind,
) -> AppResult<Vec<(String, Kind)>> {
    let mut ids = participants(db, discussion).await?;
    let mut producers: Vec<String> = producers(db, subject).await?.into_iter().collect();
    producers.sort();
    ids.extend(producers);
    ids.extend(
        watchers(
            db,
            &[
                ("Discussion", &discussion.id),
                (subject.class.as_str(), &subject.id),
            ],
        )
        .await?,
    );
    Ok(ids.into_iter().map(|user| (user, kind)).collect())
}

/// A reply in a discussion, its `content` rendered before the transaction.
pub async fn comment_posted(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    subject: &Subject,
    discussion: &discussions::Model,
    message_id: &str,
    content: &Excerpt,
) -> AppResult<()> {
    let recipients = thread_audience(db, subject, discussion, Kind::NewComment).await?;
    let notice = Notice {
        message: thread_message(
            notifier,
            "new_comment",
            actor,
            subject,
            discussion,
            Some(content),
        ),
        actor_id: actor.id.clone(),
        key: format!("comment:{message_id}"),
        mutable_by: mutable_by(subject, discussion),
    };
    dispatch(db, notifier, &notice, recipients).await
}

/// A discussion closed (or reopened).
pub async fn discussion_closed(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    subject: &Subject,
    discussion: &discussions::Model,
    reopened: bool,
) -> AppResult<()> {
    let recipients = thread_audience(db, subject, discussion, Kind::DiscussionClosed).await?;
    let (key, what) = if reopened {
        ("discussion_reopened", "reopened")
    } else {
        ("discussion_closed", "closed")
    };
    let notice = Notice {
        message: thread_message(notifier, key, actor, subject, discussion, None),
        actor_id: actor.id.clone(),
        key: format!(
            "{what}:{}:{}",
            discussion.id,
            chrono::Utc::now().timestamp_micros()
        ),
        mutable_by: mutable_by(subject, discussion),
    };
    dispatch(db, notifier, &notice, recipients).await
}

/// A producer marked the answer; `content` is its text, rendered before the transaction.
pub async fn answer_marked(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    subject: &Subject,
    discussion: &discussions::Model,
    answer: (&messages::Model, &Excerpt),
) -> AppResult<()> {
    let (answer, content) = answer;
    let recipients = thread_audience(db, subject, discussion, Kind::AnswerMarked).await?;
    let notice = Notice {
        message: thread_message(
            notifier,
            "answer_marked",
            actor,
            subject,
            discussion,
            Some(content),
        ),
        actor_id: actor.id.clone(),
        key: format!("answer:{}:{}", discussion.id, answer.id),
        mutable_by: mutable_by(subject, discussion),
    };
    dispatch(db, notifier, &notice, recipients).await
}

/// A moderator removed a discussion or one message of it: its author hears it, with the reason
/// (rendered before the transaction).
pub async fn content_removed(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    moderator: &users::Model,
    subject: &Subject,
    discussion: &discussions::Model,
    removed: (&str, &str),
    reason: Option<&Excerpt>,
) -> AppResult<()> {
    let (author_id, what_id) = removed;
    let notice = Notice {
        message: Message {
            key: "content_removed",
            actor: moderator.name.clone(),
            subject: subject.title.clone(),
            title: discussion.title.clone(),
            excerpt: reason.cloned(),
            url: link(notifier.public_url, &subject.page_path()),
            thread: Some(discussion.id.clone()),
        },
        actor_id: moderator.id.clone(),
        key: format!("removed:{what_id}"),
        mutable_by: Vec::new(),
    };
    let recipients = vec![(author_id.to_owned(), Kind::ContentRemoved)];
    dispatch(db, notifier, &notice, recipients).await
}

/// A visible reuse now uses the datasets `linked`: each dataset's producers hear it once per reuse and
/// publisher, each dataset's followers once per reuse. Adds the notices to `writes`, read in a
/// fixed number of queries whatever the number of datasets.
pub async fn reuse_linked(
    db: &impl ConnectionTrait,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    reuse: &reuses::Model,
    linked: &[datasets::Model],
    writes: &mut Writes,
) -> AppResult<()> {
    if reuse.private || reuse.deleted.is_some() || linked.is_empty() {
        return Ok(());
    }
    let dataset_ids: Vec<String> = linked.iter().map(|dataset| dataset.id.clone()).collect();
    let orgs: Vec<String> = linked
        .iter()
        .filter_map(|dataset| dataset.organization_id.clone())
        .collect();
    // Members of their organizations and followers of the datasets, in one query.
    let followers = Query::select()
        .expr(Expr::val(false))
        .column(follows::Column::SubjectId)
        .column(follows::Column::FollowerId)
        .from(follows::Entity)
        .and_where(follows::Column::SubjectClass.eq("Dataset"))
        .and_where(follows::Column::SubjectId.is_in(dataset_ids))
        .to_owned();
    let people = Query::select()
        .expr(Expr::val(true))
        .column(members::Column::OrganizationId)
        .column(members::Column::UserId)
        .from(members::Entity)
        .and_where(members::Column::OrganizationId.is_in(orgs))
        .union(UnionType::All, followers)
        .to_owned();
    let mut members_of: HashMap<String, Vec<String>> = HashMap::new();
    let mut followers_of: HashMap<String, Vec<String>> = HashMap::new();
    for row in db.query_all(&people).await? {
        let (member, subject, user): (bool, String, String) = row.try_get_many_by_index()?;
        let of = if member {
            &mut members_of
        } else {
            &mut followers_of
        };
        of.entry(subject).or_default().push(user);
    }
    let url = link(notifier.public_url, &format!("reuses/{}/", reuse.slug));
    let mut batch = Vec::new();
    for dataset in linked {
        let publisher = dataset
            .organization_id
            .clone()
            .or_else(|| dataset.owner_id.clone())
            .unwrap_or_default();
        let message = |key: &'static str| Message {
            key,
            actor: actor.name.clone(),
            subject: dataset.title.clone(),
            title: reuse.title.clone(),
            excerpt: None,
            url: url.clone(),
            thread: None,
        };
        // The producers: its owner, or its organization's members.
        let mut producers: Vec<String> = dataset.owner_id.iter().cloned().collect();
        if let Some(org) = &dataset.organization_id {
            producers.extend(members_of.get(org).into_iter().flatten().cloned());
        }
        producers.sort();
        producers.dedup();
        let to_producers = Notice {
            message: message("reuse_linked"),
            actor_id: actor.id.clone(),
            key: format!("reuse_linked:{}:{publisher}", reuse.id),
            mutable_by: vec![("Dataset", dataset.id.clone())],
        };
        let to_followers = Notice {
            message: message("followed_reuse"),
            actor_id: actor.id.clone(),
            key: format!("followed_reuse:{}", reuse.id),
            mutable_by: vec![("Dataset", dataset.id.clone())],
        };
        let followers = followers_of
            .remove(&dataset.id)
            .unwrap_or_default()
            .into_iter()
            .filter(|user| !producers.contains(user))
            .map(|user| (user, Kind::FollowedReuse))
            .collect();
        let producers = producers
            .into_iter()
            .map(|user| (user, Kind::ReuseLinked))
            .collect();
        batch.push((to_producers, producers));
        batch.push((to_followers, followers));
    }
    plan_all(db, notifier, batch, writes).await
}
