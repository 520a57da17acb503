//! `/api/1/discussions/`: opening, replying, closing, answering and deleting, who may do each,
//! the counters they keep right, the lists and `me/org_discussions`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::app::{TestApp, TestUser};

/// An app with an organization publishing `ds-air` and `ds-velo` (an admin and an editor), a
/// user publishing `ds-perso` alone, and a site admin.
struct World {
    app: TestApp,
    org_id: String,
    admin: TestUser,
    org_admin: TestUser,
    org_editor: TestUser,
    /// Publishes `ds-perso` alone.
    owner: TestUser,
}

async fn world() -> World {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let org_admin = app.user("Orga", Role::User).await;
    let org_editor = app.user("Edith", Role::User).await;
    let owner = app.user("Olivia", Role::User).await;
    let (status, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&org_admin),
            Some(json!({"name": "Ville de Lyon"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let org_id = org["id"].as_str().unwrap().to_owned();
    let (status, member) = app
        .call(
            Method::PUT,
            &format!("/api/1/organizations/{org_id}/member/{}/", org_editor.id),
            Some(&org_admin),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert!(status.is_success(), "{member}");
    for body in [
        json!({"id": "ds-air", "title": "Qualité de l'air", "organization": org_id}),
        json!({"id": "ds-velo", "title": "Comptages vélo", "organization": org_id}),
        json!({"id": "ds-perso", "title": "Mes relevés", "owner": owner.id}),
    ] {
        let (status, created) = app
            .call(Method::POST, "/api/1/datasets/", Some(&admin), Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
    }
    let (_, perso) = app.get("/api/1/datasets/ds-perso/").await;
    assert_eq!(
        perso["owner"]["id"],
        owner.id.as_str(),
        "an admin may set a dataset's owner: {perso}"
    );
    assert!(perso["organization"].is_null(), "{perso}");
    World {
        app,
        org_id,
        admin,
        org_admin,
        org_editor,
        owner,
    }
}

/// Creates a reuse of `ds-air` as `user`; `extra` fields (`private`, `organization`) override.
async fn reuse(app: &TestApp, user: &TestUser, title: &str, extra: Value) -> String {
    let mut body = json!({
        "title": title,
        "description": "Une carte de la **qualité de l'air**.",
        "url": format!("https://reuse-{}.example/", uuid::Uuid::new_v4().simple()),
        "type": "visualization",
        "topic": "environment_and_energy",
        "tags": ["air"],
        "datasets": ["ds-air"],
    });
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    let (status, created) = app
        .call(Method::POST, "/api/1/reuses/", Some(user), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

/// Opens a discussion as `user` about `class` `id`; its question is "Question : {title}".
async fn open(app: &TestApp, user: &TestUser, class: &str, id: &str, title: &str) -> String {
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(user),
            Some(json!({
                "title": title,
                "comment": format!("Question : {title}"),
                "subject": {"class": class, "id": id},
            })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "opening {title:?} on {class} {id}: {body}"
    );
    body["id"].as_str().unwrap().to_owned()
}

fn path_of(id: &str) -> String {
    format!("/api/1/discussions/{id}/")
}

/// `POST /discussions/{id}/` as `user`.
async fn post(
    app: &TestApp,
    user: Option<&TestUser>,
    id: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.call(Method::POST, &path_of(id), user, Some(body)).await
}

/// `POST /discussions/{id}/` as `user`, which must succeed.
async fn reply(app: &TestApp, user: &TestUser, id: &str, body: Value) -> Value {
    let (status, answer) = post(app, Some(user), id, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "POST {body} on {id}: {answer}");
    answer
}

/// The discussion as `user` sees it.
async fn fetch(app: &TestApp, user: Option<&TestUser>, id: &str) -> Value {
    let (status, body) = app.call(Method::GET, &path_of(id), user, None).await;
    assert_eq!(status, StatusCode::OK, "GET {id}: {body}");
    body
}

/// The id of message `index` of a discussion view.
fn message_id(discussion: &Value, index: usize) -> String {
    discussion["discussion"][index]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no message {index}: {discussion}"))
        .to_owned()
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .or_else(|| list["data"].as_array())
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_owned())
        .collect()
}

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
async fn opening_a_discussion_validates_every_field() {
    let w = world().await;
    let app = &w.app;
    let ada = app.user("Ada", Role::User).await;
    let good = json!({
        "title": "  Où sont les données de 2023 ?  ",
        "comment": "Je ne trouve pas **2023** <b>ici</b>.",
        "subject": {"class": "Dataset", "id": "ds-air"},
    });
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            None,
            Some(good.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "opening needs an account");

    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = good.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    let cases = [
        ("missing title", without("title"), "title"),
        ("blank title", with("title", json!("   ")), "title"),
        ("long title", with("title", json!("t".repeat(351))), "title"),
        ("missing comment", without("comment"), "comment"),
        ("empty comment", with("comment", json!("")), "comment"),
        ("blank comment", with("comment", json!("  \n ")), "comment"),
        (
            "long comment",
            with("comment", json!("c".repeat(50_001))),
            "comment",
        ),
        (
            "bad class",
            with("subject", json!({"class": "Organization", "id": "ds-air"})),
            "subject",
        ),
        ("missing subject", without("subject"), "subject"),
    ];
    for (case, body, field) in cases {
        let (status, error) = app
            .call(Method::POST, "/api/1/discussions/", Some(&ada), Some(body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {error}");
        assert!(error["errors"][field].is_array(), "{case}: {error}");
    }
    let (_, list) = app.get("/api/1/discussions/").await;
    assert_eq!(list["total"], 0, "nothing half-written: {list}");

    let mut boundary = with("title", json!("t".repeat(350)));
    boundary["comment"] = json!("c".repeat(50_000));
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&ada),
            Some(boundary),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "350 and 50,000 characters are allowed: {body}"
    );

    for (class, id) in [("Dataset", "ds-missing"), ("Reuse", "reuse-missing")] {
        let (status, error) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(&ada),
                Some(with("subject", json!({"class": class, "id": id}))),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{class} {id}: {error}");
    }
    let private = reuse(app, &w.owner, "Brouillon", json!({"private": true})).await;
    let on_private = with("subject", json!({"class": "Reuse", "id": private}));
    let (status, error) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&ada),
            Some(on_private.clone()),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a reuse hidden from the caller: {error}"
    );
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&w.owner),
            Some(on_private),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "its owner sees it: {body}");
    assert_eq!(body["subject"], json!({"class": "Reuse", "id": private}));

    let for_org = with("organization", json!(w.org_id));
    let (status, error) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&ada),
            Some(for_org.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["errors"]["organization"].is_array(), "{error}");
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&w.org_editor),
            Some(for_org),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["organization"]["id"], w.org_id.as_str(), "{body}");
    assert_eq!(
        body["discussion"][0]["posted_by_organization"]["id"],
        w.org_id.as_str(),
        "{body}"
    );

    let (status, created) = app
        .call(Method::POST, "/api/1/discussions/", Some(&ada), Some(good))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        created["subject"],
        json!({"class": "Dataset", "id": "ds-air"})
    );
    assert_eq!(created["title"], "Où sont les données de 2023 ?");
    assert_eq!(created["user"]["id"], ada.id.as_str());
    assert_eq!(created["user"]["name"], "Ada");
    assert!(created["user"].get("avatar").is_some(), "{created}");
    assert!(created["organization"].is_null());
    let messages = created["discussion"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{created}");
    let question = &messages[0];
    assert!(question["id"].as_str().is_some_and(|id| !id.is_empty()));
    assert_eq!(
        question["content"], "Je ne trouve pas **2023** <b>ici</b>.",
        "raw Markdown"
    );
    assert_eq!(question["posted_by"]["id"], ada.id.as_str());
    assert!(question["posted_by_organization"].is_null());
    assert!(question["posted_on"].is_string());
    assert!(question["last_modified_at"].is_null());
    assert!(created["created"].is_string());
    assert!(created["closed"].is_null());
    assert!(created["closed_by"].is_null());
    assert!(created["answer"].is_null());
    assert!(created["first_answered_at"].is_null());
    assert_eq!(created["answered"], false);
    assert_eq!(
        created["url"],
        format!("{}api/1/discussions/{id}/", app.url)
    );
    assert!(
        created["page"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/discussions/{id}/")),
        "{created}"
    );

    let (status, fetched) = app.get(&path_of(id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched, created);
    let (status, _) = app
        .get(&path_of("00000000-0000-0000-0000-000000000000"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get(&path_of("nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_permission_matrix_of_every_discussion_write() {
    let w = world().await;
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

            let id = open(
                app,
                &author,
                "Dataset",
                dataset,
                &format!("Question pour {name} sur {dataset}"),
            )
            .await;
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
                assert!(fetch(app, None, &id).await["answer"].is_null());
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
            let answer_now = fetch(app, None, &id).await["answer"].clone();
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
                let left = fetch(app, None, &id).await;
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
                fetch(app, None, &id).await["discussion"][1]["id"],
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
                assert!(fetch(app, None, &id).await["closed"].is_null());
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
            let closed_now = fetch(app, None, &id).await["closed"].clone();
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

#[tokio::test]
async fn closing_rules_and_a_closed_thread_takes_no_comment() {
    let w = world().await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let id = open(app, &author, "Dataset", "ds-air", "Données manquantes").await;

    let (status, error) = post(app, Some(&author), &id, json!({})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "neither comment nor close: {error}"
    );
    let (status, _) = post(app, None, &id, json!({"comment": "Anonyme"})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, error) = post(app, Some(&other), &id, json!({"comment": "   "})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["errors"]["comment"].is_array(), "{error}");

    let body = reply(
        app,
        &other,
        &id,
        json!({"comment": "Moi aussi **je** cherche"}),
    )
    .await;
    let messages = body["discussion"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[1]["content"], "Moi aussi **je** cherche");
    assert_eq!(messages[1]["posted_by"]["id"], other.id.as_str());
    assert_eq!(messages[1]["posted_by"]["name"], "Other");
    assert!(body["closed"].is_null());

    let (status, error) = post(
        app,
        Some(&other),
        &id,
        json!({"comment": "Au nom de Lyon", "organization": w.org_id}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["errors"]["organization"].is_array(), "{error}");
    let body = reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Nous regardons.", "organization": w.org_id}),
    )
    .await;
    assert_eq!(
        body["discussion"][2]["posted_by_organization"]["id"],
        w.org_id.as_str(),
        "{body}"
    );

    let (status, error) = post(app, Some(&other), &id, json!({"close": true})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert!(fetch(app, None, &id).await["closed"].is_null());

    let body = reply(
        app,
        &author,
        &id,
        json!({"comment": "Trouvé, merci", "close": true}),
    )
    .await;
    assert!(body["closed"].is_string(), "{body}");
    assert_eq!(body["closed_by"]["id"], author.id.as_str());
    assert_eq!(body["discussion"].as_array().unwrap().len(), 4);
    assert_eq!(body["discussion"][3]["content"], "Trouvé, merci");

    for (name, user) in [
        ("other user", &other),
        ("author", &author),
        ("org editor", &w.org_editor),
        ("moderator", &moderator),
        ("admin", &w.admin),
    ] {
        let (status, error) = post(app, Some(user), &id, json!({"comment": "Encore"})).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "comment on a closed thread as {name}: {error}"
        );
    }
    let (status, error) = post(
        app,
        Some(&w.org_editor),
        &id,
        json!({"comment": "Encore", "close": true}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert_eq!(
        fetch(app, None, &id).await["discussion"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "no comment slipped in"
    );

    let (status, error) = post(app, Some(&other), &id, json!({"close": false})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    let body = reply(app, &w.org_admin, &id, json!({"close": false})).await;
    assert!(body["closed"].is_null(), "{body}");
    assert!(body["closed_by"].is_null(), "{body}");
    reply(app, &other, &id, json!({"comment": "Rouvert !"})).await;

    let body = reply(app, &moderator, &id, json!({"close": true})).await;
    assert_eq!(body["closed_by"]["id"], moderator.id.as_str());
    let body = reply(
        app,
        &author,
        &id,
        json!({"comment": "Finalement non", "close": false}),
    )
    .await;
    assert!(body["closed"].is_null(), "reopened with a comment: {body}");
    let messages = body["discussion"].as_array().unwrap();
    assert_eq!(messages.last().unwrap()["content"], "Finalement non");

    // A discussion on a private reuse is hidden from those who cannot see the reuse.
    let private = reuse(app, &w.owner, "Brouillon", json!({"private": true})).await;
    let hidden = open(app, &w.owner, "Reuse", &private, "Secret").await;
    let (status, _) = app.get(&path_of(&hidden)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(Method::GET, &path_of(&hidden), Some(&other), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(app, Some(&other), &hidden, json!({"comment": "Coucou"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    fetch(app, Some(&w.owner), &hidden).await;
    fetch(app, Some(&moderator), &hidden).await;
}

#[tokio::test]
async fn the_first_message_is_the_question_and_stays() {
    let w = world().await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let id = open(app, &author, "Dataset", "ds-air", "Une question").await;
    let path = path_of(&id);
    let body = reply(app, &other, &id, json!({"comment": "Une réponse"})).await;
    let question = message_id(&body, 0);
    let posted_on = body["discussion"][0]["posted_on"].clone();

    for (who, user, index, expected) in [
        ("author", &author, "0".to_owned(), StatusCode::BAD_REQUEST),
        ("author", &author, question.clone(), StatusCode::BAD_REQUEST),
        ("other user", &other, "0".to_owned(), StatusCode::FORBIDDEN),
        (
            "moderator",
            &moderator,
            "0".to_owned(),
            StatusCode::FORBIDDEN,
        ),
        ("admin", &w.admin, "0".to_owned(), StatusCode::FORBIDDEN),
        ("author", &author, "9".to_owned(), StatusCode::NOT_FOUND),
        (
            "author",
            &author,
            uuid::Uuid::new_v4().to_string(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let target = format!("{path}comments/{index}/");
        let (status, answer) = app.call(Method::DELETE, &target, Some(user), None).await;
        assert_eq!(status, expected, "DELETE {target} as {who}: {answer}");
    }
    assert_eq!(
        fetch(app, None, &id).await["discussion"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let (status, _) = app
        .call(
            Method::PUT,
            &format!("{path}comments/9/"),
            Some(&author),
            Some(json!({"comment": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(
            Method::PUT,
            &format!("{path}comments/0/"),
            None,
            Some(json!({"comment": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .call(
            Method::PUT,
            &format!("{path}comments/0/"),
            Some(&other),
            Some(json!({"comment": "Détournée"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("{path}comments/0/"),
            Some(&author),
            Some(json!({"comment": "Question _précisée_"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["discussion"][0]["content"], "Question _précisée_");
    assert_eq!(body["discussion"][0]["id"], question.as_str());
    assert_eq!(body["discussion"][0]["posted_on"], posted_on);
    assert!(
        body["discussion"][0]["last_modified_at"].is_string(),
        "{body}"
    );
    assert!(body["discussion"][1]["last_modified_at"].is_null());
    let (status, error) = app
        .call(
            Method::PUT,
            &format!("{path}comments/1/"),
            Some(&other),
            Some(json!({"comment": " "})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["errors"]["comment"].is_array(), "{error}");
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("{path}comments/1/"),
            Some(&other),
            Some(json!({"comment": "Réponse revue"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["discussion"][1]["content"], "Réponse revue");

    // Titles: the author's, and never empty.
    let (status, _) = app
        .call(Method::PUT, &path, None, Some(json!({"title": "Anonyme"})))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, error) = app
        .call(
            Method::PUT,
            &path,
            Some(&author),
            Some(json!({"title": ""})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["errors"]["title"].is_array(), "{error}");
    let (status, body) = app
        .call(
            Method::PUT,
            &path,
            Some(&author),
            Some(json!({"title": "Une question précise"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["title"], "Une question précise");

    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("{path}comments/1/"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let body = fetch(app, None, &id).await;
    assert_eq!(body["discussion"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(body["discussion"][0]["id"], question.as_str());

    let (status, _) = app.call(Method::DELETE, &path, Some(&author), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.call(Method::DELETE, &path, Some(&author), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn producers_and_admins_mark_the_answer() {
    let w = world().await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let id = open(app, &author, "Dataset", "ds-air", "Quelle unité ?").await;
    let answer_path = format!("{}answer/", path_of(&id));
    reply(app, &w.org_editor, &id, json!({"comment": "Des µg/m³."})).await;
    let body = reply(app, &other, &id, json!({"comment": "Je crois aussi."})).await;
    let question = message_id(&body, 0);
    let editors = message_id(&body, 1);
    let others = message_id(&body, 2);
    let mark = |message: &str| Some(json!({"message": message}));

    let (status, _) = app
        .call(Method::POST, &answer_path, None, mark(&editors))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for (name, user) in [
        ("discussion author", &author),
        ("other user", &other),
        ("moderator", &moderator),
        ("dataset owner of another dataset", &w.owner),
    ] {
        let (status, error) = app
            .call(Method::POST, &answer_path, Some(user), mark(&editors))
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "POST {answer_path} as {name}: {error}"
        );
    }
    assert!(fetch(app, None, &id).await["answer"].is_null());

    let elsewhere = open(app, &author, "Dataset", "ds-air", "Autre question").await;
    let elsewhere = reply(app, &other, &elsewhere, json!({"comment": "Ailleurs"})).await;
    for (case, body) in [
        ("the question", mark(&question)),
        (
            "a message of another discussion",
            mark(&message_id(&elsewhere, 1)),
        ),
        (
            "an unknown message",
            mark(&uuid::Uuid::new_v4().to_string()),
        ),
        ("no message", Some(json!({}))),
    ] {
        let (status, error) = app
            .call(Method::POST, &answer_path, Some(&w.org_admin), body)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {error}");
        assert!(error["errors"]["message"].is_array(), "{case}: {error}");
    }

    let (status, body) = app
        .call(
            Method::POST,
            &answer_path,
            Some(&w.org_editor),
            mark(&others),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["answer"], others.as_str());
    assert_eq!(body["answered"], true);
    let (status, body) = app
        .call(
            Method::POST,
            &answer_path,
            Some(&w.org_admin),
            mark(&editors),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["answer"],
        editors.as_str(),
        "a new mark replaces the old"
    );
    for (name, user) in [("discussion author", &author), ("moderator", &moderator)] {
        let (status, error) = app
            .call(Method::DELETE, &answer_path, Some(user), None)
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "DELETE {answer_path} as {name}: {error}"
        );
    }
    let (status, body) = app
        .call(Method::DELETE, &answer_path, Some(&w.admin), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["answer"].is_null(), "{body}");
    assert_eq!(body["answered"], true, "a producer replied");

    // Deleting the reply that is the answer clears the mark.
    let (status, body) = app
        .call(Method::POST, &answer_path, Some(&w.admin), mark(&others))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("{}comments/{others}/", path_of(&id)),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let body = fetch(app, None, &id).await;
    assert!(body["answer"].is_null(), "{body}");
    assert_eq!(body["discussion"].as_array().unwrap().len(), 2);

    // A mark alone makes a discussion answered.
    let quiet = open(app, &author, "Dataset", "ds-velo", "Sans producteur").await;
    let body = reply(app, &other, &quiet, json!({"comment": "Regardez ici."})).await;
    assert_eq!(body["answered"], false, "{body}");
    let (status, body) = app
        .call(
            Method::POST,
            &format!("{}answer/", path_of(&quiet)),
            Some(&w.admin),
            mark(&message_id(&body, 1)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["first_answered_at"].is_null(), "{body}");
    assert_eq!(body["answered"], true, "{body}");
    let (_, body) = app
        .call(
            Method::DELETE,
            &format!("{}answer/", path_of(&quiet)),
            Some(&w.admin),
            None,
        )
        .await;
    assert_eq!(body["answered"], false, "{body}");

    // The producer who opened the discussion marks too.
    let own = open(app, &w.org_editor, "Dataset", "ds-air", "FAQ").await;
    let body = reply(app, &other, &own, json!({"comment": "Merci"})).await;
    let (status, body) = app
        .call(
            Method::POST,
            &format!("{}answer/", path_of(&own)),
            Some(&w.org_editor),
            mark(&message_id(&body, 1)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // A reuse its creator owns: they mark, the organization does not.
    let romain = app.user("Romain", Role::User).await;
    let reuse_id = reuse(app, &romain, "Carte de Romain", json!({})).await;
    let on_reuse = open(app, &author, "Reuse", &reuse_id, "Sur la carte").await;
    let body = reply(app, &other, &on_reuse, json!({"comment": "Zoomez"})).await;
    let reply_id = message_id(&body, 1);
    let on_reuse_answer = format!("{}answer/", path_of(&on_reuse));
    for (name, user, expected) in [
        ("discussion author", &author, StatusCode::FORBIDDEN),
        ("org admin", &w.org_admin, StatusCode::FORBIDDEN),
        ("reuse owner", &romain, StatusCode::OK),
    ] {
        let (status, answer) = app
            .call(Method::POST, &on_reuse_answer, Some(user), mark(&reply_id))
            .await;
        assert_eq!(
            status, expected,
            "POST {on_reuse_answer} as {name}: {answer}"
        );
    }
    let (status, body) = app
        .call(Method::DELETE, &on_reuse_answer, Some(&romain), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["answer"].is_null());
}

/// `metrics.discussions` and `metrics.discussions_open` of a dataset or reuse.
async fn counts(app: &TestApp, path: &str) -> (i64, i64) {
    let (status, body) = app.get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    (
        body["metrics"]["discussions"]
            .as_i64()
            .unwrap_or_else(|| panic!("{path}: {body}")),
        body["metrics"]["discussions_open"]
            .as_i64()
            .unwrap_or_else(|| panic!("{path}: {body}")),
    )
}

#[tokio::test]
async fn counters_follow_every_create_close_reopen_and_delete() {
    let w = world().await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let romain = app.user("Romain", Role::User).await;
    let reuse_id = reuse(app, &romain, "Carte", json!({})).await;
    let reuse_path = format!("/api/1/reuses/{reuse_id}/");
    let velo = "/api/1/datasets/ds-velo/";
    for (class, id, path) in [
        ("Dataset", "ds-air", "/api/1/datasets/ds-air/".to_owned()),
        ("Reuse", reuse_id.as_str(), reuse_path.clone()),
    ] {
        let step = |what: &str| format!("{class} {id} after {what}");
        assert_eq!(counts(app, &path).await, (0, 0), "{}", step("nothing"));
        let a = open(app, &author, class, id, "Première").await;
        assert_eq!(counts(app, &path).await, (1, 1), "{}", step("one opened"));
        let b = open(app, &other, class, id, "Seconde").await;
        assert_eq!(counts(app, &path).await, (2, 2), "{}", step("two opened"));
        reply(app, &author, &a, json!({"close": true})).await;
        assert_eq!(counts(app, &path).await, (2, 1), "{}", step("closing"));
        reply(app, &other, &b, json!({"comment": "Up"})).await;
        assert_eq!(counts(app, &path).await, (2, 1), "{}", step("a comment"));
        reply(app, &moderator, &a, json!({"close": false})).await;
        assert_eq!(counts(app, &path).await, (2, 2), "{}", step("reopening"));
        reply(app, &other, &b, json!({"comment": "Réglé", "close": true})).await;
        assert_eq!(
            counts(app, &path).await,
            (2, 1),
            "{}",
            step("closing with a comment")
        );
        let body = reply(app, &other, &a, json!({"comment": "Éphémère"})).await;
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("{}comments/{}/", path_of(&a), message_id(&body, 1)),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            counts(app, &path).await,
            (2, 1),
            "{}",
            step("deleting a message")
        );
        let (status, _) = app
            .call(Method::DELETE, &path_of(&b), Some(&other), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            counts(app, &path).await,
            (1, 1),
            "{}",
            step("deleting the closed one")
        );
        reply(app, &author, &a, json!({"close": true})).await;
        assert_eq!(counts(app, &path).await, (1, 0), "{}", step("closing"));
        let (status, _) = app
            .call(Method::DELETE, &path_of(&a), Some(&moderator), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(counts(app, &path).await, (0, 0), "{}", step("deleting all"));
        let c = open(app, &author, class, id, "Troisième").await;
        assert_eq!(counts(app, &path).await, (1, 1), "{}", step("a new one"));
        let (status, _) = app
            .call(Method::DELETE, &path_of(&c), Some(&w.admin), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            counts(app, &path).await,
            (0, 0),
            "{}",
            step("deleting an open one")
        );
        assert_eq!(counts(app, velo).await, (0, 0), "another dataset");
    }
    // Discussions on the reuse are not the dataset's, nor the other way round.
    open(app, &author, "Reuse", &reuse_id, "Sur la carte").await;
    assert_eq!(counts(app, &reuse_path).await, (1, 1));
    assert_eq!(counts(app, "/api/1/datasets/ds-air/").await, (0, 0));
}

#[tokio::test]
async fn lists_filter_sort_and_page() {
    let w = world().await;
    let app = &w.app;
    let u1 = app.user("Ugo", Role::User).await;
    let u2 = app.user("Ursula", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let org_reuse = reuse(
        app,
        &w.org_admin,
        "Carte de Lyon",
        json!({"organization": w.org_id}),
    )
    .await;
    let private = reuse(app, &w.owner, "Brouillon", json!({"private": true})).await;
    let mut ids = Vec::new();
    for (user, class, subject, title, comment) in [
        (
            &u1,
            "Dataset",
            "ds-air",
            "Alpha",
            "Question sur la qualité de l'air",
        ),
        (&u2, "Dataset", "ds-velo", "Bravo", "Question sur les vélos"),
        (
            &u1,
            "Reuse",
            org_reuse.as_str(),
            "Charlie",
            "Il manque un lampadaire",
        ),
        (&u2, "Dataset", "ds-perso", "Echo", "Des relevés manquent"),
        (&w.owner, "Reuse", private.as_str(), "Delta", "Note privée"),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(user),
                Some(json!({
                    "title": title,
                    "comment": comment,
                    "subject": {"class": class, "id": subject},
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{title}: {body}");
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    let (alpha, bravo, delta) = (&ids[0], &ids[1], &ids[4]);
    reply(app, &u2, alpha, json!({"comment": "Une LANTERNE rouge"})).await;
    reply(app, &w.org_editor, bravo, json!({"close": true})).await;

    let list = |query: &str| {
        let query = query.to_owned();
        async move {
            let (status, body) = app.get(&format!("/api/1/discussions/?{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}: {body}");
            body
        }
    };
    let by_u1 = format!("user={}&sort=title", u1.id);
    let by_u2 = format!("user={}&sort=title", u2.id);
    let by_org = format!("org={}&sort=title", w.org_id);
    let for_reuse = format!("for={org_reuse}");
    let for_private = format!("for={private}");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("", vec!["Echo", "Charlie", "Bravo", "Alpha"]),
        ("sort=-created", vec!["Echo", "Charlie", "Bravo", "Alpha"]),
        ("sort=created", vec!["Alpha", "Bravo", "Charlie", "Echo"]),
        ("sort=title", vec!["Alpha", "Bravo", "Charlie", "Echo"]),
        ("sort=-title", vec!["Echo", "Charlie", "Bravo", "Alpha"]),
        (
            "sort=discussion.posted_on",
            vec!["Bravo", "Charlie", "Echo", "Alpha"],
        ),
        (
            "sort=-discussion.posted_on",
            vec!["Alpha", "Echo", "Charlie", "Bravo"],
        ),
        ("for=ds-air", vec!["Alpha"]),
        ("for=ds-air&for=ds-velo&sort=title", vec!["Alpha", "Bravo"]),
        (&for_reuse, vec!["Charlie"]),
        (&for_private, vec![]),
        ("for=ds-missing", vec![]),
        ("closed=true", vec!["Bravo"]),
        ("closed=false&sort=title", vec!["Alpha", "Charlie", "Echo"]),
        (&by_u1, vec!["Alpha", "Charlie"]),
        (&by_u2, vec!["Bravo", "Echo"]),
        (&by_org, vec!["Alpha", "Bravo", "Charlie"]),
        ("q=ALPHA", vec!["Alpha"]),
        ("q=lanterne", vec!["Alpha"]),
        ("q=Lampadaire", vec!["Charlie"]),
        ("q=question&sort=title", vec!["Alpha", "Bravo"]),
        ("q=question&closed=false", vec!["Alpha"]),
        ("q=priv", vec![]),
        ("q=zzz", vec![]),
        ("q=100%25", vec![]),
    ];
    for (query, expected) in cases {
        let body = list(query).await;
        assert_eq!(titles(&body), expected, "?{query}: {body}");
        assert_eq!(body["total"], expected.len(), "?{query}: {body}");
    }
    let (status, error) = app.get("/api/1/discussions/?sort=popularity").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["errors"]["sort"].is_array(), "{error}");

    // The udata envelope.
    let first = list("sort=title&page_size=3").await;
    assert_eq!(titles(&first), ["Alpha", "Bravo", "Charlie"]);
    assert_eq!(first["page"], 1);
    assert_eq!(first["page_size"], 3);
    assert_eq!(first["total"], 4);
    assert!(first["previous_page"].is_null(), "{first}");
    let next = first["next_page"].as_str().unwrap();
    assert!(next.starts_with(&app.url), "{next}");
    assert!(
        next.contains("page=2") && next.contains("sort=title"),
        "{next}"
    );
    let (status, second) = app.get(next.strip_prefix(&app.url).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(titles(&second), ["Echo"]);
    assert_eq!(second["page"], 2);
    assert!(second["next_page"].is_null(), "{second}");
    assert!(
        second["previous_page"]
            .as_str()
            .is_some_and(|url| url.contains("page=1")),
        "{second}"
    );
    let beyond = list("sort=title&page_size=3&page=3").await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["total"], 4);

    // Discussions on a private reuse: its owner and moderators only.
    let (_, theirs) = app
        .call(Method::GET, "/api/1/discussions/", Some(&u1), None)
        .await;
    assert_eq!(theirs["total"], 4, "{theirs}");
    assert!(!titles(&theirs).contains(&"Delta".to_owned()));
    for (name, user) in [("owner", &w.owner), ("moderator", &moderator)] {
        let (_, seen) = app
            .call(
                Method::GET,
                "/api/1/discussions/?sort=title",
                Some(user),
                None,
            )
            .await;
        assert_eq!(
            titles(&seen),
            ["Alpha", "Bravo", "Charlie", "Delta", "Echo"],
            "{name}: {seen}"
        );
    }
    let (status, _) = app.get(&path_of(delta)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(Method::GET, &path_of(delta), Some(&u1), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// `GET /me/org_discussions/` as `user`.
async fn mine(app: &TestApp, user: &TestUser) -> (StatusCode, Value) {
    app.call(Method::GET, "/api/1/me/org_discussions/", Some(user), None)
        .await
}

#[tokio::test]
async fn my_org_discussions_are_the_open_questions_about_what_i_publish() {
    let w = world().await;
    let app = &w.app;
    let asker = app.user("Asker", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let romain = app.user("Romain", Role::User).await;
    let org_reuse = reuse(
        app,
        &w.org_admin,
        "Carte de Lyon",
        json!({"organization": w.org_id}),
    )
    .await;
    let romains = reuse(app, &romain, "Carte de Romain", json!({})).await;
    let a = open(app, &asker, "Dataset", "ds-air", "Sur l'air").await;
    open(app, &asker, "Dataset", "ds-perso", "Sur les relevés").await;
    open(app, &asker, "Reuse", &org_reuse, "Sur la carte de Lyon").await;
    open(app, &asker, "Reuse", &romains, "Sur la carte de Romain").await;
    let closed = open(app, &asker, "Dataset", "ds-velo", "Sur les vélos").await;
    reply(app, &w.org_editor, &closed, json!({"close": true})).await;

    let (status, _) = app.get("/api/1/me/org_discussions/").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for (name, user, expected) in [
        (
            "org editor",
            &w.org_editor,
            vec!["Sur la carte de Lyon", "Sur l'air"],
        ),
        (
            "org admin",
            &w.org_admin,
            vec!["Sur la carte de Lyon", "Sur l'air"],
        ),
        ("dataset owner", &w.owner, vec!["Sur les relevés"]),
        ("reuse owner", &romain, vec!["Sur la carte de Romain"]),
        ("other user", &other, vec![]),
        ("asker", &asker, vec![]),
        ("site admin", &w.admin, vec![]),
    ] {
        let (status, body) = mine(app, user).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        assert!(body.is_array(), "a plain list: {body}");
        assert_eq!(titles(&body), expected, "{name}: {body}");
    }
    reply(
        app,
        &w.org_admin,
        &a,
        json!({"comment": "Voir la notice", "close": true}),
    )
    .await;
    let (_, body) = mine(app, &w.org_editor).await;
    assert_eq!(titles(&body), ["Sur la carte de Lyon"], "closed ones leave");
    reply(app, &asker, &a, json!({"close": false})).await;
    let (_, body) = mine(app, &w.org_editor).await;
    assert_eq!(
        titles(&body),
        ["Sur la carte de Lyon", "Sur l'air"],
        "reopened ones come back"
    );
}

#[tokio::test]
async fn first_answered_at_is_set_by_a_producer_only() {
    let w = world().await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let id = open(app, &author, "Dataset", "ds-air", "Qui répond ?").await;
    for (name, user) in [
        ("the author", &author),
        ("another user", &other),
        ("a moderator", &moderator),
        ("a site admin", &w.admin),
        ("the owner of another dataset", &w.owner),
    ] {
        let body = reply(app, user, &id, json!({"comment": format!("Par {name}")})).await;
        assert!(
            body["first_answered_at"].is_null(),
            "a reply by {name} is no producer's answer: {body}"
        );
        assert_eq!(body["answered"], false, "{name}: {body}");
    }
    let body = reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "La réponse", "organization": w.org_id}),
    )
    .await;
    let first = body["first_answered_at"].clone();
    assert!(first.is_string(), "an org editor answers: {body}");
    assert_eq!(body["answered"], true);
    let body = reply(app, &w.org_admin, &id, json!({"comment": "Complément"})).await;
    assert_eq!(body["first_answered_at"], first, "only the first counts");

    // Closing without a word is no answer.
    let silent = open(app, &author, "Dataset", "ds-velo", "Fermée sans mot").await;
    let body = reply(app, &w.org_editor, &silent, json!({"close": true})).await;
    assert!(body["first_answered_at"].is_null(), "{body}");
    assert_eq!(body["answered"], false);

    // A dataset its owner publishes alone: the owner answers, the organization does not.
    let perso = open(app, &author, "Dataset", "ds-perso", "Vos relevés").await;
    let body = reply(app, &w.org_admin, &perso, json!({"comment": "Pas nous"})).await;
    assert!(body["first_answered_at"].is_null(), "{body}");
    let body = reply(app, &w.owner, &perso, json!({"comment": "Moi"})).await;
    assert!(body["first_answered_at"].is_string(), "{body}");
    assert_eq!(body["answered"], true);

    // Reuses: their owner, or their organization's members.
    let romain = app.user("Romain", Role::User).await;
    let romains = reuse(app, &romain, "Carte de Romain", json!({})).await;
    let on_romains = open(app, &author, "Reuse", &romains, "Votre carte").await;
    let body = reply(app, &w.org_editor, &on_romains, json!({"comment": "?"})).await;
    assert!(body["first_answered_at"].is_null(), "{body}");
    let body = reply(app, &romain, &on_romains, json!({"comment": "Oui"})).await;
    assert!(body["first_answered_at"].is_string(), "{body}");
    let org_reuse = reuse(
        app,
        &w.org_admin,
        "Carte de Lyon",
        json!({"organization": w.org_id}),
    )
    .await;
    let on_org_reuse = open(app, &author, "Reuse", &org_reuse, "Votre carte de Lyon").await;
    let body = reply(app, &romain, &on_org_reuse, json!({"comment": "?"})).await;
    assert!(body["first_answered_at"].is_null(), "{body}");
    let body = reply(app, &w.org_editor, &on_org_reuse, json!({"comment": "Oui"})).await;
    assert!(body["first_answered_at"].is_string(), "{body}");
}
