//! The reuse forms over HTTP, as a browser without JavaScript posts them.

use reqwest::header::{COOKIE, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::web::{client, csrf_from, signed_in};

#[tokio::test]
async fn a_reuse_made_with_the_form_is_in_the_gallery_at_once() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let author = app.user("Camille", Role::User).await;
    for (id, title) in [("d1", "Données hospitalières"), ("d2", "Qualité de l'air")] {
        app.call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": id, "title": title})),
        )
        .await;
    }
    let client = client();
    let anonymous = client
        .get(format!("{}reuses/new", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(
        anonymous.headers()[LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/login?next=")
    );

    let (_, before) = app.get("/api/1/reuses/").await;
    assert_eq!(before["total"], 0, "the gallery is cached empty first");
    let cookie = signed_in(&app, &author.id).await;
    let form = client
        .get(format!("{}reuses/new?dataset_q=air", app.url))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    let html = form.text().await.unwrap();
    assert!(
        html.contains("Qualité de l&#39;air") || html.contains("Qualité de l'air"),
        "the dataset search narrows the choices"
    );
    assert!(!html.contains("Données hospitalières"));
    let token = csrf_from(&html);

    // Errors come back beside their fields, with what was typed.
    let bad = client
        .post(format!("{}reuses/new", app.url))
        .header(COOKIE, &cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&title=Ma+carte&url=pas-une-url&type=&topic=health&tags=air%2C+x&description="))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let html = bad.text().await.unwrap();
    for id in ["url-error", "type-error", "description-error", "tags-error"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
    assert!(html.contains("value=\"Ma carte\""), "typed values are kept");
    assert!(html.contains("value=\"pas-une-url\""));

    let good = client
        .post(format!("{}reuses/new", app.url))
        .header(COOKIE, &cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf_token={token}&title=Ma+carte+de+l%27air&url=https%3A%2F%2Fcarte.example&type=visualization&topic=environment_and_energy&tags=air%2C+pollution&description=Une+carte.&datasets=d1&datasets=d2"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), StatusCode::SEE_OTHER);
    assert_eq!(good.headers()[LOCATION], "/reuses/ma-carte-de-l-air/");
    let (_, after) = app.get("/api/1/reuses/").await;
    assert_eq!(after["total"], 1, "visible in the gallery at once");
    assert_eq!(after["data"][0]["metrics"]["datasets"], 2);
    let html = app
        .request(Method::GET, "/datasets/qualite-de-l-air/")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Ma carte de l&#39;air") || html.contains("Ma carte de l'air"));

    // Editing: only who may, and the form is filled in.
    let stranger = app.user("Stranger", Role::User).await;
    let stranger_cookie = signed_in(&app, &stranger.id).await;
    let refused = client
        .get(format!("{}reuses/ma-carte-de-l-air/edit", app.url))
        .header(COOKIE, &stranger_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let edit = client
        .get(format!("{}reuses/ma-carte-de-l-air/edit", app.url))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    let html = edit.text().await.unwrap();
    assert!(html.contains("value=\"https://carte.example\""));
    let saved = client
        .post(format!("{}reuses/ma-carte-de-l-air/edit", app.url))
        .header(COOKIE, &cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&title=Carte+revue&url=https%3A%2F%2Fcarte.example&type=visualization&topic=health&tags=&description=Revue.&datasets=d1"))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, after) = app.get("/api/1/reuses/").await;
    assert_eq!(after["data"][0]["title"], "Carte revue");
    let no_token = client
        .post(format!("{}reuses/carte-revue/edit", app.url))
        .header(COOKIE, &cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("title=Hijack&url=https%3A%2F%2Fcarte.example&type=api&topic=health&description=x&datasets=d1")
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let (_, after) = app.get("/api/1/reuses/").await;
    assert_eq!(
        after["data"][0]["title"], "Carte revue",
        "nothing changed without the CSRF token"
    );
}
