## links: the link checker's words
links-title = Broken links
links-lead = Reuses whose address has not answered for at least two days (three failed visits). Their authors were told; archive those that will not come back.
links-count = { $count ->
    [0] No broken reuse
    [one] { $count } broken reuse
   *[other] { $count } broken reuses
}
links-none = Every link answers
links-none_hint = The checker visits each public reuse once a day; those that stop answering will show here.
links-address = Address:
links-since = failing since
links-archive = Archive
links-archived = Reuse archived:
links-broken_alert = This reuse's link has not answered since { $since } ({ $reason }). Only you and the community team see this message: fix its address so it stays in the showcase.
links-broken_badge = Broken link
links-reason_http = the server answers { $status }
links-reason_timeout = no answer within 10 seconds
links-reason_unreachable = server unreachable
links-reason_private_address = private address, not visited
links-reason_too_many_redirects = too many redirects
links-reason_bad_redirect = invalid redirect
links-reason_not_http = not a web page address

## dashboard: the animators' page
dashboard-todo = To do
dashboard-candidates = Worth featuring
dashboard-candidates_hint = Reuses published in the last two months, with their datasets and a link that answers, the most followed and visited first.
dashboard-no_candidates = No new reuse to propose for now.
dashboard-all_broken = See every broken link
dashboard-followers = { $count ->
    [one] { $count } follower
   *[other] { $count } followers
}
dashboard-views = { $count ->
    [one] { $count } view
   *[other] { $count } views
}
dashboard-misses = Searches with no result
dashboard-misses_hint = What visitors searched for and did not find in the last four weeks, with nothing kept of who searched: data to open, perhaps.
dashboard-no_misses = No search without a result in the last four weeks.
dashboard-query = Search
dashboard-where = In
dashboard-searches = Times
dashboard-action = Action
dashboard-make_request = Make it a data request
dashboard-in_datasets = datasets
dashboard-in_reuses = reuses
dashboard-escalated = Unanswered questions
dashboard-escalated_hint = Questions no producer took up although their admins were reminded: remind, redirect, or answer what you know.
dashboard-no_escalated = No question was sent to you.
dashboard-days_waiting = { $count ->
    [one] waiting for { $count } day
   *[other] waiting for { $count } days
}
links-resource_works = File reachable (checked on { $date })
links-resource_fails = File unreachable since { $since } ({ $reason })
