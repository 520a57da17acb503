//! The notifications API: lists, filters, marks read, and validates settings.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::api::id_of;
use crate::support::discussions::{discussion_url, open, reply};
use crate::support::notifications::{
    default_table, inbox, kind_table, kinds, put_settings, set, settings,
};
use crate::support::world::{AIR, world_with_mail};

#[tokio::test]
async fn the_notifications_api_lists_filters_reads_and_validates() {
    let Some((w, _smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;

    // Anonymous callers.
    for (method, path, body) in [
        (Method::GET, "/api/1/notifications/", None),
        (Method::POST, "/api/1/notifications/abc/read/", None),
        (Method::GET, "/api/1/me/notification-settings/", None),
        (
            Method::PUT,
            "/api/1/me/notification-settings/",
            Some(json!({"kinds": []})),
        ),
        (Method::GET, "/api/1/outbox/failed/", None),
    ] {
        let (status, answer) = app.call(method.clone(), path, None, body).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}: {answer}"
        );
    }

    let id = id_of(&open(app, &asker, "ds-air", "Horaires", "À quelle heure ?").await);
    reply(app, &w.org_editor, &id, json!({"comment": "À midi."})).await;
    let all = inbox(app, &w.org_admin, "").await;
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0]["kind"], "new_comment", "newest first: {all:?}");
    assert_eq!(all[1]["kind"], "new_discussion", "{all:?}");
    for notification in &all {
        for field in ["id", "kind", "created_at"] {
            assert!(notification[field].is_string(), "{field}: {notification}");
        }
        assert!(notification["handled_at"].is_null(), "{notification}");
        let details = &notification["details"];
        for field in ["title", "subject", "actor", "url", "excerpt", "key"] {
            assert!(details[field].is_string(), "{field}: {notification}");
        }
        assert_eq!(details["title"], "Horaires");
        assert_eq!(details["subject"], AIR);
        assert_eq!(details["url"], discussion_url(app, &id));
    }
    assert_eq!(all[0]["details"]["actor"], "Edith");
    assert_eq!(all[0]["details"]["excerpt"], "À midi.");
    assert_eq!(all[1]["details"]["actor"], "Camille");
    assert_eq!(all[1]["details"]["excerpt"], "À quelle heure ?");
    assert_eq!(inbox(app, &w.org_admin, "?handled=false").await.len(), 2);
    assert_eq!(inbox(app, &w.org_admin, "?handled=true").await.len(), 0);

    // Reading one.
    let question = all[1]["id"].as_str().unwrap().to_owned();
    let (status, read) = app
        .call(
            Method::POST,
            &format!("/api/1/notifications/{question}/read/"),
            w.org_admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["id"], question.as_str());
    assert!(read["handled_at"].is_string(), "{read}");
    let handled = inbox(app, &w.org_admin, "?handled=true").await;
    assert_eq!(handled.len(), 1, "{handled:?}");
    assert_eq!(handled[0]["id"], question.as_str());
    assert_eq!(handled[0]["handled_at"], read["handled_at"]);
    let unhandled = inbox(app, &w.org_admin, "?handled=false").await;
    assert_eq!(unhandled.len(), 1, "{unhandled:?}");
    assert_eq!(unhandled[0]["id"], all[0]["id"]);
    let (status, again) = app
        .call(
            Method::POST,
            &format!("/api/1/notifications/{question}/read/"),
            w.org_admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["handled_at"], read["handled_at"], "read once");

    // Someone else's, or nobody's.
    let reply_id = all[0]["id"].as_str().unwrap();
    for (who, id) in [
        (&w.org_editor, reply_id),
        (&asker, reply_id),
        (&w.org_admin, "nope"),
    ] {
        let (status, answer) = app
            .call(
                Method::POST,
                &format!("/api/1/notifications/{id}/read/"),
                who.me(),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{} reading {id}: {answer}",
            who.name
        );
    }
    assert!(
        inbox(app, &w.org_admin, "?handled=false").await[0]["handled_at"].is_null(),
        "still unread"
    );
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment"],
        "not told of their own question"
    );

    // Settings: defaults, partial changes, validation.
    let current = settings(app, &asker).await;
    assert_eq!(kind_table(&current), default_table());
    assert_eq!(current["watches"], json!([]));
    let changed = set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "email": "daily"}]}),
    )
    .await;
    let mut expected = default_table();
    expected[1].1 = "daily".to_owned();
    assert_eq!(kind_table(&changed), expected);
    let changed = set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "in_app": false}]}),
    )
    .await;
    expected[1].2 = false;
    assert_eq!(kind_table(&changed), expected, "email kept");
    let changed = set(
        app,
        &asker,
        json!({"watches": [{"class": "Discussion", "id": id, "mode": "watch"}]}),
    )
    .await;
    assert_eq!(kind_table(&changed), expected, "kinds kept");
    assert_eq!(
        changed["watches"],
        json!([{"class": "Discussion", "id": id, "mode": "watch"}])
    );
    for (case, body, field) in [
        (
            "unknown kind",
            json!({"kinds": [{"kind": "nope", "email": "off"}]}),
            "kind",
        ),
        (
            "unknown mail mode",
            json!({"kinds": [{"kind": "new_comment", "email": "weekly"}]}),
            "email",
        ),
        (
            "unknown watch mode",
            json!({"watches": [{"class": "Dataset", "id": "ds-air", "mode": "loud"}]}),
            "mode",
        ),
        (
            "unwatchable class",
            json!({"watches": [{"class": "Organization", "id": "x", "mode": "watch"}]}),
            "watches",
        ),
        (
            "a good change with a bad one",
            json!({
                "kinds": [{"kind": "answer_marked", "email": "off"}],
                "watches": [{"class": "Dataset", "id": "ds-air", "mode": "loud"}],
            }),
            "mode",
        ),
    ] {
        let (status, error) = put_settings(app, &asker, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {error}");
        assert!(error["errors"][field].is_array(), "{case}: {error}");
    }
    let after = settings(app, &asker).await;
    assert_eq!(kind_table(&after), expected, "nothing changed by a 400");
    assert_eq!(after["watches"], changed["watches"]);

    // Failed mails: site admins only.
    let (status, failed) = app
        .call(Method::GET, "/api/1/outbox/failed/", w.admin.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{failed}");
    assert_eq!(failed, json!([]));
    for who in [&asker, &w.org_admin] {
        let (status, answer) = app
            .call(Method::GET, "/api/1/outbox/failed/", who.me(), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {answer}", who.name);
    }
}
