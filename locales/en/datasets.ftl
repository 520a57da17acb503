# Vitrine's texts in English: datasets.
