//! Reading reuses: visibility, filters, sorts and pages, French full-text search, following and
//! the Atom feed, and the gallery index against the database.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::create;
use crate::support::reuses::reuse_body;
use crate::support::web::urlencode;
use crate::support::world::world;
use crate::support::{TestApp, TestUser};

#[tokio::test]
async fn visibility_follows_private_deleted_and_datasets() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let mut private = reuse_body("Secret", "https://secret.example");
    private["private"] = json!(true);
    let private = create(app, &owner, "/api/1/reuses/", private).await;
    let mut lonely = reuse_body("No data yet", "https://lonely.example");
    lonely["datasets"] = json!([]);
    let lonely = create(app, &owner, "/api/1/reuses/", lonely).await;
    let public = create(
        app,
        &owner,
        "/api/1/reuses/",
        reuse_body("Public", "https://public.example"),
    )
    .await;
    let titles = |list: &Value| -> Vec<String> {
        let mut titles: Vec<String> = list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect();
        titles.sort();
        titles
    };
    let (_, anonymous) = app.get("/api/1/reuses/").await;
    assert_eq!(titles(&anonymous), ["Public"]);
    for hidden in [&private, &lonely] {
        let (status, _) = app
            .get(&format!(
                "/api/1/reuses/{}/",
                hidden["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, mine) = app
        .call(Method::GET, "/api/1/reuses/", Some(&owner), None)
        .await;
    assert_eq!(titles(&mine), ["No data yet", "Public", "Secret"]);
    let (_, moderated) = app
        .call(
            Method::GET,
            "/api/1/reuses/?private=true",
            Some(&moderator),
            None,
        )
        .await;
    assert_eq!(titles(&moderated), ["Secret"]);
    let (_, dataset_reuses) = app.get("/api/1/datasets/ds-air/reuses/").await;
    assert_eq!(dataset_reuses.as_array().unwrap().len(), 1);
    assert_eq!(dataset_reuses[0]["id"], public["id"]);
    let (_, dataset) = app.get("/api/1/datasets/ds-air/").await;
    assert_eq!(
        dataset["metrics"]["reuses"], 1,
        "private reuses do not count"
    );
}

#[tokio::test]
async fn filters_sorts_and_lists() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let mut a = reuse_body("Vaccination en France", "https://a.example");
    a["type"] = json!("application");
    a["topic"] = json!("health");
    a["tags"] = json!(["covid", "vaccin"]);
    a["datasets"] = json!(["ds-air"]);
    create(app, &owner, "/api/1/reuses/", a).await;
    let mut b = reuse_body("Air de Lyon", "https://b.example");
    b["datasets"] = json!(["ds-velo"]);
    create(app, &owner, "/api/1/reuses/", b).await;
    let titles = |list: &Value| -> Vec<String> {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, list) = app.get("/api/1/reuses/?sort=title").await;
    assert_eq!(titles(&list), ["Air de Lyon", "Vaccination en France"]);
    let (_, list) = app.get("/api/1/reuses/?sort=-title").await;
    assert_eq!(titles(&list), ["Vaccination en France", "Air de Lyon"]);
    let (_, list) = app.get("/api/1/reuses/?type=application").await;
    assert_eq!(titles(&list), ["Vaccination en France"]);
    let (_, list) = app.get("/api/1/reuses/?topic=environment_and_energy").await;
    assert_eq!(titles(&list), ["Air de Lyon"]);
    let (_, list) = app.get("/api/1/reuses/?tag=covid&tag=vaccin").await;
    assert_eq!(titles(&list), ["Vaccination en France"]);
    let (_, list) = app.get("/api/1/reuses/?dataset=ds-velo").await;
    assert_eq!(titles(&list), ["Air de Lyon"]);
    let (_, list) = app.get("/api/1/reuses/?q=vaccination%20france").await;
    assert_eq!(titles(&list), ["Vaccination en France"]);
    let (_, list) = app.get(&format!("/api/1/reuses/?owner={}", owner.id)).await;
    assert_eq!(list["total"], 2);
    for (query, field) in [
        ("sort=popularity", "sort"),
        ("type=game", "type"),
        ("topic=space", "topic"),
    ] {
        let (status, body) = app.get(&format!("/api/1/reuses/?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(body["errors"][field].is_array(), "{query}: {body}");
    }
    let (_, types) = app.get("/api/1/reuses/types/").await;
    assert_eq!(types.as_array().unwrap().len(), 8);
    let (_, topics) = app.get("/api/1/reuses/topics/").await;
    assert_eq!(topics.as_array().unwrap().len(), 15);
    let (_, suggested) = app.get("/api/1/reuses/suggest/?q=vacc").await;
    assert_eq!(suggested[0]["title"], "Vaccination en France");
    let (_, by_org) = app
        .get(&format!("/api/1/organizations/{}/reuses/", w.org_id))
        .await;
    assert_eq!(by_org.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn full_text_search_in_french_needs_every_word() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let mut a = reuse_body("Suivi de la Vaccination", "https://vacc.example");
    a["description"] =
        json!("Les données hospitalières et les hospitalisations, département par département.");
    a["tags"] = json!(["covid-19"]);
    create(app, &owner, "/api/1/reuses/", a).await;
    let mut b = reuse_body("Carte des écoles", "https://ecoles.example");
    b["description"] = json!("Toutes les écoles primaires.");
    b["tags"] = json!(["education"]);
    create(app, &owner, "/api/1/reuses/", b).await;
    let titles = |list: &Value| -> Vec<String> {
        let mut titles: Vec<String> = list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect();
        titles.sort();
        titles
    };
    for (q, expected) in [
        ("vaccin", vec!["Suivi de la Vaccination"]),
        ("vaccination", vec!["Suivi de la Vaccination"]),
        ("hospitalisations", vec!["Suivi de la Vaccination"]),
        ("donnees HOSPITALIERES", vec!["Suivi de la Vaccination"]),
        ("ecoles", vec!["Carte des écoles"]),
        ("écoles vaccination", vec![]),
        ("covid", vec!["Suivi de la Vaccination"]),
        ("\"; DROP TABLE reuses; --", vec![]),
        ("primaires ecole", vec!["Carte des écoles"]),
        ("*", vec!["Carte des écoles", "Suivi de la Vaccination"]),
    ] {
        let (status, list) = app.get(&format!("/api/1/reuses/?q={}", urlencode(q))).await;
        assert_eq!(status, StatusCode::OK, "{q}: {list}");
        assert_eq!(titles(&list), expected, "q={q}");
    }
    let (_, list) = app
        .get("/api/1/reuses/?q=vaccin&type=visualization&sort=title")
        .await;
    assert_eq!(list["total"], 1, "search combines with filters");
    let (_, list) = app.get("/api/1/reuses/?q=vaccin&type=application").await;
    assert_eq!(list["total"], 0);
    // An edit re-indexes: the new words are found, the tag it took away is not (the
    // description, unchanged, still speaks of schools).
    let (_, list) = app.get("/api/1/reuses/?q=ecoles").await;
    let id = list["data"][0]["id"].as_str().unwrap().to_owned();
    let (status, edited) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&owner),
            Some(json!({"title": "Carte des collèges", "tags": ["lycees"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    for (q, expected) in [
        ("colleges", vec!["Carte des collèges"]),
        ("lycees", vec!["Carte des collèges"]),
        ("primaires ecoles", vec!["Carte des collèges"]),
        ("education", vec![]),
    ] {
        let (_, list) = app.get(&format!("/api/1/reuses/?q={q}")).await;
        assert_eq!(titles(&list), expected, "after the edit, q={q}");
    }
}

#[tokio::test]
async fn following_my_reuses_and_the_atom_feed() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let fan = app.user("Fan", Role::User).await;
    let created = create(
        app,
        &owner,
        "/api/1/reuses/",
        reuse_body("Suivie <&>", "https://followed.example"),
    )
    .await;
    let mut private = reuse_body("Brouillon", "https://draft.example");
    private["private"] = json!(true);
    create(app, &owner, "/api/1/reuses/", private).await;
    let id = created["id"].as_str().unwrap();
    let followers = format!("/api/1/reuses/{id}/followers/");
    let (status, _) = app.call(Method::POST, &followers, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for expected in [StatusCode::CREATED, StatusCode::OK] {
        let (status, body) = app.call(Method::POST, &followers, Some(&fan), None).await;
        assert_eq!(status, expected, "201 when new, 200 when already following");
        assert_eq!(body["followers"], 1, "following twice is following once");
    }
    let (_, list) = app.get(&followers).await;
    assert_eq!(list["data"][0]["follower"]["id"], fan.id.as_str());
    let (_, reuse) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(reuse["metrics"]["followers"], 1);
    let (_, body) = app.call(Method::DELETE, &followers, Some(&fan), None).await;
    assert_eq!(body["followers"], 0);
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/ds-air/followers/",
            Some(&fan),
            None,
        )
        .await;
    assert_eq!(
        (status, body["followers"].as_u64()),
        (StatusCode::CREATED, Some(1))
    );

    let (_, mine) = app
        .call(Method::GET, "/api/1/me/reuses/", Some(&owner), None)
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 2, "private ones included");
    let (_, theirs) = app
        .call(Method::GET, "/api/1/me/reuses/", Some(&w.org_admin), None)
        .await;
    assert_eq!(theirs.as_array().unwrap().len(), 0);

    let feed = app
        .request(Method::GET, "/api/1/reuses/recent.atom")
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = feed.text().await.unwrap();
    assert!(xml.contains("<title>Suivie &lt;&amp;&gt;</title>"), "{xml}");
    assert!(
        !xml.contains("Brouillon"),
        "private reuses stay out of the feed"
    );
}

#[tokio::test]
async fn every_page_of_a_filtered_list_tells_the_same_total() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Camille", Role::User).await;
    for n in 0..5 {
        let mut body = reuse_body(&format!("Carte {n}"), &format!("https://c{n}.example"));
        body["tags"] = json!(if n < 3 { vec!["velo"] } else { vec!["air"] });
        body["type"] = json!(if n % 2 == 0 { "api" } else { "application" });
        create(app, &owner, "/api/1/reuses/", body).await;
    }
    // A tag (read, counted and sorted at once) and a type (walked in sort order, counted
    // apart), anonymous and signed in, on every page and past the last one.
    let cases = [
        ("tag=velo", 3, vec!["Carte 0", "Carte 1", "Carte 2"]),
        ("tag=velo&type=api", 2, vec!["Carte 0", "Carte 2"]),
        ("type=application", 2, vec!["Carte 1", "Carte 3"]),
        ("tag=nothing", 0, vec![]),
    ];
    for who in [None, Some(&owner)] {
        for (query, total, titles) in &cases {
            let mut seen = Vec::new();
            for page in 1..=4 {
                let path = format!("/api/1/reuses/?{query}&sort=title&page_size=1&page={page}");
                let (status, list) = app.call(Method::GET, &path, who, None).await;
                assert_eq!(status, StatusCode::OK, "{path}");
                assert_eq!(list["total"], *total, "{path}: {list}");
                for item in list["data"].as_array().unwrap() {
                    seen.push(item["title"].as_str().unwrap().to_owned());
                }
            }
            assert_eq!(&seen, titles, "{query}");
        }
    }
}

/// The ids of one list page, as the API answers it.
async fn page_ids(app: &TestApp, who: Option<&TestUser>, path: &str) -> (Vec<String>, u64) {
    let (status, list) = app.call(Method::GET, path, who, None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {list}");
    let ids = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, list["total"].as_u64().unwrap())
}

#[tokio::test]
async fn the_gallery_index_lists_what_the_database_lists_in_its_order() {
    use vitrine::cache::gallery_index::{GalleryIndex, SORT_KEYS};
    use vitrine::models::paging::Paging;
    use vitrine::models::reuses::list::ReuseFilter;

    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Camille", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    // Titles the database's collation orders its own way (case, accents, digits), and ties in
    // every other sort (followers, views: broken by id).
    let titles = [
        "zèbre",
        "Zoo",
        "école",
        "Ecole",
        "Été",
        "abc",
        "ABD",
        "10 cartes",
        "9 cartes",
        "Éa",
        "ea",
        "Œuvre",
        "oeuvre",
        "_tiret",
        "Carte",
        "carte",
    ];
    let types = ["api", "application", "visualization"];
    let topics = ["others", "health"];
    let mut ids = Vec::new();
    for (n, title) in titles.iter().enumerate() {
        let mut body = reuse_body(title, &format!("https://r{n}.example"));
        body["type"] = json!(types[n % 3]);
        body["topic"] = json!(topics[n % 2]);
        body["tags"] = json!(match n % 4 {
            0 => vec!["velo", "air"],
            1 => vec!["velo"],
            2 => vec!["air"],
            _ => vec![],
        });
        body["datasets"] = json!(if n % 3 == 0 {
            vec!["ds-air"]
        } else {
            vec!["ds-air", "ds-velo"]
        });
        if n % 5 == 0 {
            body["organization"] = json!(w.org_id);
        }
        let author = if n % 5 == 0 { &w.org_admin } else { &owner };
        ids.push(
            create(app, author, "/api/1/reuses/", body).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let (status, _) = app
        .call(
            Method::POST,
            &format!("/api/1/reuses/{}/featured/", ids[3]),
            Some(&moderator),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Hidden from anonymous visitors: a private one, a deleted one.
    let (status, _) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{}/", ids[4]),
            Some(&owner),
            Some(json!({"private": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{}/", ids[6]),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let index = GalleryIndex::build(app.db(), 0).await.unwrap();
    // Someone who owns none of them sees what anonymous visitors see, always from the database.
    let stranger = app.user("Stranger", Role::User).await;
    let filters: Vec<(String, ReuseFilter)> = vec![
        (String::new(), ReuseFilter::default()),
        (
            "type=api".into(),
            ReuseFilter {
                kind: Some("api".into()),
                ..Default::default()
            },
        ),
        (
            "topic=health".into(),
            ReuseFilter {
                topic: Some("health".into()),
                ..Default::default()
            },
        ),
        (
            "tag=velo".into(),
            ReuseFilter {
                tags: vec!["velo".into()],
                ..Default::default()
            },
        ),
        (
            "tag=velo&tag=air&type=application".into(),
            ReuseFilter {
                tags: vec!["velo".into(), "air".into()],
                kind: Some("application".into()),
                ..Default::default()
            },
        ),
        (
            "tag=none".into(),
            ReuseFilter {
                tags: vec!["none".into()],
                ..Default::default()
            },
        ),
        (
            "dataset=ds-velo".into(),
            ReuseFilter {
                dataset: Some("ds-velo".into()),
                ..Default::default()
            },
        ),
        (
            format!("organization={}", w.org_id),
            ReuseFilter {
                organization: Some(w.org_id.clone()),
                ..Default::default()
            },
        ),
        (
            format!("owner={}", owner.id),
            ReuseFilter {
                owner: Some(owner.id.clone()),
                ..Default::default()
            },
        ),
        (
            "featured=true".into(),
            ReuseFilter {
                featured: Some(true),
                ..Default::default()
            },
        ),
        (
            "featured=false&archived=false".into(),
            ReuseFilter {
                featured: Some(false),
                archived: Some(false),
                ..Default::default()
            },
        ),
        (
            "archived=true".into(),
            ReuseFilter {
                archived: Some(true),
                ..Default::default()
            },
        ),
        (
            "private=true".into(),
            ReuseFilter {
                private: Some(true),
                ..Default::default()
            },
        ),
        (
            "private=false".into(),
            ReuseFilter {
                private: Some(false),
                ..Default::default()
            },
        ),
    ];
    // Words (on PostgreSQL, whose lexemes the index keeps): prefixes, accents, stop words.
    let mut filters = filters;
    for (q, tag) in [
        ("carte", None),
        ("zebre", None),
        ("cart qualit", Some("velo")),
        ("oeuvre", None),
        ("de", None),
        ("ecole", Some("air")),
    ] {
        let mut filter = ReuseFilter {
            q: Some(q.into()),
            ..Default::default()
        };
        let mut query = format!("q={}", q.replace(' ', "+"));
        if let Some(tag) = tag {
            filter.tags = vec![tag.into()];
            query += &format!("&tag={tag}");
        }
        filters.push((query, filter));
    }
    let postgres =
        sea_orm::ConnectionTrait::get_database_backend(app.db()) == sea_orm::DbBackend::Postgres;
    let mut compared = 0;
    for (query, filter) in &filters {
        for (sort, key) in SORT_KEYS.iter().enumerate() {
            for descending in [false, true] {
                let sign = if descending { "-" } else { "" };
                for page in 1..=4 {
                    let path =
                        format!("/api/1/reuses/?{query}&sort={sign}{key}&page_size=4&page={page}");
                    let (expected, total) = page_ids(app, Some(&stranger), &path).await;
                    let paging = Paging::new(Some(page), Some(4)).unwrap();
                    let lexemes = match &filter.q {
                        Some(q) => vitrine::search::lexemes_of(app.db(), q).await.unwrap(),
                        None => None,
                    };
                    let Some(found) =
                        index.page(filter, lexemes.as_deref(), sort, descending, paging)
                    else {
                        assert!(
                            !postgres && filter.q.is_some(),
                            "{path}: the index did not answer"
                        );
                        continue;
                    };
                    assert_eq!(found.ids, expected, "{path}");
                    assert_eq!(found.total, total, "{path}");
                    compared += expected.len();
                }
            }
        }
    }
    assert!(compared > 500, "only {compared} reuses compared");
    // Served to anonymous visitors once built: the first list starts the build.
    let generation = app.state.cache.generation("gallery").await.unwrap();
    let (first, _) = page_ids(app, None, "/api/1/reuses/?sort=title&page_size=50").await;
    let mut built = false;
    for _ in 0..100 {
        if app.state.gallery.of(generation).is_some() {
            built = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(built, "the gallery index was never built");
    for path in [
        "/api/1/reuses/?sort=-title&page_size=50",
        "/api/1/reuses/?tag=velo&sort=views",
    ] {
        assert_eq!(
            page_ids(app, None, path).await,
            page_ids(app, Some(&stranger), path).await,
            "{path}"
        );
    }
    assert_eq!(first.len(), 14);
}

#[tokio::test]
async fn labels_of_types_and_topics_follow_the_lang_parameter() {
    let app = TestApp::new().await;
    let label_of = |list: &Value, id: &str| -> String {
        list.as_array()
            .unwrap()
            .iter()
            .find(|choice| choice["id"] == id)
            .unwrap_or_else(|| panic!("no {id}: {list}"))["label"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for (query, hardware, health) in [
        ("?lang=fr", "Objet connecté", "Santé"),
        ("?lang=en", "Connected device", "Health"),
        ("?lang=en-GB", "Connected device", "Health"),
        ("?lang=de", "Objet connecté", "Santé"),
        ("", "Objet connecté", "Santé"),
    ] {
        let (status, types) = app.get(&format!("/api/1/reuses/types/{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {types}");
        assert_eq!(label_of(&types, "hardware"), hardware, "{query}");
        let (_, topics) = app.get(&format!("/api/1/reuses/topics/{query}")).await;
        assert_eq!(label_of(&topics, "health"), health, "{query}");
    }
    // The parameter wins over the browser's language.
    let english: Value = app
        .request(Method::GET, "/api/1/reuses/types/")
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(label_of(&english, "hardware"), "Connected device");
    let french: Value = app
        .request(Method::GET, "/api/1/reuses/types/?lang=fr")
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(label_of(&french, "hardware"), "Objet connecté");
}
