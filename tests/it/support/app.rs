//! `TestApp`: the real app over TCP on its own database (SQLite file, or a fresh PostgreSQL
//! database when `VITRINE_TEST_DATABASE_URL` is set), with Redis when `VITRINE_TEST_REDIS_URL` is;
//! `TestUser`: a person of it, with an API key.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use entity::users;
use reqwest::{Method, RequestBuilder, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::oneshot;
use vitrine::config::Config;
use vitrine::models::api_tokens::issue_token;
use vitrine::models::users::{NewUser, Role, create_user};
use vitrine::state::AppState;

use super::peers::oidc_issuer;

/// A running Vitrine and a client for it.
pub struct TestApp {
    /// Base URL, ending with `/`.
    pub url: String,
    /// The app's state (its database pool, to set up what the API cannot).
    pub state: AppState,
    /// Environment a `vitrine` command needs to work on the same database.
    pub env: BTreeMap<String, String>,
    /// SQL statements the app ran (the mail outbox's aside), for counting queries per request.
    pub queries: Arc<AtomicUsize>,
    client: reqwest::Client,
    _data_dir: TempDir,
    _shutdown: oneshot::Sender<()>,
}

/// A user created for a test, with an API key (a key alone, for a caller of no account: the
/// other fields empty).
#[derive(Clone, Debug, Default)]
pub struct TestUser {
    /// Id.
    pub id: String,
    /// Plaintext API key.
    pub token: String,
    /// Name, as stored.
    pub name: String,
    /// Email address, as stored.
    pub email: String,
}

impl TestUser {
    /// This user as the caller of [`TestApp::call`].
    pub fn me(&self) -> Option<&TestUser> {
        Some(self)
    }
}

/// The database URL for a new test: a fresh PostgreSQL database, or a SQLite file in `dir`.
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("VITRINE_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let base = base.trim_end_matches('/');
            let name = format!("vitrine_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(format!("{base}/postgres")).await.unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            admin.close().await.unwrap();
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
    }
}

impl TestApp {
    /// Starts an app on a new, migrated database.
    pub async fn new() -> Self {
        Self::with_env(&[]).await
    }

    /// Starts an app with extra `VITRINE_*` settings.
    pub async fn with_env(extra: &[(&str, &str)]) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database_url(data_dir.path()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let url = format!("http://{addr}/");
        let mut env = BTreeMap::from([
            ("VITRINE_DATABASE_URL".to_owned(), database_url),
            (
                "VITRINE_DATA_DIR".to_owned(),
                data_dir.path().display().to_string(),
            ),
            ("VITRINE_PUBLIC_URL".to_owned(), url.clone()),
            ("VITRINE_BIND".to_owned(), addr.to_string()),
            (
                "VITRINE_REDIS_PREFIX".to_owned(),
                format!("vitrine-test-{}", uuid::Uuid::new_v4().simple()),
            ),
            // Tests write fast from one address; the rate-limit tests set their own limits.
            (
                "VITRINE_RATE_WRITES_PER_MINUTE".to_owned(),
                "100000".to_owned(),
            ),
            (
                "VITRINE_RATE_REPORTS_PER_HOUR".to_owned(),
                "100000".to_owned(),
            ),
            // Tests run the link checker's passes themselves (the clock moved between them).
            ("VITRINE_LINKCHECK_INTERVAL".to_owned(), "0".to_owned()),
            ("VITRINE_IMPACT_INTERVAL".to_owned(), "0".to_owned()),
        ]);
        if let Ok(redis) = std::env::var("VITRINE_TEST_REDIS_URL")
            && !redis.is_empty()
        {
            env.insert("VITRINE_REDIS_URL".to_owned(), redis);
        }
        if let Some(issuer) = oidc_issuer() {
            env.insert(
                "VITRINE_OAUTH_MOCK_CLIENT_ID".to_owned(),
                "vitrine".to_owned(),
            );
            env.insert(
                "VITRINE_OAUTH_MOCK_CLIENT_SECRET".to_owned(),
                "secret".to_owned(),
            );
            env.insert("VITRINE_OAUTH_MOCK_ISSUER".to_owned(), issuer);
            env.insert("VITRINE_OAUTH_MOCK_LABEL".to_owned(), "Mock ID".to_owned());
        }
        for (key, value) in extra {
            env.insert((*key).to_owned(), (*value).to_owned());
        }
        let config = Config::from_sources(&env, None).unwrap();
        let mut state = vitrine::build_state(config).await.unwrap();
        vitrine::db::migrate(&state.db).await.unwrap();
        let queries = Arc::new(AtomicUsize::new(0));
        let counter = queries.clone();
        state.db.set_metric_callback(move |info| {
            if !info.statement.sql.contains("outbox") {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
        let (shutdown, stopped) = oneshot::channel::<()>();
        let served = state.clone();
        tokio::spawn(async move {
            vitrine::serve_on(listener, served, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Self {
            url,
            state,
            env,
            queries,
            client: reqwest::Client::new(),
            _data_dir: data_dir,
            _shutdown: shutdown,
        }
    }

    /// A second instance on the same database and cache, as behind a load balancer.
    pub async fn sibling(&self) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let url = format!("http://{addr}/");
        let data_dir = tempfile::tempdir().unwrap();
        let mut env = self.env.clone();
        env.insert("VITRINE_PUBLIC_URL".to_owned(), url.clone());
        env.insert("VITRINE_BIND".to_owned(), addr.to_string());
        let config = Config::from_sources(&env, None).unwrap();
        let state = vitrine::build_state(config).await.unwrap();
        let (shutdown, stopped) = oneshot::channel::<()>();
        let served = state.clone();
        tokio::spawn(async move {
            vitrine::serve_on(listener, served, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        TestApp {
            url,
            state,
            env,
            queries: Arc::default(),
            client: reqwest::Client::new(),
            _data_dir: data_dir,
            _shutdown: shutdown,
        }
    }

    /// The app's database.
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Creates a user with a role and an API key, at an address of its own.
    pub async fn user(&self, name: &str, role: Role) -> TestUser {
        let email = format!(
            "{}-{}@example.org",
            name.to_lowercase().replace(' ', "."),
            uuid::Uuid::new_v4().simple()
        );
        let user = self.account(&email, name, role).await;
        self.key_for(&user).await
    }

    /// Creates an account (no API key) for `email`: someone who signs in through the pages.
    pub async fn account(&self, email: &str, name: &str, role: Role) -> users::Model {
        create_user(
            self.db(),
            NewUser {
                email: email.to_owned(),
                name: name.to_owned(),
                role,
            },
        )
        .await
        .unwrap()
    }

    /// Issues an API key to `user`, to call the API as them.
    pub async fn key_for(&self, user: &users::Model) -> TestUser {
        let issued = issue_token(self.db(), &user.id, "tests", None)
            .await
            .unwrap();
        TestUser {
            id: user.id.clone(),
            token: issued.plaintext,
            name: user.name.clone(),
            email: user.email.clone(),
        }
    }

    /// A request to `path` (relative to the site root).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(
            method,
            format!("{}{}", self.url, path.trim_start_matches('/')),
        )
    }

    /// Sends a request as `user` (anonymous when `None`) with an optional JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        user: Option<&TestUser>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.request(method, path);
        if let Some(user) = user {
            request = request.header("X-API-KEY", &user.token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, json)
    }

    /// [`Self::call`] as `user`, which must succeed (any 2xx); returns the answer.
    pub async fn call_ok(
        &self,
        method: Method,
        path: &str,
        user: &TestUser,
        body: Option<Value>,
    ) -> Value {
        let (status, answer) = self.call(method.clone(), path, Some(user), body).await;
        assert!(status.is_success(), "{method} {path}: {status} {answer}");
        answer
    }

    /// `GET` as anonymous.
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None, None).await
    }

    /// Starts the `vitrine` binary on this app's database and data directory, in the background.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(&self.env)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    }

    /// Starts `vitrine serve` or `vitrine demo` on a free port of its own, on this app's database
    /// and data directory, with `extra` settings; returns the process and its base URL. Its
    /// standard error is piped when `keep_stderr`, thrown away otherwise.
    pub fn spawn_server(
        &self,
        command: &str,
        extra: &[(&str, &str)],
        keep_stderr: bool,
    ) -> (std::process::Child, String) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}/");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .arg(command)
            .env_clear()
            .envs(&self.env)
            .env("VITRINE_BIND", format!("127.0.0.1:{port}"))
            .env("VITRINE_PUBLIC_URL", &base)
            .envs(extra.iter().copied())
            .stderr(if keep_stderr {
                std::process::Stdio::piped()
            } else {
                std::process::Stdio::null()
            })
            .spawn()
            .unwrap();
        (child, base)
    }

    /// Runs the `vitrine` binary on this app's database and data directory.
    pub fn command(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(&self.env)
            .output()
            .unwrap()
    }

    /// Runs `vitrine <args>`, which must succeed, and reads the JSON it prints (blocking: call
    /// it from a multi-threaded test).
    pub fn command_json(&self, args: &[&str]) -> serde_json::Value {
        tokio::task::block_in_place(|| {
            let out = self.command(args);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice(&out.stdout).unwrap()
        })
    }
}

/// A file under `tests/fixtures/` or the repository.
pub fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}
