# Vitrine's texts in English: cards.
