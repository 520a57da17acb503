//! Gathering of a parser's rows into [`Parsed`], with rows of an id seen before rejected.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{CatalogDataset, Parsed, RejectedRow};

/// Gathers the results of a format's parser; [`Collector::finish`] then rejects
/// every dataset whose id was already seen earlier in the file.
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
        match row {
            Ok(dataset) => {
                self.datasets.push(dataset);
                self.lines.push(line);
            }
            Err(reason) => self.reject(line, reason),
        }
    }

    fn reject(&mut self, line: u64, reason: String) {
        self.rejected.push(RejectedRow {
            line,
            location: format!("{} {line}", self.unit),
            reason,
        });
    }

    pub(super) fn finish(mut self) -> Parsed {
        let mut duplicates = Vec::new();
        {
            let mut first_seen = HashMap::with_capacity(self.datasets.len());
            for (index, (dataset, line)) in self.datasets.iter().zip(&self.lines).enumerate() {
                match first_seen.entry(dataset.id.as_str()) {
                    Entry::Vacant(slot) => {
                        slot.insert(*line);
                    }
                    Entry::Occupied(first) => {
                        let reason = format!(
                            "id \"{}\" was already seen at {} {}",
                            dataset.id,
                            self.unit,
                            first.get()
                        );
                        duplicates.push((index, *line, reason));
                    }
                }
            }
        }
        if !duplicates.is_empty() {
            let mut next = duplicates.iter().map(|(index, _, _)| *index).peekable();
            let mut index = 0;
            self.datasets.retain(|_| {
                let duplicate = next.next_if_eq(&index).is_some();
                index += 1;
                !duplicate
            });
            for (_, line, reason) in duplicates {
                self.reject(line, reason);
            }
            self.rejected.sort_by_key(|row| row.line);
        }
        Parsed {
            datasets: self.datasets,
            rejected: self.rejected,
        }
    }
}
