# Vitrine's texts in English: portal.
