//! Who may use each moderation endpoint.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::TestUser;
use crate::support::api::{id_of, ids};
use crate::support::discussions::open;
use crate::support::moderation::{
    approve, held, key_works, remove, report, report_view, reported, set_featured,
};
use crate::support::reuses::{reuse, reuse_view};
use crate::support::world::world;

#[tokio::test]
async fn the_permission_matrix_of_every_moderation_endpoint() {
    let w = world(&[]).await;
    let app = &w.app;
    let plain = app.user("Paul", Role::User).await;
    let spammer = app.user("Sam", Role::User).await;
    let first_victim = app.user("Victor", Role::User).await;
    let second_victim = app.user("Vera", Role::User).await;
    let org_reuse = reuse(
        app,
        &w.org_admin,
        "Carte de la ville",
        json!({"organization": w.org_id}),
    )
    .await;
    let own_reuse = reuse(app, &w.owner, "Carte d'Olivia", json!({})).await;
    set_featured(app, &w.admin, &own_reuse, true).await;
    let mut held_ids = Vec::new();
    for n in 0..4 {
        let created = open(app, &spammer, "ds-air", &format!("Casino {n}"), "Venez.").await;
        held_ids.push(id_of(&created["discussion"][0]));
    }
    let report_id = id_of(
        &reported(
            app,
            None,
            json!({"subject": {"class": "Reuse", "id": own_reuse}, "reason": "spam"}),
        )
        .await,
    );
    let report_path = format!("/api/1/reports/{report_id}/");
    let held_ids_sorted = {
        let mut all = held_ids.clone();
        all.reverse();
        all
    };

    let denied: [(&str, Option<&TestUser>, StatusCode); 4] = [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        ("a plain user", plain.me(), StatusCode::FORBIDDEN),
        (
            "an organization admin",
            w.org_admin.me(),
            StatusCode::FORBIDDEN,
        ),
        ("the reuse owner", w.owner.me(), StatusCode::FORBIDDEN),
    ];
    let staff = [("a moderator", &w.moderator), ("an admin", &w.admin)];

    // Repeatable calls: refused to the denied, done by moderators and admins.
    let mut calls: Vec<(Method, String, Option<Value>, StatusCode)> = vec![
        (
            Method::GET,
            "/api/1/moderation/held/".to_owned(),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/api/1/reports/".to_owned(),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/api/1/reports/?open=false".to_owned(),
            None,
            StatusCode::OK,
        ),
        (Method::GET, report_path.clone(), None, StatusCode::OK),
        (
            Method::PATCH,
            report_path.clone(),
            Some(json!({"status": "dismissed"})),
            StatusCode::OK,
        ),
        (
            Method::PUT,
            "/api/1/reuses/featured/".to_owned(),
            Some(json!({"order": [own_reuse]})),
            StatusCode::OK,
        ),
    ];
    // The organization's reuse ends unfeatured, Olivia's featured: the order stays valid.
    for (id, featured_first) in [(&org_reuse, true), (&own_reuse, false)] {
        let (first, then) = if featured_first {
            (Method::POST, Method::DELETE)
        } else {
            (Method::DELETE, Method::POST)
        };
        for (method, what) in [
            (first, "featured"),
            (then, "featured"),
            (Method::POST, "archive"),
            (Method::DELETE, "archive"),
        ] {
            calls.push((
                method,
                format!("/api/1/reuses/{id}/{what}/"),
                None,
                StatusCode::OK,
            ));
        }
    }
    // One-off calls: refused to the denied here, done once each by staff below.
    let one_offs: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            format!("/api/1/moderation/held/{}/approve/", held_ids[0]),
            None,
        ),
        (
            Method::POST,
            format!("/api/1/moderation/held/{}/remove/", held_ids[0]),
            Some(json!({"reason": "Publicité"})),
        ),
        (
            Method::POST,
            format!("/api/1/users/{}/deactivate/", first_victim.id.as_str()),
            None,
        ),
        (Method::GET, "/api/1/audit/".to_owned(), None),
    ];
    for (method, path, body) in calls
        .iter()
        .map(|(method, path, body, _)| (method, path, body))
        .chain(
            one_offs
                .iter()
                .map(|(method, path, body)| (method, path, body)),
        )
    {
        for (who, user, wanted) in &denied {
            let (status, answer) = app.call(method.clone(), path, *user, body.clone()).await;
            assert_eq!(status, *wanted, "{method} {path} as {who}: {answer}");
        }
    }

    // Nothing changed.
    assert_eq!(ids(&held(app, &w.moderator).await), held_ids_sorted);
    let untouched = report_view(app, &w.moderator, &report_id).await;
    assert!(untouched["dismissed_at"].is_null(), "{untouched}");
    assert_eq!(
        reuse_view(app, &w.owner, &own_reuse).await["featured"],
        true
    );
    assert_eq!(
        reuse_view(app, &w.org_admin, &org_reuse).await["featured"],
        false
    );
    for (id, by) in [(&own_reuse, &w.owner), (&org_reuse, &w.org_admin)] {
        assert!(reuse_view(app, by, id).await["archived"].is_null());
    }
    assert_eq!(key_works(app, &first_victim).await, StatusCode::OK);
    let (status, log) = app
        .call(
            Method::GET,
            "/api/1/audit/?page_size=100",
            w.admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let logged = log["total"].clone();

    // Moderators and admins may.
    for (who, by) in &staff {
        for (method, path, body, wanted) in &calls {
            let (status, answer) = app.call(method.clone(), path, by.me(), body.clone()).await;
            assert_eq!(status, *wanted, "{method} {path} as {who}: {answer}");
        }
    }
    let (status, log) = app
        .call(Method::GET, "/api/1/audit/", w.admin.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    assert_ne!(log["total"], logged, "the staff's acts are logged");
    let (status, body) = app
        .call(Method::GET, "/api/1/audit/", w.moderator.me(), None)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the audit log is for admins: {body}"
    );
    let staff_people = [&w.moderator, &w.admin];
    for (n, by) in staff_people.iter().enumerate() {
        let (status, body) = approve(app, by, &held_ids[n]).await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{} approving: {body}",
            by.name
        );
        let (status, body) = remove(app, by, &held_ids[n + 2], json!({"reason": "Pub"})).await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{} removing: {body}",
            by.name
        );
    }
    assert!(held(app, &w.admin).await.is_empty());
    for (by, victim) in [(&w.moderator, &first_victim), (&w.admin, &second_victim)] {
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/users/{}/deactivate/", victim.id.as_str()),
                by.me(),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{} deactivating: {body}",
            by.name
        );
        assert_eq!(key_works(app, victim).await, StatusCode::UNAUTHORIZED);
    }

    // Open to everyone.
    let everyone: Vec<(&str, Option<&TestUser>)> = denied
        .iter()
        .map(|(who, user, _)| (*who, *user))
        .chain(staff.iter().map(|(who, by)| (*who, by.me())))
        .collect();
    for (who, user) in everyone {
        let (status, body) = report(
            app,
            user,
            json!({"subject": {"class": "Reuse", "id": org_reuse}, "reason": "others"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "reporting as {who}: {body}");
        for path in ["/api/1/reports/reasons/", "/api/1/reuses/featured/"] {
            let (status, body) = app.call(Method::GET, path, user, None).await;
            assert_eq!(status, StatusCode::OK, "GET {path} as {who}: {body}");
        }
    }
}
