//! The reverse proxy: Debian's nginx (installed by `scripts/test`, which exports
//! `VITRINE_TEST_NGINX`), one per test, in front of a [`TestApp`] as a site would put it
//! (`docs/deploy/nginx/vitrine.conf`): a pool of kept-alive upstream connections, the client's
//! address appended to `X-Forwarded-For`, the scheme in `X-Forwarded-Proto`.
//!
//! It listens on two ports of the loopback: a plain one, which says `X-Forwarded-Proto: http`,
//! and one standing for a TLS-terminating server block, which says `https` (the test speaks
//! plain HTTP to it; no certificate is needed to check what Vitrine makes of the header).

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

use super::TestApp;
use super::peers::{free_port, skip};

/// A running nginx; killed when dropped.
pub struct Nginx {
    child: Child,
    /// The server block that forwards the scheme it was reached with (`http`).
    pub plain_port: u16,
    /// The server block that says `X-Forwarded-Proto: https`, as one terminating TLS would.
    pub tls_port: u16,
    dir: TempDir,
}

/// The nginx binary `scripts/test` installed; `None` ("skipped") outside CI.
pub fn nginx_binary() -> Option<String> {
    match std::env::var("VITRINE_TEST_NGINX") {
        Ok(nginx) if !nginx.is_empty() => Some(nginx),
        _ => {
            skip("VITRINE_TEST_NGINX is not set");
            None
        }
    }
}

/// The proxying of one server block, `proto` being what it tells Vitrine in
/// `X-Forwarded-Proto` (`$scheme`, or `https` behind TLS).
fn server_block(port: u16, proto: &str) -> String {
    format!(
        "    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://vitrine;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto {proto};
            proxy_connect_timeout 5s;
            proxy_read_timeout 60s;
        }}
    }}
"
    )
}

/// The whole configuration: one process in the foreground, everything it writes under `dir`.
fn config(dir: &Path, upstream: SocketAddr, plain_port: u16, tls_port: u16) -> String {
    let dir = dir.display();
    format!(
        "daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{
    worker_connections 256;
}}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 8m;
    upstream vitrine {{
        server {upstream};
        keepalive 8;
        keepalive_timeout 60s;
    }}
{plain}{tls}}}
",
        plain = server_block(plain_port, "$scheme"),
        tls = server_block(tls_port, "https"),
    )
}

impl Nginx {
    /// Starts nginx in front of `app` and waits until both ports answer, or `None` when the
    /// suite has no nginx to start.
    pub async fn in_front_of(app: &TestApp) -> Option<Self> {
        let nginx = nginx_binary()?;
        let upstream: SocketAddr = app
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|_| panic!("the app's URL {} is not http://address/", app.url));
        let dir = tempfile::tempdir().unwrap();
        let (plain_port, tls_port) = (free_port(), free_port());
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config(dir.path(), upstream, plain_port, tls_port)).unwrap();
        let error_log = dir.path().join("error.log");
        let child = Command::new(&nginx)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(&error_log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot run {nginx}: {err}"));
        let mut server = Self {
            child,
            plain_port,
            tls_port,
            dir,
        };
        server.wait_until_listening().await;
        Some(server)
    }

    /// Waits (up to 10 s) until both ports accept connections; panics with the error log else.
    async fn wait_until_listening(&mut self) {
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("nginx exited ({status}):\n{}", self.error_log());
            }
            let plain = tokio::net::TcpStream::connect(("127.0.0.1", self.plain_port)).await;
            let tls = tokio::net::TcpStream::connect(("127.0.0.1", self.tls_port)).await;
            if plain.is_ok() && tls.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("nginx did not listen within 10 s:\n{}", self.error_log());
    }

    /// Base URL (ending with `/`) of the plain server block.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.plain_port)
    }

    /// Base URL (ending with `/`) of the server block that says `https` to Vitrine.
    pub fn tls_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.tls_port)
    }

    /// What nginx logged so far (for a failing test's message).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
