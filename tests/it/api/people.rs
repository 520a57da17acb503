//! People as udata shows them: `/users/{id}/` (a public profile, never the address), `/me/`
//! (the caller's own, with the address, roles and organizations; `PUT` changes the names), and
//! `/avatars/{id}/{size}/` (the person's own picture, or an identicon).

use reqwest::{Method, StatusCode};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::{assert_refused, create};
use crate::support::people::ada_lovelace;

#[tokio::test]
async fn a_profile_shows_what_udata_shows_and_never_the_address() {
    let app = TestApp::new().await;
    let ada = ada_lovelace(&app).await;
    create(
        &app,
        &ada,
        "/api/1/organizations/",
        json!({"name": "Analytical Engines", "acronym": "AE"}),
    )
    .await;

    let (status, profile) = app.get(&format!("/api/1/users/{}/", ada.id)).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!(profile["id"], ada.id.as_str());
    assert_eq!(profile["class"], "User");
    assert_eq!(profile["first_name"], "Ada", "read from the display name");
    assert_eq!(profile["last_name"], "Lovelace");
    assert!(profile["slug"].is_string());
    assert!(profile["since"].is_string());
    assert!(profile["avatar"].is_null() && profile["avatar_thumbnail"].is_null());
    assert!(profile["about"].is_null() && profile["website"].is_null());
    for counter in ["datasets", "reuses", "followers", "following"] {
        assert_eq!(profile["metrics"][counter], 0, "{counter}: {profile}");
    }
    assert!(
        profile["uri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/1/users/{}/", ada.id))
    );
    assert!(
        profile["page"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/users/{}/", ada.id))
    );
    assert_eq!(profile["organizations"][0]["acronym"], "AE");
    assert_eq!(profile["organizations"][0]["class"], "Organization");
    let text = profile.to_string();
    assert!(
        !text.contains(&ada.email) && profile.get("email").is_none(),
        "{text}"
    );

    let (status, body) = app.get("/api/1/users/no-such-user/").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    // A deactivated account is gone for everybody but site admins.
    let admin = app.user("Root", Role::Admin).await;
    let moderator = app.user("Mod", Role::Moderator).await;
    app.call_ok(
        Method::POST,
        &format!("/api/1/users/{}/deactivate/", ada.id),
        &moderator,
        None,
    )
    .await;
    let (status, _) = app.get(&format!("/api/1/users/{}/", ada.id)).await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = app
        .call(
            Method::GET,
            &format!("/api/1/users/{}/", ada.id),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn me_shows_the_address_roles_and_organizations_and_put_changes_the_names() {
    let app = TestApp::new().await;
    let ada = ada_lovelace(&app).await;
    let org = create(
        &app,
        &ada,
        "/api/1/organizations/",
        json!({"name": "Analytical Engines"}),
    )
    .await;
    let (status, me) = app.call(Method::GET, "/api/1/me/", Some(&ada), None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["email"], ada.email.as_str());
    assert_eq!(me["name"], "Ada Lovelace");
    assert_eq!(me["role"], "user");
    assert_eq!(me["roles"], json!([]));
    assert_eq!(me["active"], true);
    assert_eq!(me["first_name"], "Ada");
    assert_eq!(me["organizations"][0]["id"], org["id"]);
    assert_eq!(me["organizations"][0]["name"], "Analytical Engines");
    assert_eq!(me["organizations"][0]["role"], "admin");
    assert!(me["metrics"]["following"].is_u64(), "{me}");
    let admin = app.user("Root", Role::Admin).await;
    let (_, theirs) = app
        .call(Method::GET, "/api/1/me/", Some(&admin), None)
        .await;
    assert_eq!(theirs["roles"], json!(["admin"]));

    let (status, changed) = app
        .call(
            Method::PUT,
            "/api/1/me/",
            Some(&ada),
            Some(json!({"first_name": "Augusta Ada", "last_name": "King", "locale": "en"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["first_name"], "Augusta Ada");
    assert_eq!(changed["last_name"], "King");
    assert_eq!(changed["name"], "Ada Lovelace", "the display name stays");
    assert_eq!(changed["locale"], "en");
    let (_, profile) = app.get(&format!("/api/1/users/{}/", ada.id)).await;
    assert_eq!(profile["first_name"], "Augusta Ada");
    let (_, shown) = app
        .get(&format!(
            "/api/1/organizations/{}/",
            org["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(shown["members"][0]["user"]["last_name"], "King");

    for (body, field) in [
        (json!({"name": "  "}), "name"),
        (json!({"first_name": "A".repeat(256)}), "first_name"),
        (json!({"last_name": "two\nlines"}), "last_name"),
        (json!({"locale": "de"}), "locale"),
    ] {
        let (status, refused) = app
            .call(Method::PUT, "/api/1/me/", Some(&ada), Some(body.clone()))
            .await;
        assert_refused(status, &refused, field, &body.to_string());
    }
    let (_, unchanged) = app.call(Method::GET, "/api/1/me/", Some(&ada), None).await;
    assert_eq!(
        unchanged["first_name"], "Augusta Ada",
        "a refused call changes nothing"
    );

    // Forgotten names are read from the display name again.
    let (_, renamed) = app
        .call(
            Method::PUT,
            "/api/1/me/",
            Some(&ada),
            Some(json!({"name": "Ada King", "first_name": "", "last_name": ""})),
        )
        .await;
    assert_eq!(
        (
            renamed["first_name"].as_str(),
            renamed["last_name"].as_str()
        ),
        (Some("Ada"), Some("King")),
        "{renamed}"
    );
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/1/me/",
            None,
            Some(json!({"first_name": "X"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_avatar_is_the_persons_own_picture_or_an_identicon() {
    let app = TestApp::new().await;
    let fetch = |path: String| {
        let request = app.request(Method::GET, &path);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.bytes().await.unwrap().to_vec();
            (status, headers, bytes)
        }
    };
    let (status, headers, png) = fetch("/api/1/avatars/5f0c1d2e3a4b5c6d7e8f9a0b/64/".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/png");
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age"),
        "{headers:?}"
    );
    assert!(headers.contains_key("etag"));
    let picture = image::load_from_memory(&png).unwrap();
    assert_eq!((picture.width(), picture.height()), (64, 64));
    // The same id always gives the same picture (the front end asks without the slash).
    let (_, _, again) = fetch("/api/1/avatars/5f0c1d2e3a4b5c6d7e8f9a0b/64".into()).await;
    assert_eq!(again, png);
    let (_, _, other) = fetch("/api/1/avatars/another-id/64/".into()).await;
    assert_ne!(other, png);
    let (_, _, huge) = fetch("/api/1/avatars/another-id/100000/".into()).await;
    let huge = image::load_from_memory(&huge).unwrap();
    assert_eq!(huge.width(), 500, "sizes are clamped");
    let (status, _, _) = fetch("/api/1/avatars/another-id/big/".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Someone whose provider gave a picture is sent to it.
    let ada = app.user("Ada", Role::User).await;
    let user = entity::users::Entity::find_by_id(ada.id.clone())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut active = user.into_active_model();
    active.avatar_url = Set(Some("https://pictures.example.org/ada.png".to_owned()));
    active.update(app.db()).await.unwrap();
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}api/1/avatars/{}/100/", app.url, ada.id))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()["location"],
        "https://pictures.example.org/ada.png"
    );
    let (_, profile) = app.get(&format!("/api/1/users/{}/", ada.id)).await;
    assert_eq!(profile["avatar"], "https://pictures.example.org/ada.png");
}
