//! Accounts and the audit log: a deactivated account loses its key, and every moderation act is
//! logged with who did it.

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::TestUser;
use crate::support::api::id_of;
use crate::support::discussions::open;
use crate::support::moderation::{approve, key_works, put_order, remove, reported, set_featured};
use crate::support::reuses::reuse;
use crate::support::world::world;

#[tokio::test]
async fn a_deactivated_account_loses_its_api_key() {
    let w = world(&[]).await;
    let app = &w.app;
    let first = app.user("Sam", Role::User).await;
    let second = app.user("Spam", Role::User).await;
    let bystander = app.user("Paul", Role::User).await;
    for victim in [&first, &second] {
        assert_eq!(key_works(app, victim).await, StatusCode::OK);
    }
    for (by, victim) in [(&w.moderator, &first), (&w.admin, &second)] {
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
        assert_eq!(
            key_works(app, victim).await,
            StatusCode::UNAUTHORIZED,
            "{}'s key",
            victim.name
        );
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                victim.me(),
                Some(json!({"title": "Encore", "comment": "Moi.",
                            "subject": {"class": "Dataset", "id": "ds-air"}})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    assert_eq!(key_works(app, &bystander).await, StatusCode::OK);
    assert_eq!(key_works(app, &w.moderator).await, StatusCode::OK);
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/users/00000000-0000-0000-0000-000000000000/deactivate/",
            w.moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn the_audit_log_records_every_moderation_act() {
    let w = world(&[]).await;
    let app = &w.app;
    let spammer = app.user("Sam", Role::User).await;
    let victim = app.user("Victor", Role::User).await;
    let a = reuse(app, &w.owner, "Carte A", json!({})).await;
    let b = reuse(app, &w.owner, "Carte B", json!({})).await;
    let on_a = id_of(
        &reported(
            app,
            None,
            json!({"subject": {"class": "Reuse", "id": a}, "reason": "spam"}),
        )
        .await,
    );
    let on_b = id_of(
        &reported(
            app,
            None,
            json!({"subject": {"class": "Reuse", "id": b}, "reason": "others"}),
        )
        .await,
    );
    let to_approve =
        id_of(&open(app, &spammer, "ds-air", "Casino 1", "Venez.").await["discussion"][0]);
    let to_remove =
        id_of(&open(app, &spammer, "ds-air", "Casino 2", "Venez.").await["discussion"][0]);

    // (action, actor, target class, target id), in the order they are done.
    let mut expected: Vec<(&str, &TestUser, &str, String)> = Vec::new();
    set_featured(app, &w.moderator, &a, true).await;
    expected.push(("reuse.feature", &w.moderator, "Reuse", a.clone()));
    set_featured(app, &w.admin, &b, true).await;
    expected.push(("reuse.feature", &w.admin, "Reuse", b.clone()));
    let (status, body) = put_order(app, &w.moderator, json!([b, a])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    expected.push((
        "showcase.reorder",
        &w.moderator,
        "Showcase",
        "home".to_owned(),
    ));
    set_featured(app, &w.admin, &a, false).await;
    expected.push(("reuse.unfeature", &w.admin, "Reuse", a.clone()));
    for (method, action) in [
        (Method::POST, "reuse.archive"),
        (Method::DELETE, "reuse.unarchive"),
    ] {
        let (status, body) = app
            .call(
                method,
                &format!("/api/1/reuses/{b}/archive/"),
                w.moderator.me(),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        expected.push((action, &w.moderator, "Reuse", b.clone()));
    }
    for (report_id, by, status_value, action) in [
        (&on_a, &w.moderator, "dismissed", "report.dismiss"),
        (&on_b, &w.admin, "handled", "report.handle"),
    ] {
        let (status, body) = app
            .call(
                Method::PATCH,
                &format!("/api/1/reports/{report_id}/"),
                by.me(),
                Some(json!({"status": status_value})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        expected.push((action, by, "Report", report_id.clone()));
    }
    let (status, body) = approve(app, &w.moderator, &to_approve).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    expected.push((
        "message.approve",
        &w.moderator,
        "Message",
        to_approve.clone(),
    ));
    let (status, body) = remove(app, &w.admin, &to_remove, json!({"reason": "Publicité"})).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    expected.push(("message.remove", &w.admin, "Message", to_remove.clone()));
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/users/{}/deactivate/", victim.id.as_str()),
            w.moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    expected.push((
        "user.deactivate",
        &w.moderator,
        "User",
        victim.id.as_str().to_owned(),
    ));

    // Admins only.
    for (who, user, wanted) in [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        ("a user", spammer.me(), StatusCode::FORBIDDEN),
        ("a moderator", w.moderator.me(), StatusCode::FORBIDDEN),
    ] {
        let (status, body) = app.call(Method::GET, "/api/1/audit/", user, None).await;
        assert_eq!(status, wanted, "{who}: {body}");
    }
    let (status, log) = app
        .call(
            Method::GET,
            "/api/1/audit/?page_size=100",
            w.admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let entries = log["data"].as_array().unwrap().clone();
    assert_eq!(log["total"].as_u64(), Some(entries.len() as u64), "{log}");

    // Each act, with who did it and to what.
    for (action, actor, class, target) in &expected {
        let found: Vec<&Value> = entries
            .iter()
            .filter(|entry| {
                entry["action"] == *action
                    && entry["target"] == json!({"class": class, "id": target})
            })
            .collect();
        assert_eq!(
            found.len(),
            1,
            "one {action} on {class} {target}: {entries:#?}"
        );
        let entry = found[0];
        assert_eq!(entry["actor"]["id"], actor.id.as_str(), "{entry}");
        assert_eq!(entry["actor"]["name"], actor.name.as_str(), "{entry}");
        assert!(entry["summary"].is_string(), "{entry}");
    }

    // Newest first.
    let at = |entry: &Value| -> DateTime<Utc> {
        entry["at"]
            .as_str()
            .unwrap_or_else(|| panic!("no date: {entry}"))
            .parse()
            .unwrap()
    };
    for pair in entries.windows(2) {
        assert!(at(&pair[0]) >= at(&pair[1]), "{} then {}", pair[0], pair[1]);
    }
    assert_eq!(entries[0]["action"], "user.deactivate", "{}", entries[0]);
    let ours: Vec<String> = entries
        .iter()
        .filter_map(|entry| {
            let action = entry["action"].as_str().unwrap();
            expected
                .iter()
                .any(|(wanted, _, class, target)| {
                    *wanted == action && entry["target"] == json!({"class": class, "id": target})
                })
                .then(|| action.to_owned())
        })
        .collect();
    let mut done: Vec<String> = expected
        .iter()
        .map(|(action, ..)| (*action).to_owned())
        .collect();
    done.reverse();
    assert_eq!(ours, done, "in reverse order of the acts");

    // Paged.
    let mut paged = Vec::new();
    let mut page = 1;
    loop {
        let (status, list) = app
            .call(
                Method::GET,
                &format!("/api/1/audit/?page_size=4&page={page}"),
                w.admin.me(),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["total"], log["total"], "{list}");
        let data = list["data"].as_array().unwrap();
        assert!(data.len() <= 4, "{list}");
        paged.extend(data.iter().cloned());
        if list["next_page"].is_null() {
            break;
        }
        page += 1;
        assert!(page < 20, "{list}");
    }
    assert_eq!(paged, entries, "the pages add up to the whole log");
}
