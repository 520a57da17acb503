//! Paging as udata takes it: a page larger than the largest is served at the largest size (the
//! envelope says which), and `next_page` still walks the whole list.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::api::{assert_refused, create, id_of};
use crate::support::world::world;
use crate::support::{TestApp, TestUser};

/// The largest page served.
const LARGEST: u64 = 100;

/// `GET url` (absolute) as `user`, which must answer a page.
async fn page_at(app: &TestApp, user: Option<&TestUser>, url: &str) -> Value {
    let path = url.strip_prefix(app.url.as_str()).unwrap_or(url);
    let (status, page) = app.call(reqwest::Method::GET, path, user, None).await;
    assert_eq!(status, StatusCode::OK, "{url}: {page}");
    page
}

#[tokio::test]
async fn a_page_too_large_is_served_at_the_largest_size_and_walks_to_the_end() {
    let w = world(&[]).await;
    let app = &w.app;
    let mut pushed = vec![
        "ds-air".to_owned(),
        "ds-velo".to_owned(),
        "ds-perso".to_owned(),
    ];
    for n in 0..LARGEST + 2 {
        let id = format!("ds-{n:03}");
        create(
            app,
            &w.admin,
            "/api/1/datasets/",
            json!({"id": id, "title": format!("Jeu {n}")}),
        )
        .await;
        pushed.push(id);
    }

    // udata's clients ask for a thousand at once.
    let mut walked = Vec::new();
    let mut next = Some(format!("{}api/1/datasets/?page_size=1000", app.url));
    let mut pages = 0;
    while let Some(url) = next {
        let page = page_at(app, None, &url).await;
        assert_eq!(page["page_size"], LARGEST, "{url}");
        assert_eq!(page["total"], pushed.len(), "{url}");
        let data = page["data"].as_array().unwrap();
        walked.extend(data.iter().map(id_of));
        next = page["next_page"].as_str().map(str::to_owned);
        pages += 1;
    }
    assert_eq!(pages, 2);
    walked.sort();
    pushed.sort();
    assert_eq!(walked, pushed, "every dataset once");

    // Every paged list does the same.
    for (path, user) in [
        ("/api/1/reuses/", None),
        ("/api/1/discussions/", None),
        ("/api/1/organizations/", None),
        ("/api/1/activity/", None),
        ("/api/1/reports/", Some(&w.moderator)),
        ("/api/1/audit/", Some(&w.admin)),
    ] {
        let url = format!("{}{}?page_size=1000", app.url, &path[1..]);
        let page = page_at(app, user, &url).await;
        assert_eq!(page["page_size"], LARGEST, "{path}: {page}");
        assert_eq!(page["page"], 1, "{path}: {page}");
    }

    // Nothing is served by pages of none, nor before the first.
    for query in ["page_size=0", "page=0"] {
        let field = query.split('=').next().unwrap();
        for path in ["/api/1/datasets/", "/api/1/reuses/", "/api/1/activity/"] {
            let (status, body) = app.get(&format!("{path}?{query}")).await;
            assert_refused(status, &body, field, &format!("{path}?{query}"));
        }
    }
}
