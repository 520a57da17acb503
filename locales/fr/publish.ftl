# Textes de Vitrine en français : publier une réutilisation, se connecter, mon espace, messages des formulaires et des e-mails.

## The reuse form
publish-required = obligatoire
publish-required_intro = Les champs marqués « obligatoire » doivent être remplis.
publish-errors_title = La réutilisation n'a pas pu être enregistrée
publish-error_line = { $field } : { $message }
publish-form_other = Formulaire
publish-picker_chosen = Jeux de données choisis
publish-picker_hint = Tapez quelques mots du titre, puis « Chercher » : ce que vous avez déjà saisi est conservé.
publish-picker_found = Jeux de données trouvés
publish-picker_newest = Derniers jeux de données du catalogue
publish-picker_none = Aucun jeu de données ne correspond à cette recherche : essayez d'autres mots du titre.
publish-picker_empty = Le catalogue ne compte encore aucun jeu de données.
publish-picker_more =
    { $count ->
        [one] Encore { $count } jeu de données correspond : précisez la recherche pour le trouver.
       *[other] Encore { $count } jeux de données correspondent : précisez la recherche pour les trouver.
    }
publish-published = Votre réutilisation est publiée. Les producteurs des jeux de données utilisés en sont informés, et elle figure dans la galerie et dans « Mon espace », d'où vous pouvez la modifier.
field-required-datasets = Cochez au moins un jeu de données utilisé par la réutilisation : sans lui, personne d'autre que vous ne la trouverait.

## Signing in: why it is asked for
publish-why_publish = Connectez-vous pour présenter une réutilisation : elle sera publiée à votre nom ou à celui de votre organisation.
publish-why_discuss = Connectez-vous pour poser une question ou répondre : votre nom accompagnera votre message.
publish-why_moderate = Connectez-vous avec un compte d'animation pour accéder à la modération.
publish-why_account = Connectez-vous pour retrouver votre espace : vos réutilisations, vos notifications et vos clés d'API.
publish-why_return = Une fois connecté, vous reviendrez à la page que vous consultiez.

## Form errors
field-required-token_name = Donnez un nom à la clé, 100 caractères au plus.
field-one_line = Ce texte doit tenir sur une seule ligne.

## My reuses, on /me/
publish-my_reuses = Mes réutilisations
publish-register = Présenter une réutilisation
publish-my_reuses_empty_title = Vous n'avez encore présenté aucune réutilisation
publish-my_reuses_empty = Une application, une carte, un article construits avec des données ouvertes ? Présentez-les : les producteurs des données en seront informés et le public les trouvera dans la galerie.
publish-registered = Présentée le
publish-edit = Modifier
publish-state_published = Publiée
publish-state_private = Privée
publish-state_archived = Archivée
publish-state_no_dataset = Sans jeu de données, visible de vous seul

## Mails
publish-mail_confirm_intro = Un compte « { $name } » a été créé sur { $site } avec l'adresse { $email }, en se connectant par { $provider }, qui n'a pas vérifié cette adresse. Si c'est vous, confirmez-la : { $site } pourra alors vous écrire. Sinon, ignorez ce message : vous ne recevrez rien d'autre.
publish-mail_confirm_why = Vous recevez ce message parce que cette adresse a été donnée pour un compte sur { $site }. Le lien reste valable { $days } jours.
publish-confirm_done = C'est fait : { $email } est confirmée. { $site } peut maintenant vous écrire.

## Signing in
publish-login_intro = Choisissez le compte avec lequel vous connecter. { $site } ne voit jamais votre mot de passe.
