# Vitrine's texts in English: publish.
