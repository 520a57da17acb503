//! Who may do each discussion write.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::id_of;
use crate::support::discussions::{message_id, open_on, path_of, read, reply};
use crate::support::world::world;
use crate::support::{TestApp, TestUser};

/// Who acts, for the assertion messages.
struct Actor<'a> {
    name: &'a str,
    user: Option<&'a TestUser>,
}

/// Calls as `actor` and checks the status.
async fn expect(
    app: &TestApp,
    actor: &Actor<'_>,
    method: Method,
    path: &str,
    body: Option<Value>,
    expected: StatusCode,
) -> Value {
    let (status, answer) = app.call(method.clone(), path, actor.user, body).await;
    assert_eq!(
        status, expected,
        "{method} {path} as {}: {answer}",
        actor.name
    );
    answer
}

#[tokio::test]
async fn the_permission_matrix_of_every_discussion_write() {
    let w = world(&[]).await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let replier = app.user("Rita", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let actors = [
        Actor {
            name: "anonymous",
            user: None,
        },
        Actor {
            name: "other user",
            user: Some(&other),
        },
        Actor {
            name: "discussion author",
            user: Some(&author),
        },
        Actor {
            name: "dataset owner",
            user: Some(&w.owner),
        },
        Actor {
            name: "org editor",
            user: Some(&w.org_editor),
        },
        Actor {
            name: "org admin",
            user: Some(&w.org_admin),
        },
        Actor {
            name: "moderator",
            user: Some(&moderator),
        },
        Actor {
            name: "admin",
            user: Some(&w.admin),
        },
    ];
    // The organization's dataset, and the one `owner` publishes alone.
    let subjects: [(&str, &[&str]); 2] = [
        ("ds-air", &["org editor", "org admin"]),
        ("ds-perso", &["dataset owner"]),
    ];
    for (dataset, producers) in subjects {
        for actor in &actors {
            let name = actor.name;
            let producer = producers.contains(&name);
            let is_author = name == "discussion author";
            let moderates = matches!(name, "moderator" | "admin");
            let denied = if actor.user.is_some() {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            };
            let allowed = |may: bool, ok: StatusCode| if may { ok } else { denied };
            let may_close = producer || is_author || moderates;
            let may_mark = producer || name == "admin";
            let may_delete = is_author || moderates;

            let title = format!("Question pour {name} sur {dataset}");
            let question = format!("Question : {title}");
            let id = id_of(&open_on(app, &author, "Dataset", dataset, &title, &question).await);
            let path = path_of(&id);
            let replied = reply(app, &replier, &id, json!({"comment": "Réponse de Rita"})).await;
            let ritas = message_id(&replied, 1);
            let ritas_path = format!("{path}comments/{ritas}/");

            // Comment.
            let answer = expect(
                app,
                actor,
                Method::POST,
                &path,
                Some(json!({"comment": format!("Avis de {name}")})),
                allowed(actor.user.is_some(), StatusCode::OK),
            )
            .await;
            let own = actor.user.map(|user| {
                let messages = answer["discussion"].as_array().unwrap();
                assert_eq!(messages.len(), 3, "{name}: {answer}");
                assert_eq!(messages[2]["content"], format!("Avis de {name}"));
                assert_eq!(messages[2]["posted_by"]["id"], user.id.as_str());
                message_id(&answer, 2)
            });

            // Rename.
            let answer = expect(
                app,
                actor,
                Method::PUT,
                &path,
                Some(json!({"title": "Titre revu"})),
                allowed(is_author, StatusCode::OK),
            )
            .await;
            if is_author {
                assert_eq!(answer["title"], "Titre revu");
            }

            // Edit one's own message, then someone else's.
            if let Some(own) = &own {
                let answer = expect(
                    app,
                    actor,
                    Method::PUT,
                    &format!("{path}comments/{own}/"),
                    Some(json!({"comment": "Avis corrigé"})),
                    StatusCode::OK,
                )
                .await;
                assert_eq!(answer["discussion"][2]["content"], "Avis corrigé");
                assert!(answer["discussion"][2]["last_modified_at"].is_string());
            }
            expect(
                app,
                actor,
                Method::PUT,
                &ritas_path,
                Some(json!({"comment": "Réécrit"})),
                denied,
            )
            .await;

            // Mark and unmark the answer.
            let answer = expect(
                app,
                actor,
                Method::POST,
                &format!("{path}answer/"),
                Some(json!({"message": ritas})),
                allowed(may_mark, StatusCode::OK),
            )
            .await;
            if may_mark {
                assert_eq!(answer["answer"], ritas.as_str(), "{name}: {answer}");
                assert_eq!(answer["answered"], true);
            } else {
                assert!(read(app, None, &id).await["answer"].is_null());
            }
            if !may_mark {
                // Something to unmark.
                reply(app, &w.admin, &id, json!({"comment": "Note"})).await;
                let (status, marked) = app
                    .call(
                        Method::POST,
                        &format!("{path}answer/"),
                        Some(&w.admin),
                        Some(json!({"message": ritas})),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{marked}");
            }
            let answer = expect(
                app,
                actor,
                Method::DELETE,
                &format!("{path}answer/"),
                None,
                allowed(may_mark, StatusCode::OK),
            )
            .await;
            let answer_now = read(app, None, &id).await["answer"].clone();
            if may_mark {
                assert!(answer["answer"].is_null(), "{name}: {answer}");
                assert!(answer_now.is_null());
            } else {
                assert_eq!(answer_now, ritas.as_str(), "{name} unmarked nothing");
            }

            // Delete someone else's message, then one's own.
            expect(app, actor, Method::DELETE, &ritas_path, None, denied).await;
            if let Some(own) = &own {
                expect(
                    app,
                    actor,
                    Method::DELETE,
                    &format!("{path}comments/{own}/"),
                    None,
                    StatusCode::NO_CONTENT,
                )
                .await;
                let left = read(app, None, &id).await;
                assert!(
                    left["discussion"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|m| m["id"] != own.as_str()),
                    "{name}: {left}"
                );
            }
            assert_eq!(
                read(app, None, &id).await["discussion"][1]["id"],
                ritas.as_str(),
                "Rita's message is still there"
            );

            // Close, then reopen.
            let answer = expect(
                app,
                actor,
                Method::POST,
                &path,
                Some(json!({"close": true})),
                allowed(may_close, StatusCode::OK),
            )
            .await;
            if may_close {
                assert!(answer["closed"].is_string(), "{name}: {answer}");
                assert_eq!(
                    answer["closed_by"]["id"],
                    actor.user.unwrap().id.as_str(),
                    "{name}: {answer}"
                );
            } else {
                assert!(read(app, None, &id).await["closed"].is_null());
                reply(app, &author, &id, json!({"close": true})).await;
            }
            let answer = expect(
                app,
                actor,
                Method::POST,
                &path,
                Some(json!({"close": false})),
                allowed(may_close, StatusCode::OK),
            )
            .await;
            let closed_now = read(app, None, &id).await["closed"].clone();
            if may_close {
                assert!(answer["closed"].is_null(), "{name}: {answer}");
                assert!(answer["closed_by"].is_null(), "{name}: {answer}");
                assert!(closed_now.is_null());
            } else {
                assert!(closed_now.is_string(), "{name} reopened nothing");
            }

            // Delete the discussion.
            expect(
                app,
                actor,
                Method::DELETE,
                &path,
                None,
                allowed(may_delete, StatusCode::NO_CONTENT),
            )
            .await;
            let (status, _) = app.get(&path).await;
            let expected = if may_delete {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            assert_eq!(status, expected, "GET {path} after DELETE as {name}");
        }
    }
}
