# Vitrine's texts in English: theme.
