use super::super::{Format, ImportError, parse_bytes, slugify};

/// data.gouv.fr's layout, 18 datasets (copy of `catalog-sample.udata.csv`).
const SAMPLE: &[u8] = include_bytes!("../testdata/catalog-sample.udata.csv");

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
    let coverage = d.temporal_coverage.as_ref().unwrap();
    assert_eq!(
        (coverage.start.map(|day| day.to_string()), coverage.end),
        (Some("2020-03-18".to_owned()), None)
    );
    let spatial = d.spatial.as_ref().unwrap();
    assert_eq!(spatial.zones, ["France"]);
    assert_eq!(spatial.granularity.as_deref(), Some("fr:departement"));
    assert_eq!((d.acronym.as_ref(), d.featured), (None, false));
    assert!(d.badges.is_empty());
    assert_eq!(d.resources, None, "the export lists no resources");
    assert_eq!(
        (d.private, d.extras.as_ref(), d.last_update),
        (None, None, None)
    );
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

#[test]
fn udata_columns_beyond_the_basics() {
    let csv = "id;title;acronym;featured;badges;archived;temporal_coverage.start;temporal_coverage.end;spatial.granularity;spatial.zones;spatial.geom;private\n\
        a;Bornes;IRVE;True;pivotal-data, spd;2024-02-01T10:00:00;2020-01-01;2020-12-31;;Lyon,Villeurbanne;\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [4.8, 45.7]}\";False\n\
        b;Nu;;False;;False;;;;;;\n\
        c;Géométrie cassée;;;;;;;;;{oops;\n";
    let parsed = parse_bytes(csv.as_bytes(), Format::UdataCsv).unwrap();
    let a = &parsed.datasets[0];
    assert_eq!(a.acronym.as_deref(), Some("IRVE"));
    assert!(a.featured);
    assert_eq!(a.badges, ["pivotal-data", "spd"]);
    assert!(a.archived);
    assert_eq!(
        a.archived_at.unwrap().to_rfc3339(),
        "2024-02-01T10:00:00+00:00"
    );
    assert_eq!(a.private, Some(false));
    let coverage = a.temporal_coverage.as_ref().unwrap();
    assert_eq!(coverage.end.unwrap().to_string(), "2020-12-31");
    let spatial = a.spatial.as_ref().unwrap();
    assert_eq!(spatial.zones, ["Lyon", "Villeurbanne"]);
    assert_eq!(spatial.granularity, None);
    assert_eq!(spatial.geom.as_ref().unwrap()["type"], "Point");
    let b = &parsed.datasets[1];
    assert_eq!((&b.temporal_coverage, &b.spatial), (&None, &None));
    assert!(!b.archived && b.archived_at.is_none());
    assert_eq!(
        parsed.rejected[0].to_string(),
        "line 4: column \"spatial.geom\" is not GeoJSON"
    );
}
