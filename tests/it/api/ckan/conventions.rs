//! CKAN's conventions: the envelope, reads by GET and by POST (JSON, form, CKAN's one-field
//! form), both prefixes, and CKAN's failures: unknown actions, wrong methods, missing
//! parameters, bodies that are not an object, keys that do not hold.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::calls::{
    answer, assert_failure, assert_invalid, create_showcase, get, keyed, path, post, post_ok,
    result_of, reuse_rows, showcase,
};
use crate::support::TestApp;

#[tokio::test]
async fn a_read_answers_the_same_by_get_by_post_and_under_both_prefixes() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let created = create_showcase(&app, &ada, "air-map").await;
    let id = created["id"].as_str().unwrap();
    // Without datasets a showcase is its owner's alone, as on the site: each call sends her key.
    let call = |method: Method, path: &str| keyed(app.request(method, path), ada.me());

    let (status, by_get) = get(&app, "ckanext_showcase_show?id=air-map", ada.me()).await;
    assert_eq!(status, StatusCode::OK, "{by_get}");
    let keys: Vec<&String> = by_get.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["help", "result", "success"], "{by_get}");
    assert_eq!(by_get["success"], true);
    let help = by_get["help"].as_str().unwrap();
    assert!(help.starts_with(&app.url), "{help}");
    assert!(help.ends_with("/ckanext_showcase_show"), "{help}");
    let shown = &by_get["result"];
    assert_eq!(shown["id"], id);
    assert_eq!(shown["name"], "air-map");
    assert_eq!(shown["type"], "showcase");
    assert_eq!(shown, &created, "show gives what create gave");

    let show = path("ckanext_showcase_show");
    let form = |body: String| {
        call(Method::POST, &show)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let one_field = format!("{{\"id\": \"{id}\"}}");
    let cases = [
        (
            "POST JSON",
            call(Method::POST, &show).json(&json!({"id": id})),
        ),
        ("POST form", form("id=air-map".to_owned())),
        ("POST one-field JSON form", form(one_field.clone())),
        (
            "POST one-field JSON form =1",
            form(format!("{one_field}=1")),
        ),
        (
            "/api/action/",
            call(Method::GET, "/api/action/ckanext_showcase_show?id=air-map"),
        ),
        (
            "/api/action/ by POST",
            call(Method::POST, "/api/action/ckanext_showcase_show").json(&json!({"id": "air-map"})),
        ),
        (
            "trailing slash",
            call(
                Method::GET,
                "/api/3/action/ckanext_showcase_show/?id=air-map",
            ),
        ),
    ];
    for (case, request) in cases {
        let (status, body) = answer(request).await;
        assert_eq!(result_of(status, &body, case), *shown, "{case}");
        assert_eq!(body["help"], by_get["help"], "{case}");
    }
}

#[tokio::test]
async fn a_write_takes_a_form_and_ckans_one_field_form() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let form = |action: &str, body: String| {
        keyed(app.request(Method::POST, &path(action)), ada.me())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let fields = "name=bike-counts&title=Bike+counts&notes=Counting+bikes.\
                  &url=https%3A%2F%2Fbikes.example%2F&tag_string=bikes%2C+counts&private=False";
    let (status, body) = answer(form("ckanext_showcase_create", fields.to_owned())).await;
    let created = result_of(status, &body, "form create");
    assert_eq!(created["title"], "Bike counts");
    assert_eq!(created["private"], false);
    let id = created["id"].as_str().unwrap();
    let (_, reuse) = app
        .call(Method::GET, &format!("/api/1/reuses/{id}/"), ada.me(), None)
        .await;
    assert_eq!(reuse["slug"], "bike-counts", "{reuse}");
    assert_eq!(reuse["url"], "https://bikes.example/", "{reuse}");
    assert_eq!(reuse["tags"], json!(["bikes", "counts"]), "{reuse}");
    assert_eq!(reuse["owner"]["id"], ada.id.as_str(), "{reuse}");

    let (status, body) = answer(form(
        "ckanext_showcase_delete",
        format!("{{\"id\": \"{id}\"}}"),
    ))
    .await;
    assert_eq!(result_of(status, &body, "one-field delete"), Value::Null);
    let (status, _) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn unknown_actions_and_writes_by_get_are_bad_requests() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    for method in [Method::GET, Method::POST] {
        for prefix in ["/api/3/action/", "/api/action/"] {
            let request = app.request(method.clone(), &format!("{prefix}no_such_action"));
            let (status, body) = answer(keyed(request, ada.me()).json(&json!({}))).await;
            assert_failure(status, &body, StatusCode::BAD_REQUEST, "Bad Request");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(
                message.contains("no_such_action"),
                "{method} {prefix}: {body}"
            );
        }
    }
    for action in [
        "ckanext_showcase_create?name=by-get&title=T&notes=N&url=https://get.example/",
        "ckanext_showcase_delete?id=x",
        "ckanext_showcase_admin_add?username=x",
    ] {
        let (status, body) = get(&app, action, ada.me()).await;
        assert_failure(status, &body, StatusCode::BAD_REQUEST, "Bad Request");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("POST"),
            "{action}: {body}"
        );
    }
    assert_eq!(reuse_rows(&app).await, 0, "nothing written by GET");
}

#[tokio::test]
async fn a_missing_parameter_is_a_validation_error_naming_it() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let (status, body) = get(&app, "ckanext_showcase_show", None).await;
    assert_invalid(status, &body, "id");
    let (status, body) = post(&app, "package_show", None, json!({})).await;
    assert_invalid(status, &body, "id");
    let (status, body) = get(&app, "ckanext_showcase_package_list", None).await;
    assert_invalid(status, &body, "showcase_id");
    let (status, body) = post(
        &app,
        "ckanext_showcase_update",
        ada.me(),
        json!({"notes": "x"}),
    )
    .await;
    assert_invalid(status, &body, "id");
    let (status, body) = post(&app, "ckanext_showcase_delete", ada.me(), json!({})).await;
    assert_invalid(status, &body, "id");
    let (status, body) = post(
        &app,
        "ckanext_showcase_package_association_create",
        ada.me(),
        json!({"showcase_id": "x"}),
    )
    .await;
    assert_invalid(status, &body, "package_id");
    let mut no_url = showcase("no-url", "No URL");
    no_url.as_object_mut().unwrap().remove("url");
    let (status, body) = post(&app, "ckanext_showcase_create", ada.me(), no_url).await;
    assert_invalid(status, &body, "url");
    assert_eq!(reuse_rows(&app).await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_a_bad_request() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    for action in [
        "ckanext_showcase_create",
        "package_search",
        "ckanext_showcase_show",
    ] {
        for body in ["[1]", "{not json", "\"text\"", "42"] {
            let request = keyed(app.request(Method::POST, &path(action)), ada.me())
                .header("Content-Type", "application/json")
                .body(body);
            let (status, answer) = answer(request).await;
            assert_failure(status, &answer, StatusCode::BAD_REQUEST, "Bad Request");
            assert!(
                answer["help"].as_str().unwrap().ends_with(action),
                "{answer}"
            );
        }
    }
    assert_eq!(reuse_rows(&app).await, 0);
}

#[tokio::test]
async fn a_wrong_key_is_refused_on_reads_and_writes_and_writes_nothing() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let body = showcase("refused", "Refused");
    for (header, value) in [
        ("Authorization", "not-a-key"),
        ("Authorization", "Bearer not-a-key"),
        ("X-CKAN-API-Key", "not-a-key"),
        ("X-API-KEY", "not-a-key"),
    ] {
        for (method, action) in [
            (Method::POST, "ckanext_showcase_create"),
            (Method::GET, "status_show"),
            (Method::POST, "package_search"),
        ] {
            let request = app
                .request(method.clone(), &path(action))
                .header(header, value)
                .json(&body);
            let (status, answer) = answer(request).await;
            assert_failure(
                status,
                &answer,
                StatusCode::FORBIDDEN,
                "Authorization Error",
            );
            assert!(
                answer["help"].as_str().unwrap().ends_with(action),
                "{header} {method} {action}: {answer}"
            );
        }
    }
    let (status, answer) = post(&app, "ckanext_showcase_create", None, body.clone()).await;
    assert_failure(
        status,
        &answer,
        StatusCode::FORBIDDEN,
        "Authorization Error",
    );
    let (status, answer) = get(&app, "ckanext_showcase_admin_list", None).await;
    assert_failure(
        status,
        &answer,
        StatusCode::FORBIDDEN,
        "Authorization Error",
    );
    assert_eq!(reuse_rows(&app).await, 0, "nothing written");
    post_ok(&app, "ckanext_showcase_create", &ada, body).await;
    assert_eq!(reuse_rows(&app).await, 1);
}

#[tokio::test]
async fn each_header_ckan_clients_use_carries_the_key() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let headers = [
        ("Authorization", ada.token.clone()),
        ("Authorization", format!("Bearer {}", ada.token)),
        ("X-CKAN-API-Key", ada.token.clone()),
        ("X-API-KEY", ada.token.clone()),
    ];
    for (n, (header, value)) in headers.into_iter().enumerate() {
        let request = app
            .request(Method::POST, &path("ckanext_showcase_create"))
            .header(header, &value)
            .json(&showcase(
                &format!("by-header-{n}"),
                &format!("By header {n}"),
            ));
        let (status, body) = answer(request).await;
        let created = result_of(status, &body, header);
        assert_eq!(created["creator_user_id"], ada.id.as_str(), "{header}");
    }
    assert_eq!(reuse_rows(&app).await, 4);
}

#[tokio::test]
async fn reads_by_post_neither_stale_the_cache_nor_count_as_writes() {
    let app = TestApp::with_env(&[("VITRINE_RATE_WRITES_PER_MINUTE", "3")]).await;
    let ada = app.user("Ada", Role::User).await;
    let gallery = vitrine::cache::GALLERY;
    let before = app.state.cache.generation(gallery).await;
    for n in 0..8 {
        for (action, body) in [
            ("package_search", json!({"q": "air", "rows": n})),
            ("ckanext_showcase_list", json!({})),
            ("status_show", json!({})),
        ] {
            let (status, answer) = post(&app, action, ada.me(), body).await;
            result_of(status, &answer, action);
        }
    }
    assert_eq!(
        app.state.cache.generation(gallery).await,
        before,
        "a read by POST leaves the cached gallery as it is"
    );
    for n in 0..3 {
        create_showcase(&app, &ada, &format!("write-{n}")).await;
    }
    assert_ne!(
        app.state.cache.generation(gallery).await,
        before,
        "a write makes it stale"
    );
    let (status, body) = post(
        &app,
        "ckanext_showcase_create",
        ada.me(),
        showcase("one-too-many", "One too many"),
    )
    .await;
    assert_failure(
        status,
        &body,
        StatusCode::TOO_MANY_REQUESTS,
        "Too Many Requests",
    );
    assert_eq!(reuse_rows(&app).await, 3);
    let (status, answer) = post(&app, "package_search", ada.me(), json!({})).await;
    result_of(status, &answer, "a read past the limit of writes");
}

#[tokio::test]
async fn a_body_too_large_is_refused_in_ckans_shape() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let host = app.url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST /api/3/action/ckanext_showcase_create HTTP/1.1\r\nHost: {host}\r\n\
         Authorization: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        ada.token,
        9 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut read = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut read),
    )
    .await
    .expect("answered without the body")
    .unwrap();
    let text = String::from_utf8_lossy(&read);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    let (_, body) = text.split_once("\r\n\r\n").unwrap();
    let body: Value = serde_json::from_str(body).unwrap();
    assert_failure(
        StatusCode::PAYLOAD_TOO_LARGE,
        &body,
        StatusCode::PAYLOAD_TOO_LARGE,
        "Payload Too Large",
    );
    assert!(
        body["help"]
            .as_str()
            .unwrap()
            .ends_with("/ckanext_showcase_create"),
        "{body}"
    );
    assert_eq!(reuse_rows(&app).await, 0);
}
