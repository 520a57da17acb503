## links: the link checker's words
links-title = Liens cassés
links-lead = Les réutilisations dont l'adresse ne répond plus depuis au moins deux jours (trois visites manquées). Leur auteur a été prévenu ; archivez celles qui ne reviendront pas.
links-count = { $count ->
    [0] Aucune réutilisation cassée
    [one] { $count } réutilisation cassée
   *[other] { $count } réutilisations cassées
}
links-none = Tous les liens répondent
links-none_hint = Le vérificateur visite chaque réutilisation publique une fois par jour ; celles qui ne répondent plus apparaîtront ici.
links-address = Adresse :
links-since = en échec depuis le
links-archive = Archiver
links-archived = Réutilisation archivée :
links-broken_alert = Le lien de cette réutilisation ne répond plus depuis le { $since } ({ $reason }). Vous seul et l'équipe d'animation voyez ce message : corrigez son adresse pour qu'elle reste dans la vitrine.
links-broken_badge = Lien cassé
links-reason_http = le serveur répond { $status }
links-reason_timeout = pas de réponse en 10 secondes
links-reason_unreachable = serveur injoignable
links-reason_private_address = adresse privée, non visitée
links-reason_too_many_redirects = trop de redirections
links-reason_bad_redirect = redirection invalide
links-reason_not_http = adresse qui n'est pas une page web

## dashboard: the animators' page
dashboard-todo = À traiter
dashboard-candidates = À mettre en vitrine
dashboard-candidates_hint = Des réutilisations publiées ces deux derniers mois, avec leurs jeux de données et un lien qui répond, les plus suivies et consultées d'abord.
dashboard-no_candidates = Aucune nouvelle réutilisation à proposer pour l'instant.
dashboard-all_broken = Voir tous les liens cassés
dashboard-followers = { $count ->
    [one] { $count } abonné
   *[other] { $count } abonnés
}
dashboard-views = { $count ->
    [one] { $count } vue
   *[other] { $count } vues
}
dashboard-misses = Recherches sans résultat
dashboard-misses_hint = Ce que les visiteurs ont cherché sans rien trouver ces quatre dernières semaines, sans rien garder de qui cherchait : des données à ouvrir, peut-être.
dashboard-no_misses = Aucune recherche sans résultat ces quatre dernières semaines.
dashboard-query = Recherche
dashboard-where = Dans
dashboard-searches = Fois
dashboard-action = Action
dashboard-make_request = En faire une demande de données
dashboard-in_datasets = les jeux de données
dashboard-in_reuses = les réutilisations
dashboard-escalated = Questions sans réponse
dashboard-escalated_hint = Des questions qu'aucun producteur n'a prises en charge malgré la relance de leurs administrateurs : relancez, orientez, ou répondez ce que vous savez.
dashboard-no_escalated = Aucune question ne vous a été transmise.
dashboard-days_waiting = { $count ->
    [one] en attente depuis { $count } jour
   *[other] en attente depuis { $count } jours
}
links-resource_works = Fichier joignable (vérifié le { $date })
links-resource_fails = Fichier injoignable depuis le { $since } ({ $reason })
