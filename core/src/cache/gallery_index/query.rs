//! Answering one page of the reuse list from a gallery index: filters, words to search for and
//! sort, without the database.

use std::collections::HashMap;

use super::{GalleryIndex, IndexPage, Interned, Keys, NONE, SORT_KEYS};
use crate::models::paging::Paging;
use crate::models::reuses::list::ReuseFilter;
use crate::models::text::normalize_tags;
use crate::search::Lexeme;

/// What a filter keeps of an index.
enum Selection {
    Nothing,
    /// The keys wanted, and the entries of the tags, dataset or words named (all of them
    /// kept), or `None` for the whole catalog.
    Some(Wanted, Option<Vec<u32>>),
}

/// The keys a filter wants, interned (`None`: any).
struct Wanted {
    kind: Option<u8>,
    topic: Option<u8>,
    organization: Option<u32>,
    owner: Option<u32>,
    featured: Option<bool>,
    archived: Option<bool>,
}

impl Wanted {
    fn keeps(&self, entry: &Keys) -> bool {
        self.kind.is_none_or(|kind| entry.kind == kind)
            && self.topic.is_none_or(|topic| entry.topic == topic)
            && self
                .organization
                .is_none_or(|organization| entry.organization == organization)
            && self.owner.is_none_or(|owner| entry.owner == owner)
            && self
                .featured
                .is_none_or(|featured| entry.featured == featured)
            && self
                .archived
                .is_none_or(|archived| entry.archived == archived)
    }
}

impl GalleryIndex {
    /// One page of `filter` sorted by `sort` (an index of [`SORT_KEYS`]), or `None` when the
    /// index cannot answer it: words to search for without their `lexemes` (see
    /// [`lexemes_of`]), or on a database that has none. The organization filter must already
    /// be an organization id.
    ///
    /// [`lexemes_of`]: crate::search::lexemes_of
    pub fn page(
        &self,
        filter: &ReuseFilter,
        lexemes: Option<&[Lexeme]>,
        sort: usize,
        descending: bool,
        paging: Paging,
    ) -> Option<IndexPage> {
        if sort >= SORT_KEYS.len() {
            return None;
        }
        let empty = IndexPage {
            ids: Vec::new(),
            total: 0,
        };
        let (wanted, listed) = match self.select(filter, lexemes)? {
            Selection::Nothing => return Some(empty),
            Selection::Some(wanted, listed) => (wanted, listed),
        };
        let keeps = |at: u32| wanted.keeps(&self.keys[at as usize]);
        let (first, size) = (
            usize::try_from(paging.offset()).unwrap_or(usize::MAX),
            usize::try_from(paging.page_size).unwrap_or(usize::MAX),
        );
        if let Some(mut matches) = listed {
            // A tag or a dataset: a few thousand reuses at most, gathered, then sorted.
            matches.sort_unstable_by_key(|&at| self.ranks[at as usize][sort]);
            if descending {
                matches.reverse();
            }
            let total = matches.len();
            return Some(self.page_of(matches.into_iter().skip(first).take(size), total));
        }
        // The whole catalog, or a type or topic of it: counted in one pass over the packed
        // keys, and walked in sort order until the page is full.
        let total = (0..u32::try_from(self.keys.len()).unwrap_or(NONE))
            .filter(|&at| keeps(at))
            .count();
        let order = &self.orders[sort];
        let matching = |at: &&u32| keeps(**at);
        let picked: Vec<u32> = if descending {
            order
                .iter()
                .rev()
                .filter(matching)
                .skip(first)
                .take(size)
                .copied()
                .collect()
        } else {
            order
                .iter()
                .filter(matching)
                .skip(first)
                .take(size)
                .copied()
                .collect()
        };
        Some(self.page_of(picked.into_iter(), total))
    }

    /// How many reuses of each type match `filter` whatever its type (one pass over what the
    /// other filters leave), by type id; `None` when the index cannot answer (see [`page`]).
    ///
    /// [`page`]: Self::page
    pub fn type_counts(
        &self,
        filter: &ReuseFilter,
        lexemes: Option<&[Lexeme]>,
    ) -> Option<HashMap<String, u64>> {
        let any_type = ReuseFilter {
            kind: None,
            ..filter.clone()
        };
        self.counts(&any_type, lexemes, |keys| keys.kind, &self.kinds)
    }

    /// How many reuses of each topic match `filter` whatever its topic, by topic id, as
    /// [`type_counts`](Self::type_counts) counts types.
    pub fn topic_counts(
        &self,
        filter: &ReuseFilter,
        lexemes: Option<&[Lexeme]>,
    ) -> Option<HashMap<String, u64>> {
        let any_topic = ReuseFilter {
            topic: None,
            ..filter.clone()
        };
        self.counts(&any_topic, lexemes, |keys| keys.topic, &self.topics)
    }

    /// How many entries `filter` keeps for each value of the small key `key`, by name.
    fn counts(
        &self,
        filter: &ReuseFilter,
        lexemes: Option<&[Lexeme]>,
        key: impl Fn(&Keys) -> u8,
        names: &Interned,
    ) -> Option<HashMap<String, u64>> {
        let mut by_number = [0u64; 256];
        match self.select(filter, lexemes)? {
            Selection::Nothing => {}
            Selection::Some(_, Some(listed)) => {
                for at in listed {
                    by_number[usize::from(key(&self.keys[at as usize]))] += 1;
                }
            }
            Selection::Some(wanted, None) => {
                for entry in self.keys.iter().filter(|entry| wanted.keeps(entry)) {
                    by_number[usize::from(key(entry))] += 1;
                }
            }
        }
        Some(
            names
                .0
                .iter()
                .filter_map(|(name, &number)| {
                    let count = by_number[usize::try_from(number).ok().filter(|n| *n < 255)?];
                    Some((name.to_string(), count))
                })
                .collect(),
        )
    }

    /// What `filter` keeps: nothing, or the entries' keys it wants and, when it names tags,
    /// a dataset or words, the entries (unsorted) that have them and those keys; `None` when
    /// the index cannot answer (words without their lexemes, or no lexemes kept).
    fn select(&self, filter: &ReuseFilter, lexemes: Option<&[Lexeme]>) -> Option<Selection> {
        let searching = filter.q.as_deref().is_some_and(|q| !q.trim().is_empty());
        if searching && lexemes.is_none() {
            return None;
        }
        let matching_words = match lexemes.filter(|_| searching) {
            Some(lexemes) => Some(self.with_lexemes(lexemes)?),
            None => None,
        };
        // Anonymous visitors see no private reuse.
        if filter.private == Some(true) {
            return Some(Selection::Nothing);
        }
        let interned = |value: &Option<String>, interned: &Interned| {
            value.as_deref().map(|value| interned.get(value))
        };
        let small = |value: Option<u32>| value.map(|value| u8::try_from(value).unwrap_or(u8::MAX));
        let wanted = Wanted {
            kind: small(interned(&filter.kind, &self.kinds)),
            topic: small(interned(&filter.topic, &self.topics)),
            organization: interned(&filter.organization, &self.organizations),
            owner: interned(&filter.owner, &self.owners),
            featured: filter.featured,
            archived: filter.archived,
        };
        if wanted.kind == Some(u8::MAX) || wanted.topic == Some(u8::MAX) {
            // Not in the catalog, or more types or topics than the keys tell apart.
            return (self.kinds.0.len() < 255 && self.topics.0.len() < 255)
                .then_some(Selection::Nothing);
        }
        let mut lists: Vec<&Vec<u32>> = Vec::new();
        if let Some(words) = &matching_words {
            if words.is_empty() {
                return Some(Selection::Nothing);
            }
            lists.extend(words.iter());
        }
        for tag in normalize_tags(&filter.tags) {
            match self.by_tag.get(tag.as_str()) {
                Some(list) => lists.push(list),
                None => return Some(Selection::Nothing),
            }
        }
        if let Some(dataset) = &filter.dataset {
            match self.by_dataset.get(dataset.as_str()) {
                Some(list) => lists.push(list),
                None => return Some(Selection::Nothing),
            }
        }
        let listed = lists.iter().min_by_key(|list| list.len()).map(|shortest| {
            shortest
                .iter()
                .copied()
                .filter(|at| lists.iter().all(|list| list.binary_search(at).is_ok()))
                .filter(|&at| wanted.keeps(&self.keys[at as usize]))
                .collect()
        });
        Some(Selection::Some(wanted, listed))
    }

    /// For each lexeme, the entries that have it (or a lexeme it is a prefix of); `None`
    /// without lexemes of the text-search vectors. No lexeme at all (stop words only) matches
    /// nothing: an empty list.
    fn with_lexemes(&self, lexemes: &[Lexeme]) -> Option<Vec<Vec<u32>>> {
        let by_lexeme = self.by_lexeme.as_ref()?;
        if lexemes.is_empty() {
            return Some(Vec::new());
        }
        Some(
            lexemes
                .iter()
                .map(|lexeme| {
                    let wanted = lexeme.text.as_bytes();
                    let from = by_lexeme.partition_point(|(known, _)| known.as_bytes() < wanted);
                    let mut entries: Vec<u32> = by_lexeme[from..]
                        .iter()
                        .take_while(|(known, _)| {
                            if lexeme.prefix {
                                known.as_bytes().starts_with(wanted)
                            } else {
                                known.as_bytes() == wanted
                            }
                        })
                        .flat_map(|(_, list)| list.iter().copied())
                        .collect();
                    entries.sort_unstable();
                    entries.dedup();
                    entries
                })
                .collect(),
        )
    }

    fn page_of(&self, picked: impl Iterator<Item = u32>, total: usize) -> IndexPage {
        IndexPage {
            ids: picked.map(|at| self.ids[at as usize].to_string()).collect(),
            total: u64::try_from(total).unwrap_or(u64::MAX),
        }
    }
}
