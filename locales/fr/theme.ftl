# Textes de Vitrine en français : theme.
# Le thème DSFR (VITRINE_THEME=dsfr) : l'en-tête et le pied de page de l’État.
theme-home_title = Accueil — { $site }
theme-new_window = { $site } — nouvelle fenêtre
theme-state_sites = Sites de l’État
