//! The part of Solr's query syntax CKAN clients send to `package_search`, read into a search
//! of the mirrored catalog: words, and `field:value` clauses on `name`, `id`, `tags`,
//! `organization` (or `owner_org`), `title`, `text`, `dataset_type` and a
//! `metadata_modified:[FROM TO UNTIL]` range (`*` for an open end).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::models::datasets::{DatasetSearch, DatasetSort};

/// A query Vitrine cannot read, and why.
pub type QueryError = String;

/// What a search looks through: datasets, unless `fq` asks for `dataset_type:showcase`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// The mirrored catalog's datasets.
    #[default]
    Datasets,
    /// The showcases (reuses), as ckanext-showcase lets a package search find them.
    Showcases,
}

/// Splits `text` into clauses: spaces separate them, except inside quotes and brackets.
fn clauses(text: &str) -> Vec<String> {
    let (mut clauses, mut current, mut quoted, mut depth) = (Vec::new(), String::new(), false, 0);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' | '{' if !quoted => depth += 1,
            ']' | '}' if !quoted => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && !quoted && depth <= 0 {
            if !current.is_empty() {
                clauses.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        clauses.push(current);
    }
    clauses
}

fn unquoted(value: &str) -> String {
    value.trim_matches('"').to_owned()
}

/// A time of a range's end: RFC 3339, a date-time without zone (UTC), a date, or Solr's `NOW`.
fn time(text: &str) -> Result<Option<DateTime<Utc>>, QueryError> {
    let text = text.trim();
    if text == "*" {
        return Ok(None);
    }
    if text.eq_ignore_ascii_case("NOW") {
        return Ok(Some(Utc::now()));
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Ok(Some(at.and_utc()));
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day.and_hms_opt(0, 0, 0).map(|at| at.and_utc()));
    }
    Err(format!(
        "{text:?} is not a time (use 2024-01-31T00:00:00Z, a date, NOW or *)"
    ))
}

/// Adds one clause to `search`.
fn add_clause(
    search: &mut DatasetSearch,
    target: &mut Target,
    clause: &str,
    words: &mut Vec<String>,
) -> Result<(), QueryError> {
    let negated = clause.starts_with('-');
    let clause = clause.trim_start_matches(['+', '-']);
    if clause.is_empty() || clause == "*:*" || clause == "*" {
        return Ok(());
    }
    let Some((field, value)) = clause.split_once(':') else {
        words.push(unquoted(clause));
        return Ok(());
    };
    let value = unquoted(value);
    match (field, negated) {
        // Showcases are left out of package searches, as ckanext-showcase does.
        ("dataset_type", true) if value == "showcase" => {}
        ("dataset_type", false) if value == "dataset" => *target = Target::Datasets,
        ("dataset_type", false) if value == "showcase" => *target = Target::Showcases,
        ("dataset_type", _) => {
            return Err(format!("{clause:?}: the types are dataset and showcase"));
        }
        (_, true) => return Err(format!("negative clauses are not supported: -{clause}")),
        ("name", _) => search.slugs.push(value),
        ("id", _) => search.ids.push(value),
        ("tags", _) => search.filter.tags.push(value),
        ("organization" | "owner_org", _) => search.filter.organization = Some(value),
        ("title" | "text", _) => words.push(value),
        ("metadata_modified", _) => {
            let range = value
                .trim_start_matches(['[', '{'])
                .trim_end_matches([']', '}']);
            let Some((from, until)) = range.split_once(" TO ") else {
                return Err(format!(
                    "{clause:?} is not a range like [2024-01-01T00:00:00Z TO *]"
                ));
            };
            search.modified_since = time(from)?;
            search.modified_until = time(until)?;
        }
        _ => {
            return Err(format!(
                "the field {field:?} cannot be searched here (name, id, tags, organization, title, text, metadata_modified can)"
            ));
        }
    }
    Ok(())
}

/// The search `q` and `fq` ask for, and what it looks through, in the order `sort` names (CKAN's `field direction`,
/// several separated by commas: the first Vitrine knows is used; relevance is read as the
/// default order).
pub fn read(
    q: Option<&str>,
    fq: Option<&str>,
    sort: Option<&str>,
) -> Result<(DatasetSearch, Target), QueryError> {
    let mut search = DatasetSearch::default();
    let mut target = Target::default();
    let mut words = Vec::new();
    for text in [q, fq].into_iter().flatten() {
        for clause in clauses(text) {
            add_clause(&mut search, &mut target, &clause, &mut words)?;
        }
    }
    if !words.is_empty() {
        search.filter.q = Some(words.join(" "));
    }
    if let Some(sort) = sort {
        search.sort = sort_order(sort)?;
    }
    Ok((search, target))
}

fn sort_order(sort: &str) -> Result<DatasetSort, QueryError> {
    use DatasetSort::*;
    for part in sort.split(',') {
        let mut words = part.split_whitespace();
        let field = words.next().unwrap_or_default();
        let descending = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => return Err(format!("{other:?} is not a direction (asc or desc)")),
        };
        let order = match (field, descending) {
            ("score", _) => continue,
            ("metadata_modified", true) => ModifiedDesc,
            ("metadata_modified", false) => ModifiedAsc,
            ("metadata_created", true) => CreatedDesc,
            ("metadata_created", false) => CreatedAsc,
            ("title_string" | "title", false) => TitleAsc,
            ("title_string" | "title", true) => TitleDesc,
            ("name", false) => NameAsc,
            ("name", true) => NameDesc,
            _ => {
                return Err(format!(
                    "cannot sort by {field:?} (metadata_modified, metadata_created, title_string, name can)"
                ));
            }
        };
        return Ok(order);
    }
    Ok(ModifiedDesc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_fields_and_filters() {
        let (search, target) = read(
            Some("arbres name:trees-of-paris"),
            Some("+organization:ville-de-paris tags:\"street trees\" -dataset_type:showcase"),
            Some("score desc, metadata_modified asc"),
        )
        .unwrap();
        assert_eq!(search.filter.q.as_deref(), Some("arbres"));
        assert_eq!(search.slugs, ["trees-of-paris"]);
        assert_eq!(
            search.filter.organization.as_deref(),
            Some("ville-de-paris")
        );
        assert_eq!(search.filter.tags, ["street trees"]);
        assert_eq!(search.sort, DatasetSort::ModifiedAsc);
        assert_eq!(target, Target::Datasets);
    }

    #[test]
    fn reads_a_modification_range() {
        let (search, _) = read(
            None,
            Some("metadata_modified:[2024-01-01T00:00:00Z TO *]"),
            None,
        )
        .unwrap();
        assert_eq!(
            search.modified_since.unwrap().to_rfc3339(),
            "2024-01-01T00:00:00+00:00"
        );
        assert!(search.modified_until.is_none());
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(read(Some("res_format:CSV"), None, None).is_err());
        assert!(read(None, None, Some("views desc")).is_err());
        assert!(read(None, Some("dataset_type:harvest"), None).is_err());
        assert!(read(Some("*:*"), None, None).unwrap().0.filter.q.is_none());
    }

    #[test]
    fn a_package_search_may_look_through_the_showcases() {
        let (search, target) = read(
            Some("carte"),
            Some("dataset_type:showcase tags:vaccins"),
            None,
        )
        .unwrap();
        assert_eq!(target, Target::Showcases);
        assert_eq!(search.filter.q.as_deref(), Some("carte"));
        assert_eq!(search.filter.tags, ["vaccins"]);
    }
}
