//! Stewards of datasets: who may name them and whom, where a question on a stewarded dataset
//! goes ([`escalation`]: where it goes when nobody answers, and "awaiting your answer").

mod escalation;

use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, id_of};
use crate::support::discussions::open;
use crate::support::mail::{WAIT, settle};
use crate::support::notifications::kinds;
use crate::support::web::{client, csrf_from, page_as, signed_in};
use crate::support::world::{AIR, VELO, world, world_with_mail};
use crate::support::{TestApp, TestUser};

/// The steward path of dataset `id`.
fn steward_path(id: &str) -> String {
    format!("/api/1/datasets/{id}/steward/")
}

/// `PUT` of `user` as steward of `dataset` by `by`.
async fn name(
    app: &TestApp,
    by: Option<&TestUser>,
    dataset: &str,
    user: &str,
) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        &steward_path(dataset),
        by,
        Some(json!({"user": user})),
    )
    .await
}

/// The steward's id as `GET` shows it, if any.
async fn steward_id(app: &TestApp, dataset: &str) -> Option<String> {
    let (status, body) = app.get(&steward_path(dataset)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["steward"]["id"].as_str().map(str::to_owned)
}

#[tokio::test]
async fn organization_admins_name_a_member_steward_and_nobody_else_may() {
    let w = world(&[]).await;
    let app = &w.app;
    let outsider = app.user("Xavier", Role::User).await;
    assert_eq!(steward_id(app, "ds-air").await, None);

    // Only the organization's admins and site admins may name one.
    let (status, body) = name(app, None, "ds-air", &w.org_editor.id).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    for refused in [&w.org_editor, &outsider, &w.moderator] {
        let (status, body) = name(app, Some(refused), "ds-air", &w.org_editor.id).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", refused.name);
    }
    assert_eq!(steward_id(app, "ds-air").await, None);

    // The steward must be a member of the dataset's organization: an error on `user`.
    for (who, case) in [
        (outsider.id.as_str(), "not a member"),
        ("no-such-user", "nobody"),
    ] {
        let (status, body) = name(app, Some(&w.org_admin), "ds-air", who).await;
        assert_refused(status, &body, "user", case);
    }
    let (status, body) = name(app, Some(&w.admin), "ds-perso", &w.owner.id).await;
    assert_refused(status, &body, "user", "a dataset of no organization");
    let (status, body) = app
        .call(
            Method::PUT,
            &steward_path("ds-air"),
            Some(&w.org_admin),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no user: {body}");

    // Named, by an org admin, then replaced by a site admin.
    let (status, body) = name(app, Some(&w.org_admin), "ds-air", &w.org_editor.id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["steward"]["name"], "Edith", "{body}");
    assert_eq!(
        steward_id(app, "ds-air").await,
        Some(w.org_editor.id.clone())
    );
    let (status, body) = name(app, Some(&w.admin), "ds-air", &w.org_admin.id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        steward_id(app, "ds-air").await,
        Some(w.org_admin.id.clone())
    );
    assert_eq!(steward_id(app, "ds-velo").await, None, "one dataset only");

    // Removed: only by the same people.
    let (status, body) = app
        .call(
            Method::DELETE,
            &steward_path("ds-air"),
            Some(&w.org_editor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = app
        .call(
            Method::DELETE,
            &steward_path("ds-air"),
            Some(&w.org_admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(steward_id(app, "ds-air").await, None);

    // A steward who leaves the organization no longer is one.
    name(app, Some(&w.org_admin), "ds-velo", &w.org_editor.id).await;
    assert_eq!(
        steward_id(app, "ds-velo").await,
        Some(w.org_editor.id.clone())
    );
    let path = format!(
        "/api/1/organizations/{}/member/{}/",
        w.org_id, w.org_editor.id
    );
    app.call(Method::DELETE, &path, Some(&w.org_admin), None)
        .await;
    assert_eq!(steward_id(app, "ds-velo").await, None);
}

#[tokio::test]
async fn the_dataset_page_shows_the_steward_and_its_form_to_org_admins_only() {
    let w = world(&[]).await;
    let app = &w.app;
    let editor = signed_in(app, &w.org_editor.id).await;
    let admin = signed_in(app, &w.org_admin.id).await;
    let html = page_as(app, "/datasets/ds-air/", &editor).await;
    assert!(
        !html.contains("id=\"dataset-steward\""),
        "nothing to show yet"
    );

    // The org admin names Edith through the page's form.
    let html = page_as(app, "/datasets/ds-air/", &admin).await;
    assert!(html.contains("id=\"steward-form\""), "{html}");
    assert!(html.contains("Aucun (tous les membres)"), "{html}");
    let response = client()
        .post(format!("{}datasets/ds-air/steward", app.url))
        .header(COOKIE, &admin)
        .form(&[
            ("csrf_token", csrf_from(&html)),
            ("user", w.org_editor.id.clone()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        steward_id(app, "ds-air").await,
        Some(w.org_editor.id.clone())
    );

    // Everyone reads who it is; only the admin gets the form.
    let html = page_as(app, "/datasets/ds-air/", &editor).await;
    assert!(html.contains("Référent : <strong>Edith</strong>"), "{html}");
    assert!(!html.contains("id=\"steward-form\""), "{html}");
    let (_, html) = crate::support::web::page(app, "/datasets/ds-air/").await;
    assert!(html.contains("Référent : <strong>Edith</strong>"), "{html}");
    let html = page_as(app, "/datasets/ds-air/", &admin).await;
    assert!(
        html.contains(&format!(
            "<option value=\"{}\" selected>Edith",
            w.org_editor.id
        )),
        "{html}"
    );
}

#[tokio::test]
async fn a_question_on_a_stewarded_dataset_goes_to_the_steward_alone() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let (status, body) = name(app, Some(&w.org_admin), "ds-air", &w.org_editor.id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    open(
        app,
        &asker,
        "ds-air",
        "Données 2023",
        "Où sont les relevés ?",
    )
    .await;
    let mails = smtp.wait_for_to(&w.org_editor.email, 1, WAIT).await;
    assert_eq!(
        mails[0].subject,
        format!("[Vitrine] Nouvelle question sur « {AIR} »")
    );
    assert_eq!(kinds(app, &w.org_editor).await, ["new_discussion"]);
    // The other producers hear of it only if nobody answers.
    settle(app).await;
    assert!(smtp.mails_to(&w.org_admin.email).is_empty());
    assert!(kinds(app, &w.org_admin).await.is_empty());

    // A dataset with no steward: every producer, as before.
    id_of(&open(app, &asker, "ds-velo", "Comptages", "Par heure ?").await);
    let mails = smtp.wait_for_to(&w.org_admin.email, 1, WAIT).await;
    assert_eq!(
        mails[0].subject,
        format!("[Vitrine] Nouvelle question sur « {VELO} »")
    );
    smtp.wait_for_to(&w.org_editor.email, 2, WAIT).await;
}
