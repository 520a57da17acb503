# Textes de Vitrine en français : datasets.
