//! Unit tests of reading and checking the configuration.

use super::*;
use std::collections::BTreeMap;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn defaults_are_the_embedded_ones() {
    let config = Config::from_sources(&env(&[]), None).unwrap();
    assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
    assert_eq!(config.database_url, "sqlite://data/vitrine.db?mode=rwc");
    assert!(config.redis_url.is_none() && config.smtp_url.is_none());
    assert_eq!(config.public_url.as_str(), "http://127.0.0.1:8080/");
}

#[test]
fn a_bad_value_names_its_key() {
    let err = Config::from_sources(&env(&[("VITRINE_BIND", "nowhere")]), None).unwrap_err();
    assert_eq!(err.key, "VITRINE_BIND");
    let err = Config::from_sources(&env(&[("VITRINE_SMTP_URL", "http://x")]), None).unwrap_err();
    assert_eq!(err.key, "VITRINE_SMTP_URL");
    let err = Config::from_sources(&env(&[("VITRINE_SECRET_KEY", "short")]), None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("VITRINE_SECRET_KEY: must be at least 32")
    );
}

#[test]
fn environment_wins_over_the_file() {
    let file: toml::Table = "bind = \"0.0.0.0:9000\"\nredis_url = \"redis://h/\""
        .parse()
        .unwrap();
    let config =
        Config::from_sources(&env(&[("VITRINE_BIND", "127.0.0.1:9001")]), Some(&file)).unwrap();
    assert_eq!(config.bind.port(), 9001);
    assert_eq!(config.redis_url.as_deref(), Some("redis://h/"));
}

#[test]
fn oauth_providers_need_an_issuer_or_three_urls() {
    let config = Config::from_sources(
        &env(&[
            ("VITRINE_OAUTH_MOCK_CLIENT_ID", "vitrine"),
            ("VITRINE_OAUTH_MOCK_ISSUER", "http://127.0.0.1:9999"),
        ]),
        None,
    )
    .unwrap();
    assert_eq!(config.oauth_providers[0].name, "mock");
    assert_eq!(
        config.oauth_providers[0].scopes,
        ["openid", "email", "profile"]
    );
    let err = Config::from_sources(
        &env(&[
            ("VITRINE_OAUTH_GH_CLIENT_ID", "x"),
            ("VITRINE_OAUTH_GH_AUTH_URL", "https://a/"),
        ]),
        None,
    )
    .unwrap_err();
    assert_eq!(err.key, "VITRINE_OAUTH_GH_TOKEN_URL");
}

#[test]
fn cors_origins_are_any_or_a_list_of_bare_origins() {
    let any = Config::from_sources(&env(&[]), None).unwrap();
    assert_eq!(any.cors_origins, CorsOrigins::Any);
    let star = Config::from_sources(&env(&[("VITRINE_CORS_ORIGINS", " * ")]), None).unwrap();
    assert_eq!(star.cors_origins, CorsOrigins::Any);
    let listed = Config::from_sources(
        &env(&[(
            "VITRINE_CORS_ORIGINS",
            "https://Data.Example.org/, http://localhost:3000,https://x.example:443",
        )]),
        None,
    )
    .unwrap();
    assert_eq!(
        listed.cors_origins,
        CorsOrigins::Listed(vec![
            "https://data.example.org".to_owned(),
            "http://localhost:3000".to_owned(),
            "https://x.example".to_owned(),
        ])
    );
    assert!(listed.cors_origins.allows("http://localhost:3000"));
    assert!(!listed.cors_origins.allows("http://localhost:3001"));
    assert!(!listed.cors_origins.allows("null"));
    for bad in [
        "data.example.org",
        "localhost:3000",
        "https://data.example.org/app",
        "https://data.example.org/?q=1",
        "https://user@data.example.org",
        "ftp://data.example.org",
        "https://a.example,*",
        ",",
    ] {
        let err = Config::from_sources(&env(&[("VITRINE_CORS_ORIGINS", bad)]), None).unwrap_err();
        assert_eq!(err.key, "VITRINE_CORS_ORIGINS", "{bad}");
    }
    let err =
        Config::from_sources(&env(&[("VITRINE_CORS_ORIGINS", "example.org")]), None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("VITRINE_CORS_ORIGINS: \"example.org\" is not an origin like https://"),
        "{err}"
    );
}
