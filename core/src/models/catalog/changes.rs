//! What changed in a known dataset that the people relying on it are told about: it was
//! archived or deleted, gained or lost a resource, or changed licence.

use std::collections::HashSet;

use entity::{dataset_resources, datasets};

/// The changes of one dataset worth telling people about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatasetChange {
    /// The dataset as it is now stored.
    pub dataset: datasets::Model,
    /// It is archived now and was not.
    pub archived: bool,
    /// It is deleted now and was not.
    pub deleted: bool,
    /// Titles of the resources it gained.
    pub added: Vec<String>,
    /// Titles of the resources it lost.
    pub removed: Vec<String>,
    /// Its licence changed: from, to.
    pub license: Option<(Option<String>, Option<String>)>,
}

impl DatasetChange {
    /// The changes from `current` (with `current_resources`) to `desired` (with `resources`
    /// when the catalog lists them), if any is worth telling.
    pub(super) fn between(
        current: &datasets::Model,
        desired: &datasets::Model,
        current_resources: &[dataset_resources::Model],
        resources: Option<&[dataset_resources::Model]>,
    ) -> Option<Self> {
        let (added, removed) = match resources {
            Some(resources) => {
                let before: HashSet<&str> =
                    current_resources.iter().map(|r| r.id.as_str()).collect();
                let after: HashSet<&str> = resources.iter().map(|r| r.id.as_str()).collect();
                let titles = |list: &[dataset_resources::Model], other: &HashSet<&str>| {
                    list.iter()
                        .filter(|r| !other.contains(r.id.as_str()))
                        .map(|r| r.title.clone())
                        .collect::<Vec<_>>()
                };
                (
                    titles(resources, &before),
                    titles(current_resources, &after),
                )
            }
            None => (Vec::new(), Vec::new()),
        };
        let change = Self {
            dataset: desired.clone(),
            archived: desired.archived && !current.archived,
            deleted: desired.deleted && !current.deleted,
            added,
            removed,
            license: (current.license != desired.license)
                .then(|| (current.license.clone(), desired.license.clone())),
        };
        change.is_worth_telling().then_some(change)
    }

    fn is_worth_telling(&self) -> bool {
        self.archived
            || self.deleted
            || !self.added.is_empty()
            || !self.removed.is_empty()
            || self.license.is_some()
    }

    /// Every [`Self::headline`], the gravest first: the events people are told of, each with
    /// its texts (`inbox.<event>`, `mail.<event>.subject`, `mail.<event>.intro`).
    pub const HEADLINES: [&'static str; 4] = [
        "dataset_deleted",
        "dataset_archived",
        "dataset_license",
        "dataset_resources",
    ];

    /// The change that names the event, the gravest first.
    pub fn headline(&self) -> &'static str {
        let [deleted, archived, license, resources] = Self::HEADLINES;
        if self.deleted {
            deleted
        } else if self.archived {
            archived
        } else if self.license.is_some() {
            license
        } else {
            resources
        }
    }
}
