# Vitrine's texts in English: portal (organizations, people, follow, share).

follow-follow = Follow
follow-unfollow = Unfollow
follow-done = You now follow this page: you will hear of what is new on it.
follow-undone = You no longer follow this page.

share-title = Share
share-copy = Address of this page, to select and copy
share-mail = Send by email
share-linkedin = Share on LinkedIn
share-mastodon = Share on Mastodon
share-mastodon_instance = Your Mastodon instance
share-mastodon_title = Share on Mastodon
share-mastodon_page = Page to share:
share-mastodon_go = Continue to { $host }
share-mastodon_invalid = We did not recognise this Mastodon instance. Give its name, for example “mastodon.social”.
share-mastodon_hint = The name of your instance, for example “mastodon.social” or “fosstodon.org”.

nav-organizations = Organizations
org-list_title = Organizations
org-search_label = Search for an organization
org-count =
    { $count ->
        [one] { $count } organization
       *[other] { $count } organizations
    }
org-pages = Pages of the organizations list
org-past_the_end = This page is past the end of the list.
org-none_title = No organization found
org-none_text = Try another name, or browse all organizations.
org-see_all = See all organizations
org-website = Organization’s website
org-answered_share = Questions answered (last 12 months)
org-answered_value =
    { $asked ->
        [one] { $percent }% of { $asked } question
       *[other] { $percent }% of { $asked } questions
    }
org-median_reply = Median time to a first answer
org-no_reply_yet = No answer yet
org-minutes =
    { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
org-hours =
    { $count ->
        [one] { $count } hour
       *[other] { $count } hours
    }
org-days =
    { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
org-datasets = Datasets
org-all_datasets = See all its datasets
org-no_datasets = This organization publishes no dataset here yet.
org-reuses = Reuses
org-no_reuses = This organization has published no reuse yet.
org-all_reuses = See all its reuses
org-discussions = Recent discussions
org-no_discussions = No discussion about its data yet.

person-organizations = Organizations
person-all_reuses = See all their reuses
person-messages = Latest public messages
person-no_messages = No public message yet.
