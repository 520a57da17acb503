## data requests
nav-data_requests = Demandes de données
discussion-about_data_request = Question sur la demande de données
requests-list_title = Demandes de données
requests-list_intro = Les données que vous attendez et qui ne sont pas encore ouvertes. Les plus soutenues sont en tête : ce sont celles à ouvrir d'abord.
requests-ask = Demander des données
requests-ask_for_it = Demander ces données
requests-feed = Flux Atom des demandes de données
requests-filter_status = Statut
requests-all_statuses = Tous les statuts
requests-filter = Filtrer
requests-count =
    { $count ->
        [one] { $count } demande
       *[other] { $count } demandes
    }
requests-supporters =
    { $count ->
        [0] aucun soutien
        [one] { $count } soutien
       *[other] { $count } soutiens
    }
requests-you_support = vous la soutenez
requests-none_title = Aucune demande pour le moment
requests-none_text = Il vous manque des données ? Demandez-les : d'autres pourront soutenir votre demande.
requests-status_open = Ouverte
requests-status_routed = Transmise au producteur
requests-status_in_progress = En cours d'ouverture
requests-status_opened = Données publiées
requests-status_declined = Refusée
requests-new_title = Demander des données
requests-new_intro = Décrivez les données que vous cherchez et ce qu'elles vous permettraient de faire. Les animateurs transmettront votre demande à qui les détient.
requests-title = Données demandées
requests-title_hint = En quelques mots, par exemple « Horaires des bibliothèques municipales ». 200 caractères au plus.
requests-purpose = À quoi serviraient-elles ?
requests-purpose_hint = Votre projet, les questions auxquelles ces données répondraient. Vous pouvez utiliser Markdown.
requests-holder = Qui les détient ?
requests-holder_hint = Si vous le savez : une administration, une collectivité, un service.
requests-submit = Envoyer la demande
requests-kind = Demande de données
requests-asked_by = Demandée par
requests-routed_to = Transmise à
requests-opened_as = Publiées dans le jeu de données
requests-declined_because = Pourquoi cette demande a été refusée
requests-support_title = Soutiens
requests-support = Soutenir cette demande
requests-withdraw = Retirer mon soutien
requests-sign_in_to_support = Se connecter pour soutenir
requests-steer_title = Suivi par les animateurs
requests-steer_hint = Chaque étape est annoncée à l'auteur de la demande et à ceux qui la soutiennent.
requests-next_status = Nouvelle étape
requests-organization = Organisation destinataire
requests-organization_hint = Son identifiant ou son slug, pour « Transmise au producteur ».
requests-dataset = Jeu de données publié
requests-dataset_hint = Son identifiant ou son slug dans le catalogue, pour « Données publiées ».
requests-reason = Motif du refus
requests-reason_hint = Obligatoire pour refuser une demande ; il est envoyé à ceux qui la soutiennent.
requests-take_step = Enregistrer l'étape
