//! Opening a discussion (every field validated), and its first message: the question, which
//! stays; speaking for an organization named as udata's clients name it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, create, id_of};
use crate::support::discussions::{last_message, message_id, open_on, path_of, post, read, reply};
use crate::support::reuses::reuse;
use crate::support::world::world;

#[tokio::test]
async fn opening_a_discussion_validates_every_field() {
    let w = world(&[]).await;
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

    // Its author may edit, delete and close it; a visitor who is not signed in, nothing.
    assert_eq!(
        created["permissions"],
        json!({"edit": true, "delete": true, "close": true})
    );
    assert_eq!(
        created["discussion"][0]["permissions"],
        json!({"edit": true, "delete": true})
    );
    let (status, mut fetched) = app.get(&path_of(id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        fetched["permissions"],
        json!({"edit": false, "delete": false, "close": false})
    );
    let mut created = created.clone();
    for view in [&mut fetched, &mut created] {
        view["permissions"].take();
        view["discussion"][0]["permissions"].take();
    }
    assert_eq!(fetched, created);
    let (status, _) = app
        .get(&path_of("00000000-0000-0000-0000-000000000000"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get(&path_of("nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_first_message_is_the_question_and_stays() {
    let w = world(&[]).await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let id = id_of(
        &open_on(
            app,
            &author,
            "Dataset",
            "ds-air",
            "Une question",
            "Question : Une question",
        )
        .await,
    );
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
        read(app, None, &id).await["discussion"]
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
    let body = read(app, None, &id).await;
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
async fn an_organization_is_named_by_its_id_or_as_udata_writes_it() {
    let w = world(&[]).await;
    let app = &w.app;
    let ada = app.user("Ada", Role::User).await;
    let question = json!({"title": "Mise à jour ?", "comment": "Quand ?",
                          "subject": {"class": "Dataset", "id": "ds-air"}});
    let with_org = |org: serde_json::Value| {
        let mut body = question.clone();
        body["organization"] = org;
        body
    };
    for org in [json!({"id": w.org_id}), json!(w.org_id)] {
        let opened = create(app, &w.org_editor, "/api/1/discussions/", with_org(org)).await;
        assert_eq!(opened["organization"]["id"], w.org_id.as_str(), "{opened}");
    }
    for (org, case) in [
        (json!({"id": 5}), "an id that is not text"),
        (json!({"name": "Ville"}), "no id"),
        (json!([w.org_id]), "a list"),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(&w.org_editor),
                Some(with_org(org)),
            )
            .await;
        assert_refused(status, &body, "organization", case);
    }
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&ada),
            Some(with_org(json!({"id": w.org_id}))),
        )
        .await;
    assert_refused(status, &body, "organization", "not a member");

    // Replying and closing for the organization, as udata's clients send it.
    let id = id_of(&create(app, &ada, "/api/1/discussions/", question).await);
    let answered = reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Demain.", "organization": {"id": w.org_id}}),
    )
    .await;
    assert_eq!(
        last_message(&answered)["posted_by_organization"]["id"],
        w.org_id.as_str(),
        "{answered}"
    );
    let closed = reply(
        app,
        &w.org_editor,
        &id,
        json!({"close": true, "organization": null}),
    )
    .await;
    assert!(closed["closed"].is_string(), "{closed}");
    let (status, body) = post(
        app,
        Some(&w.org_editor),
        &id,
        json!({"close": false, "organization": {"id": ""}}),
    )
    .await;
    assert_refused(status, &body, "organization", "an empty id");
}

#[tokio::test]
async fn a_producer_closing_for_the_organization_is_shown_as_udata_shows_it() {
    let w = world(&[]).await;
    let app = &w.app;
    let ada = app.user("Ada", Role::User).await;
    let opened = open_on(app, &ada, "Dataset", "ds-air", "Et 2023 ?", "Où est 2023 ?").await;
    let id = opened["id"].as_str().unwrap();
    // In a list, each caller sees what they may do: the producer may close, not rename.
    let (status, list) = app
        .call(
            Method::GET,
            "/api/1/discussions/?for=ds-air",
            Some(&w.org_editor),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(
        list["data"][0]["permissions"],
        json!({"edit": false, "delete": false, "close": true}),
        "{list}"
    );
    assert!(list["data"][0]["closed_by_organization"].is_null());
    let closed = reply(
        app,
        &w.org_editor,
        id,
        json!({"comment": "Publié ce matin.", "close": true, "organization": {"id": w.org_id}}),
    )
    .await;
    assert_eq!(
        closed["closed_by"]["id"],
        w.org_editor.id.as_str(),
        "{closed}"
    );
    assert_eq!(
        closed["closed_by_organization"]["id"],
        w.org_id.as_str(),
        "{closed}"
    );
    assert_eq!(closed["closed_by_organization"]["class"], "Organization");
    let message = last_message(&closed);
    assert_eq!(
        message["permissions"],
        json!({"edit": true, "delete": true})
    );
    // Seen by its author, the producer's message is not theirs to change.
    let seen = read(app, Some(&ada), id).await;
    assert_eq!(
        last_message(&seen)["permissions"],
        json!({"edit": false, "delete": false})
    );
    // Closed by its author alone: no organization.
    let other = open_on(app, &ada, "Dataset", "ds-air", "Autre", "Une autre ?").await;
    let other_id = other["id"].as_str().unwrap();
    let closed = reply(
        app,
        &ada,
        other_id,
        json!({"comment": "Trouvé.", "close": true}),
    )
    .await;
    assert!(closed["closed_by_organization"].is_null(), "{closed}");
}
