use super::dates::parse_datetime;
use super::slug::LATIN_EXTENDED_A;
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

#[test]
fn an_item_holding_a_nul_character_is_rejected_with_its_id() {
    let items: Vec<serde_json::Value> = serde_json::from_str(
        r#"[{"id": "a", "title": "Bon"}, {"id": "b", "title": "Mau\u0000vais"},
            {"id": "c", "title": "Bon", "extras": {"note": ["x\u0000"]}}]"#,
    )
    .unwrap();
    let parsed = udata_items(&items);
    let ids: Vec<&str> = parsed.datasets.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    let rejected: Vec<Option<&str>> = parsed.rejected.iter().map(|r| r.id.as_deref()).collect();
    assert_eq!(rejected, [Some("b"), Some("c")]);
    assert!(
        parsed.rejected[0].reason.contains("NUL"),
        "{:?}",
        parsed.rejected
    );
}
