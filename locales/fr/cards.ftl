# Textes de Vitrine en français : cards.
