# Vitrine's texts in English: theme.
# The DSFR theme (VITRINE_THEME=dsfr): the State's header and footer.
theme-home_title = Home — { $site }
theme-new_window = { $site } — new window
theme-state_sites = The State's websites
