//! Gathering of a parser's rows into [`Parsed`], with rows of an id (or a resource id) seen
//! before rejected.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::{CatalogDataset, Parsed, RejectedRow};

/// Gathers the results of a format's parser; [`Collector::finish`] then rejects
/// every dataset whose id (or a resource id) was already seen earlier in the file.
pub(super) struct Collector {
    datasets: Vec<CatalogDataset>,
    /// The line (or item index) of each dataset.
    lines: Vec<u64>,
    rejected: Vec<RejectedRow>,
    /// `"line"` or `"item"`.
    unit: &'static str,
}

impl Collector {
    pub(super) fn new(unit: &'static str) -> Self {
        Collector {
            datasets: Vec::new(),
            lines: Vec::new(),
            rejected: Vec::new(),
            unit,
        }
    }

    pub(super) fn push(&mut self, line: u64, row: Result<CatalogDataset, String>) {
        self.push_with_id(line, None, row);
    }

    /// As [`Collector::push`], naming the dataset a rejected row is about when it is known.
    pub(super) fn push_with_id(
        &mut self,
        line: u64,
        id: Option<String>,
        row: Result<CatalogDataset, String>,
    ) {
        match row {
            Ok(dataset) => {
                self.datasets.push(dataset);
                self.lines.push(line);
            }
            Err(reason) => self.reject(line, id, reason),
        }
    }

    fn reject(&mut self, line: u64, id: Option<String>, reason: String) {
        self.rejected.push(RejectedRow {
            line,
            location: format!("{} {line}", self.unit),
            id,
            reason,
        });
    }

    /// Rejects every dataset whose id, or one of whose resource ids, an earlier dataset of
    /// the file holds (resource ids are unique across the catalog), or that lists a resource
    /// twice.
    pub(super) fn finish(mut self) -> Parsed {
        let mut clashes = Vec::new();
        {
            let mut datasets_seen = HashMap::with_capacity(self.datasets.len());
            let mut resources_seen: HashMap<&str, u64> = HashMap::new();
            for (index, (dataset, line)) in self.datasets.iter().zip(&self.lines).enumerate() {
                let clash = match datasets_seen.entry(dataset.id.as_str()) {
                    Entry::Occupied(first) => Some(format!(
                        "id \"{}\" was already seen at {} {}",
                        dataset.id,
                        self.unit,
                        first.get()
                    )),
                    Entry::Vacant(_) => self.resource_clash(dataset, &resources_seen),
                };
                match clash {
                    Some(reason) => clashes.push((index, *line, dataset.id.clone(), reason)),
                    None => {
                        datasets_seen.insert(dataset.id.as_str(), *line);
                        for resource in dataset.resources.iter().flatten() {
                            resources_seen.insert(resource.id.as_str(), *line);
                        }
                    }
                }
            }
        }
        if !clashes.is_empty() {
            let mut next = clashes.iter().map(|(index, _, _, _)| *index).peekable();
            let mut index = 0;
            self.datasets.retain(|_| {
                let clash = next.next_if_eq(&index).is_some();
                index += 1;
                !clash
            });
            for (_, line, id, reason) in clashes {
                self.reject(line, Some(id), reason);
            }
            self.rejected.sort_by_key(|row| row.line);
        }
        Parsed {
            datasets: self.datasets,
            rejected: self.rejected,
        }
    }

    /// Why the resources of `dataset` cannot be kept beside those already seen, if they cannot.
    fn resource_clash(
        &self,
        dataset: &CatalogDataset,
        seen: &HashMap<&str, u64>,
    ) -> Option<String> {
        let mut own = HashSet::new();
        for resource in dataset.resources.iter().flatten() {
            if let Some(first) = seen.get(resource.id.as_str()) {
                return Some(format!(
                    "resource id \"{}\" was already seen at {} {first}",
                    resource.id, self.unit
                ));
            }
            if !own.insert(resource.id.as_str()) {
                return Some(format!("resource id \"{}\" is listed twice", resource.id));
            }
        }
        None
    }
}
