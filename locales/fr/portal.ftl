# Textes de Vitrine en français : portal.
