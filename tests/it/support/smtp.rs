//! The mail sink: a real SMTP server (Python's aiosmtpd, installed by `scripts/test`) that
//! records each mail as JSON, one per test, on a port of its own.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::app::TestUser;
use super::peers::{free_port, skip};

/// One mail the server accepted.
#[derive(Clone, Debug)]
pub struct Received {
    /// Envelope recipients.
    pub to: Vec<String>,
    /// Decoded subject.
    pub subject: String,
    /// Decoded headers.
    pub headers: Value,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
}

impl Received {
    /// A header's value (its name in any case), its folding undone.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .as_object()
            .unwrap()
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| {
                value
                    .as_str()
                    .unwrap()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
    }
}

/// A running SMTP server; stopped when dropped.
pub struct SmtpServer {
    python: String,
    child: Option<Child>,
    /// Its port.
    pub port: u16,
    dir: tempfile::TempDir,
    delay: f64,
}

/// The Python with aiosmtpd that `scripts/test` prepared; `None` ("skipped") outside CI.
pub fn smtp_python() -> Option<String> {
    match std::env::var("VITRINE_TEST_SMTP_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            skip("VITRINE_TEST_SMTP_PYTHON is not set");
            None
        }
    }
}

impl SmtpServer {
    /// Starts a server on a free port, or `None` when the suite has none to start.
    pub async fn start() -> Option<Self> {
        Self::start_slow(0.0).await
    }

    /// Starts a server that waits `delay` seconds before accepting each mail.
    pub async fn start_slow(delay: f64) -> Option<Self> {
        let python = smtp_python()?;
        let mut server = Self {
            python,
            child: None,
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
            delay,
        };
        server.resume().await;
        Some(server)
    }

    /// `smtp://` URL of the server.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops the server (mails kept); [`Self::resume`] starts it again on the same port.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// (Re)starts the server on its port and waits until it answers.
    pub async fn resume(&mut self) {
        self.stop();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py");
        let child = Command::new(&self.python)
            .arg(script)
            .args(["--port", &self.port.to_string()])
            .args(["--dir", &self.dir.path().display().to_string()])
            .args(["--delay", &self.delay.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        self.child = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the SMTP server did not start on port {}", self.port);
    }

    /// Every mail received so far, oldest first.
    pub fn mails(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|path| {
                let record: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                Received {
                    to: record["rcpt_tos"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|to| to.as_str().unwrap().to_owned())
                        .collect(),
                    subject: record["subject"].as_str().unwrap_or_default().to_owned(),
                    text: record["text"].as_str().unwrap_or_default().to_owned(),
                    html: record["html"].as_str().unwrap_or_default().to_owned(),
                    headers: record["headers"].clone(),
                }
            })
            .collect()
    }

    /// Mails received by `address`.
    pub fn mails_to(&self, address: &str) -> Vec<Received> {
        self.mails()
            .into_iter()
            .filter(|mail| mail.to.iter().any(|to| to == address))
            .collect()
    }

    /// Waits (up to `seconds`) until `address` received at least `count` mails; returns theirs.
    pub async fn wait_for_to(&self, address: &str, count: usize, seconds: u64) -> Vec<Received> {
        for _ in 0..seconds * 10 {
            let mails = self.mails_to(address);
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mails = self.mails_to(address);
        assert!(
            mails.len() >= count,
            "{address} got {} mails after {seconds} s, expected {count}: {:?}",
            mails.len(),
            mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
        );
        mails
    }

    /// Waits (up to `seconds`) until at least `count` mails arrived; returns them all.
    pub async fn wait_for(&self, count: usize, seconds: u64) -> Vec<Received> {
        for _ in 0..seconds * 10 {
            let mails = self.mails();
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mails = self.mails();
        assert!(
            mails.len() >= count,
            "{} mails after {seconds} s, expected {count}: {:?}",
            mails.len(),
            mails
                .iter()
                .map(|m| (&m.to, &m.subject))
                .collect::<Vec<_>>()
        );
        mails
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sorted subjects of the mails `to` received.
pub fn subjects(smtp: &SmtpServer, to: &TestUser) -> Vec<String> {
    let mut subjects: Vec<String> = smtp
        .mails_to(&to.email)
        .into_iter()
        .map(|mail| mail.subject)
        .collect();
    subjects.sort();
    subjects
}

/// How many times each recipient got a mail.
pub fn deliveries(mails: &[Received]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for mail in mails {
        for to in &mail.to {
            *counts.entry(to.clone()).or_default() += 1;
        }
    }
    counts
}
