# Textes de Vitrine en français : cards.
card-published = Publiée le
card-external = (site externe)
reuse-similar = Réutilisations similaires
reuse-similar_intro = Elles utilisent les mêmes données ou traitent du même sujet.
reuse-dataset_on_portal = Voir sur le portail
reuse-dataset_on_portal_of = (« { $title } »)
