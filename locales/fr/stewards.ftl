## stewards
stewards-steward = Référent :
stewards-choose = Référent des questions
stewards-none = Aucun (tous les membres)
stewards-save = Enregistrer
stewards-hint = Les nouvelles questions sur ce jeu de données vont d'abord au référent ; sans réponse, elles vont ensuite aux administrateurs de l'organisation, puis aux animateurs de la communauté.
stewards-awaiting = En attente de votre réponse
stewards-awaiting_hint = Les questions sur vos données et réutilisations auxquelles aucun producteur n'a encore répondu, de la plus ancienne à la plus récente.
stewards-waiting = { $days ->
    [0] posée aujourd'hui
    [1] en attente depuis 1 jour
   *[other] en attente depuis { $days } jours
}
audit-act-dataset_steward = Référent nommé
audit-act-dataset_steward_remove = Référent retiré
