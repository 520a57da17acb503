# Textes de Vitrine en français.
#
# Un identifiant est la clé que le code demande, ses points changés en tirets :
# `lang.t("me.email")` lit `me-email`. Les variables (`{ $name }`) viennent de
# `lang.t_args(…)` ; un nombre (`$count`) choisit sa forme plurielle selon le CLDR
# (en français, `one` vaut pour 0 et 1) et s'écrit avec ses milliers groupés.


## count
count-reuses =
    { $count ->
        [one] { $count } réutilisation
       *[other] { $count } réutilisations
    }
count-datasets =
    { $count ->
        [one] { $count } jeu de données
       *[other] { $count } jeux de données
    }
count-catalog_datasets =
    { $count ->
        [one] { $count } jeu de données dans le catalogue
       *[other] { $count } jeux de données dans le catalogue
    }
count-replies =
    { $count ->
        [one] { $count } réponse
       *[other] { $count } réponses
    }
count-views =
    { $count ->
        [one] { $count } vue
       *[other] { $count } vues
    }
count-followers =
    { $count ->
        [one] { $count } abonné
       *[other] { $count } abonnés
    }
count-discussions =
    { $count ->
        [one] { $count } discussion
       *[other] { $count } discussions
    }

## report
report-reason-spam = Spam ou publicité
report-reason-explicit_content = Contenu explicite
report-reason-illegal_content = Contenu illicite
report-reason-personal_data = Données personnelles
report-reason-security = Problème de sécurité
report-reason-others = Autre
report-class-Reuse = Réutilisation
report-class-Dataset = Jeu de données
report-class-Discussion = Discussion
report-reason-auto_spam = Détecté comme spam

## moderation
moderation-pending = En attente de modération
moderation-pending_notice = Votre message attend l'accord d'un modérateur : vous seul et l'équipe d'animation le voyez pour l'instant. Personne n'a encore été prévenu.
moderation-title = Modération
moderation-held = Messages retenus
moderation-no_held = Aucun message retenu.
moderation-reports = Signalements ouverts
moderation-no_reports = Aucun signalement ouvert.
moderation-approve = Publier
moderation-remove = Retirer
moderation-reason = Raison (envoyée à l'auteur)
moderation-dismiss = Classer sans suite
moderation-handled = Marquer comme traité
moderation-deactivate = Désactiver le compte
moderation-held_because = Retenu :
moderation-featured = Vitrine de l'accueil
moderation-featured_intro = L'ordre ci-dessous est celui de la page d'accueil.
moderation-up = Monter
moderation-top = En tête
moderation-feature = Mettre en vitrine sur l'accueil
moderation-down = Descendre
moderation-unfeature = Retirer de la vitrine
moderation-audit = Journal des actions
moderation-reported_by = signalé par
moderation-anonymous = un visiteur
moderation-open_subject = voir

## sync
sync-title = Synchronisation du catalogue
sync-not_configured = Aucun catalogue n'est configuré : la synchronisation est arrêtée. Pour l'activer, renseignez VITRINE_CATALOG_URL (l'adresse du catalogue) et VITRINE_CATALOG_KIND (udata ou ckan), puis redémarrez Vitrine.
sync-catalog = Catalogue
sync-kind = Type
sync-schedule = Exécutions planifiées
sync-every = toutes les { $seconds } s
sync-off = arrêtées (VITRINE_SYNC_INTERVAL=0) : lancez « vitrine sync » à la main
sync-state = État
sync-running = en cours, par { $owner }
sync-idle = à l'arrêt
sync-last_success = Dernier succès
sync-last_run = Dernière exécution
sync-next_run = Prochaine exécution
sync-last_full = Dernier passage complet
sync-checkpoint = Point de reprise
sync-never = jamais
sync-not_planned = non planifiée
sync-last_error = Dernière erreur
sync-no_error = aucune
sync-counts = Bilan des exécutions
sync-what = Jeux de données et requêtes
sync-in_progress = Passage en cours
sync-pages = Pages lues
sync-read = Lus
sync-created = Créés
sync-updated = Modifiés
sync-unchanged = Inchangés
sync-deleted = Supprimés
sync-rekeyed = Renommés
sync-skipped = Ignorés
sync-notified = Changements signalés aux personnes concernées
sync-organizations = Organisations mises à jour
sync-requests = Requêtes
sync-retries = Nouvelles tentatives
sync-errors = Erreurs récentes
sync-no_errors = Aucune erreur.
sync-when = Quand
sync-dataset = Jeu de données
sync-reason = Motif

## report
report-title = Signaler
report-intro = Signalez un contenu qui enfreint les règles : l'équipe d'animation l'examinera.
report-reason = Motif
report-message = Précisions (facultatif)
report-send = Envoyer le signalement
report-thanks = Merci : votre signalement a été transmis à l'équipe d'animation.

## nav
nav-moderation = Modération

## inbox
inbox-new_discussion = { $actor } a posé une question sur « { $subject } » : { $title }
inbox-new_comment = { $actor } a répondu dans « { $title } »
inbox-discussion_closed = { $actor } a clos « { $title } »
inbox-discussion_reopened = { $actor } a rouvert « { $title } »
inbox-answer_marked = { $actor } a retenu une réponse dans « { $title } »
inbox-reuse_linked = « { $title } » utilise votre jeu de données « { $subject } »
inbox-content_removed = { $actor } a retiré votre discussion « { $title } »
inbox-followed_reuse = Nouvelle réutilisation de « { $subject } » : { $title }
inbox-followed_discussion = { $actor } a posé une question sur « { $subject } » : { $title }
inbox-dataset_deleted = « { $subject } » a été retiré du catalogue
inbox-dataset_archived = « { $subject } » a été archivé dans le catalogue
inbox-dataset_license = « { $subject } » a changé de licence
inbox-dataset_resources = Les fichiers de « { $subject } » ont changé
inbox-link_broken = Le lien de « { $title } » ne répond plus
inbox-question_escalated = La question « { $title } » sur « { $subject } » attend une réponse depuis plusieurs jours
inbox-data_request_updated = Demande de données « { $subject } » : { $title ->
        [routed] transmise au producteur
        [in_progress] en cours d'ouverture
        [opened] données publiées
        [declined] refusée
       *[other] de nouveau ouverte
    }

## outbox
outbox-failed = Courriels non envoyés
outbox-none_failed = Tous les courriels sont partis.

## mail
mail-greeting = Bonjour { $name },
mail-new_discussion-subject = Nouvelle question sur « { $subject } »
mail-new_discussion-intro = { $actor } a posé une question sur « { $subject } » : « { $title } ».
mail-new_comment-subject = Nouvelle réponse : { $title }
mail-new_comment-intro = { $actor } a répondu dans la discussion « { $title } » sur « { $subject } » :
mail-discussion_closed-subject = Discussion close : { $title }
mail-discussion_closed-intro = { $actor } a clos la discussion « { $title } » sur « { $subject } ».
mail-discussion_reopened-subject = Discussion rouverte : { $title }
mail-discussion_reopened-intro = { $actor } a rouvert la discussion « { $title } » sur « { $subject } ».
mail-answer_marked-subject = Réponse retenue : { $title }
mail-answer_marked-intro = { $actor } a retenu une réponse dans la discussion « { $title } » sur « { $subject } » :
mail-reuse_linked-subject = Une réutilisation utilise « { $subject } »
mail-reuse_linked-intro = { $actor } a publié « { $title } », qui utilise votre jeu de données « { $subject } ».
mail-followed_reuse-subject = Nouvelle réutilisation de « { $subject } »
mail-followed_reuse-intro = « { $title } » utilise le jeu de données « { $subject } », que vous suivez.
mail-followed_discussion-subject = Nouvelle question sur « { $subject } »
mail-followed_discussion-intro = { $actor } a posé une question sur « { $subject } », que vous suivez : « { $title } ».
mail-content_removed-subject = Votre discussion « { $title } » a été retirée
mail-content_removed-intro = { $actor }, de l'équipe d'animation, a retiré votre discussion « { $title } » sur « { $subject } ».
mail-dataset_deleted-subject = Jeu de données retiré du catalogue : { $subject }
mail-dataset_deleted-intro = Le jeu de données « { $subject } » a été retiré du catalogue. Les réutilisations qui l'utilisent gardent leur lien et l'affichent comme retiré.
mail-dataset_archived-subject = Jeu de données archivé : { $subject }
mail-dataset_archived-intro = Le jeu de données « { $subject } » a été archivé dans le catalogue : il n'est plus mis à jour.
mail-dataset_license-subject = Nouvelle licence pour « { $subject } »
mail-dataset_license-intro = Le jeu de données « { $subject } » a changé de licence :
mail-dataset_resources-subject = Fichiers modifiés dans « { $subject } »
mail-dataset_resources-intro = Les fichiers du jeu de données « { $subject } » ont changé :
mail-link_broken-why = Vous recevez ce message parce que vous publiez cette réutilisation, ou administrez l'organisation qui la publie.
mail-link_broken-subject = Le lien de « { $title } » ne répond plus
mail-link_broken-intro = Depuis plus de deux jours, l'adresse de votre réutilisation « { $title } » ne répond plus ({ $subject }). Corrigez son lien pour qu'elle reste dans la vitrine.
mail-question_escalated-why = Vous recevez ce message parce que vous administrez l'organisation qui publie ces données, ou animez la communauté de ce site.
mail-question_escalated-subject = Question sans réponse : { $title }
mail-question_escalated-intro = La question « { $title } », posée par { $actor } sur « { $subject } », attend la réponse d'un producteur depuis plusieurs jours.
mail-data_request_updated-why = Vous recevez ce message parce que vous avez fait ou soutenez cette demande de données.
mail-data_request_updated-subject = Demande de données « { $subject } » : { $title ->
        [routed] transmise au producteur
        [in_progress] en cours d'ouverture
        [opened] données publiées
        [declined] refusée
       *[other] de nouveau ouverte
    }
mail-data_request_updated-intro = La demande de données « { $subject } », que vous soutenez, a avancé : { $title ->
        [routed] elle a été transmise au producteur des données
        [in_progress] ses données sont en cours d'ouverture
        [opened] ses données sont publiées dans le catalogue
        [declined] elle a été refusée
       *[other] elle est de nouveau ouverte
    }.
mail-open_discussion = Voir la discussion
mail-open_page = Voir la page
mail-why = Vous recevez ce message parce que vous participez à cette discussion, publiez ces données, les réutilisez ou les suivez.
mail-unsubscribe = Ne plus recevoir ce type de message
mail-settings = Gérer mes notifications
mail-footer = { $site }, la communauté des données ouvertes
mail-digest-subject = Votre résumé quotidien ({ $count })
mail-digest-intro = Voici ce qui s'est passé sur ce que vous suivez :
mail-digest-why = Vous recevez ce résumé parce que vous avez choisi un envoi quotidien pour ces notifications.

## kind
kind-new_discussion = Questions sur mes données et réutilisations
kind-new_comment = Réponses dans mes discussions
kind-discussion_closed = Discussions closes ou rouvertes
kind-answer_marked = Réponses retenues
kind-reuse_linked = Réutilisations de mes jeux de données
kind-content_removed = Contenus retirés par la modération
kind-followed_reuse = Réutilisations des jeux de données que je suis
kind-followed_discussion = Questions sur ce que je suis
kind-dataset_changed = Changements des jeux de données qu'utilisent mes réutilisations
kind-followed_dataset_changed = Changements des jeux de données que je suis
kind-link_broken = Liens cassés de mes réutilisations
kind-question_escalated = Questions restées sans réponse
kind-data_request_updated = Suivi des demandes de données que je soutiens

## email
email-immediate = Tout de suite
email-daily = Résumé quotidien
email-off = Jamais

## notifications
notifications-title = Notifications
notifications-none = Aucune notification.
# Après le nombre de notifications non lues, qui choisit la forme.
notifications-unread =
    { $count ->
        [one] non lue
       *[other] non lues
    }
notifications-mark_read = Marquer comme lue
notifications-mark_all_read = Tout marquer comme lu
notifications-settings = Réglages des notifications
notifications-settings_intro = Pour chaque type d'évènement, choisissez si vous recevez un courriel (tout de suite, en résumé quotidien ou jamais) et une notification ici.
notifications-kind = Évènement
notifications-email = Courriel
notifications-in_app = Sur le site
notifications-save = Enregistrer
notifications-saved = Réglages enregistrés.

## unsubscribe
unsubscribe-title = Se désabonner
unsubscribe-confirm = Ne plus recevoir de courriels de ce type :
unsubscribe-button = Me désabonner
unsubscribe-done = C'est fait : vous ne recevrez plus de courriels de ce type. Vous pouvez changer d'avis dans vos réglages de notifications.
unsubscribe-invalid = Ce lien de désabonnement n'est pas valide.

## watch
watch-watch = Suivre cette discussion
watch-mute = Ne plus être notifié
watch-reset = Réglage par défaut
watch-watching = Vous suivez cette discussion.
watch-muted = Vous ne recevez plus rien de cette discussion.

## me
me-questions = Questions ouvertes sur mes données et réutilisations
me-no_questions = Aucune question en attente.

## discussion
discussion-about_dataset = Question sur le jeu de données
discussion-about_reuse = Question sur la réutilisation
discussion-open = Ouverte
discussion-closed = Close
discussion-answered = Répondue
discussion-closed_on = Close le
discussion-by = par
discussion-answer = Réponse retenue
discussion-producer = Producteur
discussion-edited = modifié
discussion-edit = Modifier
discussion-edit_message = Modifier le message
discussion-delete_message = Supprimer
discussion-mark = Marquer comme la réponse
discussion-unmark = Retirer la marque de réponse
discussion-reply_title = Répondre
discussion-comment = Votre message
discussion-question = Votre question
discussion-markdown_hint = Markdown accepté : **gras**, *italique*, [lien](https://…), listes, `code`. Mentionnez quelqu'un de la discussion avec @prenom-nom.
discussion-speak_for = Publier au nom de
discussion-post = Publier
discussion-post_close = Publier et clore
discussion-preview = Aperçu
discussion-preview_title = Aperçu de votre message
discussion-close = Clore sans répondre
discussion-reopen = Rouvrir la discussion
discussion-rename = Modifier le titre
discussion-title = Titre
discussion-title_hint = Une phrase qui résume votre question.
discussion-save = Enregistrer
discussion-cancel = Annuler
discussion-delete = Supprimer la discussion
discussion-signin_to_reply = Connectez-vous pour répondre.
discussion-closed_notice = Cette discussion est close : elle n'accepte plus de messages.
discussion-list_title = Questions et discussions
discussion-none = Aucune question pour l'instant.
discussion-ask = Poser une question
discussion-new_title = Poser une question
discussion-new_intro = Votre question sera publique ; les producteurs des données en sont avertis et y répondent ici.
discussion-asked_by = Posée par

## user
user-since = Membre depuis le
user-reuses = Réutilisations
user-no_reuses = Aucune réutilisation publiée.

## form
form-new_title = Présenter une réutilisation
form-edit_title = Modifier la réutilisation
form-intro = Décrivez ce que vous avez construit et les jeux de données utilisés : les producteurs en seront informés.
form-title = Titre
form-title_hint = 350 caractères au plus.
form-description = Description
form-description_hint = En Markdown : **gras**, *italique*, listes, liens.
form-url = Adresse de la réutilisation
form-url_hint = Commence par https:// ou http://.
form-type = Type
form-topic = Thématique
form-choose = Choisir…
form-tags = Mots-clés
form-tags_hint = Séparés par des virgules, 3 caractères au moins chacun.
form-datasets = Jeux de données utilisés
form-datasets_hint = Cochez au moins un jeu de données pour que la réutilisation soit visible de tous.
form-dataset_search = Chercher un jeu de données par son titre
form-dataset_search_button = Chercher
form-organization = Publier au nom de
form-myself = Moi-même
form-private = Privée (visible seulement par vous, votre organisation et les modérateurs)
form-submit_new = Publier la réutilisation
form-submit_edit = Enregistrer
form-errors = Le formulaire contient des erreurs : corrigez les champs signalés.
form-image = Image
form-image_hint = PNG, JPEG, WebP ou GIF, 5 Mo au plus.

## gallery
gallery-new = Présenter une réutilisation

## reuse
reuse-edit = Modifier

## type
type-api = API
type-application = Application
type-idea = Idée
type-news_article = Article de presse
type-paper = Article scientifique
type-post = Billet de blog
type-visualization = Visualisation
type-hardware = Objet connecté

## topic
topic-health = Santé
topic-transport_and_mobility = Transports et mobilités
topic-housing_and_development = Logement et aménagement
topic-food_and_agriculture = Alimentation et agriculture
topic-culture_and_recreation = Culture et loisirs
topic-economy_and_business = Économie et entreprises
topic-environment_and_energy = Environnement et énergie
topic-work_and_training = Travail et formation
topic-politics_and_public_life = Politique et vie publique
topic-safety_and_security = Sécurité
topic-education_and_research = Éducation et recherche
topic-society_and_demography = Société et démographie
topic-law_and_justice = Droit et justice
topic-open_data_tools = Outils de la donnée ouverte
topic-others = Autres

## home
home-featured = À la une
home-all_reuses = Voir toutes les réutilisations

## gallery
gallery-title = Réutilisations
gallery-intro = Applications, visualisations et articles construits avec les données ouvertes du portail.
gallery-search = Rechercher
gallery-search_label = Mots à chercher
gallery-filters = Filtrer
gallery-any_type = Tous les types
gallery-any_topic = Toutes les thématiques
gallery-type = Type
gallery-topic = Thématique
gallery-tag = Mot-clé
gallery-sort = Trier par
gallery-sort_created = Les plus récentes
gallery-sort_title = Titre
gallery-sort_datasets = Nombre de jeux de données
gallery-sort_followers = Abonnés
gallery-sort_views = Vues
gallery-apply = Appliquer
gallery-reset = Tout effacer
gallery-none = Aucune réutilisation ne correspond. Essayez moins de mots ou d'autres filtres.
gallery-previous = Page précédente
gallery-next = Page suivante
gallery-page = Page
gallery-pagination = Pagination
gallery-first = Première page
gallery-last = Dernière page
gallery-dataset = Jeu de données
gallery-organization = Organisation
gallery-owner = Publiée par
gallery-active_filters = Filtres actifs
gallery-filter_chip = { $name } : { $value }
gallery-remove_filter = Retirer le filtre { $filter }
gallery-show_filters = Filtres
gallery-past_end =
    Cette page n'existe pas : il y a { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    }.
gallery-go_last = Aller à la dernière page
gallery-not_understood = Certains réglages de l'adresse n'ont pas été compris et ont été ignorés : { $filters }.

## card
card-by = par

## reuse
reuse-visit = Voir la réutilisation
reuse-datasets = Jeux de données utilisés
reuse-published_by = Publiée par
reuse-created = Publiée le
reuse-audience = Audience
reuse-about = À propos
reuse-image_alt = Illustration de la réutilisation « { $title } »
reuse-dataset_deleted = retiré du catalogue
reuse-dataset_archived = archivé

## audit
audit-when = Quand
audit-who = Qui
audit-action = Action
audit-target = Objet
audit-summary = Détail
audit-act-dataset_create = Jeu de données ajouté
audit-act-dataset_delete = Jeu de données supprimé
audit-act-dataset_update = Jeu de données modifié
audit-act-discussion_delete = Discussion supprimée
audit-act-message_approve = Message approuvé
audit-act-message_remove = Message retiré
audit-act-organization_delete = Organisation supprimée
audit-act-report_dismiss = Signalement écarté
audit-act-report_handle = Signalement traité
audit-act-report_undismiss = Signalement rouvert
audit-act-reuse_archive = Réutilisation archivée
audit-act-reuse_unarchive = Réutilisation désarchivée
audit-act-reuse_delete = Réutilisation supprimée
audit-act-reuse_update = Réutilisation modifiée
audit-act-reuse_feature = Mise en avant
audit-act-reuse_unfeature = Retrait de la une
audit-act-showcase_move_top = Placée en tête de la une
audit-act-showcase_move_up = Montée dans la une
audit-act-showcase_move_down = Descendue dans la une
audit-act-showcase_reorder = Une réordonnée
audit-act-user_deactivate = Compte désactivé
audit-act-user_role = Rôle changé
held-spam_word = Mot suspect : { $word }
held-links = { $links } liens postés par un compte récent
held-first_message = Premier message d'un compte récent

## reuse
reuse-tags = Mots-clés
reuse-private = Privée : visible seulement par vous et les modérateurs.

## dataset
dataset-reuses = Réutilisations de ce jeu de données
dataset-all_reuses = Toutes les réutilisations
dataset-no_reuses = Aucune réutilisation n'a encore été signalée.
dataset-on_catalog = Voir sur le catalogue
dataset-organization = Producteur
dataset-reuse_count = Réutilisations
dataset-archived = Archivé dans le catalogue : il n'est plus mis à jour.
dataset-archived_since = Archivé dans le catalogue depuis le { $date } : il n'est plus mis à jour.
dataset-deleted = Retiré du catalogue ; les réutilisations ci-dessous gardent leur lien.
dataset-deleted_on = Retiré du catalogue le { $date } ; les réutilisations ci-dessous gardent leur lien.

## datasets
datasets-title = Jeux de données

## signin
signin-unknown_provider = Aucun fournisseur de connexion ne porte ce nom.
signin-unreachable = { $provider } est injoignable pour le moment : réessayez dans quelques minutes.
signin-refused = { $provider } a refusé la connexion.
signin-invalid_link = Ce lien de connexion est invalide, a expiré ou a déjà servi. Recommencez la connexion.
signin-mismatch = La réponse de { $provider } ne correspond pas à cette connexion. Recommencez la connexion.
signin-bad_answer = { $provider } a envoyé une réponse inutilisable.
signin-no_email = { $provider } n'a pas partagé votre adresse e-mail ; Vitrine en a besoin pour vous prévenir des réponses. Autorisez-la chez { $provider } et reconnectez-vous.

## confirm
confirm-mail_subject = Confirmez votre adresse e-mail
confirm-mail_intro = Un compte Vitrine, « { $name } », a été créé avec l'adresse { $email } en se connectant par { $provider }, qui n'a pas vérifié cette adresse. Si c'est vous, confirmez-la : Vitrine pourra alors vous écrire. Sinon, ignorez ce message : vous ne recevrez rien d'autre.
confirm-mail_action = Confirmer mon adresse
confirm-mail_why = Vous recevez ce message parce que cette adresse a été donnée pour un compte Vitrine. Le lien fonctionne pendant { $days } jours.
confirm-title = Confirmer une adresse e-mail
confirm-ask = Confirmez que { $email } est l'adresse du compte « { $name } ». Si vous n'avez pas créé ce compte, fermez simplement cette page.
confirm-button = Confirmer
confirm-done = C'est fait : { $email } est confirmée. Vitrine peut maintenant vous écrire.
confirm-invalid = Ce lien de confirmation n'est pas valable, a expiré, ou l'adresse du compte a changé. Demandez-en un nouveau depuis votre espace.
confirm-taken = Un autre compte a déjà confirmé cette adresse : elle ne peut pas l'être pour celui-ci.

## me
me-email_unverified = Cette adresse n'est pas confirmée : Vitrine ne vous enverra aucun e-mail avant que vous l'ayez confirmée avec le lien que nous vous avons envoyé.
me-email_resend = Renvoyer le lien
me-email_resent = Un lien de confirmation vous a été envoyé (au plus un par jour).

## signin
signin-deactivated = Ce compte a été désactivé.

## site
site-tagline = Les réutilisations des données ouvertes et les échanges autour d'elles

## nav
nav-main = Navigation principale
nav-home = Accueil
nav-reuses = Réutilisations
nav-datasets = Jeux de données
nav-menu = Menu
nav-skip = Aller au contenu
nav-language = Langue
nav-breadcrumb = Vous êtes ici

## account
account-signin = Se connecter
account-signout = Se déconnecter
account-me = Mon espace
account-signed_in_as = Connecté·e en tant que

## footer
footer-about = { $site } met en avant ce qui est construit avec les données ouvertes.
footer-api_docs = Documentation de l'API
footer-links = À propos du site
footer-legal = Mentions légales
footer-accessibility = Déclaration d'accessibilité
footer-contact = Contact
footer-terms = Conditions d'utilisation
footer-docs_back = Retour à { $site }

## home
home-title = Ce que l'on construit avec les données ouvertes
home-intro = Applications, visualisations, articles et API qui réutilisent les jeux de données du portail, et les questions posées à leurs producteurs.
home-browse_datasets = Parcourir les jeux de données

## login
login-title = Se connecter
login-intro = Choisissez le compte avec lequel vous connecter. Vitrine ne voit jamais votre mot de passe.
login-with = Se connecter avec
login-none = Aucun fournisseur de connexion n'est configuré.
login-demo_title = Connexion de démonstration
login-demo_warning = Mode démonstration : ces boutons n'existent que sur la démo locale, jamais en production.
login-demo_reuser = Entrer comme réutilisatrice
login-demo_producer = Entrer comme producteur
login-demo_animator = Entrer comme animatrice
login-demo_admin = Entrer comme administratrice

## me
me-title = Mon espace
me-profile = Profil
me-name = Nom
me-email = Adresse e-mail
me-first_name = Prénom
me-last_name = Nom de famille
me-names_hint = Affichés avec ce que vous publiez et écrivez. Laissés vides, ils sont tirés de votre nom.
me-profile_save = Enregistrer mes noms
me-profile_saved = Vos noms sont enregistrés.
me-role = Rôle
me-organizations = Mes organisations
me-no_organizations = Vous n'êtes membre d'aucune organisation.
me-tokens = Clés d'API
me-tokens_intro = Une clé d'API permet à vos scripts d'utiliser l'API en votre nom (en-tête X-API-KEY).
me-token_name = Nom de la clé
me-token_name_hint = Pour la reconnaître, par exemple « script de synchronisation ».
me-token_create = Créer une clé
me-token_created = Voici votre nouvelle clé. Copiez-la maintenant : elle ne sera plus jamais affichée.
me-token_prefix = Début de la clé
me-token_created_at = Créée le
me-token_last_used = Dernière utilisation
me-token_never_used = jamais
me-token_revoked = révoquée
me-token_revoke = Révoquer
me-no_tokens = Vous n'avez pas encore de clé d'API.

## role
role-user = Utilisateur·rice
role-moderator = Animateur·rice
role-admin = Administrateur·rice
role-org_admin = administrateur·rice
role-org_editor = éditeur·rice

## error
error-title = Une erreur est survenue
error-back_home = Revenir à l'accueil
error-try_signin = Réessayer de se connecter
error-400 = Requête invalide
error-401 = Connexion nécessaire
error-403 = Action refusée
error-404 = Page introuvable
error-409 = Conflit
error-410 = Contenu supprimé
error-413 = Envoi trop volumineux
error-429 = Trop de requêtes
error-500 = Erreur du serveur
error-502 = Le fournisseur de connexion a refusé
error-503 = Service momentanément indisponible
error-csrf = Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.
error-signin_required = Connectez-vous pour voir cette page.
error-408 = Délai dépassé
error-415 = Format non accepté
error-not_found = La page demandée n'existe pas ou n'existe plus. L'adresse contient peut-être une faute de frappe, ou la page a été déplacée.
error-not_found-reuse = Aucune réutilisation ne se trouve à cette adresse. Elle a peut-être été renommée, rendue privée ou retirée.
error-not_found-dataset = Aucun jeu de données ne se trouve à cette adresse. Il a peut-être été renommé ou retiré du catalogue.
error-not_found-discussion = Cette discussion n'existe pas ou n'est plus visible.
error-not_found-message = Ce message n'existe pas ou n'est plus visible.
error-not_found-user = Ce profil n'existe pas ou n'est plus visible.
error-not_found-organization = Cette organisation n'existe pas ou n'est plus visible.
error-not_found-notification = Cette notification n'existe pas ou n'est plus disponible.
error-not_found-report = Ce signalement n'existe pas ou a déjà été traité.
error-gone = Ce contenu a été supprimé : il n'est plus en ligne.
error-gone-reuse = Cette réutilisation a été supprimée : elle n'est plus en ligne.
error-gone-dataset = Ce jeu de données a été supprimé du catalogue.
error-gone-user = Ce compte a été désactivé.
error-bad_parameter = Le réglage « { $name } » de l'adresse n'a pas pu être compris. Vérifiez l'adresse, ou revenez en arrière et réessayez.
error-text-400 = Cette demande n'a pas pu être comprise. Vérifiez l'adresse, ou revenez en arrière et réessayez.
error-text-403 = Vous n'avez pas le droit de voir cette page ou de faire cette action.
error-text-408 = L'envoi a pris trop de temps. Réessayez.
error-text-409 = Cette action entre en conflit avec une modification récente. Rechargez la page et réessayez.
error-text-413 = Le fichier ou le texte envoyé est trop volumineux.
error-text-415 = Ce type de fichier n'est pas accepté.
error-text-429 = Vous avez fait beaucoup de demandes en peu de temps. Patientez quelques instants, puis réessayez.
error-text-500 = Une erreur inattendue s'est produite de notre côté. Elle a été signalée ; réessayez dans un moment.
error-text-502 = Le service de connexion n'a pas répondu comme prévu. Réessayez dans un moment.
error-text-503 = Le site est momentanément indisponible. Réessayez dans quelques instants.
error-text-other = Quelque chose s'est mal passé. Revenez en arrière et réessayez.
error-links = Vous pouvez aussi :
error-to_gallery = Parcourir les réutilisations
error-to_datasets = Parcourir les jeux de données
field-required = Ce champ est obligatoire.
field-required-title = Indiquez un titre.
field-required-description = Ajoutez une description.
field-required-url = Indiquez l'adresse de la réutilisation.
field-required-type = Choisissez un type dans la liste.
field-required-topic = Choisissez une thématique dans la liste.
field-required-comment = Écrivez un message.
field-too_long = Ce texte est trop long : { $max } caractères au plus.
field-control_characters = Ce texte contient des caractères invisibles : retapez-le plutôt que de le coller.
field-not_http_url = L'adresse doit commencer par http:// ou https://.
field-tag_length = Le mot-clé « { $tag } » doit compter de 3 à 96 lettres, chiffres ou tirets.
field-unknown_dataset = Un des jeux de données choisis n'existe plus : décochez-le ou choisissez-en un autre.
field-url_taken = Une réutilisation existe déjà à cette adresse.
field-title_race = Une réutilisation au titre semblable vient d'être publiée : réessayez.
field-not_member = Vous n'êtes pas membre de cette organisation.
field-closed = Cette discussion est close : elle n'accepte plus de messages.
field-image_too_large = L'image envoyée est trop volumineuse.
field-image_format = L'image doit être au format PNG, JPEG, WebP ou GIF.
field-image_invalid = Ce fichier n'a pas pu être lu comme une image.
field-invalid = Cette valeur n'est pas acceptée : vérifiez-la.

# Le fil d'activité de l'API (les libellés d'udata).
activity-reuse_created = a créé une réutilisation
activity-dataset_discussed = a commenté un jeu de données
activity-reuse_discussed = a commenté une réutilisation
activity-dataset_followed = a suivi un jeu de données
activity-reuse_followed = a suivi une réutilisation
activity-organization_followed = a suivi une organisation

## embed
# Le module que les portails encadrent sur leurs pages de jeux de données. Les guillemets
# du titre tiennent à leur texte par des espaces insécables.
embed-title = Réutilisations de « { $title } »
embed-all =
    { $count ->
        [one] Voir la réutilisation
       *[other] Voir les { $count } réutilisations
    }
embed-new_tab = (s'ouvre dans un nouvel onglet)
embed-unknown = Jeu de données introuvable
embed-unknown_text = Ce jeu de données n'est pas connu de ce site.
