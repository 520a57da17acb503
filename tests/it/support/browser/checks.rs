//! What a page must be for everybody: axe-core's rules, no sideways scroll, the keyboard.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use serde_json::{Value, json};

use super::Browser;
use crate::support::peers::skip;

impl Browser {
    /// Presses `keys` one after the other on whatever has the focus, as a keyboard would
    /// ([`fantoccini::key::Key`] for Tab, Enter…; plain characters type themselves).
    pub async fn press(&self, keys: &str) {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// The `id` (or tag name) of the focused element.
    pub async fn focused(&self) -> String {
        self.client
            .execute(
                "const e = document.activeElement; return e ? (e.id || e.tagName.toLowerCase()) : '';",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// What axe-core finds on the page: each violation as `{id, impact, help, nodes: [target]}`.
    pub async fn axe_violations(&self, axe: &Axe) -> Vec<Value> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .unwrap();
        if loaded != json!(true) {
            self.client.execute(&axe.0, vec![]).await.unwrap();
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(results => done(results.violations.map(v => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(' ')) }))))
                   .catch(error => done({ error: String(error) }));",
                vec![],
            )
            .await
            .unwrap();
        match found {
            Value::Array(violations) => violations,
            other => panic!("axe failed at {}: {other}", self.current_url().await),
        }
    }

    /// Asserts axe-core finds nothing serious or critical on the page; prints the minor findings.
    pub async fn assert_accessible(&self, axe: &Axe) {
        let violations = self.axe_violations(axe).await;
        let describe = |v: &Value| {
            format!(
                "{} ({}): {} — {}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or_default(),
                v["nodes"]
            )
        };
        let (grave, minor): (Vec<&Value>, Vec<&Value>) = violations
            .iter()
            .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
        let at = format!("{} at {} px", self.current_url().await, self.width().await);
        for v in minor {
            eprintln!("axe, minor, {at}: {}", describe(v));
        }
        assert!(
            grave.is_empty(),
            "axe finds serious or critical violations on {at}:\n{}",
            grave
                .iter()
                .map(|v| describe(v))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Asserts the page does not scroll sideways at the current width; names what sticks out.
    pub async fn assert_no_horizontal_scroll(&self) {
        let found = self
            .client
            .execute(
                "const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
                 const wide = [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > width + 0.5)
                   .filter(e => !e.closest('.table-scroll, .visually-hidden, .skip, pre'))
                   .slice(0, 8)
                   .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                        + ' right=' + Math.round(e.getBoundingClientRect().right));
                 return { scroll: document.documentElement.scrollWidth, width, wide };",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            found["scroll"].as_u64() <= found["width"].as_u64(),
            "{} scrolls sideways: {found}",
            self.current_url().await
        );
    }
}

/// axe-core's script, the accessibility rules run in the pages.
pub struct Axe(String);

/// axe-core from `VITRINE_TEST_AXE` (`axe.min.js`, which `scripts/test` installs from
/// `tests/axe/`), or `None` ("skipped") outside CI without it.
pub fn axe() -> Option<Axe> {
    let Some(path) = std::env::var_os("VITRINE_TEST_AXE").filter(|v| !v.is_empty()) else {
        skip("VITRINE_TEST_AXE is not set");
        return None;
    };
    let script = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("VITRINE_TEST_AXE={}: {err}", path.display()));
    Some(Axe(script))
}
