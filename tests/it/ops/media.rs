//! Images on object storage: two instances sharing the database, the cache and a bucket of a
//! real S3-compatible server (moto), each with a data directory of its own.

use std::path::Path;

use reqwest::StatusCode;
use reqwest::redirect::Policy;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::images::{png, upload};
use crate::support::reuses::a_reuse;
use crate::support::s3::S3Server;

/// `(key, value)` pairs as [`TestApp::with_env`] takes them.
fn pairs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// `GET` of `path` on `app`: its status, `Content-Type` and body.
async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let answer = app
        .request(reqwest::Method::GET, path)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let kind = answer
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, answer.bytes().await.unwrap().to_vec())
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[tokio::test]
async fn an_image_uploaded_through_one_instance_is_served_by_the_other_from_the_bucket() {
    let Some(mut s3) = S3Server::start().await else {
        return;
    };
    let bucket = s3.bucket();
    let a = TestApp::with_env(&pairs(&s3.media_env(&bucket, "site/media"))).await;
    let b = a.sibling().await;
    let admin = a.user("Admin", Role::Admin).await;
    let owner = a.user("Owner", Role::User).await;
    let (_, id, _) = a_reuse(&a, &admin, &owner).await;

    let (status, body) = upload(&a, &owner, &id, "photo.png", png(1200, 700)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let image = body["image"]
        .as_str()
        .unwrap()
        .strip_prefix(&a.url)
        .unwrap();
    let thumbnail = body["image_thumbnail"]
        .as_str()
        .unwrap()
        .strip_prefix(&a.url)
        .unwrap();
    for (path, side) in [(image, 800), (thumbnail, 500)] {
        let (status, kind, from_b) = fetch(&b, path).await;
        assert_eq!(status, StatusCode::OK, "{path} through the other instance");
        assert_eq!(kind, "image/jpeg");
        let (_, _, from_a) = fetch(&a, path).await;
        assert_eq!(from_a, from_b, "{path}: the same bytes through both");
        let decoded = image::load_from_memory(&from_b).unwrap();
        assert_eq!(decoded.width().max(decoded.height()), side, "{path}");
    }

    // The bucket holds the image and its four thumbnails under the prefix, whole.
    let objects = s3.objects(&bucket, "");
    let keys: Vec<&str> = objects.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(objects.len(), 5, "{keys:?}");
    for object in &objects {
        let name = object.key.strip_prefix("site/").unwrap();
        assert!(name.starts_with("media/images/"), "{keys:?}");
        let (_, _, served) = fetch(&b, name).await;
        assert_eq!(served.len() as u64, object.size, "{name}");
    }
    for side in [800, 500, 100, 50, 25] {
        assert!(
            keys.iter().any(|k| k.ends_with(&format!("-{side}.jpg"))),
            "no {side} px image in {keys:?}"
        );
    }
    assert!(keys.contains(&format!("site/{image}").as_str()));
    assert!(keys.contains(&format!("site/{thumbnail}").as_str()));
    for app in [&a, &b] {
        let dir = Path::new(&app.env["VITRINE_DATA_DIR"]).join("media");
        assert!(files_under(&dir).is_empty(), "{:?}", files_under(&dir));
    }

    // The same picture again, through the other instance: the same names, nothing new.
    let (status, again) = upload(&b, &owner, &id, "same.png", png(1200, 700)).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert!(again["image"].as_str().unwrap().ends_with(image));
    assert_eq!(s3.objects(&bucket, "").len(), 5);

    // Only names the store makes are looked up; a well-formed name not in the bucket is 404.
    for path in [
        "media/images/x.exe",
        "media/images/..%2F..%2Fsecret.key",
        "media/images/0123456789abcdef0123456789abcdef-800.jpg",
    ] {
        let (status, _, _) = fetch(&b, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }

    // The bucket out of reach: images are unavailable, and a new upload fails leaving the
    // reuse on its image.
    s3.stop();
    let (status, _, _) = fetch(&b, image).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, body) = upload(&a, &owner, &id, "other.png", png(640, 480)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    let (_, reuse) = b.get(&format!("/api/1/reuses/{id}/")).await;
    assert!(reuse["image"].as_str().unwrap().ends_with(image), "{reuse}");
}

#[tokio::test]
async fn with_a_public_url_images_are_redirected_to_the_bucket() {
    let Some(s3) = S3Server::start().await else {
        return;
    };
    let bucket = s3.bucket();
    s3.make_public(&bucket);
    let public = format!("{}/{bucket}/cdn/", s3.endpoint());
    let mut env = s3.media_env(&bucket, "cdn");
    env.push(("VITRINE_MEDIA_PUBLIC_URL".to_owned(), public.clone()));
    let app = TestApp::with_env(&pairs(&env)).await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Owner", Role::User).await;
    let (_, id, _) = a_reuse(&app, &admin, &owner).await;
    let (status, body) = upload(&app, &owner, &id, "photo.png", png(900, 300)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let image = body["image"].as_str().unwrap();
    assert!(
        image.starts_with(&format!("{}media/images/", app.url)),
        "the stored address is Vitrine's: {image}"
    );

    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let answer = client.get(image).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::FOUND);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let name = image.strip_prefix(&format!("{}media/", app.url)).unwrap();
    assert_eq!(location, format!("{public}{name}"));

    // The bucket serves it as an image, cached for a year.
    let served = reqwest::get(&location).await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let decoded = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!(decoded.width(), 800);

    let answer = client
        .get(format!("{}media/images/x.exe", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND, "not a store name");
}
