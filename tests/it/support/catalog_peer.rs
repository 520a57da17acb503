//! The catalog peer: a fake open-data portal (`tests/catalog/peer.py`, Python's standard
//! library only) that speaks udata's API v1 and CKAN's Action API in their real shapes, for
//! the catalog sync to page through. The test changes its datasets, breaks it (failures, 429s,
//! hangs, an outage) and reads which requests it got, through its control API (`/_peer/`,
//! described at the top of the script).

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::app::repo_file;

/// How long the peer may take to generate its datasets and listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// A running peer; killed when dropped.
pub struct CatalogPeer {
    child: Child,
    stderr: tempfile::NamedTempFile,
    port: u16,
    client: reqwest::Client,
}

/// One catalog request the peer answered (control requests are not logged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    /// `GET`, `POST`…
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (empty when none).
    pub query: String,
    /// The `User-Agent` header, if any.
    pub user_agent: Option<String>,
    /// The status answered (faults included).
    pub status: u16,
}

/// A dataset of the peer, whatever its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Its id.
    pub id: String,
    /// Its slug (CKAN's `name`).
    pub slug: String,
    /// `active`, `archived`, `private` or `deleted`.
    pub state: String,
}

/// The Python that runs the peer: `VITRINE_TEST_PYTHON`, or `python3`.
fn python() -> String {
    std::env::var("VITRINE_TEST_PYTHON")
        .ok()
        .filter(|python| !python.is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}

fn text(value: &Value, key: &str) -> String {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("the peer gave no {key}: {value}"))
        .to_owned()
}

impl CatalogPeer {
    /// Starts a peer with `datasets` generated datasets (seed 1, one organization per 50).
    pub async fn start(datasets: usize) -> Self {
        Self::start_with(datasets, &[]).await
    }

    /// Starts a peer with more options for the script: `["--seed", "7"]`, `["--orgs", "3"]`,
    /// `["--ckan-deleted", "not-found"]` (CKAN's anonymous answer to a deleted package is a
    /// 403 by default, as the real one's).
    pub async fn start_with(datasets: usize, args: &[&str]) -> Self {
        let stderr = tempfile::NamedTempFile::new().unwrap();
        let mut child = Command::new(python())
            .arg(repo_file("tests/catalog/peer.py"))
            .args(["--port", "0", "--datasets", &datasets.to_string()])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr.reopen().unwrap()))
            .spawn()
            .unwrap_or_else(|err| panic!("cannot run {} for the catalog peer: {err}", python()));
        let stdout = child.stdout.take().unwrap();
        // Reading blocks: off the runtime, and the peer is killed if it is too slow (which ends
        // the read).
        let first_line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        });
        let line = match tokio::time::timeout(START_TIMEOUT, first_line).await {
            Ok(joined) => joined.unwrap().unwrap_or_default(),
            Err(_) => String::new(),
        };
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|port| port.parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            let mut errors = String::new();
            let _ = stderr.reopen().unwrap().read_to_string(&mut errors);
            panic!(
                "the catalog peer did not start within {START_TIMEOUT:?} (first line {line:?}):\n{errors}"
            );
        };
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Self {
            child,
            stderr,
            port,
            client,
        }
    }

    /// Its base URL, `http://127.0.0.1:PORT` (the udata API is under `/api/1/`, CKAN's under
    /// `/api/3/action/`).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What the peer wrote on stderr so far (tracebacks, if any).
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.stderr.path()).unwrap_or_default()
    }

    /// `GET` a catalog path (`/api/1/datasets/?page=2`), as a client of the portal would:
    /// logged, and subject to the faults.
    pub async fn get(&self, path_and_query: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path_and_query}", self.url()))
            .send()
            .await
            .unwrap()
    }

    /// A control request (`/_peer/…`, with `body` unless it is null) and its answer, whatever
    /// its status.
    pub async fn try_control(
        &self,
        method: Method,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.url()));
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|err| panic!("{path}: not JSON ({err}): {text}\n{}", self.stderr()));
        (status, value)
    }

    /// A control request that must succeed; its answer.
    pub async fn control(&self, method: Method, path: &str, body: Value) -> Value {
        let (status, value) = self.try_control(method, path, body).await;
        assert!(status.is_success(), "{path}: {status} {value}");
        value
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.control(Method::POST, path, body).await
    }

    /// Creates or updates a dataset from its canonical fields (`id` required; `title`,
    /// `slug`, `description`, `organization` (an id, a slug, null, or `{id, name…}` to create
    /// one), `license`, `tags`, `frequency`, `private`, `resources`); the canonical record.
    pub async fn upsert(&self, dataset: Value) -> Value {
        self.post("/_peer/datasets", dataset).await
    }

    /// The canonical record of a dataset (dates in ISO 8601 with microseconds, `deleted` a
    /// flag with `deleted_at`).
    pub async fn dataset(&self, id: &str) -> Value {
        self.control(Method::GET, &format!("/_peer/datasets/{id}"), Value::Null)
            .await
    }

    async fn act(&self, id: &str, action: &str, body: Value) -> Value {
        self.post(&format!("/_peer/datasets/{id}/{action}"), body)
            .await
    }

    /// Archives a dataset: out of udata's list, still shown by id (and by CKAN).
    pub async fn archive(&self, id: &str) -> Value {
        self.act(id, "archive", json!({})).await
    }

    /// Takes a dataset out of the archive.
    pub async fn unarchive(&self, id: &str) -> Value {
        self.act(id, "unarchive", json!({})).await
    }

    /// Deletes a dataset: 410 from udata, 403 from CKAN (404 with `--ckan-deleted not-found`).
    pub async fn delete(&self, id: &str) -> Value {
        self.act(id, "delete", json!({})).await
    }

    /// Removes a dataset for good: 404 everywhere.
    pub async fn purge(&self, id: &str) -> Value {
        self.act(id, "purge", json!({})).await
    }

    /// Gives a dataset a new slug (and so a new page URL); the former one is a 404.
    pub async fn rename(&self, id: &str, slug: &str) -> Value {
        self.act(id, "rename", json!({ "slug": slug })).await
    }

    /// Moves a dataset to a new id, same slug and page URL.
    pub async fn rekey(&self, id: &str, new_id: &str) -> Value {
        self.act(id, "rekey", json!({ "id": new_id })).await
    }

    /// Changes a dataset's license.
    pub async fn license(&self, id: &str, license: &str) -> Value {
        self.act(id, "license", json!({ "license": license })).await
    }

    /// Adds a resource (`{id?, title, url, format…}`); its id.
    pub async fn add_resource(&self, id: &str, resource: Value) -> String {
        text(&self.act(id, "resources", resource).await, "id")
    }

    /// Removes a resource of a dataset.
    pub async fn remove_resource(&self, id: &str, resource_id: &str) -> Value {
        let path = format!("/_peer/datasets/{id}/resources/{resource_id}");
        self.control(Method::DELETE, &path, json!({})).await
    }

    /// From now on serves the dataset broken in both dialects (`resources` not a list, a
    /// creation date that is not a date).
    pub async fn malformed(&self, id: &str) -> Value {
        self.act(id, "malformed", json!({})).await
    }

    /// Bumps one dataset's modification date.
    pub async fn touch_one(&self, id: &str) -> Value {
        self.act(id, "touch", json!({})).await
    }

    /// Bumps the modification date of the `count` oldest-modified listed datasets; their ids.
    pub async fn touch(&self, count: usize) -> Vec<String> {
        let touched = self.post("/_peer/touch", json!({ "count": count })).await;
        touched["touched"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| id.as_str().unwrap().to_owned())
            .collect()
    }

    /// Queues faults for the next catalog requests, in arrival order: `{"fail": n, "status":
    /// 503}`, `{"throttle": n, "retry_after": s}`, `{"hang": n, "seconds": s}`, `{"down":
    /// bool}`, `{"clear": true}`.
    pub async fn faults(&self, faults: Value) -> Value {
        self.post("/_peer/faults", faults).await
    }

    /// The catalog requests since the start or the last [`Self::clear_log`].
    pub async fn log(&self) -> Vec<Logged> {
        let log = self.control(Method::GET, "/_peer/log", Value::Null).await;
        log.as_array()
            .unwrap()
            .iter()
            .map(|entry| Logged {
                method: text(entry, "method"),
                path: text(entry, "path"),
                query: text(entry, "query"),
                user_agent: entry["user_agent"].as_str().map(str::to_owned),
                status: u16::try_from(entry["status"].as_u64().unwrap()).unwrap(),
            })
            .collect()
    }

    /// Forgets the logged requests.
    pub async fn clear_log(&self) {
        self.post("/_peer/log/clear", json!({})).await;
    }

    /// Every dataset with its state, in the peer's index order.
    pub async fn listing(&self) -> Vec<Listed> {
        let ids = self.control(Method::GET, "/_peer/ids", Value::Null).await;
        ids.as_array()
            .unwrap()
            .iter()
            .map(|entry| Listed {
                id: text(entry, "id"),
                slug: text(entry, "slug"),
                state: text(entry, "state"),
            })
            .collect()
    }

    /// The ids of every dataset, whatever its state.
    pub async fn datasets_ids(&self) -> Vec<String> {
        self.listing().await.into_iter().map(|d| d.id).collect()
    }

    /// Counts: `datasets`, `active` (udata's list), `ckan_active`, `organizations`…
    pub async fn stats(&self) -> Value {
        self.control(Method::GET, "/_peer/stats", Value::Null).await
    }
}

impl Drop for CatalogPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
