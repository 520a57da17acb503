//! The catalog peer (`tests/catalog/peer.py`) the catalog sync is tested against speaks both
//! dialects as the portals do: udata's pages chain through every listed dataset, CKAN's
//! `package_search` takes a modification range, archived, deleted, renamed, re-keyed and
//! broken datasets show as each portal shows them, faults come in order and pass, and
//! Vitrine's own import parser reads its pages.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use vitrine::import::{Format, Parsed, parse_bytes};

use crate::support::catalog_peer::CatalogPeer;

/// `GET path` on the peer: its status and body.
async fn fetch(peer: &CatalogPeer, path: &str) -> (StatusCode, Vec<u8>) {
    let response = peer.get(path).await;
    let status = response.status();
    (status, response.bytes().await.unwrap().to_vec())
}

/// `GET path` on the peer, which must answer 200 with JSON: the body and its parsed JSON.
async fn json_at(peer: &CatalogPeer, path: &str) -> (Vec<u8>, Value) {
    let (status, body) = fetch(peer, path).await;
    let text = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(status, StatusCode::OK, "{path}: {text}");
    let value = serde_json::from_slice(&body).unwrap_or_else(|_| panic!("{path}: {text}"));
    (body, value)
}

/// Parses a peer's answer as Vitrine imports it; nothing may be rejected.
fn parse_all(body: &[u8], format: Format) -> Parsed {
    let parsed = parse_bytes(body, format).unwrap();
    assert!(
        parsed.rejected.is_empty(),
        "{format}: {:?}",
        parsed.rejected
    );
    parsed
}

fn udata_date(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .to_utc()
}

/// CKAN's naive UTC date-time.
fn ckan_date(value: &Value) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(value.as_str().unwrap(), "%Y-%m-%dT%H:%M:%S%.f")
        .unwrap()
        .and_utc()
}

fn ids_of(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn udata_pages_chain_through_every_listed_dataset_newest_first() {
    let peer = CatalogPeer::start(250).await;
    let stats = peer.stats().await;
    assert_eq!(stats["active"], 250, "{stats}");

    let mut path = "/api/1/datasets/?page_size=40&sort=-last_update".to_owned();
    let (mut ids, mut dates, mut pages) = (Vec::new(), Vec::new(), 0);
    loop {
        let (body, page) = json_at(&peer, &path).await;
        pages += 1;
        assert_eq!(page["total"], 250);
        assert_eq!(page["page"], pages);
        assert_eq!(page["page_size"], 40);
        let data = page["data"].as_array().unwrap();
        let parsed = parse_all(&body, Format::UdataJson);
        assert_eq!(parsed.datasets.len(), data.len());
        let first = &parsed.datasets[0];
        assert_eq!(first.id, data[0]["id"].as_str().unwrap());
        assert_eq!(
            first.url.as_deref(),
            Some(format!("{}/datasets/{}/", peer.url(), first.slug).as_str())
        );
        assert!(first.organization.is_some() && first.resources.is_some());
        ids.extend(ids_of(&page["data"]));
        dates.extend(data.iter().map(|d| udata_date(&d["last_update"])));
        match page["next_page"].as_str() {
            Some(next) => {
                assert!(
                    next.contains("page_size=40") && next.contains("sort=-last_update"),
                    "{next}"
                );
                path = next.strip_prefix(&peer.url()).unwrap().to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, 7);
    assert_eq!(ids.len(), 250);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 250);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let (status, _) = fetch(&peer, "/api/1/datasets/?page_size=40&page=8").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "past the end, as udata");
}

#[tokio::test]
async fn ckan_search_since_a_date_gives_only_the_newer_packages_oldest_first() {
    let peer = CatalogPeer::start(300).await;
    let search = "/api/3/action/package_search?rows=1000&sort=metadata_modified%20asc,%20id%20asc";
    let (body, all) = json_at(&peer, search).await;
    assert_eq!(all["success"], true);
    assert_eq!(all["result"]["count"], 300);
    let packages = all["result"]["results"].as_array().unwrap();
    assert_eq!(parse_all(&body, Format::CkanJson).datasets.len(), 300);
    let cutoff = ckan_date(&packages[199]["metadata_modified"]);

    let touched = peer.touch(5).await;
    assert_eq!(touched, ids_of(&Value::Array(packages[..5].to_vec())));
    let since = cutoff.format("%Y-%m-%dT%H:%M:%S%.6fZ");
    let (body, newer) = json_at(
        &peer,
        &format!(
            "/api/3/action/package_search?fq=metadata_modified:{{{since}%20TO%20*%5D\
             &sort=metadata_modified%20asc&rows=1000"
        ),
    )
    .await;
    let result = &newer["result"];
    assert_eq!(result["count"], 105, "{}", result["count"]);
    let dates: Vec<_> = result["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| ckan_date(&p["metadata_modified"]))
        .collect();
    assert!(dates.iter().all(|date| *date > cutoff));
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert_eq!(ids_of(&result["results"])[100..], touched[..]);
    assert_eq!(parse_all(&body, Format::CkanJson).datasets.len(), 105);

    // The same through POST, with the cutoff included, paged, with only some fields.
    let response = reqwest::Client::new()
        .post(format!("{}/api/3/action/package_search", peer.url()))
        .json(
            &json!({"fq": format!("metadata_modified:[\"{since}\" TO *]"), "rows": 2,
                      "start": 104, "sort": "metadata_modified asc", "fl": "id,name"}),
        )
        .send()
        .await
        .unwrap();
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["result"]["count"], 106);
    assert_eq!(page["result"]["results"][0].as_object().unwrap().len(), 2);
    assert_eq!(ids_of(&page["result"]["results"]), touched[3..]);
}

#[tokio::test]
async fn changed_datasets_show_as_each_portal_shows_them() {
    let peer = CatalogPeer::start(30).await;
    let ids = peer.datasets_ids().await;
    let (archived, deleted, broken, renamed, rekeyed) =
        (&ids[0], &ids[1], &ids[2], &ids[3], &ids[4]);

    peer.archive(archived).await;
    let (_, list) = json_at(&peer, "/api/1/datasets/?page_size=100").await;
    assert_eq!(list["total"], 29);
    assert!(!ids_of(&list["data"]).contains(archived));
    let (_, shown) = json_at(&peer, &format!("/api/1/datasets/{archived}/")).await;
    assert!(shown["archived"].is_string(), "{}", shown["archived"]);
    let (_, package) = json_at(&peer, &format!("/api/3/action/package_show?id={archived}")).await;
    assert_eq!(package["result"]["state"], "active", "CKAN has no archive");

    peer.delete(deleted).await;
    let (status, body) = fetch(&peer, &format!("/api/1/datasets/{deleted}/")).await;
    assert_eq!(status, StatusCode::GONE);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["message"], "Dataset has been deleted");
    let (status, body) = fetch(&peer, &format!("/api/3/action/package_show?id={deleted}")).await;
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "as CKAN tells an anonymous caller: {body}"
    );
    assert_eq!(body["error"]["__type"], "Authorization Error");
    let (status, _) = fetch(&peer, "/api/3/action/package_show?id=never-was").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    peer.malformed(broken).await;
    let (body, _) = json_at(&peer, "/api/1/datasets/?page_size=100").await;
    let parsed = parse_bytes(&body, Format::UdataJson).unwrap();
    assert_eq!((parsed.datasets.len(), parsed.rejected.len()), (27, 1));
    assert!(
        parsed.rejected[0].reason.contains("created_at"),
        "{:?}",
        parsed.rejected
    );
    let (body, _) = json_at(&peer, "/api/3/action/package_search?rows=100").await;
    let parsed = parse_bytes(&body, Format::CkanJson).unwrap();
    assert_eq!((parsed.datasets.len(), parsed.rejected.len()), (28, 1));
    assert!(
        parsed.rejected[0].reason.contains("resources"),
        "{:?}",
        parsed.rejected
    );

    let before = peer.dataset(renamed).await;
    let old_slug = before["slug"].as_str().unwrap();
    peer.rename(renamed, "a-new-name").await;
    let (status, _) = fetch(&peer, &format!("/api/1/datasets/{old_slug}/")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a former slug is forgotten");
    let (_, shown) = json_at(&peer, "/api/1/datasets/a-new-name/").await;
    assert_eq!(shown["id"], renamed.as_str());
    assert_eq!(
        shown["page"],
        format!("{}/datasets/a-new-name/", peer.url())
    );
    let after = peer.dataset(renamed).await;
    assert!(udata_date(&after["modified"]) > udata_date(&before["modified"]));

    peer.rekey(rekeyed, "new-key").await;
    let (status, _) = fetch(&peer, &format!("/api/1/datasets/{rekeyed}/")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, package) = json_at(&peer, "/api/3/action/package_show?id=new-key").await;
    assert_eq!(package["result"]["id"], "new-key");

    let added = peer
        .add_resource(
            "new-key",
            json!({"title": "Notice", "url": "https://x.example/n.pdf",
                                          "format": "pdf"}),
        )
        .await;
    let (_, shown) = json_at(&peer, "/api/1/datasets/new-key/").await;
    let resources = ids_of(&shown["resources"]);
    assert_eq!(resources.last(), Some(&added));
    peer.remove_resource("new-key", &added).await;
    assert_eq!(
        peer.dataset("new-key").await["resources"]
            .as_array()
            .unwrap()
            .len(),
        resources.len() - 1
    );

    peer.unarchive(archived).await;
    let newest = "/api/1/datasets/?page_size=1&sort=-last_update";
    assert_eq!(
        ids_of(&json_at(&peer, newest).await.1["data"]),
        [archived.as_str()]
    );
    peer.touch_one(broken).await;
    assert_eq!(
        ids_of(&json_at(&peer, newest).await.1["data"]),
        [broken.as_str()]
    );
    peer.purge(broken).await;
    let (status, _) = fetch(&peer, &format!("/api/1/datasets/{broken}/")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "purged");
    let states: Vec<_> = peer.listing().await.into_iter().map(|d| d.state).collect();
    assert_eq!(states.len(), 29);
    assert_eq!(states.iter().filter(|s| *s == "deleted").count(), 1);

    let peer = CatalogPeer::start_with(3, &["--ckan-deleted", "not-found"]).await;
    let id = &peer.datasets_ids().await[0];
    peer.delete(id).await;
    let (status, _) = fetch(&peer, &format!("/api/3/action/package_show?id={id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn faults_come_in_order_then_the_peer_recovers() {
    let peer = CatalogPeer::start(5).await;
    let list = "/api/1/datasets/";
    peer.faults(json!({"throttle": 2, "retry_after": 7})).await;
    peer.faults(json!({"fail": 1, "status": 503})).await;
    for _ in 0..2 {
        let response = peer.get(list).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()["retry-after"], "7");
    }
    assert_eq!(fetch(&peer, list).await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(fetch(&peer, list).await.0, StatusCode::OK);

    peer.faults(json!({"down": true})).await;
    for path in [list, "/api/3/action/status_show"] {
        assert_eq!(fetch(&peer, path).await.0, StatusCode::SERVICE_UNAVAILABLE);
    }
    peer.faults(json!({"down": false, "hang": 1, "seconds": 0.5}))
        .await;
    let start = Instant::now();
    assert_eq!(fetch(&peer, list).await.0, StatusCode::OK);
    assert!(start.elapsed() >= Duration::from_millis(500));

    let statuses: Vec<u16> = peer.log().await.iter().map(|l| l.status).collect();
    assert_eq!(
        statuses,
        [429, 429, 503, 200, 503, 503, 200],
        "control requests not logged"
    );
    let last = peer.log().await.pop().unwrap();
    assert_eq!((last.method.as_str(), last.path.as_str()), ("GET", list));
    assert!(last.user_agent.is_none(), "reqwest sends none by default");
    peer.clear_log().await;
    assert!(peer.log().await.is_empty());
}
