# Vitrine's texts in English: cards.
card-published = Published on
card-external = (external site)
reuse-similar = Similar reuses
reuse-similar_intro = They use the same data or deal with the same subject.
reuse-dataset_on_portal = See on the portal
reuse-dataset_on_portal_of = (“{ $title }”)
