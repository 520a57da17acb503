//! What the moderation pages show of the codes the moderation stores: why a message was held
//! (`spam word: casino`) and what an entry of the audit log did (`reuse.feature`), in the
//! reader's language. The stored codes, and the API giving them, stay as they are.

use super::Lang;

/// Every action the audit log records, and the message key of its label.
pub const AUDIT_ACTIONS: [(&str, &str); 24] = [
    ("dataset.create", "audit.act.dataset_create"),
    ("dataset.delete", "audit.act.dataset_delete"),
    ("dataset.update", "audit.act.dataset_update"),
    ("dataset.steward", "audit.act.dataset_steward"),
    ("dataset.steward_remove", "audit.act.dataset_steward_remove"),
    ("discussion.delete", "audit.act.discussion_delete"),
    ("message.approve", "audit.act.message_approve"),
    ("message.remove", "audit.act.message_remove"),
    ("organization.delete", "audit.act.organization_delete"),
    ("report.dismiss", "audit.act.report_dismiss"),
    ("report.handle", "audit.act.report_handle"),
    ("report.undismiss", "audit.act.report_undismiss"),
    ("reuse.archive", "audit.act.reuse_archive"),
    ("reuse.unarchive", "audit.act.reuse_unarchive"),
    ("reuse.delete", "audit.act.reuse_delete"),
    ("reuse.update", "audit.act.reuse_update"),
    ("reuse.feature", "audit.act.reuse_feature"),
    ("reuse.unfeature", "audit.act.reuse_unfeature"),
    ("showcase.move_top", "audit.act.showcase_move_top"),
    ("showcase.move_up", "audit.act.showcase_move_up"),
    ("showcase.move_down", "audit.act.showcase_move_down"),
    ("showcase.reorder", "audit.act.showcase_reorder"),
    ("user.deactivate", "audit.act.user_deactivate"),
    ("user.role", "audit.act.user_role"),
];

/// What an audit entry may be about, and the message key of its name.
pub const AUDIT_TARGETS: [(&str, &str); 8] = [
    ("Dataset", "community.target_dataset"),
    ("Discussion", "community.target_discussion"),
    ("Message", "community.target_message"),
    ("Organization", "community.target_organization"),
    ("Report", "community.target_report"),
    ("Reuse", "community.target_reuse"),
    ("Showcase", "community.target_showcase"),
    ("User", "community.target_user"),
];

impl Lang {
    /// Why a message was held, as the moderation queue tells it: « Mot suspect : casino ».
    /// A reason no rule knows is shown as stored.
    pub fn held_reason(self, reason: Option<&str>) -> String {
        let reason = reason.unwrap_or_default();
        if let Some(word) = reason.strip_prefix("spam word: ") {
            return self.t_args("held.spam_word", &[("word", word.into())]);
        }
        if let Some(links) = reason
            .strip_suffix(" links from a new account")
            .and_then(|n| n.parse::<u64>().ok())
        {
            return self.t_args("held.links", &[("links", links.into())]);
        }
        match reason {
            "first message of a new account" => self.t("held.first_message").to_owned(),
            other => other.to_owned(),
        }
    }

    /// What an audit entry did, by its label; an action no list knows is shown as stored.
    pub fn audit_action(self, action: &str) -> String {
        AUDIT_ACTIONS
            .iter()
            .find(|(code, _)| *code == action)
            .map_or_else(|| action.to_owned(), |(_, key)| self.t(key).to_owned())
    }

    /// What an audit entry was about: its kind in words, and the name the entry kept
    /// (« Réutilisation « Carte des vaccins » »); a kind no list knows is shown as stored.
    pub fn audit_target(self, class: &str, name: &str) -> String {
        let kind = AUDIT_TARGETS
            .iter()
            .find(|(code, _)| *code == class)
            .map_or(class, |(_, key)| self.t(key));
        if name.trim().is_empty() {
            kind.to_owned()
        } else {
            self.t_args(
                "community.audit_target",
                &[("kind", kind.into()), ("name", name.into())],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderation_codes_are_told_in_the_readers_language() {
        assert_eq!(
            Lang::Fr.held_reason(Some("spam word: casino")),
            "Mot suspect : casino"
        );
        assert_eq!(
            Lang::En.held_reason(Some("spam word: casino")),
            "Suspect word: casino"
        );
        assert!(
            Lang::Fr
                .held_reason(Some("4 links from a new account"))
                .contains('4')
        );
        assert_eq!(Lang::Fr.audit_action("reuse.feature"), "Mise en avant");
        assert_eq!(Lang::Fr.audit_action("something.new"), "something.new");
        assert_eq!(Lang::En.audit_target("User", ""), "Account");
        assert!(
            Lang::Fr
                .audit_target("Reuse", "Carte des vaccins")
                .contains("Carte des vaccins")
        );
        for lang in Lang::ALL {
            for (code, key) in AUDIT_ACTIONS {
                assert_ne!(lang.t(key), "…", "{lang:?} {code}");
            }
            for (code, key) in AUDIT_TARGETS {
                assert_ne!(lang.t(key), "…", "{lang:?} {code}");
            }
            assert_ne!(lang.t("held.first_message"), "…");
        }
    }
}
