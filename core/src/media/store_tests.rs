//! Unit tests of the store on the local file system: content names, atomic writes, the names
//! it serves, removal, and the public URL.

use super::tests::{png, process};
use super::*;
use crate::config::Config;

fn config(pairs: &[(&str, &str)]) -> Config {
    let env = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Config::from_sources(&env, None).unwrap()
}

#[tokio::test]
async fn storing_twice_gives_the_same_names_and_location_only_accepts_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = MediaStore::local(dir.path()).unwrap();
    let processed = process(&png(1200, 900)).unwrap();
    let first = store.store(&processed).await.unwrap();
    let second = store.store(&processed).await.unwrap();
    assert_eq!(first, second);
    let (hash, rest) = first.original.strip_prefix("images/").unwrap().split_at(32);
    assert!(
        hash.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(rest, "-800.jpg");
    assert_eq!(first.thumbnail(500), first.thumbnails[0].1);
    assert!(first.thumbnails[3].1.ends_with("-25.jpg"));

    for name in std::iter::once(&first.original).chain(first.thumbnails.iter().map(|(_, n)| n)) {
        assert_eq!(location(name).unwrap().as_ref(), name.as_str());
        let path = dir.path().join("media").join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "{name}");
        assert_eq!(store.get(name).await.unwrap().unwrap(), bytes);
    }
    let files = std::fs::read_dir(dir.path().join("media/images"))
        .unwrap()
        .count();
    assert_eq!(files, 5, "no temporary file is left behind");

    let valid = first.original.trim_start_matches("images/");
    for evil in [
        "../x".to_owned(),
        "/etc/passwd".to_owned(),
        "images/../../x".to_owned(),
        "images/x.exe".to_owned(),
        "other/abc.jpg".to_owned(),
        format!("other/{valid}"),
        format!("images/../images/{valid}"),
        format!("images//{valid}"),
        format!("/images/{valid}"),
        format!("images/{}", valid.replace(".jpg", ".exe")),
        format!("images/{}", valid.to_uppercase()),
        format!("images/.{valid}.0123.partial"),
        format!("images/{valid}#1"),
        "images/%2e%2e%2fetc%2fpasswd.jpg".to_owned(),
        "images/..%2f0123456789abcdef0123456789abcdef-1.jpg".to_owned(),
        "images/0123456789abcdef0123456789abcdef-1.jpg/".to_owned(),
        "images/0123456789abcdef0123456789abcdef-1.jpg\0".to_owned(),
        "images/0123456789abcdef0123456789abcdef-.jpg".to_owned(),
        "images/0123456789abcdef-1.jpg".to_owned(),
        "images\\0123456789abcdef0123456789abcdef-1.jpg".to_owned(),
    ] {
        assert!(location(&evil).is_none(), "{evil:?} must be refused");
        assert!(store.get(&evil).await.unwrap().is_none());
    }
    let absent = "images/0123456789abcdef0123456789abcdef-1.jpg";
    assert!(store.get(absent).await.unwrap().is_none(), "no such image");

    store.remove(&first).await;
    assert!(!dir.path().join("media").join(&first.original).exists());
    assert!(store.get(&first.original).await.unwrap().is_none());
    store.remove(&first).await; // Already gone: nothing to do, no panic.
}

#[tokio::test]
async fn a_truncated_object_is_written_again_and_a_public_url_is_only_for_store_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = MediaStore::local(dir.path()).unwrap();
    let processed = process(&png(300, 200)).unwrap();
    let stored = store.store(&processed).await.unwrap();
    let path = dir.path().join("media").join(&stored.original);
    std::fs::write(&path, b"").unwrap();
    store.store(&processed).await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), processed.original.bytes);
    assert!(
        store.public_url(&stored.original).is_none(),
        "served by Vitrine"
    );

    let config = config(&[
        ("VITRINE_DATA_DIR", dir.path().to_str().unwrap()),
        (
            "VITRINE_MEDIA_PUBLIC_URL",
            "https://cdn.example.org/vitrine",
        ),
    ]);
    let store = MediaStore::open(&config).unwrap();
    assert_eq!(
        store.public_url(&stored.original).unwrap().as_str(),
        format!("https://cdn.example.org/vitrine/{}", stored.original)
    );
    assert!(store.public_url("images/../secret.key").is_none());
    assert_eq!(
        store.get(&stored.original).await.unwrap().unwrap(),
        processed.original.bytes
    );
}

#[test]
fn a_bucket_is_opened_without_a_request_and_makes_no_media_directory() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(&[
        ("VITRINE_DATA_DIR", dir.path().to_str().unwrap()),
        ("VITRINE_MEDIA_URL", "s3://vitrine-media/site"),
        ("VITRINE_MEDIA_ENDPOINT", "http://127.0.0.1:1"),
        ("VITRINE_MEDIA_ACCESS_KEY_ID", "id"),
        ("VITRINE_MEDIA_SECRET_ACCESS_KEY", "secret"),
    ]);
    MediaStore::open(&config).unwrap();
    assert!(!dir.path().join("media").exists());
}
