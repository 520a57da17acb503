//! Reuse images over HTTP: accepted by content, re-encoded, thumbnailed; bad files refused.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::images::{claiming, png, upload};

#[tokio::test]
async fn images_are_reencoded_thumbnailed_and_bad_files_refused() {
    let app = TestApp::with_env(&[("VITRINE_IMAGE_MAX_BYTES", "300000")]).await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Owner", Role::User).await;
    let other = app.user("Other", Role::User).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    let (_, reuse) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&owner),
            Some(json!({"title": "Imagée", "description": "x", "url": "https://img.example", "type": "api", "topic": "others", "datasets": ["d1"]})),
        )
        .await;
    let id = reuse["id"].as_str().unwrap();

    let (status, _) = upload(&app, &other, id, "x.png", png(10, 10)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = upload(
        &app,
        &owner,
        id,
        "photo.png",
        b"just some text, not an image".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    let (status, body) = upload(&app, &owner, id, "bomb.png", claiming(60_000, 60_000)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["file"].is_array(), "{body}");
    let (status, body) = upload(&app, &owner, id, "big.png", vec![0x89; 400_000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let (_, unchanged) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert!(
        unchanged["image"].is_null(),
        "refused files leave the reuse unchanged"
    );

    let (status, body) = upload(&app, &owner, id, "not-really.gif", png(1600, 900)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let image_url = body["image"].as_str().unwrap();
    let thumb_url = body["image_thumbnail"].as_str().unwrap();
    let served = reqwest::get(image_url).await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let decoded = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (800, 450),
        "capped at 800 px"
    );
    let thumb = image::load_from_memory(
        &reqwest::get(thumb_url)
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!((thumb.width(), thumb.height()), (500, 500));
    let (_, shown) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(shown["image_thumbnail"], thumb_url);

    for evil in [
        "media/images/..%2F..%2Fsecret.key",
        "media/images/x.exe",
        "media/images/%2e%2e%2fx.jpg",
    ] {
        let response = app.request(Method::GET, evil).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{evil}");
    }
}
