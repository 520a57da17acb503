//! The job's reading: every table the indicators come from, streamed once and folded into one
//! [`Tally`] per scope. Memory holds the ids of live datasets and public reuses and the tallies,
//! not the questions or follows themselves.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{datasets, follows, links, reuse_datasets, reuses};
use futures_util::TryStreamExt;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    Statement,
};

use super::Scope;
use super::figures::{Question, Tally};
use super::months::Window;
use crate::error::AppResult;
use crate::linkcheck::health::LinkState;
use crate::models::discussions::SubjectClass;
use crate::models::follows::Followable;
use crate::models::reuses::kinds::TYPES;

/// Ids given small numbers, each with its tally.
#[derive(Default)]
struct Scopes {
    ids: Vec<String>,
    index: HashMap<String, u32>,
    tallies: Vec<Option<Box<Tally>>>,
}

impl Scopes {
    fn intern(&mut self, id: &str) -> u32 {
        if let Some(index) = self.index.get(id) {
            return *index;
        }
        let index = self.ids.len() as u32;
        self.ids.push(id.to_owned());
        self.index.insert(id.to_owned(), index);
        self.tallies.push(None);
        index
    }

    fn tally(&mut self, index: u32) -> &mut Tally {
        self.tallies[index as usize].get_or_insert_with(Box::default)
    }
}

/// A public reuse, as its scopes need it.
struct Reuse {
    kind: usize,
    created: DateTime<Utc>,
    organization: Option<u32>,
    /// Its live datasets, with when each was linked.
    datasets: Vec<(u32, DateTime<Utc>)>,
    link: LinkState,
}

/// Everything the job counts, before it is written.
pub struct Tallies {
    pub site: Tally,
    datasets: Scopes,
    /// Each live dataset's organization.
    owners: Vec<Option<u32>>,
    organizations: Scopes,
}

impl Tallies {
    /// Every scope that counted anything, with its tally.
    pub fn into_scopes(self) -> Vec<(Scope, String, Tally)> {
        let mut scopes = vec![(Scope::Site, String::new(), self.site)];
        for (scope, of) in [
            (Scope::Organization, self.organizations),
            (Scope::Dataset, self.datasets),
        ] {
            scopes.extend(
                of.ids
                    .into_iter()
                    .zip(of.tallies)
                    .filter_map(|(id, tally)| tally.map(|tally| (scope, id, *tally))),
            );
        }
        scopes
    }
}

/// Reads the tables and counts the indicators of every scope over `window`.
///
/// Cost: one pass over live datasets, public reuses, their dataset links, link states,
/// questions and follows, each streamed; the resources' links are counted by the database
/// (one grouped join).
pub async fn count(db: &DatabaseConnection, window: &Window) -> AppResult<Tallies> {
    let mut tallies = Tallies {
        site: Tally::default(),
        datasets: Scopes::default(),
        owners: Vec::new(),
        organizations: Scopes::default(),
    };
    load_datasets(db, &mut tallies).await?;
    let (reuses, reuse_index) = load_reuses(db, &mut tallies).await?;
    count_reuses(window, &mut tallies, &reuses);
    count_resource_links(db, &mut tallies).await?;
    count_questions(db, window, &mut tallies, &reuses, &reuse_index).await?;
    count_follows(db, window, &mut tallies, &reuse_index).await?;
    Ok(tallies)
}

async fn load_datasets(db: &DatabaseConnection, tallies: &mut Tallies) -> AppResult<()> {
    let mut rows = datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Id)
        .column(datasets::Column::OrganizationId)
        .filter(datasets::Column::Deleted.eq(false))
        .filter(datasets::Column::Private.eq(false))
        .into_tuple::<(String, Option<String>)>()
        .stream(db)
        .await?;
    while let Some((id, organization)) = rows.try_next().await? {
        tallies.datasets.intern(&id);
        let owner = organization.map(|org| tallies.organizations.intern(&org));
        tallies.owners.push(owner);
    }
    Ok(())
}

/// Public reuses (as anonymous visitors see them), with their live datasets and link states.
async fn load_reuses(
    db: &DatabaseConnection,
    tallies: &mut Tallies,
) -> AppResult<(Vec<Reuse>, HashMap<String, u32>)> {
    let mut reuses = Vec::new();
    let mut index = HashMap::new();
    let mut rows = reuses::Entity::find()
        .select_only()
        .column(reuses::Column::Id)
        .column(reuses::Column::Type)
        .column(reuses::Column::CreatedAt)
        .column(reuses::Column::OrganizationId)
        .filter(reuses::Column::Private.eq(false))
        .filter(reuses::Column::Deleted.is_null())
        .filter(reuses::Column::DatasetsCount.gt(0))
        .into_tuple::<(String, String, DateTime<Utc>, Option<String>)>()
        .stream(db)
        .await?;
    while let Some((id, kind, created, organization)) = rows.try_next().await? {
        let Some(kind) = TYPES.iter().position(|(known, _)| *known == kind) else {
            continue;
        };
        index.insert(id, reuses.len() as u32);
        reuses.push(Reuse {
            kind,
            created,
            organization: organization.map(|org| tallies.organizations.intern(&org)),
            datasets: Vec::new(),
            link: LinkState::Unknown,
        });
    }
    drop(rows);
    let mut rows = reuse_datasets::Entity::find()
        .select_only()
        .column(reuse_datasets::Column::ReuseId)
        .column(reuse_datasets::Column::DatasetId)
        .column(reuse_datasets::Column::CreatedAt)
        .into_tuple::<(String, String, DateTime<Utc>)>()
        .stream(db)
        .await?;
    while let Some((reuse, dataset, linked)) = rows.try_next().await? {
        if let (Some(reuse), Some(dataset)) =
            (index.get(&reuse), tallies.datasets.index.get(&dataset))
        {
            reuses[*reuse as usize].datasets.push((*dataset, linked));
        }
    }
    drop(rows);
    let mut rows = links::Entity::find()
        .select_only()
        .column(links::Column::TargetId)
        .column(links::Column::State)
        .filter(links::Column::Kind.eq("reuse"))
        .into_tuple::<(String, String)>()
        .stream(db)
        .await?;
    while let Some((reuse, state)) = rows.try_next().await? {
        if let Some(reuse) = index.get(&reuse) {
            reuses[*reuse as usize].link = LinkState::parse(&state);
        }
    }
    Ok((reuses, index))
}

/// Each reuse in the site's tally, its datasets' (from when it was linked to each) and their
/// organizations' (once per organization, from its first link to one of their datasets).
fn count_reuses(window: &Window, tallies: &mut Tallies, reuses: &[Reuse]) {
    let mut organizations: Vec<(u32, DateTime<Utc>)> = Vec::new();
    for reuse in reuses {
        let checked = reuse.link != LinkState::Unknown;
        let works = reuse.link == LinkState::Works;
        tallies.site.reuse(window, reuse.kind, reuse.created);
        if checked {
            tallies.site.reuse_link(works);
        }
        organizations.clear();
        for (dataset, linked) in &reuse.datasets {
            let since = (*linked).max(reuse.created);
            let tally = tallies.datasets.tally(*dataset);
            tally.reuse(window, reuse.kind, since);
            if checked {
                tally.reuse_link(works);
            }
            if let Some(org) = tallies.owners[*dataset as usize] {
                match organizations.iter_mut().find(|(known, _)| *known == org) {
                    Some((_, first)) => *first = (*first).min(since),
                    None => organizations.push((org, since)),
                }
            }
        }
        for (org, since) in &organizations {
            let tally = tallies.organizations.tally(*org);
            tally.reuse(window, reuse.kind, *since);
            if checked {
                tally.reuse_link(works);
            }
        }
    }
}

#[derive(FromQueryResult)]
struct ResourceLinks {
    dataset_id: String,
    state: String,
    links: i64,
}

/// The resources' link states, counted per dataset by the database.
async fn count_resource_links(db: &DatabaseConnection, tallies: &mut Tallies) -> AppResult<()> {
    let rows = ResourceLinks::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT r.dataset_id AS dataset_id, l.state AS state, COUNT(*) AS links \
         FROM links l JOIN dataset_resources r ON r.id = l.target_id \
         WHERE l.kind = 'resource' AND l.state <> 'unknown' \
         GROUP BY r.dataset_id, l.state",
    ))
    .all(db)
    .await?;
    for row in rows {
        let Some(dataset) = tallies.datasets.index.get(&row.dataset_id).copied() else {
            continue;
        };
        let works = LinkState::parse(&row.state) == LinkState::Works;
        let count = u32::try_from(row.links).unwrap_or_default();
        tallies.site.resource_links(works, count);
        tallies.datasets.tally(dataset).resource_links(works, count);
        if let Some(org) = tallies.owners[dataset as usize] {
            tallies
                .organizations
                .tally(org)
                .resource_links(works, count);
        }
    }
    Ok(())
}

#[derive(FromQueryResult)]
struct QuestionRow {
    class: String,
    subject: String,
    asked: DateTime<Utc>,
    replied: Option<DateTime<Utc>>,
    marked: Option<DateTime<Utc>>,
    closed: Option<DateTime<Utc>>,
}

/// Questions about live datasets and public reuses (held ones left out): the site's, the
/// dataset's and its organization's; a reuse's organization's.
async fn count_questions(
    db: &DatabaseConnection,
    window: &Window,
    tallies: &mut Tallies,
    reuses: &[Reuse],
    reuse_index: &HashMap<String, u32>,
) -> AppResult<()> {
    // A marked answer counts from when it was posted.
    let mut rows = QuestionRow::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        format!(
            "SELECT d.subject_class AS class, d.subject_id AS subject, d.created AS asked, \
             d.first_answered_at AS replied, m.posted_on AS marked, d.closed AS closed \
             FROM discussions d LEFT JOIN messages m ON m.id = d.answer_id \
             WHERE d.held_reason IS NULL AND d.subject_class IN ('{}', '{}')",
            SubjectClass::Dataset.as_str(),
            SubjectClass::Reuse.as_str(),
        ),
    ))
    .stream(db)
    .await?;
    while let Some(row) = rows.try_next().await? {
        let QuestionRow {
            class,
            subject,
            asked,
            replied,
            marked,
            closed,
        } = row;
        let question = Question {
            asked,
            replied,
            answered: match (replied, marked) {
                (Some(replied), Some(marked)) => Some(replied.min(marked)),
                (replied, marked) => replied.or(marked),
            },
            closed,
        };
        let organization = if class == SubjectClass::Dataset.as_str() {
            let Some(dataset) = tallies.datasets.index.get(&subject).copied() else {
                continue;
            };
            tallies.datasets.tally(dataset).question(window, &question);
            tallies.owners[dataset as usize]
        } else {
            let Some(reuse) = reuse_index.get(&subject) else {
                continue;
            };
            reuses[*reuse as usize].organization
        };
        tallies.site.question(window, &question);
        if let Some(org) = organization {
            tallies.organizations.tally(org).question(window, &question);
        }
    }
    Ok(())
}

/// Follows of live datasets, public reuses and organizations.
async fn count_follows(
    db: &DatabaseConnection,
    window: &Window,
    tallies: &mut Tallies,
    reuse_index: &HashMap<String, u32>,
) -> AppResult<()> {
    let mut rows = follows::Entity::find()
        .select_only()
        .column(follows::Column::SubjectClass)
        .column(follows::Column::SubjectId)
        .column(follows::Column::Since)
        .filter(follows::Column::SubjectClass.is_in([
            Followable::Dataset.class(),
            Followable::Reuse.class(),
            Followable::Organization.class(),
        ]))
        .into_tuple::<(String, String, DateTime<Utc>)>()
        .stream(db)
        .await?;
    while let Some((class, subject, since)) = rows.try_next().await? {
        let tally = if class == Followable::Dataset.class() {
            match tallies.datasets.index.get(&subject).copied() {
                Some(dataset) => Some(tallies.datasets.tally(dataset)),
                None => continue,
            }
        } else if class == Followable::Organization.class() {
            let org = tallies.organizations.intern(&subject);
            Some(tallies.organizations.tally(org))
        } else if reuse_index.contains_key(&subject) {
            None
        } else {
            continue;
        };
        if let Some(tally) = tally {
            tally.follow(window, since);
        }
        tallies.site.follow(window, since);
    }
    Ok(())
}
