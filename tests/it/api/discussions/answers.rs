//! Closing and reopening, and marking the answer: who may, and what it sets.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::api::id_of;
use crate::support::discussions::{message_id, open_on, path_of, post, read, reply};
use crate::support::reuses::reuse;
use crate::support::world::world;

#[tokio::test]
async fn closing_rules_and_a_closed_thread_takes_no_comment() {
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
            "Données manquantes",
            "Question : Données manquantes",
        )
        .await,
    );

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
    assert!(read(app, None, &id).await["closed"].is_null());

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
        read(app, None, &id).await["discussion"]
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
    let hidden = id_of(
        &open_on(
            app,
            &w.owner,
            "Reuse",
            &private,
            "Secret",
            "Question : Secret",
        )
        .await,
    );
    let (status, _) = app.get(&path_of(&hidden)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(Method::GET, &path_of(&hidden), Some(&other), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(app, Some(&other), &hidden, json!({"comment": "Coucou"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    read(app, Some(&w.owner), &hidden).await;
    read(app, Some(&moderator), &hidden).await;
}

#[tokio::test]
async fn producers_and_admins_mark_the_answer() {
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
            "Quelle unité ?",
            "Question : Quelle unité ?",
        )
        .await,
    );
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
    assert!(read(app, None, &id).await["answer"].is_null());

    let elsewhere = id_of(
        &open_on(
            app,
            &author,
            "Dataset",
            "ds-air",
            "Autre question",
            "Question : Autre question",
        )
        .await,
    );
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
    let body = read(app, None, &id).await;
    assert!(body["answer"].is_null(), "{body}");
    assert_eq!(body["discussion"].as_array().unwrap().len(), 2);

    // A mark alone makes a discussion answered.
    let quiet = id_of(
        &open_on(
            app,
            &author,
            "Dataset",
            "ds-velo",
            "Sans producteur",
            "Question : Sans producteur",
        )
        .await,
    );
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
    let own = id_of(
        &open_on(
            app,
            &w.org_editor,
            "Dataset",
            "ds-air",
            "FAQ",
            "Question : FAQ",
        )
        .await,
    );
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
    let on_reuse = id_of(
        &open_on(
            app,
            &author,
            "Reuse",
            &reuse_id,
            "Sur la carte",
            "Question : Sur la carte",
        )
        .await,
    );
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

#[tokio::test]
async fn first_answered_at_is_set_by_a_producer_only() {
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
            "Qui répond ?",
            "Question : Qui répond ?",
        )
        .await,
    );
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
    let silent = id_of(
        &open_on(
            app,
            &author,
            "Dataset",
            "ds-velo",
            "Fermée sans mot",
            "Question : Fermée sans mot",
        )
        .await,
    );
    let body = reply(app, &w.org_editor, &silent, json!({"close": true})).await;
    assert!(body["first_answered_at"].is_null(), "{body}");
    assert_eq!(body["answered"], false);

    // A dataset its owner publishes alone: the owner answers, the organization does not.
    let perso = id_of(
        &open_on(
            app,
            &author,
            "Dataset",
            "ds-perso",
            "Vos relevés",
            "Question : Vos relevés",
        )
        .await,
    );
    let body = reply(app, &w.org_admin, &perso, json!({"comment": "Pas nous"})).await;
    assert!(body["first_answered_at"].is_null(), "{body}");
    let body = reply(app, &w.owner, &perso, json!({"comment": "Moi"})).await;
    assert!(body["first_answered_at"].is_string(), "{body}");
    assert_eq!(body["answered"], true);

    // Reuses: their owner, or their organization's members.
    let romain = app.user("Romain", Role::User).await;
    let romains = reuse(app, &romain, "Carte de Romain", json!({})).await;
    let on_romains = id_of(
        &open_on(
            app,
            &author,
            "Reuse",
            &romains,
            "Votre carte",
            "Question : Votre carte",
        )
        .await,
    );
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
    let on_org_reuse = id_of(
        &open_on(
            app,
            &author,
            "Reuse",
            &org_reuse,
            "Votre carte de Lyon",
            "Question : Votre carte de Lyon",
        )
        .await,
    );
    let body = reply(app, &romain, &on_org_reuse, json!({"comment": "?"})).await;
    assert!(body["first_answered_at"].is_null(), "{body}");
    let body = reply(app, &w.org_editor, &on_org_reuse, json!({"comment": "Oui"})).await;
    assert!(body["first_answered_at"].is_string(), "{body}");
}
