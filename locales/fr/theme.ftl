# Textes de Vitrine en français : theme.
