# Textes de Vitrine en français : datasets.

## la liste des jeux de données
datasets-intro = Les données ouvertes publiées par les producteurs du portail, et ce que chacun en a fait.
datasets-filters = Chercher et filtrer les jeux de données
datasets-search_label = Titre, description ou producteur
datasets-any_organization = Toutes les organisations
datasets-any_tag = Tous les mots-clés
datasets-reused = Déjà réutilisés
datasets-reused_chip = Réutilisation
datasets-none = Aucun jeu de données ne correspond.
datasets-none_hint = Essayez moins de mots, ou retirez un filtre.
datasets-archived_badge = Archivé
datasets-updated = Mis à jour le

## la page d'un jeu de données
datasets-register_reuse = Réutiliser ce jeu de données
datasets-tabs = Sur ce jeu de données
datasets-tab_reuses = Réutilisations
datasets-tab_discussions = Discussions
datasets-tab_resources = Fichiers
datasets-no_reuses_hint = Vous avez construit une application, une carte ou un article avec ces données ? Faites-le connaître.
datasets-resources = Fichiers et API de ce jeu de données
datasets-no_resources = Le catalogue ne donne aucun fichier pour ce jeu de données.
datasets-no_resources_hint = Le lien « Voir sur le catalogue » mène à sa fiche complète.
datasets-open_resource = Télécharger ou ouvrir
datasets-leaves_site = sur le site du producteur
datasets-untitled_resource = Fichier sans titre
datasets-resource_file = Fichier
datasets-size_bytes =
    { $count ->
        [one] { $count } octet
       *[other] { $count } octets
    }
datasets-size_kb = { $size } ko
datasets-size_mb = { $size } Mo
datasets-size_gb = { $size } Go
datasets-size_tb = { $size } To
