//! The account page: first and last names, as the API shows them (`first_name`, `last_name`).

use reqwest::StatusCode;
use reqwest::header::COOKIE;

use crate::support::TestApp;
use crate::support::people::ada_lovelace;
use crate::support::web::{client, csrf_from, page_as, signed_in};

#[tokio::test]
async fn the_account_page_changes_the_first_and_last_names() {
    let app = TestApp::new().await;
    let ada = ada_lovelace(&app).await;
    let cookie = signed_in(&app, &ada.id).await;
    let html = page_as(&app, "/me/", &cookie).await;
    assert!(
        html.contains(r#"<label for="first-name">Prénom</label>"#),
        "{html}"
    );
    assert!(html.contains(r#"<label for="last-name">Nom de famille</label>"#));
    assert!(html.contains(r#"id="first-name" name="first_name""#));
    let token = csrf_from(&html);
    let post = |form: Vec<(&'static str, String)>| {
        client()
            .post(format!("{}me/profile", app.url))
            .header(COOKIE, &cookie)
            .form(&form)
            .send()
    };

    let refused = post(vec![("first_name", "Eve".into())]).await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "no CSRF token");

    let saved = post(vec![
        ("csrf_token", token.clone()),
        ("first_name", "Augusta Ada".into()),
        ("last_name", " King ".into()),
    ])
    .await
    .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(saved.headers()["location"], "/me/?saved=profile");
    let html = page_as(&app, "/me/?saved=profile", &cookie).await;
    assert!(html.contains(r#"id="profile-saved""#));
    assert!(html.contains(r#"value="Augusta Ada""#), "{html}");
    let (_, profile) = app.get(&format!("/api/1/users/{}/", ada.id)).await;
    assert_eq!(profile["first_name"], "Augusta Ada");
    assert_eq!(profile["last_name"], "King");
    assert_eq!(profile["name"], "Ada Lovelace", "the display name stays");

    let too_long = post(vec![
        ("csrf_token", token),
        ("first_name", "A".repeat(256)),
        ("last_name", "King".into()),
    ])
    .await
    .unwrap();
    assert_eq!(too_long.status(), StatusCode::BAD_REQUEST);
    let html = too_long.text().await.unwrap();
    assert!(html.contains(r#"id="first-name-error""#), "{html}");
    assert!(html.contains(r#"aria-invalid="true""#));
    let (_, profile) = app.get(&format!("/api/1/users/{}/", ada.id)).await;
    assert_eq!(profile["first_name"], "Augusta Ada", "nothing changed");
}
