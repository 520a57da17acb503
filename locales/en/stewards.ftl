## stewards
stewards-steward = Steward:
stewards-choose = Steward of the questions
stewards-none = None (every member)
stewards-save = Save
stewards-hint = New questions about this dataset go to the steward first; left unanswered, they then go to the organization's admins, then to the community animators.
stewards-awaiting = Awaiting your answer
stewards-awaiting_hint = Questions about your data and reuses that no producer has answered yet, oldest first.
stewards-waiting = { $days ->
    [0] asked today
    [1] waiting for 1 day
   *[other] waiting for { $days } days
}
audit-act-dataset_steward = Steward named
audit-act-dataset_steward_remove = Steward removed
