//! Parsing of data-catalog exports for `vitrine import datasets`.
//!
//! Each supported [`Format`] is read into a format-neutral list of
//! [`CatalogDataset`]s. A row (or JSON item) that cannot be used is not fatal: it is
//! reported in [`Parsed::rejected`] with its location and the reason. Only problems
//! that make the whole file unusable (unreadable, not CSV/JSON, wrong header or
//! shape, a CKAN error answer) are returned as an [`ImportError`].

mod ckan_json;
mod json;
mod udata_csv;
mod udata_json;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Which catalog export a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// data.gouv.fr's dataset CSV export (`;`-separated, one header row).
    UdataCsv,
    /// A page of udata's `/api/1/datasets/` (`{"data": [...]}`) or a list of datasets.
    UdataJson,
    /// A CKAN `package_search` or `package_show` answer, or a list of packages.
    CkanJson,
}

impl Format {
    /// The value name used on the command line (`udata-csv`, `udata-json`, `ckan-json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::UdataCsv => "udata-csv",
            Format::UdataJson => "udata-json",
            Format::CkanJson => "ckan-json",
        }
    }

    /// What a file of this format is, for messages ("a udata CSV export", ...).
    pub fn description(self) -> &'static str {
        match self {
            Format::UdataCsv => "a udata CSV export of datasets",
            Format::UdataJson => "a udata JSON list of datasets",
            Format::CkanJson => "a CKAN JSON API answer",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One dataset as the catalog describes it, before it is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogDataset {
    /// The catalog's id, verbatim (never blank).
    pub id: String,
    /// The title, trimmed (never empty).
    pub title: String,
    /// The slug from the file; when the file has none, `slugify(title)`.
    pub slug: String,
    /// The description (empty when the file has none).
    pub description: String,
    /// The dataset's page on the catalog.
    pub url: Option<String>,
    /// The publishing organization, if any.
    pub organization: Option<CatalogOrganization>,
    /// Tags: lower-cased, trimmed, sorted, unique, empty ones dropped.
    pub tags: Vec<String>,
    /// The license id (or title when the catalog gives no id).
    pub license: Option<String>,
    /// The update frequency as the catalog names it (`daily`, `weekly`, ...).
    pub frequency: Option<String>,
    /// When the dataset was created on the catalog.
    pub created_at: Option<DateTime<Utc>>,
    /// When the dataset was last modified on the catalog.
    pub last_modified: Option<DateTime<Utc>>,
    /// Whether the catalog marks the dataset as archived.
    pub archived: bool,
    /// Whether the catalog marks the dataset as deleted.
    pub deleted: bool,
    /// The id on the harvested remote catalog (udata's `harvest.remote_id`), if any.
    pub remote_id: Option<String>,
}

/// The organization publishing a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogOrganization {
    /// The catalog's id of the organization.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The slug from the file; when the file has none, `slugify(name)`.
    pub slug: String,
}

/// What parsing a file gave: good rows and, per bad row, where and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The usable datasets, in file order.
    pub datasets: Vec<CatalogDataset>,
    /// The rows (or items) that were left out, in file order.
    pub rejected: Vec<RejectedRow>,
}

/// A row (CSV) or item (JSON) that was left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    /// CSV: the 1-based line where the record starts (the header is line 1).
    /// JSON: the 1-based index of the item in the list.
    pub line: u64,
    /// Where the row is, for messages: `"line 12"` or `"item 3"`.
    pub location: String,
    /// Why it was left out, e.g. `column "created_at": "2020-13-45" is not a date`.
    pub reason: String,
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// Errors that make the whole file unusable (nothing should be written).
///
/// `file` is the path given to [`parse_file`], or `"input"` for [`parse_bytes`].
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file's path.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The file has no content at all.
    #[error("{file} is empty (expected {})", format.description())]
    Empty {
        /// The file's name.
        file: String,
        /// The format it was read as.
        format: Format,
    },
    /// The CSV header row lacks a required column.
    #[error("{file} is not a udata CSV export: the header row has no \"{column}\" column{hint}")]
    MissingColumn {
        /// The file's name.
        file: String,
        /// The missing column.
        column: &'static str,
        /// A hint on the likely cause (may be empty).
        hint: String,
    },
    /// The file could not be split into CSV records.
    #[error("{file} could not be read as CSV: {source}")]
    NotCsv {
        /// The file's name.
        file: String,
        /// The CSV reader's error (with its position).
        #[source]
        source: csv::Error,
    },
    /// The file is not valid JSON.
    #[error("{file} is not valid JSON: {source}")]
    NotJson {
        /// The file's name.
        file: String,
        /// The JSON parser's error (with line and column).
        #[source]
        source: serde_json::Error,
    },
    /// The file is JSON but not laid out like the expected export.
    #[error("{file} does not look like {}: {detail}", format.description())]
    UnexpectedShape {
        /// The file's name.
        file: String,
        /// The format it was read as.
        format: Format,
        /// What was found instead.
        detail: String,
    },
    /// The file is a CKAN answer reporting a failure (`"success": false`).
    #[error("{file} is a CKAN error answer, not data: {message}")]
    CkanFailure {
        /// The file's name.
        file: String,
        /// CKAN's error message.
        message: String,
    },
}

/// Reads and parses the file at `path` as `format`.
pub fn parse_file(path: &Path, format: Format) -> Result<Parsed, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    parse_named(&bytes, format, &path.display().to_string())
}

/// Parses the content of a file as `format`; errors name the file `"input"`.
pub fn parse_bytes(bytes: &[u8], format: Format) -> Result<Parsed, ImportError> {
    parse_named(bytes, format, "input")
}

fn parse_named(bytes: &[u8], format: Format, file: &str) -> Result<Parsed, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_owned(),
            format,
        });
    }
    match format {
        Format::UdataCsv => udata_csv::parse(bytes, file),
        Format::UdataJson => udata_json::parse(bytes, file),
        Format::CkanJson => ckan_json::parse(bytes, file),
    }
}

/// Gathers the results of a format's parser; [`Collector::finish`] then rejects
/// every dataset whose id was already seen earlier in the file.
struct Collector {
    datasets: Vec<CatalogDataset>,
    /// The line (or item index) of each dataset.
    lines: Vec<u64>,
    rejected: Vec<RejectedRow>,
    /// `"line"` or `"item"`.
    unit: &'static str,
}

impl Collector {
    fn new(unit: &'static str) -> Self {
        Collector {
            datasets: Vec::new(),
            lines: Vec::new(),
            rejected: Vec::new(),
            unit,
        }
    }

    fn push(&mut self, line: u64, row: Result<CatalogDataset, String>) {
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

    fn finish(mut self) -> Parsed {
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

/// Checks the id (non-blank, kept verbatim) and title (trimmed, non-empty).
fn required_id_title(id: Option<&str>, title: Option<&str>) -> Result<(String, String), String> {
    let id = match id {
        Some(id) if !id.trim().is_empty() => id.to_owned(),
        _ => return Err("the id is missing".to_owned()),
    };
    match title.map(str::trim) {
        Some(title) if !title.is_empty() => Ok((id, title.to_owned())),
        _ => Err("the title is missing".to_owned()),
    }
}

/// `Some(trimmed)` unless blank.
fn non_blank(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The slug given, or `slugify(fallback)` when it is blank.
fn slug_or(slug: Option<&str>, fallback: &str) -> String {
    non_blank(slug).unwrap_or_else(|| slugify(fallback))
}

/// Lower-cases and trims tags, drops empty ones, sorts and removes duplicates.
fn normalize_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = tags
        .into_iter()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                t.to_owned()
            } else {
                t.to_lowercase()
            }
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Parses a catalog date: RFC 3339, a naive ISO date-time (taken as UTC, with or
/// without fractional seconds, `T` or space separated) or a plain `YYYY-MM-DD`.
fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|dt| dt.and_utc());
    }
    // A zone suffix: `Z`, or `+`/`-` after the date part.
    let zoned = s.ends_with(['Z', 'z']) || s.get(10..).is_some_and(|t| t.contains(['+', '-']));
    if zoned {
        DateTime::parse_from_rfc3339(s)
            .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
            .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%z"))
            .ok()
            .map(|dt| dt.with_timezone(&Utc))
    } else if let Some(dt) = parse_naive_iso(s.as_bytes()) {
        Some(dt.and_utc())
    } else {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"))
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
            .ok()
            .map(|dt| dt.and_utc())
    }
}

/// A fast path for the most common form, `YYYY-MM-DDTHH:MM:SS[.fraction]` (`T` or
/// space); `None` for anything else.
fn parse_naive_iso(s: &[u8]) -> Option<NaiveDateTime> {
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = s.get(from..to)?;
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(i, c)| s.get(i) != Some(&c))
        || !matches!(s.get(10), Some(b'T' | b' '))
    {
        return None;
    }
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?;
    let nanos = match s.get(19..) {
        Some([]) => 0,
        Some([b'.', fraction @ ..]) if (1..=9).contains(&fraction.len()) => {
            let value = number(20, s.len())?;
            let scale = 10u32.pow(9 - u32::try_from(fraction.len()).ok()?);
            value * scale
        }
        _ => return None,
    };
    date.and_hms_nano_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?, nanos)
}

/// A date field: blank is `None`, anything else must be a date. `what` names the
/// field in the reason, e.g. `column "created_at"`.
fn date_field(
    value: Option<&str>,
    what: impl fmt::Display,
) -> Result<Option<DateTime<Utc>>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_datetime(s)
            .map(Some)
            .ok_or_else(|| format!("{what}: \"{s}\" is not a date")),
    }
}

/// A flag such as `archived`: blank or false-like is `false`; true-like or a date
/// (the day it was set) is `true`.
fn flag_field(value: Option<&str>, what: impl fmt::Display) -> Result<bool, String> {
    let s = value.map(str::trim).unwrap_or("");
    const FALSE: [&str; 5] = ["", "false", "0", "no", "none"];
    const TRUE: [&str; 3] = ["true", "1", "yes"];
    if FALSE.iter().any(|f| s.eq_ignore_ascii_case(f)) {
        Ok(false)
    } else if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) || parse_datetime(s).is_some() {
        Ok(true)
    } else {
        Err(format!("{what}: \"{s}\" is neither true/false nor a date"))
    }
}

/// Most characters of Latin Extended-A (U+0100 to U+017F) folded to their base
/// letter; `?` marks the ligatures handled apart (`ĳ` → `ij`, `œ` → `oe`).
const LATIN_EXTENDED_A: &str = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkkllllllllllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// The ASCII spelling of a letter with diacritics, for [`slugify`].
pub(crate) fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'ª' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' => "c",
        'È'..='Ë' | 'è'..='ë' => "e",
        'Ì'..='Ï' | 'ì'..='ï' => "i",
        'Ð' | 'ð' => "d",
        'Ñ' | 'ñ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'º' => "o",
        'Ù'..='Ü' | 'ù'..='ü' => "u",
        'Ý' | 'ý' | 'ÿ' => "y",
        'Þ' | 'þ' => "th",
        'ß' | 'ẞ' => "ss",
        'Ĳ' | 'ĳ' => "ij",
        'Œ' | 'œ' => "oe",
        '\u{100}'..='\u{17F}' => {
            let i = c as usize - 0x100;
            return LATIN_EXTENDED_A.get(i..=i);
        }
        _ => return None,
    })
}

/// Turns a title or name into a URL slug: lower-case ASCII letters and digits,
/// accents folded (`é` → `e`, `ç` → `c`, `œ` → `oe`, ...), every other run of
/// characters turned into one `-`, no `-` at either end, at most 255 characters.
pub fn slugify(s: &str) -> String {
    const MAX: usize = 255;
    let mut out = String::with_capacity(s.len().min(MAX));
    let mut dash = false;
    for c in s.chars() {
        if out.len() >= MAX {
            break;
        }
        let mut buf = [0; 4];
        let piece: &str = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase().encode_utf8(&mut buf)
        } else if let Some(folded) = fold_letter(c) {
            folded
        } else {
            // Combining accents (of decomposed text) vanish; anything else separates.
            dash |= !('\u{300}'..='\u{36F}').contains(&c);
            continue;
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(piece);
    }
    out.truncate(MAX);
    let kept = out.trim_end_matches('-').len();
    out.truncate(kept);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn format_value_names_are_kebab_case() {
        use clap::ValueEnum;
        for format in Format::value_variants() {
            let value = format.to_possible_value().unwrap();
            assert_eq!(value.get_name(), format.name());
            assert_eq!(Format::from_str(format.name(), false), Ok(*format));
        }
        let names: Vec<_> = Format::value_variants().iter().map(|f| f.name()).collect();
        assert_eq!(names, ["udata-csv", "udata-json", "ckan-json"]);
    }

    #[test]
    fn slugify_french_titles() {
        assert_eq!(
            slugify("Données hospitalières — COVID-19"),
            "donnees-hospitalieres-covid-19"
        );
        assert_eq!(
            slugify("Ministère de l'Économie, des Finances et de la Relance"),
            "ministere-de-l-economie-des-finances-et-de-la-relance"
        );
        assert_eq!(slugify("Cœur  d’ŒUVRE à Noël"), "coeur-d-oeuvre-a-noel");
        assert_eq!(slugify("Ça Straße ÆØÅ Łódź Ŷ"), "ca-strasse-aeoa-lodz-y");
        assert_eq!(slugify("e\u{301}te\u{301}"), "ete");
        assert_eq!(slugify("  --Hello__World!!  "), "hello-world");
        assert_eq!(slugify("日本語"), "");
        assert_eq!(slugify(""), "");
    }

    #[test]
    fn slugify_caps_length_without_trailing_dash() {
        let long = "ab ".repeat(200);
        let slug = slugify(&long);
        assert!(slug.len() <= 255);
        assert!(!slug.ends_with('-'));
        assert!(slug.starts_with("ab-ab-"));
        assert_eq!(slugify(&"é".repeat(300)).len(), 255);
    }

    #[test]
    fn latin_extended_a_table_is_complete() {
        assert_eq!(LATIN_EXTENDED_A.len(), 128);
        assert!(
            LATIN_EXTENDED_A
                .bytes()
                .all(|b| b == b'?' || b.is_ascii_lowercase())
        );
        assert_eq!(fold_letter('Ā'), Some("a"));
        assert_eq!(fold_letter('ž'), Some("z"));
        assert_eq!(fold_letter('ſ'), Some("s"));
        assert_eq!(fold_letter('Ł'), Some("l"));
        assert_eq!(fold_letter('ő'), Some("o"));
        assert_eq!(fold_letter('Ÿ'), Some("y"));
    }

    #[test]
    fn dates() {
        let day = |s| parse_datetime(s).map(|d| d.to_rfc3339());
        assert_eq!(
            day("2020-03-01T09:00:00"),
            Some("2020-03-01T09:00:00+00:00".into())
        );
        assert_eq!(
            day("2020-03-01T09:00:00.123456"),
            Some("2020-03-01T09:00:00.123456+00:00".into())
        );
        assert_eq!(
            day("2020-03-01 09:00:00"),
            Some("2020-03-01T09:00:00+00:00".into())
        );
        assert_eq!(
            day("2020-03-01T10:00:00+01:00"),
            Some("2020-03-01T09:00:00+00:00".into())
        );
        assert_eq!(
            day("2020-03-01T09:00:00.5Z"),
            Some("2020-03-01T09:00:00.500+00:00".into())
        );
        assert_eq!(day("2020-03-01"), Some("2020-03-01T00:00:00+00:00".into()));
        assert_eq!(
            day("2020-03-01T09:00:00.1"),
            Some("2020-03-01T09:00:00.100+00:00".into())
        );
        assert_eq!(
            day("2020-03-01T09:00:00.123456789"),
            Some("2020-03-01T09:00:00.123456789+00:00".into())
        );
        assert_eq!(
            day("2020-03-01T09:00"),
            Some("2020-03-01T09:00:00+00:00".into())
        );
        for bad in [
            "2020-02-30T09:00:00",
            "2020-03-01T24:00:00",
            "2020-03-01T09:00:00.",
            "2020-03-01T09:00:0x",
            "2020-03-01X09:00:00",
        ] {
            assert_eq!(day(bad), None, "{bad}");
        }
        assert_eq!(day("2020-13-45"), None);
        assert_eq!(day("yesterday"), None);
        assert_eq!(
            date_field(Some("2020-13-45"), "column \"created_at\""),
            Err("column \"created_at\": \"2020-13-45\" is not a date".into())
        );
        assert_eq!(date_field(Some("  "), "x"), Ok(None));
    }

    #[test]
    fn flags() {
        assert_eq!(flag_field(Some("True"), "x"), Ok(true));
        assert_eq!(flag_field(Some("False"), "x"), Ok(false));
        assert_eq!(flag_field(Some(""), "x"), Ok(false));
        assert_eq!(flag_field(None, "x"), Ok(false));
        assert_eq!(flag_field(Some("2021-05-01T00:00:00"), "x"), Ok(true));
        assert!(flag_field(Some("maybe"), "x").is_err());
    }

    #[test]
    fn tags_are_normalized() {
        assert_eq!(
            normalize_tags(["Covid", " santé ", "", "covid", "A"]),
            vec!["a", "covid", "santé"]
        );
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let json = br#"[{"id": "a", "title": "One"}, {"id": "a", "title": "Two"}]"#;
        let parsed = parse_bytes(json, Format::UdataJson).unwrap();
        assert_eq!(parsed.datasets.len(), 1);
        assert_eq!(parsed.datasets[0].title, "One");
        assert_eq!(parsed.rejected.len(), 1);
        assert_eq!(
            parsed.rejected[0].to_string(),
            "item 2: id \"a\" was already seen at item 1"
        );
    }

    #[test]
    fn empty_and_unreadable_files() {
        let err = parse_bytes(b"\xEF\xBB\xBF \n", Format::UdataCsv).err();
        assert!(matches!(err, Some(ImportError::Empty { .. })), "{err:?}");
        let path = Path::new("/nonexistent/vitrine/catalog.csv");
        let err = parse_file(path, Format::UdataCsv).err();
        assert!(
            err.as_ref()
                .is_some_and(|e| e.to_string().starts_with("cannot read /nonexistent")),
            "{err:?}"
        );
    }
}
