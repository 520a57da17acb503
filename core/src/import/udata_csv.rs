//! udata CSV: data.gouv.fr's dataset export, `;`-separated, `"`-quoted, one header
//! row, fields possibly spanning several lines. Columns are found by header name.

use csv::ByteRecord;

use super::{
    CatalogDataset, CatalogOrganization, Collector, ImportError, Parsed, date_field, flag_field,
    non_blank, normalize_tags, required_id_title, slug_or, slugify,
};

/// The columns read, by header name; the others are ignored.
const COLUMNS: [&str; 15] = [
    "id",
    "title",
    "slug",
    "url",
    "organization",
    "organization_id",
    "description",
    "frequency",
    "license",
    "created_at",
    "last_modified",
    "tags",
    "archived",
    "deleted",
    "harvest.remote_id",
];
const ID: usize = 0;
const TITLE: usize = 1;
const SLUG: usize = 2;
const URL: usize = 3;
const ORGANIZATION: usize = 4;
const ORGANIZATION_ID: usize = 5;
const DESCRIPTION: usize = 6;
const FREQUENCY: usize = 7;
const LICENSE: usize = 8;
const CREATED_AT: usize = 9;
const LAST_MODIFIED: usize = 10;
const TAGS: usize = 11;
const ARCHIVED: usize = 12;
const DELETED: usize = 13;
const REMOTE_ID: usize = 14;
/// Columns without which the file is not a dataset export.
const REQUIRED: [usize; 2] = [ID, TITLE];

/// Parses a udata CSV export (without its BOM).
pub(super) fn parse(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .quote(b'"')
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let not_csv = |source| ImportError::NotCsv {
        file: file.to_owned(),
        source,
    };
    let mut record = ByteRecord::new();
    reader.read_byte_record(&mut record).map_err(not_csv)?;
    let width = record.len();
    let columns = header(&record, file)?;
    let mut collector = Collector::new("line");
    // Rows of one organization often follow each other: reuse its slug.
    let mut last_organization = None;
    let mut lines = LineCounter {
        bytes,
        counted: 0,
        line: 1,
    };
    while reader.read_byte_record(&mut record).map_err(not_csv)? {
        let line = lines.line_of(record.position().map_or(0, csv::Position::byte));
        let row = if record.len() == width {
            let row = Row {
                record: &record,
                columns: &columns,
            };
            dataset(&row, &mut last_organization)
        } else {
            let found = record.len();
            let plural = if found == 1 { "" } else { "s" };
            Err(format!(
                "it has {found} field{plural} where the header has {width}"
            ))
        };
        collector.push(line, row);
    }
    Ok(collector.finish())
}

/// Computes the 1-based line where a record starts from its byte offset.
///
/// `csv::Position::line()` cannot be used: after a CRLF record terminator the reader
/// stops at the `\r`, so the next record's position is taken before its `\n` is
/// counted, and every record after the first reports one line too few.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// How many bytes have been scanned for newlines.
    counted: usize,
    /// The line at byte `counted`.
    line: u64,
}

impl LineCounter<'_> {
    fn line_of(&mut self, offset: u64) -> u64 {
        // The offset may point at the end of the previous record's terminator, or at
        // skipped empty lines: the record starts at the first other byte.
        let mut start = usize::try_from(offset).unwrap_or(usize::MAX);
        while let Some(b'\r' | b'\n') = self.bytes.get(start) {
            start += 1;
        }
        if let Some(scanned) = self.bytes.get(self.counted..start) {
            let newlines = scanned.iter().filter(|&&b| b == b'\n').count();
            self.line += newlines as u64;
            self.counted = start;
        }
        self.line
    }
}

/// Finds the index of each column of [`COLUMNS`] in the header row.
fn header(record: &ByteRecord, file: &str) -> Result<[Option<usize>; COLUMNS.len()], ImportError> {
    let mut columns = [None; COLUMNS.len()];
    for (index, name) in record.iter().enumerate() {
        let name = name.trim_ascii();
        let known = COLUMNS
            .iter()
            .position(|column| name.eq_ignore_ascii_case(column.as_bytes()));
        if let Some(slot) = known.and_then(|known| columns.get_mut(known)) {
            slot.get_or_insert(index);
        }
    }
    for required in REQUIRED {
        if columns[required].is_none() {
            let single = record.len() == 1;
            let hint = match record.get(0) {
                Some(only) if single && only.contains(&b',') => {
                    " (the header has a single column: is the file `,`-separated instead of `;`?)"
                }
                _ => "",
            };
            return Err(ImportError::MissingColumn {
                file: file.to_owned(),
                column: COLUMNS[required],
                hint: hint.to_owned(),
            });
        }
    }
    Ok(columns)
}

/// A data record with the header's column positions.
struct Row<'r> {
    record: &'r ByteRecord,
    columns: &'r [Option<usize>; COLUMNS.len()],
}

impl<'r> Row<'r> {
    /// The text of column `column`, `None` when the file has no such column.
    fn get(&self, column: usize) -> Result<Option<&'r str>, String> {
        let Some(bytes) = self.columns[column].and_then(|index| self.record.get(index)) else {
            return Ok(None);
        };
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| format!("column \"{}\" is not valid UTF-8", COLUMNS[column]))
    }

    /// The text of a column, `None` when absent or blank.
    fn text(&self, column: usize) -> Result<Option<String>, String> {
        Ok(non_blank(self.get(column)?))
    }

    fn date(&self, column: usize) -> Result<Option<chrono::DateTime<chrono::Utc>>, String> {
        date_field(
            self.get(column)?,
            format_args!("column \"{}\"", COLUMNS[column]),
        )
    }

    fn flag(&self, column: usize) -> Result<bool, String> {
        flag_field(
            self.get(column)?,
            format_args!("column \"{}\"", COLUMNS[column]),
        )
    }
}

/// Converts one data record.
///
/// `last_organization` is the organization of the previous row that had one.
fn dataset(
    row: &Row<'_>,
    last_organization: &mut Option<CatalogOrganization>,
) -> Result<CatalogDataset, String> {
    let (id, title) = required_id_title(row.get(ID)?, row.get(TITLE)?)?;
    let slug = slug_or(row.get(SLUG)?, &title);
    let organization = match row.get(ORGANIZATION_ID)?.map(str::trim) {
        Some(id) if !id.is_empty() => {
            let name = row
                .get(ORGANIZATION)?
                .map(str::trim)
                .filter(|n| !n.is_empty());
            let name = name.unwrap_or(id);
            match last_organization {
                Some(last) if last.id == id && last.name == name => Some(last.clone()),
                _ => {
                    let organization = CatalogOrganization {
                        id: id.to_owned(),
                        name: name.to_owned(),
                        slug: slugify(name),
                    };
                    *last_organization = Some(organization.clone());
                    Some(organization)
                }
            }
        }
        _ => None,
    };
    Ok(CatalogDataset {
        id,
        slug,
        description: row.get(DESCRIPTION)?.unwrap_or_default().to_owned(),
        url: row.text(URL)?,
        organization,
        tags: normalize_tags(row.get(TAGS)?.unwrap_or_default().split(',')),
        license: row.text(LICENSE)?,
        frequency: row.text(FREQUENCY)?,
        created_at: row.date(CREATED_AT)?,
        last_modified: row.date(LAST_MODIFIED)?,
        archived: row.flag(ARCHIVED)?,
        deleted: row.flag(DELETED)?,
        remote_id: row.text(REMOTE_ID)?,
        title,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::{Format, ImportError, parse_bytes, slugify};

    /// data.gouv.fr's layout, 18 datasets (copy of `catalog-sample.udata.csv`).
    const SAMPLE: &[u8] = include_bytes!("testdata/catalog-sample.udata.csv");

    #[test]
    fn the_sample_export_parses_entirely() {
        let parsed = parse_bytes(SAMPLE, Format::UdataCsv).unwrap();
        assert_eq!(parsed.rejected, []);
        assert_eq!(parsed.datasets.len(), 18);
        let d = parsed
            .datasets
            .iter()
            .find(|d| d.id == "42804b1b55038d46830fe1b1")
            .unwrap();
        assert_eq!(
            d.title,
            "Données hospitalières relatives à l'épidémie de COVID-19"
        );
        assert_eq!(
            d.slug,
            "donnees-hospitalieres-relatives-a-l-epidemie-de-covid-19"
        );
        assert!(d.description.contains("\n\nMis à jour : quotidienne."));
        assert_eq!(
            d.url.as_deref(),
            Some(
                "https://www.data.gouv.fr/fr/datasets/donnees-hospitalieres-relatives-a-l-epidemie-de-covid-19/"
            )
        );
        let org = d.organization.as_ref().unwrap();
        assert_eq!(org.id, "83920052c63b2be3dbfb4889");
        assert_eq!(org.name, "Santé publique France");
        assert_eq!(org.slug, "sante-publique-france");
        assert_eq!(d.tags, vec!["covid", "epidemie", "hopital", "sante"]);
        assert_eq!(d.license.as_deref(), Some("lov2"));
        assert_eq!(d.frequency.as_deref(), Some("daily"));
        assert_eq!(
            d.created_at.unwrap().to_rfc3339(),
            "2020-03-01T09:00:00+00:00"
        );
        assert_eq!(
            d.last_modified.unwrap().to_rfc3339(),
            "2021-11-01T18:00:00+00:00"
        );
        assert!(!d.archived && !d.deleted);
        assert_eq!(d.remote_id, None);
        // The export's slugs are those `slugify` makes from the titles.
        for d in &parsed.datasets {
            assert_eq!(slugify(&d.title), d.slug);
            assert!(d.tags.iter().any(|t| t == "covid" || t == "sante"));
        }
    }

    #[test]
    fn the_sample_parses_without_its_bom_and_with_lf_endings() {
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SAMPLE].concat();
        let lf = String::from_utf8(SAMPLE.to_vec())
            .unwrap()
            .replace("\r\n", "\n");
        let expected = parse_bytes(SAMPLE, Format::UdataCsv).unwrap();
        assert_eq!(parse_bytes(&with_bom, Format::UdataCsv).unwrap(), expected);
        assert_eq!(
            parse_bytes(lf.as_bytes(), Format::UdataCsv).unwrap(),
            expected
        );
    }

    const BROKEN: &str = "\u{feff}\"id\";\"title\";\"slug\";\"organization\";\"organization_id\";\"description\";\"created_at\";\"tags\";\"archived\";\"harvest.remote_id\"\r
\"a1\";\"Premier jeu\";\"\";\"Ville\";\"o1\";\"Ligne un\r
ligne deux\r
ligne trois\";\"2020-03-01T09:00:00\";\"B, a ,,A\";\"False\";\"r-1\"\r
\"a2\";\"Deuxième\";\"deux\";\"\";\"\";\"\";\"2020-03-01\";\"\";\"2022-01-01T00:00:00\";\"\"\r
\"a3\";\"Date cassée\";\"\";\"\";\"\";\"\";\"2020-13-45\";\"\";\"False\";\"\"\r
\"a4\";\"Trop court\";\"\"\r
\"a5\";\" \";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\"\r
\"a6\";\"Sixième\";\"\";\"\";\"\";\"Avec \"\"guillemets\"\"\r
et ; point-virgule\";\"2020-03-01T09:00:00+02:00\";\"\";\"True\";\"\"\r
\"a7\";\"Archivé ?\";\"\";\"\";\"\";\"\";\"\";\"\";\"peut-être\";\"\"\r
\"a2\";\"Doublon\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\"\r
\"a9\";\"Dernier\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\"";

    #[test]
    fn bad_rows_are_rejected_with_their_starting_line() {
        let parsed = parse_bytes(BROKEN.as_bytes(), Format::UdataCsv).unwrap();
        let ids: Vec<_> = parsed.datasets.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a2", "a6", "a9"]);
        let rejected: Vec<_> = parsed
            .rejected
            .iter()
            .map(|r| (r.line, r.to_string()))
            .collect();
        assert_eq!(
            rejected,
            [
                (
                    6,
                    "line 6: column \"created_at\": \"2020-13-45\" is not a date".to_owned()
                ),
                (
                    7,
                    "line 7: it has 3 fields where the header has 10".to_owned()
                ),
                (8, "line 8: the title is missing".to_owned()),
                (
                    11,
                    "line 11: column \"archived\": \"peut-être\" is neither true/false nor a date"
                        .to_owned()
                ),
                (
                    12,
                    "line 12: id \"a2\" was already seen at line 5".to_owned()
                ),
            ]
        );

        // Same lines with LF endings, and with blank lines (skipped) at the top.
        for variant in [
            BROKEN.replace("\r\n", "\n"),
            BROKEN.replacen("\r\n", "\r\n\r\n\n", 1),
        ] {
            let shift = u64::from(variant.contains("\n\r\n\n")) * 2;
            let lines: Vec<_> = parse_bytes(variant.as_bytes(), Format::UdataCsv)
                .unwrap()
                .rejected
                .iter()
                .map(|r| r.line)
                .collect();
            assert_eq!(lines, [6, 7, 8, 11, 12].map(|l| l + shift));
        }

        let a1 = &parsed.datasets[0];
        assert_eq!(a1.slug, "premier-jeu");
        assert_eq!(a1.description, "Ligne un\r\nligne deux\r\nligne trois");
        assert_eq!(a1.tags, vec!["a", "b"]);
        assert_eq!(a1.remote_id.as_deref(), Some("r-1"));
        let org = a1.organization.as_ref().unwrap();
        assert_eq!((org.id.as_str(), org.slug.as_str()), ("o1", "ville"));
        let a2 = &parsed.datasets[1];
        assert!(a2.archived);
        assert!(a2.organization.is_none());
        assert_eq!(a2.url, None);
        assert_eq!(
            a2.created_at.unwrap().to_rfc3339(),
            "2020-03-01T00:00:00+00:00"
        );
        let a6 = &parsed.datasets[2];
        assert_eq!(a6.description, "Avec \"guillemets\"\r\net ; point-virgule");
        assert_eq!(
            a6.created_at.unwrap().to_rfc3339(),
            "2020-03-01T07:00:00+00:00"
        );
        assert!(a6.archived);
    }

    #[test]
    fn a_header_without_id_or_title_makes_the_file_unusable() {
        let err = parse_bytes(b"\"title\";\"slug\"\n\"T\";\"t\"\n", Format::UdataCsv).unwrap_err();
        assert!(matches!(
            err,
            ImportError::MissingColumn { column: "id", .. }
        ));
        assert_eq!(
            err.to_string(),
            "input is not a udata CSV export: the header row has no \"id\" column"
        );
        let err = parse_bytes(b"id,title\n1,T\n", Format::UdataCsv).unwrap_err();
        assert!(
            err.to_string().contains("is the file `,`-separated"),
            "{err}"
        );
        let err = parse_bytes(b"ID ; Slug\n", Format::UdataCsv).unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::MissingColumn {
                    column: "title",
                    ..
                }
            ),
            "{err}"
        );
        let only_header = parse_bytes(b"id;title\n", Format::UdataCsv).unwrap();
        assert_eq!(only_header, Default::default());
    }

    #[test]
    fn invalid_utf8_rejects_the_row_only() {
        let csv = b"id;title\na;Bon\nb;Mauvais \xE9t\xE9\nc;Bon aussi\n";
        let parsed = parse_bytes(csv, Format::UdataCsv).unwrap();
        assert_eq!(parsed.datasets.len(), 2);
        assert_eq!(
            parsed.rejected[0].to_string(),
            "line 3: column \"title\" is not valid UTF-8"
        );
    }
}
