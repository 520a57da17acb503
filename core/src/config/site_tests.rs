//! Unit tests of the site's identity settings.

use std::collections::BTreeMap;
use std::io::Write;

use super::*;

/// The site settings of these `VITRINE_*` variables.
fn site(pairs: &[(&str, &str)]) -> Result<SiteConfig, ConfigError> {
    let env: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    SiteConfig::from_values(&Values::merge(&env, None)?)
}

/// A file holding `bytes`, kept while the handle lives.
fn file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    file
}

/// The key the error of these settings names.
fn refused(pairs: &[(&str, &str)]) -> String {
    site(pairs).unwrap_err().key
}

#[test]
fn the_default_site_is_a_neutral_vitrine() {
    let site = site(&[]).unwrap();
    assert_eq!(site.name, "Vitrine");
    assert!(site.logo.is_none());
    assert_eq!(site.primary_color, Color::default());
    assert!(site.legal_url.is_none() && site.accessibility_url.is_none());
    assert!(site.contact_url.is_none() && site.terms_url.is_none());
    let config = super::super::Config::from_sources(&BTreeMap::new(), None).unwrap();
    assert_eq!(config.site.name, "Vitrine");
}

#[test]
fn name_colour_and_links_are_read() {
    let site = site(&[
        ("VITRINE_SITE_NAME", " Open Data Lyon "),
        ("VITRINE_PRIMARY_COLOR", "#C00"),
        (
            "VITRINE_LEGAL_URL",
            "https://data.example.org/mentions-legales",
        ),
        ("VITRINE_ACCESSIBILITY_URL", "http://data.example.org/a11y"),
        ("VITRINE_CONTACT_URL", "mailto:opendata@example.org"),
        ("VITRINE_TERMS_URL", "https://data.example.org/cgu"),
    ])
    .unwrap();
    assert_eq!(site.name, "Open Data Lyon");
    assert_eq!(site.primary_color, Color([0xcc, 0, 0]));
    assert_eq!(
        site.contact_url.map(String::from).as_deref(),
        Some("mailto:opendata@example.org")
    );
    assert!(site.legal_url.is_some() && site.accessibility_url.is_some());
    assert!(site.terms_url.is_some());
    let contact = self::site(&[("VITRINE_CONTACT_URL", "https://example.org/contact")]).unwrap();
    assert!(contact.contact_url.is_some());
}

#[test]
fn bad_settings_are_refused_naming_their_variable() {
    for colour in [
        "red",
        "#12345",
        "#gggggg",
        "1f4e79",
        "#1f4e79ff",
        "rgb(1, 2, 3)",
    ] {
        assert_eq!(
            refused(&[("VITRINE_PRIMARY_COLOR", colour)]),
            "VITRINE_PRIMARY_COLOR",
            "{colour}"
        );
    }
    let err = site(&[("VITRINE_PRIMARY_COLOR", "blue")]).unwrap_err();
    assert!(err.to_string().contains("is not a hex colour"), "{err}");
    for key in [
        "VITRINE_LEGAL_URL",
        "VITRINE_ACCESSIBILITY_URL",
        "VITRINE_TERMS_URL",
    ] {
        for bad in [
            "mailto:someone@example.org",
            "javascript:alert(1)",
            "ftp://example.org/",
            "/relative",
        ] {
            assert_eq!(refused(&[(key, bad)]), key, "{bad}");
        }
    }
    for bad in ["javascript:alert(1)", "mailto:nobody", "data.example.org"] {
        assert_eq!(
            refused(&[("VITRINE_CONTACT_URL", bad)]),
            "VITRINE_CONTACT_URL",
            "{bad}"
        );
    }
    let long = "x".repeat(81);
    assert_eq!(
        refused(&[("VITRINE_SITE_NAME", &long)]),
        "VITRINE_SITE_NAME"
    );
    assert_eq!(
        refused(&[("VITRINE_SITE_NAME", "Open\u{7}Data")]),
        "VITRINE_SITE_NAME"
    );
}

#[test]
fn a_remote_logo_must_be_https() {
    let logo = site(&[("VITRINE_SITE_LOGO", "https://cdn.example.org/logo.svg")])
        .unwrap()
        .logo
        .unwrap();
    assert_eq!(logo.src(), "https://cdn.example.org/logo.svg");
    let err = site(&[("VITRINE_SITE_LOGO", "http://cdn.example.org/logo.svg")]).unwrap_err();
    assert_eq!(err.key, "VITRINE_SITE_LOGO");
    assert!(err.reason.contains("https://"), "{err}");
}

#[test]
fn a_local_logo_is_read_once_and_named_after_its_content() {
    let png = file(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let logo = site(&[("VITRINE_SITE_LOGO", png.path().to_str().unwrap())])
        .unwrap()
        .logo
        .unwrap();
    assert_eq!(logo.src(), "/static/logo.png");
    let SiteLogo::Local {
        content_type,
        bytes,
        ..
    } = &logo
    else {
        panic!("{logo:?}");
    };
    assert_eq!(*content_type, "image/png");
    assert_eq!(bytes.len(), 16);
    let cases: [(&[u8], &str); 4] = [
        (
            b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
            "/static/logo.svg",
        ),
        (b"<svg viewBox=\"0 0 1 1\"></svg>", "/static/logo.svg"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "/static/logo.jpg"),
        (b"RIFF\x1a\0\0\0WEBPVP8L\0", "/static/logo.webp"),
    ];
    for (bytes, src) in cases {
        let image = file(bytes);
        let logo = site(&[("VITRINE_SITE_LOGO", image.path().to_str().unwrap())])
            .unwrap()
            .logo
            .unwrap();
        assert_eq!(logo.src(), src);
    }
}

#[test]
fn a_bad_logo_file_is_refused_saying_why() {
    let reason = |pairs: &[(&str, &str)]| {
        let err = site(pairs).unwrap_err();
        assert_eq!(err.key, "VITRINE_SITE_LOGO");
        err.reason
    };
    assert!(
        reason(&[("VITRINE_SITE_LOGO", "no/such/logo.png")]).contains("cannot read"),
        "missing file"
    );
    let gif = file(b"GIF89a\x01\0\x01\0");
    let text = reason(&[("VITRINE_SITE_LOGO", gif.path().to_str().unwrap())]);
    assert!(
        text.contains("is not a PNG, SVG, JPEG or WebP image"),
        "{text}"
    );
    let html = file(b"<html><body>not a logo</body></html>");
    let text = reason(&[("VITRINE_SITE_LOGO", html.path().to_str().unwrap())]);
    assert!(text.contains("is not a PNG"), "{text}");
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(usize::try_from(LOGO_MAX_BYTES).unwrap() + 1, 0);
    let big = file(&big);
    let text = reason(&[("VITRINE_SITE_LOGO", big.path().to_str().unwrap())]);
    assert!(text.contains("1 MB at most"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let text = reason(&[("VITRINE_SITE_LOGO", dir.path().to_str().unwrap())]);
    assert!(text.contains("is not a file"), "{text}");
}
