//! The object store: a real S3-compatible server (moto's server mode, installed by
//! `scripts/test`), one per test on a port of its own, with a bucket per test; read back with
//! boto3, an S3 client of its own.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::peers::{free_port, skip};

/// Credentials Vitrine and the test's client sign with (moto takes any).
const ACCESS_KEY_ID: &str = "vitrine-test";
const SECRET_ACCESS_KEY: &str = "vitrine-test-secret";
const REGION: &str = "us-east-1";

/// The client's side of the bucket: creates one, makes one readable by anyone (as a public
/// bucket behind a CDN), or lists its objects as JSON.
const CLIENT: &str = r#"
import json, sys
import boto3
endpoint, key, secret, region, action, bucket = sys.argv[1:7]
s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key,
                  aws_secret_access_key=secret, region_name=region)
if action == "create":
    s3.create_bucket(Bucket=bucket)
    print("[]")
elif action == "public":
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{bucket}/*"}]}))
    print("[]")
else:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=sys.argv[7])
    print(json.dumps([{"key": o["Key"], "size": o["Size"]}
                      for page in pages for o in page.get("Contents", [])]))
"#;

/// One object of a bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// Its key, prefix included.
    pub key: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A running S3-compatible server; stopped when dropped.
pub struct S3Server {
    python: String,
    child: Option<Child>,
    /// Its port.
    pub port: u16,
}

/// The Python with moto that `scripts/test` prepared; `None` ("skipped") outside CI.
pub fn s3_python() -> Option<String> {
    match std::env::var("VITRINE_TEST_S3_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            skip("VITRINE_TEST_S3_PYTHON is not set");
            None
        }
    }
}

impl S3Server {
    /// Starts a server on a free port and waits until it answers, or `None` when the suite has
    /// none to start.
    pub async fn start() -> Option<Self> {
        let python = s3_python()?;
        let port = free_port();
        let child = Command::new(&python)
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            // It logs every request there.
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self {
            python,
            child: Some(child),
            port,
        };
        for _ in 0..300 {
            if reqwest::get(format!("{}/", server.endpoint()))
                .await
                .is_ok_and(|answer| answer.status().is_success())
            {
                return Some(server);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the S3 server (moto) did not start on port {port}");
    }

    /// Its URL, for `VITRINE_MEDIA_ENDPOINT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates a bucket of its own for a test; returns its name.
    pub fn bucket(&self) -> String {
        let name = format!("vitrine-test-{}", uuid::Uuid::new_v4().simple());
        self.client(&["create", &name]);
        name
    }

    /// Lets anyone read the objects of `bucket`.
    pub fn make_public(&self, bucket: &str) {
        self.client(&["public", bucket]);
    }

    /// The objects of `bucket` whose keys start with `prefix`, in key order.
    pub fn objects(&self, bucket: &str, prefix: &str) -> Vec<Object> {
        self.client(&["list", bucket, prefix])
            .as_array()
            .unwrap()
            .iter()
            .map(|object| Object {
                key: object["key"].as_str().unwrap().to_owned(),
                size: object["size"].as_u64().unwrap(),
            })
            .collect()
    }

    /// The settings that put a Vitrine's images in `bucket`, under `prefix`.
    pub fn media_env(&self, bucket: &str, prefix: &str) -> Vec<(String, String)> {
        [
            ("VITRINE_MEDIA_URL", format!("s3://{bucket}/{prefix}")),
            ("VITRINE_MEDIA_ENDPOINT", self.endpoint()),
            ("VITRINE_MEDIA_REGION", REGION.to_owned()),
            ("VITRINE_MEDIA_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
            (
                "VITRINE_MEDIA_SECRET_ACCESS_KEY",
                SECRET_ACCESS_KEY.to_owned(),
            ),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect()
    }

    /// Stops the server: the store is then out of reach.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Runs the boto3 client with `args` after the connection's; returns what it printed.
    fn client(&self, args: &[&str]) -> Value {
        let output = Command::new(&self.python)
            .args(["-c", CLIENT, &self.endpoint()])
            .args([ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION])
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "boto3 {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.stop();
    }
}
