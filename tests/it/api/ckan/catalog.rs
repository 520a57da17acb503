//! CKAN's reads of the mirrored catalog: `package_show`, `package_search` (words, filters,
//! windows, orders, ranges, and what it cannot read), the organizations and `status_show`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::calls::{assert_failure, assert_invalid, get, get_ok, post};
use crate::support::api::create;
use crate::support::{TestApp, TestUser};

/// An app whose catalog holds two organizations (Ville de Lyon, Ville de Paris) and four
/// datasets, two each, last modified on known days; returns the app and its site admin.
async fn catalog() -> (TestApp, TestUser) {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let mut orgs = Vec::new();
    for name in ["Ville de Lyon", "Ville de Paris"] {
        let org = create(&app, &admin, "/api/1/organizations/", json!({"name": name})).await;
        orgs.push(org["id"].as_str().unwrap().to_owned());
    }
    for (id, title, org, tags, modified) in [
        (
            "ds-arbres-lyon",
            "Arbres de Lyon",
            &orgs[0],
            ["arbres", "voirie"],
            "2024-03-01T10:00:00Z",
        ),
        (
            "ds-bruit",
            "Bruit routier",
            &orgs[0],
            ["bruit", "voirie"],
            "2023-06-01T08:30:00Z",
        ),
        (
            "ds-velo",
            "Comptages velo",
            &orgs[1],
            ["velo", "voirie"],
            "2024-06-01T12:00:00Z",
        ),
        (
            "ds-arbres-paris",
            "Arbres de Paris",
            &orgs[1],
            ["arbres", "nature"],
            "2022-01-15T00:00:00Z",
        ),
    ] {
        create(
            &app,
            &admin,
            "/api/1/datasets/",
            json!({
                "id": id,
                "title": title,
                "description": format!("Les données : {title}."),
                "organization": org,
                "tags": tags,
                "license": "lov2",
                "extras": {"theme": "ville"},
                "created_at": "2020-01-01T00:00:00Z",
                "last_modified": modified,
                "resources": [{
                    "id": format!("{id}-csv"),
                    "title": format!("{title} (CSV)"),
                    "url": format!("https://data.example/{id}.csv"),
                    "format": "csv",
                    "filesize": 1234,
                }],
            }),
        )
        .await;
    }
    (app, admin)
}

/// The `name`s of a search's results, in order, with its `count`.
async fn search(app: &TestApp, query: &str) -> (Vec<String>, u64) {
    let result = get_ok(app, &format!("package_search?{query}")).await;
    let names = result["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| package["id"].as_str().unwrap().to_owned())
        .collect();
    (names, result["count"].as_u64().unwrap())
}

fn is_ckan_time(text: &Value) -> bool {
    text.as_str().is_some_and(|text| {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.6f").is_ok()
            && text.len() == "2024-01-01T00:00:00.000000".len()
    })
}

#[tokio::test]
async fn package_show_gives_a_dataset_by_id_or_by_name() {
    let (app, _) = catalog().await;
    let by_id = get_ok(&app, "package_show?id=ds-arbres-lyon").await;
    assert_eq!(by_id["name"], "arbres-de-lyon");
    assert_eq!(get_ok(&app, "package_show?id=arbres-de-lyon").await, by_id);
    let (status, by_post) = post(&app, "package_show", None, json!({"id": "arbres-de-lyon"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_post["result"], by_id);
    assert_eq!(by_id["title"], "Arbres de Lyon");
    assert_eq!(by_id["type"], "dataset");
    assert_eq!(by_id["notes"], "Les données : Arbres de Lyon.");
    assert_eq!(by_id["license_id"], "lov2");
    assert_eq!(by_id["state"], "active");
    assert_eq!(by_id["organization"]["name"], "ville-de-lyon");
    assert_eq!(by_id["organization"]["title"], "Ville de Lyon");
    assert_eq!(by_id["owner_org"], by_id["organization"]["id"]);
    let tags: Vec<&Value> = by_id["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tag| &tag["name"])
        .collect();
    assert_eq!(tags, ["arbres", "voirie"]);
    assert_eq!(by_id["num_tags"], 2);
    assert_eq!(by_id["metadata_modified"], "2024-03-01T10:00:00.000000");
    assert_eq!(by_id["metadata_created"], "2020-01-01T00:00:00.000000");
    assert_eq!(by_id["extras"], json!([{"key": "theme", "value": "ville"}]));
    assert_eq!(by_id["num_resources"], 1);
    let resource = &by_id["resources"][0];
    assert_eq!(resource["id"], "ds-arbres-lyon-csv");
    assert_eq!(resource["package_id"], "ds-arbres-lyon");
    assert_eq!(resource["name"], "Arbres de Lyon (CSV)");
    assert_eq!(resource["url"], "https://data.example/ds-arbres-lyon.csv");
    assert_eq!(resource["format"], "csv");
    assert_eq!(resource["size"], 1234);
    assert_eq!(resource["position"], 0);
    assert!(is_ckan_time(&resource["created"]), "{resource}");
    assert!(is_ckan_time(&resource["last_modified"]), "{resource}");

    let (status, body) = get(&app, "package_show?id=no-such-dataset", None).await;
    assert_failure(status, &body, StatusCode::NOT_FOUND, "Not Found Error");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Not found"),
        "{body}"
    );
}

#[tokio::test]
async fn package_search_reads_words_filters_and_windows() {
    let (app, _) = catalog().await;
    let everything = search(&app, "").await;
    assert_eq!(everything.1, 4);
    assert_eq!(
        everything.0,
        ["ds-velo", "ds-arbres-lyon", "ds-bruit", "ds-arbres-paris"],
        "last modified first when no sort is said"
    );
    for (query, expected) in [
        ("q=arbres", vec!["ds-arbres-lyon", "ds-arbres-paris"]),
        ("q=ARBRES+lyon", vec!["ds-arbres-lyon"]),
        ("q=title:routier", vec!["ds-bruit"]),
        (
            "q=*:*&fq=organization:ville-de-lyon",
            vec!["ds-arbres-lyon", "ds-bruit"],
        ),
        (
            "fq=%2Borganization:ville-de-paris+tags:arbres",
            vec!["ds-arbres-paris"],
        ),
        (
            "fq=tags:voirie",
            vec!["ds-arbres-lyon", "ds-bruit", "ds-velo"],
        ),
        ("fq=name:comptages-velo", vec!["ds-velo"]),
        (
            "q=arbres&fq=-dataset_type:showcase",
            vec!["ds-arbres-lyon", "ds-arbres-paris"],
        ),
        ("fq=organization:no-such-org", vec![]),
        ("q=nothing-matches-this", vec![]),
    ] {
        let (mut names, count) = search(&app, query).await;
        names.sort();
        let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        expected.sort();
        assert_eq!(names, expected, "{query}");
        assert_eq!(count, expected.len() as u64, "{query}");
    }

    let by_title = "sort=title_string+asc";
    assert_eq!(
        search(&app, &format!("{by_title}&rows=2")).await,
        (vec!["ds-arbres-lyon".into(), "ds-arbres-paris".into()], 4)
    );
    assert_eq!(
        search(&app, &format!("{by_title}&rows=2&start=2")).await,
        (vec!["ds-bruit".into(), "ds-velo".into()], 4)
    );
    assert_eq!(
        search(&app, &format!("{by_title}&rows=2&start=4")).await,
        (vec![], 4)
    );
    assert_eq!(
        search(&app, "rows=0").await,
        (vec![], 4),
        "rows=0 counts only"
    );
    assert_eq!(
        search(&app, "sort=title_string+desc&rows=1").await.0,
        ["ds-velo"]
    );
    assert_eq!(
        search(&app, "sort=metadata_modified+asc&rows=1").await.0,
        ["ds-arbres-paris"]
    );
    assert_eq!(
        search(
            &app,
            "q=metadata_modified:[2024-01-01T00:00:00Z+TO+*]&sort=metadata_modified+asc"
        )
        .await,
        (vec!["ds-arbres-lyon".into(), "ds-velo".into()], 2)
    );
    assert_eq!(
        search(
            &app,
            "fq=metadata_modified:[2023-01-01+TO+2024-04-01T00:00:00Z]&sort=name+asc"
        )
        .await,
        (vec!["ds-arbres-lyon".into(), "ds-bruit".into()], 2)
    );

    // By POST, with numbers as JSON: the same search.
    let (status, body) = post(
        &app,
        "package_search",
        None,
        json!({"fq": "tags:voirie", "sort": "title_string asc", "rows": 2, "start": "1"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["result"]["count"], 3);
    assert_eq!(body["result"]["sort"], "title_string asc");
    let names: Vec<&Value> = body["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(names, ["ds-bruit", "ds-velo"]);
}

#[tokio::test]
async fn package_search_refuses_what_it_cannot_read() {
    let (app, _) = catalog().await;
    for query in [
        "fq=res_format:CSV",
        "q=-tags:arbres",
        "fq=dataset_type:harvest",
        "sort=views+desc",
        "sort=title_string+upwards",
        "q=metadata_modified:[yesterday+TO+*]",
        "q=metadata_modified:2024",
    ] {
        let (status, body) = get(&app, &format!("package_search?{query}"), None).await;
        assert_failure(status, &body, StatusCode::BAD_REQUEST, "Search Query Error");
        assert!(body["error"]["message"].is_string(), "{query}: {body}");
    }
    let (status, body) = get(&app, "package_search?rows=1001", None).await;
    assert_invalid(status, &body, "rows");
    let (status, body) = get(&app, "package_search?rows=many", None).await;
    assert_invalid(status, &body, "rows");
    let (status, body) = get(&app, "package_search?rows=1000", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["result"]["results"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn organizations_are_listed_and_shown_with_their_datasets() {
    let (app, admin) = catalog().await;
    create(
        &app,
        &admin,
        "/api/1/organizations/",
        json!({"name": "Agence vide"}),
    )
    .await;
    assert_eq!(
        get_ok(&app, "organization_list").await,
        json!(["agence-vide", "ville-de-lyon", "ville-de-paris"])
    );
    assert_eq!(
        get_ok(&app, "organization_list?limit=1&offset=1").await,
        json!(["ville-de-lyon"])
    );
    assert_eq!(
        get_ok(
            &app,
            "organization_list?organizations=ville-de-paris&organizations=agence-vide"
        )
        .await,
        json!(["agence-vide", "ville-de-paris"])
    );
    let full = get_ok(&app, "organization_list?all_fields=True").await;
    let counts: Vec<(&str, u64)> = full
        .as_array()
        .unwrap()
        .iter()
        .map(|org| {
            (
                org["name"].as_str().unwrap(),
                org["package_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("agence-vide", 0),
            ("ville-de-lyon", 2),
            ("ville-de-paris", 2)
        ]
    );
    assert_eq!(full[1]["title"], "Ville de Lyon");
    assert_eq!(full[1]["is_organization"], true);
    assert!(full[1].get("packages").is_none(), "{}", full[1]);

    let shown = get_ok(&app, "organization_show?id=ville-de-paris").await;
    assert_eq!(shown["name"], "ville-de-paris");
    assert_eq!(shown["display_name"], "Ville de Paris");
    assert_eq!(shown["package_count"], 2);
    assert!(shown.get("packages").is_none(), "{shown}");
    let by_id = get_ok(
        &app,
        &format!("organization_show?id={}", shown["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(by_id, shown);
    let with = get_ok(
        &app,
        "organization_show?id=ville-de-paris&include_datasets=true",
    )
    .await;
    let mut names: Vec<&str> = with["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| package["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["arbres-de-paris", "comptages-velo"]);
    let (status, body) = get(&app, "organization_show?id=no-such-org", None).await;
    assert_failure(status, &body, StatusCode::NOT_FOUND, "Not Found Error");
    let (status, body) = get(
        &app,
        "organization_show?id=ville-de-paris&include_datasets=maybe",
        None,
    )
    .await;
    assert_invalid(status, &body, "include_datasets");
}

#[tokio::test]
async fn status_show_names_the_showcase_extension() {
    let app = TestApp::new().await;
    for path in ["/api/3/action/status_show", "/api/action/status_show"] {
        for method in [Method::GET, Method::POST] {
            let response = app.request(method.clone(), path).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{method} {path}");
            let body: Value = response.json().await.unwrap();
            let status = &body["result"];
            assert_eq!(status["extensions"], json!(["showcase"]), "{body}");
            assert!(
                status["ckan_version"].as_str().unwrap().starts_with("2."),
                "{body}"
            );
            assert_eq!(status["site_url"], app.url.trim_end_matches('/'), "{body}");
        }
    }
}
