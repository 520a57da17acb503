//! Reports: anyone reports, moderators dismiss or handle them (with udata's body too), and they
//! close when their subject is deleted.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, id_of, ids};
use crate::support::discussions::{comment, last_message, open};
use crate::support::moderation::{report, report_view, reported};
use crate::support::reuses::reuse;
use crate::support::world::world;
use crate::support::{TestApp, TestUser};

/// Ids of the reports `GET /reports/{query}` lists, in order.
async fn report_ids(app: &TestApp, moderator: &TestUser, query: &str) -> Vec<String> {
    let (status, list) = app
        .call(
            Method::GET,
            &format!("/api/1/reports/{query}"),
            moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let data = list["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {list}"));
    assert_eq!(list["total"].as_u64(), Some(data.len() as u64), "{list}");
    ids(data)
}

/// Reports `subject` (a message of it: `embed`) anonymously; returns the report's id.
async fn report_subject(app: &TestApp, subject: Value, embed: Option<&str>) -> String {
    let mut body = json!({"subject": subject, "reason": "spam"});
    if let Some(embed) = embed {
        body["subject_embed_id"] = json!(embed);
    }
    id_of(&reported(app, None, body).await)
}

/// `DELETE path` as `by`, which must succeed.
async fn delete_ok(app: &TestApp, path: String, by: &TestUser) {
    let (status, body) = app.call(Method::DELETE, &path, by.me(), None).await;
    assert!(status.is_success(), "DELETE {path}: {status} {body}");
}

/// Asserts the report `id` was closed as handled.
async fn assert_handled(app: &TestApp, moderator: &TestUser, id: String) {
    let report = report_view(app, moderator, &id).await;
    assert!(
        report["handled_at"].is_string(),
        "closed by the deletion: {report}"
    );
    assert!(report["dismissed_at"].is_null(), "{report}");
}

#[tokio::test]
async fn anyone_reports_and_moderators_dismiss_or_handle() {
    let w = world(&[]).await;
    let app = &w.app;
    let reporter = app.user("Rita", Role::User).await;
    let asker = app.user("Camille", Role::User).await;
    let reuse_id = reuse(app, &w.owner, "Carte de l'air", json!({})).await;
    let discussion = open(app, &asker, "ds-air", "Données 2023", "Où ?").await;
    let discussion_id = id_of(&discussion);
    let reply = id_of(last_message(
        &comment(app, &w.org_editor, &discussion_id, "Ici.").await,
    ));
    let elsewhere = open(app, &asker, "ds-perso", "Autre", "Et là ?").await;
    let foreign_message = id_of(&elsewhere["discussion"][0]);
    let gone = reuse(app, &w.owner, "Supprimée", json!({})).await;
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{gone}/"),
            w.owner.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");

    // The reasons, without the spam filter's own.
    let (status, reasons) = app.get("/api/1/reports/reasons/").await;
    assert_eq!(status, StatusCode::OK, "{reasons}");
    let reasons = reasons.as_array().unwrap().clone();
    let values: Vec<&str> = reasons
        .iter()
        .map(|reason| reason["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"spam"), "{values:?}");
    assert!(values.contains(&"others"), "{values:?}");
    assert!(!values.contains(&"auto_spam"), "{values:?}");
    for reason in &reasons {
        assert!(
            reason["label"].as_str().is_some_and(|l| !l.is_empty()),
            "{reason}"
        );
    }

    // Anonymous and signed-in reports.
    let mut created = Vec::new();
    let anonymous = reported(
        app,
        None,
        json!({"subject": {"class": "Reuse", "id": reuse_id}, "reason": "spam",
               "message": "Lien mort vers un casino"}),
    )
    .await;
    assert_eq!(
        anonymous["subject"],
        json!({"class": "Reuse", "id": reuse_id})
    );
    assert_eq!(anonymous["reason"], "spam");
    assert_eq!(anonymous["message"], "Lien mort vers un casino");
    assert!(anonymous["by"].is_null(), "{anonymous}");
    assert!(anonymous["subject_embed_id"].is_null(), "{anonymous}");
    assert!(anonymous["reported_at"].is_string(), "{anonymous}");
    for field in ["dismissed_at", "dismissed_by", "handled_at", "handled_by"] {
        assert!(anonymous[field].is_null(), "{field}: {anonymous}");
    }
    created.push(id_of(&anonymous));
    let on_message = reported(
        app,
        reporter.me(),
        json!({"subject": {"class": "Discussion", "id": discussion_id},
               "subject_embed_id": reply, "reason": "personal_data"}),
    )
    .await;
    assert_eq!(on_message["by"], reporter.id.as_str(), "{on_message}");
    assert_eq!(on_message["subject_embed_id"], reply.as_str());
    assert_eq!(on_message["message"], "", "{on_message}");
    created.push(id_of(&on_message));
    let long = reported(
        app,
        reporter.me(),
        json!({"subject": {"class": "Dataset", "id": "ds-air"}, "reason": "others",
               "message": "m".repeat(5_000)}),
    )
    .await;
    created.push(id_of(&long));
    for value in &values {
        let each = reported(
            app,
            None,
            json!({"subject": {"class": "Discussion", "id": discussion_id}, "reason": value}),
        )
        .await;
        assert_eq!(each["reason"], *value);
        created.push(id_of(&each));
    }

    // Refused ones name their field.
    let good = json!({"subject": {"class": "Reuse", "id": reuse_id}, "reason": "spam"});
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let cases = [
        (
            "a class that cannot be reported",
            with("subject", json!({"class": "Organization", "id": w.org_id})),
            "subject",
        ),
        ("no subject", with("subject", Value::Null), "subject"),
        (
            "an unknown reuse",
            with("subject", json!({"class": "Reuse", "id": "nope"})),
            "subject",
        ),
        (
            "a deleted reuse",
            with("subject", json!({"class": "Reuse", "id": gone})),
            "subject",
        ),
        (
            "an unknown dataset",
            with("subject", json!({"class": "Dataset", "id": "ds-nope"})),
            "subject",
        ),
        (
            "an unknown discussion",
            with(
                "subject",
                json!({"class": "Discussion", "id": "00000000-0000-0000-0000-000000000000"}),
            ),
            "subject",
        ),
        (
            "an unknown reason",
            with("reason", json!("boring")),
            "reason",
        ),
        (
            "the spam filter's reason",
            with("reason", json!("auto_spam")),
            "reason",
        ),
        ("no reason", with("reason", Value::Null), "reason"),
        (
            "a message too long",
            with("message", json!("m".repeat(5_001))),
            "message",
        ),
        (
            "a message of another discussion",
            json!({"subject": {"class": "Discussion", "id": discussion_id},
                   "subject_embed_id": foreign_message, "reason": "spam"}),
            "subject_embed_id",
        ),
        (
            "an unknown message",
            json!({"subject": {"class": "Discussion", "id": discussion_id},
                   "subject_embed_id": "nope", "reason": "spam"}),
            "subject_embed_id",
        ),
        (
            "a message of a reuse",
            with("subject_embed_id", json!(reply)),
            "subject_embed_id",
        ),
    ];
    for (case, body, field) in cases {
        for (who, user) in [("anonymous", None), ("signed in", reporter.me())] {
            let (status, error) = report(app, user, body.clone()).await;
            assert_refused(status, &error, field, &format!("{case} ({who})"));
        }
    }

    // Moderators list them, newest first: open ones by default.
    created.reverse();
    assert_eq!(report_ids(app, &w.moderator, "").await, created);
    assert_eq!(report_ids(app, &w.admin, "?open=true").await, created);
    assert_eq!(report_ids(app, &w.moderator, "?open=false").await, created);
    assert_eq!(
        report_view(app, &w.moderator, &id_of(&anonymous)).await,
        anonymous
    );
    let (status, body) = app
        .call(Method::GET, "/api/1/reports/nope/", w.moderator.me(), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    // Dismissed, handled, or refused.
    let path = |id: &Value| format!("/api/1/reports/{}/", id_of(id));
    for status_value in [json!("closed"), json!(""), json!(null), json!(true)] {
        let (status, error) = app
            .call(
                Method::PATCH,
                &path(&anonymous),
                w.moderator.me(),
                Some(json!({"status": status_value})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "status {status_value}: {error}"
        );
        if status_value.is_string() || status_value.is_null() {
            assert_refused(status, &error, "status", &format!("status {status_value}"));
        }
    }
    assert!(
        report_view(app, &w.moderator, &id_of(&anonymous)).await["dismissed_at"].is_null(),
        "unchanged by refused patches"
    );
    let (status, dismissed) = app
        .call(
            Method::PATCH,
            &path(&anonymous),
            w.moderator.me(),
            Some(json!({"status": "dismissed"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{dismissed}");
    assert!(dismissed["dismissed_at"].is_string(), "{dismissed}");
    assert_eq!(
        dismissed["dismissed_by"],
        w.moderator.id.as_str(),
        "{dismissed}"
    );
    assert!(dismissed["handled_at"].is_null(), "{dismissed}");
    assert!(dismissed["handled_by"].is_null(), "{dismissed}");
    assert_eq!(
        report_view(app, &w.admin, &id_of(&anonymous)).await,
        dismissed
    );
    let (status, handled) = app
        .call(
            Method::PATCH,
            &path(&on_message),
            w.admin.me(),
            Some(json!({"status": "handled"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{handled}");
    assert!(handled["handled_at"].is_string(), "{handled}");
    assert_eq!(handled["handled_by"], w.admin.id.as_str(), "{handled}");
    assert!(handled["dismissed_at"].is_null(), "{handled}");
    assert!(handled["dismissed_by"].is_null(), "{handled}");
    let (status, body) = app
        .call(
            Method::PATCH,
            "/api/1/reports/nope/",
            w.moderator.me(),
            Some(json!({"status": "handled"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let still_open: Vec<String> = created
        .iter()
        .filter(|id| **id != id_of(&anonymous) && **id != id_of(&on_message))
        .cloned()
        .collect();
    assert_eq!(report_ids(app, &w.moderator, "").await, still_open);
    assert_eq!(
        report_ids(app, &w.moderator, "?open=true").await,
        still_open
    );
    assert_eq!(report_ids(app, &w.moderator, "?open=false").await, created);
}

#[tokio::test]
async fn reports_close_when_their_subject_is_deleted() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let replier = app.user("Rita", Role::User).await;
    let doomed_reuse = reuse(app, &w.owner, "Carte A", json!({})).await;
    let kept_reuse = reuse(app, &w.owner, "Carte B", json!({})).await;
    let thread = id_of(&open(app, &asker, "ds-air", "Données 2023", "Où ?").await);
    let first = id_of(last_message(
        &comment(app, &replier, &thread, "Premier.").await,
    ));
    let second = id_of(last_message(
        &comment(app, &replier, &thread, "Second.").await,
    ));
    let doomed_thread = id_of(&open(app, &asker, "ds-perso", "Doublon", "Déjà posée.").await);

    let on_doomed_reuse =
        report_subject(app, json!({"class": "Reuse", "id": doomed_reuse}), None).await;
    let on_kept_reuse =
        report_subject(app, json!({"class": "Reuse", "id": kept_reuse}), None).await;
    let on_thread = report_subject(app, json!({"class": "Discussion", "id": thread}), None).await;
    let on_first = report_subject(
        app,
        json!({"class": "Discussion", "id": thread}),
        Some(&first),
    )
    .await;
    let on_second = report_subject(
        app,
        json!({"class": "Discussion", "id": thread}),
        Some(&second),
    )
    .await;
    let on_doomed_thread = report_subject(
        app,
        json!({"class": "Discussion", "id": doomed_thread}),
        None,
    )
    .await;
    let on_dataset = report_subject(app, json!({"class": "Dataset", "id": "ds-air"}), None).await;
    let all = [
        &on_doomed_reuse,
        &on_kept_reuse,
        &on_thread,
        &on_first,
        &on_second,
        &on_doomed_thread,
        &on_dataset,
    ];
    let open_now = |closed: &[&String]| -> Vec<String> {
        all.iter()
            .rev()
            .filter(|id| !closed.contains(*id))
            .map(|id| (*id).clone())
            .collect()
    };
    assert_eq!(report_ids(app, &w.moderator, "").await, open_now(&[]));

    // A reuse deleted by its owner.
    delete_ok(app, format!("/api/1/reuses/{doomed_reuse}/"), &w.owner).await;
    assert_handled(app, &w.moderator, on_doomed_reuse.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        open_now(&[&on_doomed_reuse])
    );

    // A message deleted by its author: that message's reports only.
    delete_ok(
        app,
        format!("/api/1/discussions/{thread}/comments/{first}/"),
        &replier,
    )
    .await;
    assert_handled(app, &w.moderator, on_first.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        open_now(&[&on_doomed_reuse, &on_first])
    );

    // A discussion deleted by its author.
    delete_ok(app, format!("/api/1/discussions/{doomed_thread}/"), &asker).await;
    assert_handled(app, &w.moderator, on_doomed_thread.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        open_now(&[&on_doomed_reuse, &on_first, &on_doomed_thread])
    );

    // A discussion deleted by a moderator: its reports and those on its messages.
    delete_ok(app, format!("/api/1/discussions/{thread}/"), &w.moderator).await;
    assert_handled(app, &w.moderator, on_thread.clone()).await;
    assert_handled(app, &w.moderator, on_second.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        [on_dataset.clone(), on_kept_reuse.clone()]
    );
    assert_eq!(report_ids(app, &w.moderator, "?open=false").await.len(), 7);
}

#[tokio::test]
async fn moderators_dismiss_with_udatas_body_too() {
    let w = world(&[]).await;
    let app = &w.app;
    let id = report_subject(app, json!({"class": "Dataset", "id": "ds-air"}), None).await;
    let path = format!("/api/1/reports/{id}/");
    let patch = |body: Value| app.call(Method::PATCH, &path, w.moderator.me(), Some(body));

    // As data.gouv.fr's admin sends it: a date dismisses, null undoes it.
    let (status, dismissed) = patch(json!({"dismissed_at": "2024-05-01T10:00:00+02:00"})).await;
    assert_eq!(status, StatusCode::OK, "{dismissed}");
    assert!(dismissed["dismissed_at"].is_string(), "{dismissed}");
    assert_eq!(dismissed["dismissed_by"], w.moderator.id.as_str());
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        Vec::<String>::new()
    );
    let (status, reopened) = patch(json!({"dismissed_at": null})).await;
    assert_eq!(status, StatusCode::OK, "{reopened}");
    assert!(reopened["dismissed_at"].is_null(), "{reopened}");
    assert!(reopened["dismissed_by"].is_null(), "{reopened}");
    assert_eq!(report_ids(app, &w.moderator, "").await, [id.as_str()]);
    let (status, again) = patch(json!({"dismissed_at": null})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "undoing nothing changes nothing: {again}"
    );
    let (status, naive) = patch(json!({"dismissed_at": "2024-05-01T10:00:00.123"})).await;
    assert_eq!(status, StatusCode::OK, "{naive}");
    assert!(naive["dismissed_at"].is_string(), "{naive}");

    // Vitrine's own body still works, and wins when both are sent.
    let (status, handled) = patch(json!({"status": "handled", "dismissed_at": null})).await;
    assert_eq!(status, StatusCode::OK, "{handled}");
    assert!(handled["handled_at"].is_string(), "{handled}");
    assert!(handled["dismissed_at"].is_string(), "{handled}");

    for (body, field) in [
        (json!({"dismissed_at": "hier"}), "dismissed_at"),
        (json!({"dismissed_at": true}), "dismissed_at"),
        (json!({}), "status"),
        (json!({"status": "ignored"}), "status"),
    ] {
        let (status, error) = patch(body.clone()).await;
        assert_refused(status, &error, field, &body.to_string());
    }
    let (status, _) = app
        .call(
            Method::PATCH,
            &path,
            None,
            Some(json!({"dismissed_at": "2024-05-01T10:00:00Z"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .call(
            Method::PATCH,
            "/api/1/reports/00000000-0000-0000-0000-000000000000/",
            w.moderator.me(),
            Some(json!({"dismissed_at": "2024-05-01T10:00:00Z"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
