//! A showcase's image: sent as the `image_upload` file of a multipart body, as `ckanapi` sends
//! files; kept and served by Vitrine, which takes no other URL for it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::calls::{answer, assert_invalid, keyed, path, post, post_ok, result_of, reuse_rows};
use crate::support::images::png;
use crate::support::{TestApp, TestUser};

/// The image of reuse `id`, as udata shows it.
async fn udata_image(app: &TestApp, by: &TestUser, id: &str) -> Value {
    let (status, reuse) = app
        .call(Method::GET, &format!("/api/1/reuses/{id}/"), by.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{reuse}");
    reuse["image"].clone()
}

/// A multipart body of `fields` and, if given, `image` as the `image_upload` file.
fn multipart(fields: &[(&str, &str)], image: Option<&[u8]>) -> (String, Vec<u8>) {
    let boundary = "ckan-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some(bytes) = image {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image_upload\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_image_comes_as_a_multipart_upload() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let send = |action: &str, (content_type, body): (String, Vec<u8>)| {
        keyed(app.request(Method::POST, &path(action)), ada.me())
            .header("Content-Type", content_type)
            .body(body)
    };
    let fields = [
        ("name", "with-image"),
        ("title", "With an image"),
        ("notes", "Has a picture."),
        ("url", "https://image.example/"),
    ];
    let (status, body) = answer(send(
        "ckanext_showcase_create",
        multipart(&fields, Some(b"not a picture")),
    ))
    .await;
    assert!(status.is_client_error(), "{status} {body}");
    assert_eq!(body["success"], false, "{body}");
    assert_eq!(reuse_rows(&app).await, 0, "a refused file writes nothing");

    let (status, body) = answer(send(
        "ckanext_showcase_create",
        multipart(&fields, Some(&png(64, 48))),
    ))
    .await;
    let created = result_of(status, &body, "multipart create");
    let image = created["image_url"]
        .as_str()
        .expect("an image is kept")
        .to_owned();
    assert!(image.starts_with(&app.url), "served by Vitrine: {image}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(udata_image(&app, &ada, id).await, image.as_str());
    let served = app
        .request(Method::GET, image.strip_prefix(&app.url).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK, "{image}");

    // The current image may be sent back; another URL may not.
    let kept = post_ok(
        &app,
        "ckanext_showcase_update",
        &ada,
        json!({"id": id, "image_url": image, "notes": "Still the picture."}),
    )
    .await;
    assert_eq!(kept["image_url"], image.as_str());
    let (status, refused) = post(
        &app,
        "ckanext_showcase_update",
        ada.me(),
        json!({"id": id, "image_url": "https://elsewhere.example/logo.png"}),
    )
    .await;
    assert_invalid(status, &refused, "image_url");
    assert_eq!(udata_image(&app, &ada, id).await, image.as_str());

    // A new file by multipart update replaces it.
    let (status, body) = answer(send(
        "ckanext_showcase_update",
        multipart(&[("id", id)], Some(&png(32, 32))),
    ))
    .await;
    let replaced = result_of(status, &body, "multipart update");
    assert_ne!(replaced["image_url"], image.as_str(), "{replaced}");
    assert_eq!(replaced["title"], "With an image");
}
