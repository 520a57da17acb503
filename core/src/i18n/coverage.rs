//! Both languages say the same things, and say everything the code asks for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::Lang;
use super::messages::{SOURCES, fluent_id, key_of};
use crate::models::catalog::DatasetChange;
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::moderation::reports::{REASONS, REPORTABLE};
use crate::notifications::kinds::{EmailMode, Kind};

/// Every message of a language and the variables it uses.
fn messages(lang: Lang, source: &'static str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{lang:?} does not parse: {errors:?}"));
    let mut messages = BTreeMap::new();
    for entry in resource.entries() {
        if let Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(pattern) = &message.value {
                pattern_variables(pattern, &mut variables);
            }
            assert!(
                message.attributes.is_empty(),
                "{}: attributes are not read",
                message.id.name
            );
            let fresh = messages.insert(message.id.name.to_owned(), variables);
            assert!(fresh.is_none(), "{} twice in {lang:?}", message.id.name);
        }
    }
    messages
}

fn pattern_variables(pattern: &Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, into),
        Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            for variant in variants {
                pattern_variables(&variant.value, into);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, into),
        _ => {}
    }
}

#[test]
fn both_languages_have_the_same_messages_and_variables() {
    let [(fr, fr_source), (en, en_source)] = SOURCES;
    let (fr, en) = (messages(fr, fr_source), messages(en, en_source));
    let fr_ids: BTreeSet<_> = fr.keys().collect();
    let en_ids: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        fr_ids.symmetric_difference(&en_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "messages in one language only"
    );
    for (id, variables) in &fr {
        assert_eq!(Some(variables), en.get(id), "{id}: not the same variables");
        assert!(!id.contains('.'), "{id}");
        assert_eq!(
            fluent_id(&key_of(id)),
            *id,
            "{id}: key and id do not map back"
        );
    }
}

/// Every string literal of `text` (double-quoted, escapes kept as written).
fn literals(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(end) = end else { break };
        found.push(&after[..end]);
        rest = &after[end + 1..];
    }
    found
}

/// Whether `text` is shaped like a key: `word.word…`.
fn key_shaped(text: &str) -> bool {
    let mut parts = text.split('.');
    let first = parts.next().unwrap_or_default();
    text.contains('.')
        && first.starts_with(|c: char| c.is_ascii_lowercase())
        && first.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && parts.all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

fn files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, into);
        } else {
            into.push(path);
        }
    }
}

/// Literals shaped like keys that are not texts: audit actions, a sort, template files.
fn not_a_key(literal: &str) -> bool {
    const NAMES: [&str; 18] = [
        "dataset.create",
        "dataset.delete",
        "dataset.update",
        "dataset.steward",
        "dataset.steward_remove",
        "discussion.posted_on",
        "report.dismiss",
        "report.handle",
        "report.undismiss",
        "reuse.archive",
        "reuse.unarchive",
        "reuse.feature",
        "reuse.unfeature",
        "reuse.delete",
        "reuse.update",
        "user.deactivate",
        "user.role",
        "key",
    ];
    NAMES.contains(&literal) || literal.ends_with(".html") || literal.ends_with(".txt")
}

/// The keys the code builds with `format!`, one family each.
fn built_keys() -> Vec<String> {
    // A dataset's change is told under the change's name, not the kind's
    // (core/src/notifications/lifecycle.rs).
    let events = Kind::ALL
        .iter()
        .filter(|kind| !matches!(kind, Kind::DatasetChanged | Kind::FollowedDatasetChanged))
        .map(|kind| kind.as_str())
        .chain(["discussion_reopened"])
        .chain(DatasetChange::HEADLINES);
    let mut keys = Vec::new();
    for event in events {
        // src/web/account.rs: `inbox.{event}`; src/mail/render.rs: `mail.{event}.{part}`.
        keys.push(format!("inbox.{event}"));
        keys.push(format!("mail.{event}.subject"));
        keys.push(format!("mail.{event}.intro"));
    }
    // src/web/notifications.rs: `kind.{kind}`, `email.{mode}`.
    keys.extend(
        Kind::ALL
            .iter()
            .map(|kind| format!("kind.{}", kind.as_str())),
    );
    keys.extend(
        [EmailMode::Immediate, EmailMode::Daily, EmailMode::Off]
            .iter()
            .map(|mode| format!("email.{}", mode.as_str())),
    );
    // src/web/moderation.rs, src/api/moderation.rs: `report.reason.{reason}`, `report.class.{class}`.
    keys.extend(
        REASONS
            .iter()
            .map(|reason| format!("report.reason.{reason}")),
    );
    keys.extend(
        REPORTABLE
            .iter()
            .map(|class| format!("report.class.{class}")),
    );
    // src/web/gallery.rs, src/web/reuse_form.rs: `type.{id}`, `topic.{id}`.
    keys.extend(TYPES.iter().map(|(id, _)| format!("type.{id}")));
    keys.extend(TOPICS.iter().map(|(id, _)| format!("topic.{id}")));
    // src/web/discussions/summary.rs: `community.state_{state}` of a thread.
    keys.extend(
        ["resolved", "answered", "unanswered"].map(|state| format!("community.state_{state}")),
    );
    // src/web/mod.rs: `role.{role}` of a user, `error.{status}` (the statuses pages name).
    keys.extend(["user", "moderator", "admin"].map(|role| format!("role.{role}")));
    keys.extend(
        [
            400, 401, 403, 404, 408, 409, 410, 413, 415, 429, 500, 502, 503,
        ]
        .map(|code| format!("error.{code}")),
    );
    keys
}

#[test]
fn every_key_the_code_asks_for_exists_in_both_languages() {
    // The core crate's folder, inside the workspace whose `src/` and `templates/` hold the pages.
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = core.parent().unwrap_or(core);
    let [(fr, fr_source), (en, en_source)] = SOURCES;
    let (fr, en) = (messages(fr, fr_source), messages(en, en_source));
    let prefixes: BTreeSet<&str> = fr.keys().filter_map(|id| id.split('-').next()).collect();
    let mut paths = Vec::new();
    files(&core.join("src"), &mut paths);
    files(&root.join("src"), &mut paths);
    files(&root.join("templates"), &mut paths);
    let mut asked = BTreeSet::new();
    for path in paths {
        let in_i18n = path.starts_with(core.join("src/i18n"));
        if in_i18n || path.extension().is_some_and(|ext| ext == "css") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // `t("key")`, `t_args("key", …)`, `count(n, "key")`: whatever the literal's shape.
        for call in ["t(\"", "t_args(\""] {
            for (at, _) in text.match_indices(call) {
                let before = text[..at].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' {
                    continue;
                }
                let key = literals(&text[at + call.len() - 1..])[0];
                asked.insert((key.to_owned(), path.clone()));
            }
        }
        // Any other literal shaped like a key of a known family (`match` arms giving keys).
        for literal in literals(&text) {
            if key_shaped(literal)
                && !not_a_key(literal)
                && prefixes.contains(literal.split('.').next().unwrap_or_default())
            {
                asked.insert((literal.to_owned(), path.clone()));
            }
        }
    }
    assert!(asked.len() > 250, "only {} keys found", asked.len());
    let built = built_keys()
        .into_iter()
        .map(|key| (key, core.join("src (built keys)")));
    let mut missing = Vec::new();
    for (key, path) in asked.into_iter().chain(built) {
        let id = fluent_id(&key);
        if !fr.contains_key(&id) || !en.contains_key(&id) {
            missing.push(format!("{key} ({})", path.display()));
        }
    }
    assert!(missing.is_empty(), "keys without a text: {missing:#?}");
}
