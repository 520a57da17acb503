//! Markdown of a thread rendered to safe HTML, within a per-page budget.

use std::cell::Cell;
use std::collections::HashMap;

use entity::users;

use crate::import::slugify;
use crate::markdown;

/// Markdown of a thread as HTML, `@mentions` of its participants and producers linked.
pub struct Renderer {
    mentions: HashMap<String, String>,
    /// Bytes of Markdown the page may still render: a thread of many long messages costs no
    /// more than this; the messages past it show as typed.
    budget: Cell<usize>,
}

impl Renderer {
    /// Mentions resolve to these people, by the slug of their name (`@camille-martin`).
    pub fn new<'a>(people: impl IntoIterator<Item = &'a users::Model>) -> Self {
        Self {
            mentions: people
                .into_iter()
                .map(|user| (slugify(&user.name), format!("/users/{}/", user.id)))
                .collect(),
            budget: Cell::new(markdown::MAX_INPUT),
        }
    }

    /// Safe HTML of `content`: the one way user text becomes HTML.
    pub fn html(&self, content: &str) -> String {
        let Some(left) = self.budget.get().checked_sub(content.len()) else {
            return markdown::text_html(content);
        };
        self.budget.set(left);
        markdown::render(content, &|handle| {
            self.mentions.get(&handle.to_lowercase()).cloned()
        })
    }
}
