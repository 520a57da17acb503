//! The Prometheus text-format parser: Python's `prometheus-client` (installed by `scripts/test`
//! from `tests/metrics/requirements.txt`) reads `/metrics` as Prometheus's own client library
//! does, through `tests/metrics/parse.py`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::app::repo_file;
use super::peers::skip;

/// The Python with `prometheus-client` that `scripts/test` prepared; `None` ("skipped")
/// outside CI.
pub fn prometheus_python() -> Option<String> {
    match std::env::var("VITRINE_TEST_PROMETHEUS_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            skip("VITRINE_TEST_PROMETHEUS_PYTHON is not set");
            None
        }
    }
}

/// A metric family as the parser read it.
#[derive(Clone, Debug)]
pub struct Family {
    /// Its name (a counter's without `_total`).
    pub name: String,
    /// `counter`, `gauge`, `histogram`…
    pub kind: String,
    /// Its `# HELP` text.
    pub help: String,
    /// Its samples.
    pub samples: Vec<Sample>,
}

/// One sample: a series' value.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Its name (`…_total`, `…_bucket`, `…_count`…).
    pub name: String,
    /// Its labels.
    pub labels: BTreeMap<String, String>,
    /// Its value.
    pub value: f64,
}

/// A parsed exposition.
#[derive(Clone, Debug)]
pub struct Exposition {
    /// Its families, in the order written.
    pub families: Vec<Family>,
}

impl Exposition {
    /// Parses `text` with `python`'s `prometheus-client`; panics with the parser's reason when
    /// it refuses it.
    pub fn parse(python: &str, text: &str) -> Self {
        let mut child = Command::new(python)
            .arg(repo_file("tests/metrics/parse.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "prometheus-client refused the exposition: {}\n{text}",
            String::from_utf8_lossy(&output.stderr)
        );
        let parsed: Value = serde_json::from_slice(&output.stdout).unwrap();
        let families = parsed["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|family| Family {
                name: family["name"].as_str().unwrap().to_owned(),
                kind: family["type"].as_str().unwrap().to_owned(),
                help: family["help"].as_str().unwrap().to_owned(),
                samples: family["samples"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|sample| Sample {
                        name: sample["name"].as_str().unwrap().to_owned(),
                        labels: serde_json::from_value(sample["labels"].clone()).unwrap(),
                        value: match &sample["value"] {
                            Value::String(text) if text == "+Inf" => f64::INFINITY,
                            Value::String(text) if text == "-Inf" => f64::NEG_INFINITY,
                            Value::String(_) => f64::NAN,
                            number => number.as_f64().unwrap(),
                        },
                    })
                    .collect(),
            })
            .collect();
        Self { families }
    }

    /// The family `name`, which must be there.
    pub fn family(&self, name: &str) -> &Family {
        self.families
            .iter()
            .find(|family| family.name == name)
            .unwrap_or_else(|| panic!("no metric family {name}"))
    }

    /// The value of the sample `name` whose labels include `labels`, or 0 when there is none
    /// (a series appears with its first event); panics if several match.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let matching: Vec<&Sample> = self
            .families
            .iter()
            .flat_map(|family| &family.samples)
            .filter(|sample| {
                sample.name == name
                    && labels.iter().all(|(key, value)| {
                        sample.labels.get(*key).map(String::as_str) == Some(value)
                    })
            })
            .collect();
        assert!(
            matching.len() <= 1,
            "{name} {labels:?} matches several series: {matching:?}"
        );
        matching.first().map_or(0.0, |sample| sample.value)
    }

    /// Every sample, of every family.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.families.iter().flat_map(|family| &family.samples)
    }
}
