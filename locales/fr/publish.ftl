# Textes de Vitrine en français : publish.
