# Textes de Vitrine en français : community.
