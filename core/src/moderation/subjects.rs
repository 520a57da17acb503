//! What reports are about, named for the moderation queue: the reuse's or dataset's title, or
//! the discussion's title and the reported message's first words. One query a kind of subject
//! for a whole queue.

use std::collections::HashMap;

use entity::{datasets, discussions, messages, reports, reuses};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::markdown;

/// A reported thing as the queue names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportedSubject {
    /// The reuse's, dataset's or discussion's title.
    pub title: String,
    /// The reported message's first words, as text (reports on a message only).
    pub excerpt: Option<String>,
    /// Its page (the message's anchor for a message).
    pub path: String,
}

/// The subjects of `list`, by report id; a report whose subject is gone has none.
pub async fn reported_subjects(
    db: &impl ConnectionTrait,
    list: &[reports::Model],
) -> AppResult<HashMap<String, ReportedSubject>> {
    let ids_of = |class: &str| -> Vec<String> {
        list.iter()
            .filter(|report| report.subject_class == class)
            .map(|report| report.subject_id.clone())
            .collect()
    };
    let reuse_rows: HashMap<String, reuses::Model> = reuses::Entity::find()
        .filter(reuses::Column::Id.is_in(ids_of("Reuse")))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    let dataset_rows: HashMap<String, datasets::Model> = datasets::Entity::find()
        .filter(datasets::Column::Id.is_in(ids_of("Dataset")))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    let thread_rows: HashMap<String, discussions::Model> = discussions::Entity::find()
        .filter(discussions::Column::Id.is_in(ids_of("Discussion")))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    let message_ids: Vec<String> = list
        .iter()
        .filter_map(|report| report.subject_embed_id.clone())
        .collect();
    let message_rows: HashMap<String, messages::Model> = messages::Entity::find()
        .filter(messages::Column::Id.is_in(message_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    let mut named = HashMap::new();
    for report in list {
        let subject = match report.subject_class.as_str() {
            "Reuse" => reuse_rows
                .get(&report.subject_id)
                .map(|reuse| ReportedSubject {
                    title: reuse.title.clone(),
                    excerpt: None,
                    path: format!("/reuses/{}/", reuse.slug),
                }),
            "Dataset" => dataset_rows
                .get(&report.subject_id)
                .map(|dataset| ReportedSubject {
                    title: dataset.title.clone(),
                    excerpt: None,
                    path: format!("/datasets/{}/", dataset.slug),
                }),
            _ => thread_rows.get(&report.subject_id).map(|thread| {
                let message = report
                    .subject_embed_id
                    .as_ref()
                    .and_then(|id| message_rows.get(id))
                    .filter(|message| message.discussion_id == thread.id);
                ReportedSubject {
                    title: thread.title.clone(),
                    excerpt: message.map(|message| markdown::excerpt(&message.content, 200)),
                    path: match message {
                        Some(message) => format!("/discussions/{}/#m-{}", thread.id, message.id),
                        None => format!("/discussions/{}/", thread.id),
                    },
                }
            }),
        };
        if let Some(subject) = subject {
            named.insert(report.id.clone(), subject);
        }
    }
    Ok(named)
}
