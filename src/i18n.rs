//! French and English: the one way user-facing text is chosen. Templates call `lang.t("key")`.

use std::collections::HashMap;
use std::sync::LazyLock;

use poem::Request;

pub mod format;

/// Name of the cookie the language switch sets.
pub const LANG_COOKIE: &str = "vitrine_lang";

/// A language the site speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// French, the portal's first language.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the switch's order.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// The language a code names, if the site speaks it.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().get(..2)? {
            "fr" => Some(Self::Fr),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The reader's language: the switch's cookie, else the best of `Accept-Language`, else French.
    pub fn of_request(req: &Request) -> Self {
        if let Some(lang) = req
            .cookie()
            .get(LANG_COOKIE)
            .and_then(|cookie| Self::from_code(cookie.value_str()))
        {
            return lang;
        }
        let header = req
            .headers()
            .get(poem::http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        Self::from_accept_language(header).unwrap_or_default()
    }

    /// The preferred language of an `Accept-Language` header among those the site speaks.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Self)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Self::from_code) else {
                continue;
            };
            let quality = pieces
                .find_map(|piece| piece.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The text of `key` in this language; the key itself (logged) when it has none.
    pub fn t(self, key: &str) -> &'static str {
        match MESSAGES.get(key) {
            Some((fr, en)) => match self {
                Self::Fr => fr,
                Self::En => en,
            },
            None => {
                tracing::warn!(key, "missing translation");
                "…"
            }
        }
    }

    /// A field error of the models (written in English, as the API gives them) in this language.
    pub fn field_message(self, message: &str) -> String {
        if self == Self::En {
            return message.to_owned();
        }
        if let Some(max) = message
            .strip_prefix("must be at most ")
            .and_then(|rest| rest.strip_suffix(" characters"))
        {
            return format!("{max} caractères au plus");
        }
        match message {
            "is required" => "est obligatoire".to_owned(),
            "must not be empty" => "ne doit pas être vide".to_owned(),
            "must not contain control characters" => {
                "ne doit pas contenir de caractères de contrôle".to_owned()
            }
            "you are not a member of this organization" => {
                "vous n'êtes pas membre de cette organisation".to_owned()
            }
            "This discussion is closed: it takes no more comments." => {
                "Cette discussion est close : elle n'accepte plus de messages.".to_owned()
            }
            other => other.to_owned(),
        }
    }

    /// The name of this language in itself, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Self::Fr => "Français",
            Self::En => "English",
        }
    }
}

static MESSAGES: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        TEXTS
            .iter()
            .map(|(key, fr, en)| (*key, (*fr, *en)))
            .collect()
    });

/// Every text of the site: key, French, English.
const TEXTS: &[(&str, &str, &str)] = &[
    ("count.reuses.one", "réutilisation", "reuse"),
    ("count.reuses.other", "réutilisations", "reuses"),
    ("count.datasets.one", "jeu de données", "dataset"),
    ("count.datasets.other", "jeux de données", "datasets"),
    (
        "count.catalog_datasets.one",
        "jeu de données dans le catalogue",
        "dataset in the catalog",
    ),
    (
        "count.catalog_datasets.other",
        "jeux de données dans le catalogue",
        "datasets in the catalog",
    ),
    ("count.replies.one", "réponse", "reply"),
    ("count.replies.other", "réponses", "replies"),
    ("count.views.one", "vue", "view"),
    ("count.views.other", "vues", "views"),
    ("count.followers.one", "abonné", "follower"),
    ("count.followers.other", "abonnés", "followers"),
    ("count.discussions.one", "discussion", "discussion"),
    ("count.discussions.other", "discussions", "discussions"),
    (
        "report.reason.spam",
        "Spam ou publicité",
        "Spam or advertising",
    ),
    (
        "report.reason.explicit_content",
        "Contenu explicite",
        "Explicit content",
    ),
    (
        "report.reason.illegal_content",
        "Contenu illicite",
        "Illegal content",
    ),
    (
        "report.reason.personal_data",
        "Données personnelles",
        "Personal data",
    ),
    (
        "report.reason.security",
        "Problème de sécurité",
        "Security issue",
    ),
    ("report.reason.others", "Autre", "Other"),
    ("report.class.Reuse", "Réutilisation", "Reuse"),
    ("report.class.Dataset", "Jeu de données", "Dataset"),
    ("report.class.Discussion", "Discussion", "Discussion"),
    (
        "report.reason.auto_spam",
        "Détecté comme spam",
        "Detected as spam",
    ),
    (
        "moderation.pending",
        "En attente de modération",
        "Awaiting moderation",
    ),
    (
        "moderation.pending_notice",
        "Votre message attend l'accord d'un modérateur : vous seul et l'équipe d'animation le voyez pour l'instant. Personne n'a encore été prévenu.",
        "Your message awaits a moderator's approval: only you and the community team see it for now. Nobody has been told yet.",
    ),
    ("moderation.title", "Modération", "Moderation"),
    ("moderation.held", "Messages retenus", "Held messages"),
    (
        "moderation.no_held",
        "Aucun message retenu.",
        "No held messages.",
    ),
    ("moderation.reports", "Signalements ouverts", "Open reports"),
    (
        "moderation.no_reports",
        "Aucun signalement ouvert.",
        "No open reports.",
    ),
    ("moderation.approve", "Publier", "Approve"),
    ("moderation.remove", "Retirer", "Remove"),
    (
        "moderation.reason",
        "Raison (envoyée à l'auteur)",
        "Reason (mailed to the author)",
    ),
    ("moderation.dismiss", "Classer sans suite", "Dismiss"),
    (
        "moderation.handled",
        "Marquer comme traité",
        "Mark as handled",
    ),
    (
        "moderation.deactivate",
        "Désactiver le compte",
        "Deactivate the account",
    ),
    ("moderation.held_because", "Retenu :", "Held:"),
    (
        "moderation.featured",
        "Vitrine de l'accueil",
        "Home showcase",
    ),
    (
        "moderation.featured_intro",
        "L'ordre ci-dessous est celui de la page d'accueil.",
        "This is the order of the home page.",
    ),
    ("moderation.up", "Monter", "Move up"),
    ("moderation.top", "En tête", "To the top"),
    (
        "moderation.feature",
        "Mettre en vitrine sur l'accueil",
        "Feature on the home page",
    ),
    ("moderation.down", "Descendre", "Move down"),
    (
        "moderation.unfeature",
        "Retirer de la vitrine",
        "Remove from the showcase",
    ),
    ("moderation.audit", "Journal des actions", "Audit log"),
    ("moderation.reported_by", "signalé par", "reported by"),
    ("moderation.anonymous", "un visiteur", "a visitor"),
    ("moderation.open_subject", "voir", "open"),
    ("report.title", "Signaler", "Report"),
    (
        "report.intro",
        "Signalez un contenu qui enfreint les règles : l'équipe d'animation l'examinera.",
        "Report content that breaks the rules: the community team will look at it.",
    ),
    ("report.reason", "Motif", "Reason"),
    (
        "report.message",
        "Précisions (facultatif)",
        "Details (optional)",
    ),
    ("report.send", "Envoyer le signalement", "Send the report"),
    (
        "report.thanks",
        "Merci : votre signalement a été transmis à l'équipe d'animation.",
        "Thank you: your report went to the community team.",
    ),
    ("nav.moderation", "Modération", "Moderation"),
    (
        "inbox.new_discussion",
        "{actor} a posé une question sur « {subject} » : {title}",
        "{actor} asked about “{subject}”: {title}",
    ),
    (
        "inbox.new_comment",
        "{actor} a répondu dans « {title} »",
        "{actor} replied in “{title}”",
    ),
    (
        "inbox.discussion_closed",
        "{actor} a clos « {title} »",
        "{actor} closed “{title}”",
    ),
    (
        "inbox.discussion_reopened",
        "{actor} a rouvert « {title} »",
        "{actor} reopened “{title}”",
    ),
    (
        "inbox.answer_marked",
        "{actor} a retenu une réponse dans « {title} »",
        "{actor} marked the answer in “{title}”",
    ),
    (
        "inbox.reuse_linked",
        "« {title} » utilise votre jeu de données « {subject} »",
        "“{title}” uses your dataset “{subject}”",
    ),
    (
        "inbox.content_removed",
        "{actor} a retiré votre discussion « {title} »",
        "{actor} removed your discussion “{title}”",
    ),
    (
        "inbox.followed_reuse",
        "Nouvelle réutilisation de « {subject} » : {title}",
        "New reuse of “{subject}”: {title}",
    ),
    (
        "inbox.followed_discussion",
        "{actor} a posé une question sur « {subject} » : {title}",
        "{actor} asked about “{subject}”: {title}",
    ),
    ("outbox.failed", "Courriels non envoyés", "Mails not sent"),
    (
        "outbox.none_failed",
        "Tous les courriels sont partis.",
        "Every mail went out.",
    ),
    ("mail.greeting", "Bonjour {name},", "Hello {name},"),
    (
        "mail.new_discussion.subject",
        "Nouvelle question sur « {subject} »",
        "New question about “{subject}”",
    ),
    (
        "mail.new_discussion.intro",
        "{actor} a posé une question sur « {subject} » : « {title} ».",
        "{actor} asked a question about “{subject}”: “{title}”.",
    ),
    (
        "mail.new_comment.subject",
        "Nouvelle réponse : {title}",
        "New reply: {title}",
    ),
    (
        "mail.new_comment.intro",
        "{actor} a répondu dans la discussion « {title} » sur « {subject} » :",
        "{actor} replied in the discussion “{title}” about “{subject}”:",
    ),
    (
        "mail.discussion_closed.subject",
        "Discussion close : {title}",
        "Discussion closed: {title}",
    ),
    (
        "mail.discussion_closed.intro",
        "{actor} a clos la discussion « {title} » sur « {subject} ».",
        "{actor} closed the discussion “{title}” about “{subject}”.",
    ),
    (
        "mail.discussion_reopened.subject",
        "Discussion rouverte : {title}",
        "Discussion reopened: {title}",
    ),
    (
        "mail.discussion_reopened.intro",
        "{actor} a rouvert la discussion « {title} » sur « {subject} ».",
        "{actor} reopened the discussion “{title}” about “{subject}”.",
    ),
    (
        "mail.answer_marked.subject",
        "Réponse retenue : {title}",
        "Answer marked: {title}",
    ),
    (
        "mail.answer_marked.intro",
        "{actor} a retenu une réponse dans la discussion « {title} » sur « {subject} » :",
        "{actor} marked the answer in the discussion “{title}” about “{subject}”:",
    ),
    (
        "mail.reuse_linked.subject",
        "Une réutilisation utilise « {subject} »",
        "A reuse uses “{subject}”",
    ),
    (
        "mail.reuse_linked.intro",
        "{actor} a publié « {title} », qui utilise votre jeu de données « {subject} ».",
        "{actor} published “{title}”, which uses your dataset “{subject}”.",
    ),
    (
        "mail.followed_reuse.subject",
        "Nouvelle réutilisation de « {subject} »",
        "New reuse of “{subject}”",
    ),
    (
        "mail.followed_reuse.intro",
        "« {title} » utilise le jeu de données « {subject} », que vous suivez.",
        "“{title}” uses the dataset “{subject}”, which you follow.",
    ),
    (
        "mail.followed_discussion.subject",
        "Nouvelle question sur « {subject} »",
        "New question about “{subject}”",
    ),
    (
        "mail.followed_discussion.intro",
        "{actor} a posé une question sur « {subject} », que vous suivez : « {title} ».",
        "{actor} asked a question about “{subject}”, which you follow: “{title}”.",
    ),
    (
        "mail.content_removed.subject",
        "Votre discussion « {title} » a été retirée",
        "Your discussion “{title}” was removed",
    ),
    (
        "mail.content_removed.intro",
        "{actor}, de l'équipe d'animation, a retiré votre discussion « {title} » sur « {subject} ».",
        "{actor}, of the community team, removed your discussion “{title}” about “{subject}”.",
    ),
    (
        "mail.open_discussion",
        "Voir la discussion",
        "Open the discussion",
    ),
    ("mail.open_page", "Voir la page", "Open the page"),
    (
        "mail.why",
        "Vous recevez ce message parce que vous participez à cette discussion, publiez ces données ou les suivez.",
        "You get this email because you take part in this discussion, publish this data or follow it.",
    ),
    (
        "mail.unsubscribe",
        "Ne plus recevoir ce type de message",
        "Stop this kind of email",
    ),
    (
        "mail.settings",
        "Gérer mes notifications",
        "Manage my notifications",
    ),
    (
        "mail.footer",
        "Vitrine, la communauté des données ouvertes",
        "Vitrine, the open-data community",
    ),
    (
        "mail.digest.subject",
        "Votre résumé quotidien ({count})",
        "Your daily digest ({count})",
    ),
    (
        "mail.digest.intro",
        "Voici ce qui s'est passé sur ce que vous suivez :",
        "Here is what happened on what you follow:",
    ),
    (
        "mail.digest.why",
        "Vous recevez ce résumé parce que vous avez choisi un envoi quotidien pour ces notifications.",
        "You get this digest because you chose a daily email for these notifications.",
    ),
    (
        "kind.new_discussion",
        "Questions sur mes données et réutilisations",
        "Questions about my data and reuses",
    ),
    (
        "kind.new_comment",
        "Réponses dans mes discussions",
        "Replies in my discussions",
    ),
    (
        "kind.discussion_closed",
        "Discussions closes ou rouvertes",
        "Discussions closed or reopened",
    ),
    ("kind.answer_marked", "Réponses retenues", "Answers marked"),
    (
        "kind.reuse_linked",
        "Réutilisations de mes jeux de données",
        "Reuses of my datasets",
    ),
    (
        "kind.content_removed",
        "Contenus retirés par la modération",
        "Content removed by moderators",
    ),
    (
        "kind.followed_reuse",
        "Réutilisations des jeux de données que je suis",
        "Reuses of datasets I follow",
    ),
    (
        "kind.followed_discussion",
        "Questions sur ce que je suis",
        "Questions about what I follow",
    ),
    ("email.immediate", "Tout de suite", "Right away"),
    ("email.daily", "Résumé quotidien", "Daily digest"),
    ("email.off", "Jamais", "Never"),
    ("notifications.title", "Notifications", "Notifications"),
    (
        "notifications.none",
        "Aucune notification.",
        "No notifications.",
    ),
    ("notifications.unread", "non lues", "unread"),
    (
        "notifications.mark_read",
        "Marquer comme lue",
        "Mark as read",
    ),
    (
        "notifications.mark_all_read",
        "Tout marquer comme lu",
        "Mark all as read",
    ),
    (
        "notifications.settings",
        "Réglages des notifications",
        "Notification settings",
    ),
    (
        "notifications.settings_intro",
        "Pour chaque type d'évènement, choisissez si vous recevez un courriel (tout de suite, en résumé quotidien ou jamais) et une notification ici.",
        "For each kind of event, choose whether you get an email (right away, in a daily digest or never) and a notification here.",
    ),
    ("notifications.kind", "Évènement", "Event"),
    ("notifications.email", "Courriel", "Email"),
    ("notifications.in_app", "Sur le site", "On the site"),
    ("notifications.save", "Enregistrer", "Save"),
    (
        "notifications.saved",
        "Réglages enregistrés.",
        "Settings saved.",
    ),
    ("unsubscribe.title", "Se désabonner", "Unsubscribe"),
    (
        "unsubscribe.confirm",
        "Ne plus recevoir de courriels de ce type :",
        "Stop receiving emails of this kind:",
    ),
    ("unsubscribe.button", "Me désabonner", "Unsubscribe me"),
    (
        "unsubscribe.done",
        "C'est fait : vous ne recevrez plus de courriels de ce type. Vous pouvez changer d'avis dans vos réglages de notifications.",
        "Done: you will not receive emails of this kind any more. You can change your mind in your notification settings.",
    ),
    (
        "unsubscribe.invalid",
        "Ce lien de désabonnement n'est pas valide.",
        "This unsubscribe link is not valid.",
    ),
    (
        "watch.watch",
        "Suivre cette discussion",
        "Watch this discussion",
    ),
    ("watch.mute", "Ne plus être notifié", "Mute this discussion"),
    ("watch.reset", "Réglage par défaut", "Default notifications"),
    (
        "watch.watching",
        "Vous suivez cette discussion.",
        "You are watching this discussion.",
    ),
    (
        "watch.muted",
        "Vous ne recevez plus rien de cette discussion.",
        "You get nothing from this discussion.",
    ),
    (
        "me.questions",
        "Questions ouvertes sur mes données et réutilisations",
        "Open questions about my data and reuses",
    ),
    (
        "me.no_questions",
        "Aucune question en attente.",
        "No question waiting.",
    ),
    (
        "discussion.about_dataset",
        "Question sur le jeu de données",
        "Question about the dataset",
    ),
    (
        "discussion.about_reuse",
        "Question sur la réutilisation",
        "Question about the reuse",
    ),
    ("discussion.open", "Ouverte", "Open"),
    ("discussion.closed", "Close", "Closed"),
    ("discussion.answered", "Répondue", "Answered"),
    ("discussion.closed_on", "Close le", "Closed on"),
    ("discussion.by", "par", "by"),
    ("discussion.answer", "Réponse retenue", "Accepted answer"),
    ("discussion.producer", "Producteur", "Producer"),
    ("discussion.edited", "modifié", "edited"),
    ("discussion.edit", "Modifier", "Edit"),
    (
        "discussion.edit_message",
        "Modifier le message",
        "Edit the message",
    ),
    ("discussion.delete_message", "Supprimer", "Delete"),
    (
        "discussion.mark",
        "Marquer comme la réponse",
        "Mark as the answer",
    ),
    (
        "discussion.unmark",
        "Retirer la marque de réponse",
        "Unmark the answer",
    ),
    ("discussion.reply_title", "Répondre", "Reply"),
    ("discussion.comment", "Votre message", "Your message"),
    ("discussion.question", "Votre question", "Your question"),
    (
        "discussion.markdown_hint",
        "Markdown accepté : **gras**, *italique*, [lien](https://…), listes, `code`. Mentionnez quelqu'un de la discussion avec @prenom-nom.",
        "Markdown welcome: **bold**, *italic*, [link](https://…), lists, `code`. Mention someone in the thread with @first-last.",
    ),
    (
        "discussion.speak_for",
        "Publier au nom de",
        "Post on behalf of",
    ),
    ("discussion.post", "Publier", "Post"),
    (
        "discussion.post_close",
        "Publier et clore",
        "Post and close",
    ),
    ("discussion.preview", "Aperçu", "Preview"),
    (
        "discussion.preview_title",
        "Aperçu de votre message",
        "Preview of your message",
    ),
    (
        "discussion.close",
        "Clore sans répondre",
        "Close without replying",
    ),
    (
        "discussion.reopen",
        "Rouvrir la discussion",
        "Reopen the discussion",
    ),
    ("discussion.rename", "Modifier le titre", "Edit the title"),
    ("discussion.title", "Titre", "Title"),
    (
        "discussion.title_hint",
        "Une phrase qui résume votre question.",
        "One sentence that sums up your question.",
    ),
    ("discussion.save", "Enregistrer", "Save"),
    ("discussion.cancel", "Annuler", "Cancel"),
    (
        "discussion.delete",
        "Supprimer la discussion",
        "Delete the discussion",
    ),
    (
        "discussion.signin_to_reply",
        "Connectez-vous pour répondre.",
        "Sign in to reply.",
    ),
    (
        "discussion.closed_notice",
        "Cette discussion est close : elle n'accepte plus de messages.",
        "This discussion is closed: it takes no more messages.",
    ),
    (
        "discussion.list_title",
        "Questions et discussions",
        "Questions and discussions",
    ),
    (
        "discussion.none",
        "Aucune question pour l'instant.",
        "No questions yet.",
    ),
    ("discussion.ask", "Poser une question", "Ask a question"),
    (
        "discussion.new_title",
        "Poser une question",
        "Ask a question",
    ),
    (
        "discussion.new_intro",
        "Votre question sera publique ; les producteurs des données en sont avertis et y répondent ici.",
        "Your question will be public; the data's producers are told and answer here.",
    ),
    ("discussion.asked_by", "Posée par", "Asked by"),
    ("user.since", "Membre depuis le", "Member since"),
    ("user.reuses", "Réutilisations", "Reuses"),
    (
        "user.no_reuses",
        "Aucune réutilisation publiée.",
        "No reuse published.",
    ),
    (
        "form.new_title",
        "Présenter une réutilisation",
        "Register a reuse",
    ),
    (
        "form.edit_title",
        "Modifier la réutilisation",
        "Edit the reuse",
    ),
    (
        "form.intro",
        "Décrivez ce que vous avez construit et les jeux de données utilisés : les producteurs en seront informés.",
        "Describe what you built and the datasets it uses: their producers will be told.",
    ),
    ("form.title", "Titre", "Title"),
    (
        "form.title_hint",
        "350 caractères au plus.",
        "At most 350 characters.",
    ),
    ("form.description", "Description", "Description"),
    (
        "form.description_hint",
        "En Markdown : **gras**, *italique*, listes, liens.",
        "In Markdown: **bold**, *italic*, lists, links.",
    ),
    (
        "form.url",
        "Adresse de la réutilisation",
        "Address of the reuse",
    ),
    (
        "form.url_hint",
        "Commence par https:// ou http://.",
        "Starts with https:// or http://.",
    ),
    ("form.type", "Type", "Type"),
    ("form.topic", "Thématique", "Topic"),
    ("form.choose", "Choisir…", "Choose…"),
    ("form.tags", "Mots-clés", "Tags"),
    (
        "form.tags_hint",
        "Séparés par des virgules, 3 caractères au moins chacun.",
        "Comma-separated, at least 3 characters each.",
    ),
    ("form.datasets", "Jeux de données utilisés", "Datasets used"),
    (
        "form.datasets_hint",
        "Cochez au moins un jeu de données pour que la réutilisation soit visible de tous.",
        "Tick at least one dataset so that everyone can see the reuse.",
    ),
    (
        "form.dataset_search",
        "Chercher un jeu de données par son titre",
        "Search a dataset by title",
    ),
    ("form.dataset_search_button", "Chercher", "Search"),
    (
        "form.organization",
        "Publier au nom de",
        "Publish on behalf of",
    ),
    ("form.myself", "Moi-même", "Myself"),
    (
        "form.private",
        "Privée (visible seulement par vous, votre organisation et les modérateurs)",
        "Private (only you, your organization and moderators see it)",
    ),
    (
        "form.submit_new",
        "Publier la réutilisation",
        "Publish the reuse",
    ),
    ("form.submit_edit", "Enregistrer", "Save"),
    (
        "form.errors",
        "Le formulaire contient des erreurs : corrigez les champs signalés.",
        "The form has errors: correct the fields shown.",
    ),
    ("form.image", "Image", "Image"),
    (
        "form.image_hint",
        "PNG, JPEG, WebP ou GIF, 5 Mo au plus.",
        "PNG, JPEG, WebP or GIF, at most 5 MB.",
    ),
    (
        "gallery.new",
        "Présenter une réutilisation",
        "Register a reuse",
    ),
    ("reuse.edit", "Modifier", "Edit"),
    ("type.api", "API", "API"),
    ("type.application", "Application", "Application"),
    ("type.idea", "Idée", "Idea"),
    ("type.news_article", "Article de presse", "News article"),
    ("type.paper", "Article scientifique", "Paper"),
    ("type.post", "Billet de blog", "Post"),
    ("type.visualization", "Visualisation", "Visualization"),
    ("type.hardware", "Objet connecté", "Connected device"),
    ("topic.health", "Santé", "Health"),
    (
        "topic.transport_and_mobility",
        "Transports et mobilités",
        "Transport and mobility",
    ),
    (
        "topic.housing_and_development",
        "Logement et aménagement",
        "Housing and development",
    ),
    (
        "topic.food_and_agriculture",
        "Alimentation et agriculture",
        "Food and agriculture",
    ),
    (
        "topic.culture_and_recreation",
        "Culture et loisirs",
        "Culture and recreation",
    ),
    (
        "topic.economy_and_business",
        "Économie et entreprises",
        "Economy and business",
    ),
    (
        "topic.environment_and_energy",
        "Environnement et énergie",
        "Environment and energy",
    ),
    (
        "topic.work_and_training",
        "Travail et formation",
        "Work and training",
    ),
    (
        "topic.politics_and_public_life",
        "Politique et vie publique",
        "Politics and public life",
    ),
    (
        "topic.safety_and_security",
        "Sécurité",
        "Safety and security",
    ),
    (
        "topic.education_and_research",
        "Éducation et recherche",
        "Education and research",
    ),
    (
        "topic.society_and_demography",
        "Société et démographie",
        "Society and demography",
    ),
    (
        "topic.law_and_justice",
        "Droit et justice",
        "Law and justice",
    ),
    (
        "topic.open_data_tools",
        "Outils de la donnée ouverte",
        "Open data tools",
    ),
    ("topic.others", "Autres", "Others"),
    ("home.featured", "À la une", "Featured"),
    (
        "home.all_reuses",
        "Voir toutes les réutilisations",
        "See all reuses",
    ),
    ("gallery.title", "Réutilisations", "Reuses"),
    (
        "gallery.intro",
        "Applications, visualisations et articles construits avec les données ouvertes du portail.",
        "Applications, visualisations and articles built with the portal's open data.",
    ),
    ("gallery.search", "Rechercher", "Search"),
    ("gallery.search_label", "Mots à chercher", "Words to search"),
    ("gallery.filters", "Filtrer", "Filter"),
    ("gallery.any_type", "Tous les types", "All types"),
    ("gallery.any_topic", "Toutes les thématiques", "All topics"),
    ("gallery.type", "Type", "Type"),
    ("gallery.topic", "Thématique", "Topic"),
    ("gallery.tag", "Mot-clé", "Tag"),
    ("gallery.sort", "Trier par", "Sort by"),
    ("gallery.sort_created", "Les plus récentes", "Newest"),
    ("gallery.sort_title", "Titre", "Title"),
    (
        "gallery.sort_datasets",
        "Nombre de jeux de données",
        "Number of datasets",
    ),
    ("gallery.sort_followers", "Abonnés", "Followers"),
    ("gallery.sort_views", "Vues", "Views"),
    ("gallery.apply", "Appliquer", "Apply"),
    ("gallery.reset", "Tout effacer", "Clear all"),
    (
        "gallery.none",
        "Aucune réutilisation ne correspond. Essayez moins de mots ou d'autres filtres.",
        "No reuse matches. Try fewer words or other filters.",
    ),
    ("gallery.previous", "Page précédente", "Previous page"),
    ("gallery.next", "Page suivante", "Next page"),
    ("gallery.page", "Page", "Page"),
    ("gallery.pagination", "Pagination", "Pagination"),
    ("card.by", "par", "by"),
    ("reuse.visit", "Voir la réutilisation", "Visit the reuse"),
    (
        "reuse.datasets",
        "Jeux de données utilisés",
        "Datasets used",
    ),
    ("reuse.published_by", "Publiée par", "Published by"),
    ("reuse.created", "Publiée le", "Published on"),
    ("reuse.audience", "Audience", "Audience"),
    ("reuse.about", "À propos", "About"),
    (
        "reuse.image_alt",
        "Illustration de la réutilisation « {title} »",
        "Picture of the reuse “{title}”",
    ),
    ("audit.when", "Quand", "When"),
    ("audit.who", "Qui", "Who"),
    ("audit.action", "Action", "Action"),
    ("audit.target", "Objet", "Target"),
    ("audit.summary", "Détail", "Details"),
    ("reuse.tags", "Mots-clés", "Tags"),
    (
        "reuse.private",
        "Privée : visible seulement par vous et les modérateurs.",
        "Private: only you and moderators can see it.",
    ),
    (
        "dataset.reuses",
        "Réutilisations de ce jeu de données",
        "Reuses of this dataset",
    ),
    (
        "dataset.all_reuses",
        "Toutes les réutilisations",
        "All reuses",
    ),
    (
        "dataset.no_reuses",
        "Aucune réutilisation n'a encore été signalée.",
        "No reuse has been registered yet.",
    ),
    (
        "dataset.on_catalog",
        "Voir sur le catalogue",
        "See it on the catalog",
    ),
    ("dataset.organization", "Producteur", "Producer"),
    ("datasets.title", "Jeux de données", "Datasets"),
    (
        "signin.unknown_provider",
        "Aucun fournisseur de connexion ne porte ce nom.",
        "No sign-in provider has that name.",
    ),
    (
        "signin.unreachable",
        "{provider} est injoignable pour le moment : réessayez dans quelques minutes.",
        "{provider} cannot be reached right now: try again in a few minutes.",
    ),
    (
        "signin.refused",
        "{provider} a refusé la connexion.",
        "{provider} refused the sign-in.",
    ),
    (
        "signin.invalid_link",
        "Ce lien de connexion est invalide, a expiré ou a déjà servi. Recommencez la connexion.",
        "This sign-in link is invalid, has expired or was already used. Start signing in again.",
    ),
    (
        "signin.mismatch",
        "La réponse de {provider} ne correspond pas à cette connexion. Recommencez la connexion.",
        "The answer of {provider} does not match this sign-in. Start signing in again.",
    ),
    (
        "signin.bad_answer",
        "{provider} a envoyé une réponse inutilisable.",
        "{provider} sent an answer that cannot be used.",
    ),
    (
        "signin.no_email",
        "{provider} n'a pas partagé votre adresse e-mail ; Vitrine en a besoin pour vous prévenir des réponses. Autorisez-la chez {provider} et reconnectez-vous.",
        "{provider} did not share your email address; Vitrine needs it to tell you about answers. Allow it at {provider} and sign in again.",
    ),
    (
        "confirm.mail_subject",
        "Confirmez votre adresse e-mail",
        "Confirm your email address",
    ),
    (
        "confirm.mail_intro",
        "Un compte Vitrine, « {name} », a été créé avec l'adresse {email} en se connectant par {provider}, qui n'a pas vérifié cette adresse. Si c'est vous, confirmez-la : Vitrine pourra alors vous écrire. Sinon, ignorez ce message : vous ne recevrez rien d'autre.",
        "A Vitrine account, “{name}”, was created with the address {email} by signing in through {provider}, which did not verify it. If it was you, confirm it so that Vitrine can write to you. Otherwise, ignore this message: you will get nothing more.",
    ),
    (
        "confirm.mail_action",
        "Confirmer mon adresse",
        "Confirm my address",
    ),
    (
        "confirm.mail_why",
        "Vous recevez ce message parce que cette adresse a été donnée pour un compte Vitrine. Le lien fonctionne pendant {days} jours.",
        "You get this email because this address was given for a Vitrine account. The link works for {days} days.",
    ),
    (
        "confirm.title",
        "Confirmer une adresse e-mail",
        "Confirm an email address",
    ),
    (
        "confirm.ask",
        "Confirmez que {email} est l'adresse du compte « {name} ». Si vous n'avez pas créé ce compte, fermez simplement cette page.",
        "Confirm that {email} is the address of the account “{name}”. If you did not create this account, just close this page.",
    ),
    ("confirm.button", "Confirmer", "Confirm"),
    (
        "confirm.done",
        "C'est fait : {email} est confirmée. Vitrine peut maintenant vous écrire.",
        "Done: {email} is confirmed. Vitrine can now write to you.",
    ),
    (
        "confirm.invalid",
        "Ce lien de confirmation n'est pas valable, a expiré, ou l'adresse du compte a changé. Demandez-en un nouveau depuis votre espace.",
        "This confirmation link is not valid, has expired, or the account's address changed. Ask for a new one from your account page.",
    ),
    (
        "confirm.taken",
        "Un autre compte a déjà confirmé cette adresse : elle ne peut pas l'être pour celui-ci.",
        "Another account has already confirmed this address: it cannot be confirmed for this one.",
    ),
    (
        "me.email_unverified",
        "Cette adresse n'est pas confirmée : Vitrine ne vous enverra aucun e-mail avant que vous l'ayez confirmée avec le lien que nous vous avons envoyé.",
        "This address is not confirmed: Vitrine will send you no email until you confirm it with the link we sent you.",
    ),
    ("me.email_resend", "Renvoyer le lien", "Send the link again"),
    (
        "me.email_resent",
        "Un lien de confirmation vous a été envoyé (au plus un par jour).",
        "A confirmation link was sent to you (at most one a day).",
    ),
    (
        "signin.deactivated",
        "Ce compte a été désactivé.",
        "This account has been deactivated.",
    ),
    (
        "site.tagline",
        "Les réutilisations des données ouvertes et les échanges autour d'elles",
        "Reuses of open data and the conversations around them",
    ),
    ("nav.main", "Navigation principale", "Main navigation"),
    ("nav.home", "Accueil", "Home"),
    ("nav.reuses", "Réutilisations", "Reuses"),
    ("nav.datasets", "Jeux de données", "Datasets"),
    ("nav.api", "API", "API"),
    ("nav.skip", "Aller au contenu", "Skip to content"),
    ("nav.language", "Langue", "Language"),
    ("account.signin", "Se connecter", "Sign in"),
    ("account.signout", "Se déconnecter", "Sign out"),
    ("account.me", "Mon espace", "My account"),
    (
        "account.signed_in_as",
        "Connecté·e en tant que",
        "Signed in as",
    ),
    (
        "footer.about",
        "Vitrine met en avant ce qui est construit avec les données ouvertes.",
        "Vitrine showcases what is built with open data.",
    ),
    (
        "footer.api_docs",
        "Documentation de l'API",
        "API documentation",
    ),
    (
        "home.title",
        "Ce que l'on construit avec les données ouvertes",
        "What people build with open data",
    ),
    (
        "home.intro",
        "Applications, visualisations, articles et API qui réutilisent les jeux de données du portail, et les questions posées à leurs producteurs.",
        "Applications, visualisations, articles and APIs reusing the portal's datasets, and the questions asked to their producers.",
    ),
    (
        "home.browse_datasets",
        "Parcourir les jeux de données",
        "Browse the datasets",
    ),
    ("login.title", "Se connecter", "Sign in"),
    (
        "login.intro",
        "Choisissez le compte avec lequel vous connecter. Vitrine ne voit jamais votre mot de passe.",
        "Choose the account to sign in with. Vitrine never sees your password.",
    ),
    ("login.with", "Se connecter avec", "Sign in with"),
    (
        "login.none",
        "Aucun fournisseur de connexion n'est configuré.",
        "No sign-in provider is configured.",
    ),
    (
        "login.demo_title",
        "Connexion de démonstration",
        "Demo sign-in",
    ),
    (
        "login.demo_warning",
        "Mode démonstration : ces boutons n'existent que sur la démo locale, jamais en production.",
        "Demo mode: these buttons exist only in the local demo, never in production.",
    ),
    (
        "login.demo_reuser",
        "Entrer comme réutilisatrice",
        "Enter as the reuser",
    ),
    (
        "login.demo_producer",
        "Entrer comme producteur",
        "Enter as the producer",
    ),
    (
        "login.demo_animator",
        "Entrer comme animatrice",
        "Enter as the animator",
    ),
    (
        "login.demo_admin",
        "Entrer comme administratrice",
        "Enter as the administrator",
    ),
    ("me.title", "Mon espace", "My account"),
    ("me.profile", "Profil", "Profile"),
    ("me.name", "Nom", "Name"),
    ("me.email", "Adresse e-mail", "Email address"),
    ("me.role", "Rôle", "Role"),
    ("me.organizations", "Mes organisations", "My organizations"),
    (
        "me.no_organizations",
        "Vous n'êtes membre d'aucune organisation.",
        "You are not a member of any organization.",
    ),
    ("me.tokens", "Clés d'API", "API keys"),
    (
        "me.tokens_intro",
        "Une clé d'API permet à vos scripts d'utiliser l'API en votre nom (en-tête X-API-KEY).",
        "An API key lets your scripts use the API on your behalf (X-API-KEY header).",
    ),
    ("me.token_name", "Nom de la clé", "Key name"),
    (
        "me.token_name_hint",
        "Pour la reconnaître, par exemple « script de synchronisation ».",
        "To recognise it, for instance “sync script”.",
    ),
    ("me.token_create", "Créer une clé", "Create a key"),
    (
        "me.token_created",
        "Voici votre nouvelle clé. Copiez-la maintenant : elle ne sera plus jamais affichée.",
        "Here is your new key. Copy it now: it will never be shown again.",
    ),
    ("me.token_prefix", "Début de la clé", "Key starts with"),
    ("me.token_created_at", "Créée le", "Created"),
    ("me.token_last_used", "Dernière utilisation", "Last used"),
    ("me.token_never_used", "jamais", "never"),
    ("me.token_revoked", "révoquée", "revoked"),
    ("me.token_revoke", "Révoquer", "Revoke"),
    (
        "me.no_tokens",
        "Vous n'avez pas encore de clé d'API.",
        "You have no API key yet.",
    ),
    ("role.user", "Utilisateur·rice", "User"),
    ("role.moderator", "Animateur·rice", "Community animator"),
    ("role.admin", "Administrateur·rice", "Administrator"),
    ("role.org_admin", "administrateur·rice", "admin"),
    ("role.org_editor", "éditeur·rice", "editor"),
    (
        "error.title",
        "Une erreur est survenue",
        "Something went wrong",
    ),
    (
        "error.back_home",
        "Revenir à l'accueil",
        "Back to the home page",
    ),
    (
        "error.try_signin",
        "Réessayer de se connecter",
        "Try signing in again",
    ),
    ("error.400", "Requête invalide", "Bad request"),
    ("error.401", "Connexion nécessaire", "Sign-in needed"),
    ("error.403", "Action refusée", "Not allowed"),
    ("error.404", "Page introuvable", "Page not found"),
    ("error.409", "Conflit", "Conflict"),
    ("error.410", "Contenu supprimé", "Deleted"),
    ("error.413", "Envoi trop volumineux", "Too large"),
    ("error.429", "Trop de requêtes", "Too many requests"),
    ("error.500", "Erreur du serveur", "Server error"),
    (
        "error.502",
        "Le fournisseur de connexion a refusé",
        "The sign-in provider refused",
    ),
    (
        "error.503",
        "Service momentanément indisponible",
        "Temporarily unavailable",
    ),
    (
        "error.csrf",
        "Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.",
        "This form has expired or was not sent by this site. Reload the page and try again.",
    ),
    (
        "error.signin_required",
        "Connectez-vous pour voir cette page.",
        "Sign in to see this page.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_spoken_language() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,fr;q=0.5,en;q=0.4"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de, it"), None);
    }

    #[test]
    fn every_text_exists_in_both_languages_once() {
        let mut keys = std::collections::HashSet::new();
        for (key, fr, en) in TEXTS {
            assert!(keys.insert(key), "{key} twice");
            assert!(!fr.is_empty() && !en.is_empty(), "{key} untranslated");
        }
    }
}
