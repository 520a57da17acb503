# Vitrine's texts in English: community.
