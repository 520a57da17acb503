//! Who produces the subject of a discussion: the people who may answer for it.

use std::collections::{HashMap, HashSet};

use entity::{data_requests, datasets, discussions, members, reuses};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{Subject, SubjectClass};
use crate::error::AppResult;

/// The subject's producers: its owner, or its organization's admins and editors.
pub async fn producers(db: &impl ConnectionTrait, subject: &Subject) -> AppResult<HashSet<String>> {
    let mut ids: HashSet<String> = subject.owner_id.iter().cloned().collect();
    if let Some(org) = &subject.organization_id {
        ids.extend(
            members::Entity::find()
                .filter(members::Column::OrganizationId.eq(org.as_str()))
                .all(db)
                .await?
                .into_iter()
                .map(|member| member.user_id),
        );
    }
    Ok(ids)
}

/// The producers of the subjects of `discussions`, by `(class, id)` of subject: three queries
/// whatever their number (the datasets, the reuses, the members of their organizations).
pub async fn producers_of_subjects(
    db: &impl ConnectionTrait,
    discussions: &[&discussions::Model],
) -> AppResult<HashMap<(String, String), HashSet<String>>> {
    let ids_of = |class: SubjectClass| -> Vec<String> {
        let name = class.as_str();
        let ids: HashSet<&String> = discussions
            .iter()
            .filter(|discussion| discussion.subject_class == name)
            .map(|discussion| &discussion.subject_id)
            .collect();
        ids.into_iter().cloned().collect()
    };
    let mut subjects: Vec<Subject> = Vec::new();
    let dataset_ids = ids_of(SubjectClass::Dataset);
    if !dataset_ids.is_empty() {
        let found = datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(dataset_ids))
            .all(db)
            .await?;
        subjects.extend(found.into_iter().map(Subject::of_dataset));
    }
    let reuse_ids = ids_of(SubjectClass::Reuse);
    if !reuse_ids.is_empty() {
        let found = reuses::Entity::find()
            .filter(reuses::Column::Id.is_in(reuse_ids))
            .all(db)
            .await?;
        subjects.extend(found.into_iter().map(Subject::of_reuse));
    }
    let request_ids = ids_of(SubjectClass::DataRequest);
    if !request_ids.is_empty() {
        let found = data_requests::Entity::find()
            .filter(data_requests::Column::Id.is_in(request_ids))
            .all(db)
            .await?;
        subjects.extend(found.into_iter().map(Subject::of_data_request));
    }
    let orgs: HashSet<&String> = subjects
        .iter()
        .filter_map(|subject| subject.organization_id.as_ref())
        .collect();
    let mut members_of: HashMap<String, Vec<String>> = HashMap::new();
    if !orgs.is_empty() {
        let found = members::Entity::find()
            .filter(members::Column::OrganizationId.is_in(orgs.into_iter().cloned()))
            .all(db)
            .await?;
        for member in found {
            members_of
                .entry(member.organization_id)
                .or_default()
                .push(member.user_id);
        }
    }
    Ok(subjects
        .into_iter()
        .map(|subject| {
            let mut ids: HashSet<String> = subject.owner_id.iter().cloned().collect();
            if let Some(members) = subject
                .organization_id
                .as_ref()
                .and_then(|org| members_of.get(org))
            {
                ids.extend(members.iter().cloned());
            }
            ((subject.class.as_str().to_owned(), subject.id), ids)
        })
        .collect())
}
