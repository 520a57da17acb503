# Textes de Vitrine en français : portail (organisations, personnes, suivre, partager).

follow-follow = Suivre
follow-unfollow = Ne plus suivre
follow-done = Vous suivez désormais cette page : vous serez averti·e de ses nouveautés.
follow-undone = Vous ne suivez plus cette page.

share-title = Partager
share-copy = Adresse de cette page, à sélectionner et copier
share-mail = Envoyer par courriel
share-linkedin = Partager sur LinkedIn
share-mastodon = Partager sur Mastodon
share-mastodon_instance = Votre instance Mastodon
share-mastodon_title = Partager sur Mastodon
share-mastodon_page = Page à partager :
share-mastodon_go = Continuer vers { $host }
share-mastodon_invalid = Nous n’avons pas reconnu cette instance Mastodon. Indiquez son nom, par exemple « mastodon.social ».
share-mastodon_hint = Le nom de votre instance, par exemple « mastodon.social » ou « piaille.fr ».

nav-organizations = Organisations
org-list_title = Organisations
org-search_label = Rechercher une organisation
org-count =
    { $count ->
        [one] { $count } organisation
       *[other] { $count } organisations
    }
org-pages = Pages de la liste des organisations
org-past_the_end = Cette page est au-delà de la fin de la liste.
org-none_title = Aucune organisation trouvée
org-none_text = Essayez un autre nom, ou parcourez toutes les organisations.
org-see_all = Voir toutes les organisations
org-website = Site de l’organisation
org-answered_share = Questions ayant reçu une réponse (12 derniers mois)
org-answered_value =
    { $asked ->
        [one] { $percent } % de { $asked } question
       *[other] { $percent } % de { $asked } questions
    }
org-median_reply = Délai médian de première réponse
org-no_reply_yet = Aucune réponse pour l’instant
org-minutes =
    { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
org-hours =
    { $count ->
        [one] { $count } heure
       *[other] { $count } heures
    }
org-days =
    { $count ->
        [one] { $count } jour
       *[other] { $count } jours
    }
org-datasets = Jeux de données
org-all_datasets = Voir tous ses jeux de données
org-no_datasets = Cette organisation ne publie pas encore de jeu de données ici.
org-reuses = Réutilisations
org-no_reuses = Aucune réutilisation n’est encore publiée par cette organisation.
org-all_reuses = Voir toutes ses réutilisations
org-discussions = Discussions récentes
org-no_discussions = Aucune discussion sur ses données pour l’instant.

person-organizations = Organisations
person-all_reuses = Voir toutes ses réutilisations
person-messages = Derniers messages publics
person-no_messages = Aucun message public pour l’instant.
