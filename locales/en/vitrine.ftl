# Vitrine's texts in English.
#
# An id is the key the code asks for with its dots turned to dashes:
# `lang.t("me.email")` reads `me-email`. Variables (`{ $name }`) come from
# `lang.t_args(…)`; a number (`$count`) picks its plural form by CLDR's rules
# and is written with its thousands grouped.


## count
count-reuses =
    { $count ->
        [one] { $count } reuse
       *[other] { $count } reuses
    }
count-datasets =
    { $count ->
        [one] { $count } dataset
       *[other] { $count } datasets
    }
count-catalog_datasets =
    { $count ->
        [one] { $count } dataset in the catalog
       *[other] { $count } datasets in the catalog
    }
count-replies =
    { $count ->
        [one] { $count } reply
       *[other] { $count } replies
    }
count-views =
    { $count ->
        [one] { $count } view
       *[other] { $count } views
    }
count-followers =
    { $count ->
        [one] { $count } follower
       *[other] { $count } followers
    }
count-discussions =
    { $count ->
        [one] { $count } discussion
       *[other] { $count } discussions
    }

## report
report-reason-spam = Spam or advertising
report-reason-explicit_content = Explicit content
report-reason-illegal_content = Illegal content
report-reason-personal_data = Personal data
report-reason-security = Security issue
report-reason-others = Other
report-class-Reuse = Reuse
report-class-Dataset = Dataset
report-class-Discussion = Discussion
report-reason-auto_spam = Detected as spam

## moderation
moderation-pending = Awaiting moderation
moderation-pending_notice = Your message awaits a moderator's approval: only you and the community team see it for now. Nobody has been told yet.
moderation-title = Moderation
moderation-held = Held messages
moderation-no_held = No held messages.
moderation-reports = Open reports
moderation-no_reports = No open reports.
moderation-approve = Approve
moderation-remove = Remove
moderation-reason = Reason (mailed to the author)
moderation-dismiss = Dismiss
moderation-handled = Mark as handled
moderation-deactivate = Deactivate the account
moderation-held_because = Held:
moderation-featured = Home showcase
moderation-featured_intro = This is the order of the home page.
moderation-up = Move up
moderation-top = To the top
moderation-feature = Feature on the home page
moderation-down = Move down
moderation-unfeature = Remove from the showcase
moderation-audit = Audit log
moderation-reported_by = reported by
moderation-anonymous = a visitor
moderation-open_subject = open

## sync
sync-title = Catalog sync
sync-not_configured = No catalog is configured: the sync is off. To turn it on, set VITRINE_CATALOG_URL (the catalog's address) and VITRINE_CATALOG_KIND (udata or ckan), then restart Vitrine.
sync-catalog = Catalog
sync-kind = Kind
sync-schedule = Scheduled runs
sync-every = every { $seconds } s
sync-off = off (VITRINE_SYNC_INTERVAL=0): run “vitrine sync” by hand
sync-state = State
sync-running = running, by { $owner }
sync-idle = not running
sync-last_success = Last success
sync-last_run = Last run
sync-next_run = Next run
sync-last_full = Last full pass
sync-checkpoint = Checkpoint
sync-never = never
sync-not_planned = not planned
sync-last_error = Last error
sync-no_error = none
sync-counts = What the runs did
sync-what = Datasets and requests
sync-in_progress = Pass in progress
sync-pages = Pages read
sync-read = Read
sync-created = Created
sync-updated = Updated
sync-unchanged = Unchanged
sync-deleted = Deleted
sync-rekeyed = Renamed
sync-skipped = Skipped
sync-notified = Changes people were told of
sync-organizations = Organizations brought up to date
sync-requests = Requests
sync-retries = Retries
sync-errors = Recent errors
sync-no_errors = No errors.
sync-when = When
sync-dataset = Dataset
sync-reason = Reason

## report
report-title = Report
report-intro = Report content that breaks the rules: the community team will look at it.
report-reason = Reason
report-message = Details (optional)
report-send = Send the report
report-thanks = Thank you: your report went to the community team.

## nav
nav-moderation = Moderation

## inbox
inbox-new_discussion = { $actor } asked about “{ $subject }”: { $title }
inbox-new_comment = { $actor } replied in “{ $title }”
inbox-discussion_closed = { $actor } closed “{ $title }”
inbox-discussion_reopened = { $actor } reopened “{ $title }”
inbox-answer_marked = { $actor } marked the answer in “{ $title }”
inbox-reuse_linked = “{ $title }” uses your dataset “{ $subject }”
inbox-content_removed = { $actor } removed your discussion “{ $title }”
inbox-followed_reuse = New reuse of “{ $subject }”: { $title }
inbox-followed_discussion = { $actor } asked about “{ $subject }”: { $title }
inbox-dataset_deleted = “{ $subject }” was removed from the catalog
inbox-dataset_archived = “{ $subject }” was archived in the catalog
inbox-dataset_license = “{ $subject }” changed licence
inbox-dataset_resources = The files of “{ $subject }” changed
inbox-link_broken = The link of “{ $title }” no longer answers
inbox-question_escalated = The question “{ $title }” about “{ $subject }” has waited days for an answer
inbox-data_request_updated = Data request “{ $subject }”: { $title ->
        [routed] passed on to the producer
        [in_progress] being opened
        [opened] data published
        [declined] declined
       *[other] open again
    }

## outbox
outbox-failed = Mails not sent
outbox-none_failed = Every mail went out.

## mail
mail-greeting = Hello { $name },
mail-new_discussion-subject = New question about “{ $subject }”
mail-new_discussion-intro = { $actor } asked a question about “{ $subject }”: “{ $title }”.
mail-new_comment-subject = New reply: { $title }
mail-new_comment-intro = { $actor } replied in the discussion “{ $title }” about “{ $subject }”:
mail-discussion_closed-subject = Discussion closed: { $title }
mail-discussion_closed-intro = { $actor } closed the discussion “{ $title }” about “{ $subject }”.
mail-discussion_reopened-subject = Discussion reopened: { $title }
mail-discussion_reopened-intro = { $actor } reopened the discussion “{ $title }” about “{ $subject }”.
mail-answer_marked-subject = Answer marked: { $title }
mail-answer_marked-intro = { $actor } marked the answer in the discussion “{ $title }” about “{ $subject }”:
mail-reuse_linked-subject = A reuse uses “{ $subject }”
mail-reuse_linked-intro = { $actor } published “{ $title }”, which uses your dataset “{ $subject }”.
mail-followed_reuse-subject = New reuse of “{ $subject }”
mail-followed_reuse-intro = “{ $title }” uses the dataset “{ $subject }”, which you follow.
mail-followed_discussion-subject = New question about “{ $subject }”
mail-followed_discussion-intro = { $actor } asked a question about “{ $subject }”, which you follow: “{ $title }”.
mail-content_removed-subject = Your discussion “{ $title }” was removed
mail-content_removed-intro = { $actor }, of the community team, removed your discussion “{ $title }” about “{ $subject }”.
mail-dataset_deleted-subject = Dataset removed from the catalog: { $subject }
mail-dataset_deleted-intro = The dataset “{ $subject }” was removed from the catalog. Reuses that use it keep their link and show it as removed.
mail-dataset_archived-subject = Dataset archived: { $subject }
mail-dataset_archived-intro = The dataset “{ $subject }” was archived in the catalog: it is no longer updated.
mail-dataset_license-subject = New licence for “{ $subject }”
mail-dataset_license-intro = The dataset “{ $subject }” changed licence:
mail-dataset_resources-subject = Files changed in “{ $subject }”
mail-dataset_resources-intro = The files of the dataset “{ $subject }” changed:
mail-link_broken-why = You get this email because you publish this reuse, or administer the organization that publishes it.
mail-link_broken-subject = The link of “{ $title }” no longer answers
mail-link_broken-intro = For more than two days, the address of your reuse “{ $title }” has not answered ({ $subject }). Fix its link so it stays in the showcase.
mail-question_escalated-why = You get this email because you administer the organization that publishes this data, or animate this site's community.
mail-question_escalated-subject = Unanswered question: { $title }
mail-question_escalated-intro = The question “{ $title }”, asked by { $actor } about “{ $subject }”, has waited days for a producer's answer.
mail-data_request_updated-why = You get this email because you made or support this data request.
mail-data_request_updated-subject = Data request “{ $subject }”: { $title ->
        [routed] passed on to the producer
        [in_progress] being opened
        [opened] data published
        [declined] declined
       *[other] open again
    }
mail-data_request_updated-intro = The data request “{ $subject }”, which you support, moved on: { $title ->
        [routed] it was passed on to the producer of the data
        [in_progress] its data is being opened
        [opened] its data is published in the catalog
        [declined] it was declined
       *[other] it is open again
    }.
mail-open_discussion = Open the discussion
mail-open_page = Open the page
mail-why = You get this email because you take part in this discussion, publish this data, reuse it or follow it.
mail-unsubscribe = Stop this kind of email
mail-settings = Manage my notifications
mail-footer = { $site }, the open-data community
mail-digest-subject = Your daily digest ({ $count })
mail-digest-intro = Here is what happened on what you follow:
mail-digest-why = You get this digest because you chose a daily email for these notifications.

## kind
kind-new_discussion = Questions about my data and reuses
kind-new_comment = Replies in my discussions
kind-discussion_closed = Discussions closed or reopened
kind-answer_marked = Answers marked
kind-reuse_linked = Reuses of my datasets
kind-content_removed = Content removed by moderators
kind-followed_reuse = Reuses of datasets I follow
kind-followed_discussion = Questions about what I follow
kind-dataset_changed = Changes to datasets my reuses use
kind-followed_dataset_changed = Changes to datasets I follow
kind-link_broken = Broken links of my reuses
kind-question_escalated = Questions left unanswered
kind-data_request_updated = Progress of the data requests I support

## email
email-immediate = Right away
email-daily = Daily digest
email-off = Never

## notifications
notifications-title = Notifications
notifications-none = No notifications.
# After the number of unread notifications, which picks the form.
notifications-unread =
    { $count ->
       *[other] unread
    }
notifications-mark_read = Mark as read
notifications-mark_all_read = Mark all as read
notifications-settings = Notification settings
notifications-settings_intro = For each kind of event, choose whether you get an email (right away, in a daily digest or never) and a notification here.
notifications-kind = Event
notifications-email = Email
notifications-in_app = On the site
notifications-save = Save
notifications-saved = Settings saved.

## unsubscribe
unsubscribe-title = Unsubscribe
unsubscribe-confirm = Stop receiving emails of this kind:
unsubscribe-button = Unsubscribe me
unsubscribe-done = Done: you will not receive emails of this kind any more. You can change your mind in your notification settings.
unsubscribe-invalid = This unsubscribe link is not valid.

## watch
watch-watch = Watch this discussion
watch-mute = Mute this discussion
watch-reset = Default notifications
watch-watching = You are watching this discussion.
watch-muted = You get nothing from this discussion.

## me
me-questions = Open questions about my data and reuses
me-no_questions = No question waiting.

## discussion
discussion-about_dataset = Question about the dataset
discussion-about_reuse = Question about the reuse
discussion-open = Open
discussion-closed = Closed
discussion-answered = Answered
discussion-closed_on = Closed on
discussion-by = by
discussion-answer = Accepted answer
discussion-producer = Producer
discussion-edited = edited
discussion-edit = Edit
discussion-edit_message = Edit the message
discussion-delete_message = Delete
discussion-mark = Mark as the answer
discussion-unmark = Unmark the answer
discussion-reply_title = Reply
discussion-comment = Your message
discussion-question = Your question
discussion-markdown_hint = Markdown welcome: **bold**, *italic*, [link](https://…), lists, `code`. Mention someone in the thread with @first-last.
discussion-speak_for = Post on behalf of
discussion-post = Post
discussion-post_close = Post and close
discussion-preview = Preview
discussion-preview_title = Preview of your message
discussion-close = Close without replying
discussion-reopen = Reopen the discussion
discussion-rename = Edit the title
discussion-title = Title
discussion-title_hint = One sentence that sums up your question.
discussion-save = Save
discussion-cancel = Cancel
discussion-delete = Delete the discussion
discussion-signin_to_reply = Sign in to reply.
discussion-closed_notice = This discussion is closed: it takes no more messages.
discussion-list_title = Questions and discussions
discussion-none = No questions yet.
discussion-ask = Ask a question
discussion-new_title = Ask a question
discussion-new_intro = Your question will be public; the data's producers are told and answer here.
discussion-asked_by = Asked by

## user
user-since = Member since
user-reuses = Reuses
user-no_reuses = No reuse published.

## form
form-new_title = Register a reuse
form-edit_title = Edit the reuse
form-intro = Describe what you built and the datasets it uses: their producers will be told.
form-title = Title
form-title_hint = At most 350 characters.
form-description = Description
form-description_hint = In Markdown: **bold**, *italic*, lists, links.
form-url = Address of the reuse
form-url_hint = Starts with https:// or http://.
form-type = Type
form-topic = Topic
form-choose = Choose…
form-tags = Tags
form-tags_hint = Comma-separated, at least 3 characters each.
form-datasets = Datasets used
form-datasets_hint = Tick at least one dataset so that everyone can see the reuse.
form-dataset_search = Search a dataset by title
form-dataset_search_button = Search
form-organization = Publish on behalf of
form-myself = Myself
form-private = Private (only you, your organization and moderators see it)
form-submit_new = Publish the reuse
form-submit_edit = Save
form-errors = The form has errors: correct the fields shown.
form-image = Image
form-image_hint = PNG, JPEG, WebP or GIF, at most 5 MB.

## gallery
gallery-new = Register a reuse

## reuse
reuse-edit = Edit

## type
type-api = API
type-application = Application
type-idea = Idea
type-news_article = News article
type-paper = Paper
type-post = Post
type-visualization = Visualization
type-hardware = Connected device

## topic
topic-health = Health
topic-transport_and_mobility = Transport and mobility
topic-housing_and_development = Housing and development
topic-food_and_agriculture = Food and agriculture
topic-culture_and_recreation = Culture and recreation
topic-economy_and_business = Economy and business
topic-environment_and_energy = Environment and energy
topic-work_and_training = Work and training
topic-politics_and_public_life = Politics and public life
topic-safety_and_security = Safety and security
topic-education_and_research = Education and research
topic-society_and_demography = Society and demography
topic-law_and_justice = Law and justice
topic-open_data_tools = Open data tools
topic-others = Others

## home
home-featured = Featured
home-all_reuses = See all reuses

## gallery
gallery-title = Reuses
gallery-intro = Applications, visualisations and articles built with the portal's open data.
gallery-search = Search
gallery-search_label = Words to search
gallery-filters = Filter
gallery-any_type = All types
gallery-any_topic = All topics
gallery-type = Type
gallery-topic = Topic
gallery-tag = Tag
gallery-sort = Sort by
gallery-sort_created = Newest
gallery-sort_title = Title
gallery-sort_datasets = Number of datasets
gallery-sort_followers = Followers
gallery-sort_views = Views
gallery-apply = Apply
gallery-reset = Clear all
gallery-none = No reuse matches. Try fewer words or other filters.
gallery-previous = Previous page
gallery-next = Next page
gallery-page = Page
gallery-pagination = Pagination
gallery-first = First page
gallery-last = Last page
gallery-dataset = Dataset
gallery-organization = Organization
gallery-owner = Published by
gallery-active_filters = Active filters
gallery-filter_chip = { $name }: { $value }
gallery-remove_filter = Remove the filter { $filter }
gallery-show_filters = Filters
gallery-past_end =
    This page does not exist: there { $pages ->
        [one] is { $pages } page
       *[other] are { $pages } pages
    }.
gallery-go_last = Go to the last page
gallery-not_understood = Some settings in the address were not understood and have been left out: { $filters }.

## card
card-by = by

## reuse
reuse-visit = Visit the reuse
reuse-datasets = Datasets used
reuse-published_by = Published by
reuse-created = Published on
reuse-audience = Audience
reuse-about = About
reuse-image_alt = Picture of the reuse “{ $title }”
reuse-dataset_deleted = removed from the catalog
reuse-dataset_archived = archived

## audit
audit-when = When
audit-who = Who
audit-action = Action
audit-target = Target
audit-summary = Details
audit-act-dataset_create = Dataset added
audit-act-dataset_delete = Dataset deleted
audit-act-dataset_update = Dataset changed
audit-act-discussion_delete = Discussion deleted
audit-act-message_approve = Message approved
audit-act-message_remove = Message removed
audit-act-organization_delete = Organization deleted
audit-act-report_dismiss = Report dismissed
audit-act-report_handle = Report handled
audit-act-report_undismiss = Report reopened
audit-act-reuse_archive = Reuse archived
audit-act-reuse_unarchive = Reuse unarchived
audit-act-reuse_delete = Reuse deleted
audit-act-reuse_update = Reuse changed
audit-act-reuse_feature = Featured
audit-act-reuse_unfeature = No longer featured
audit-act-showcase_move_top = Moved to the top of the showcase
audit-act-showcase_move_up = Moved up the showcase
audit-act-showcase_move_down = Moved down the showcase
audit-act-showcase_reorder = Showcase reordered
audit-act-user_deactivate = Account deactivated
audit-act-user_role = Role changed
held-spam_word = Suspect word: { $word }
held-links = { $links } links posted by a new account
held-first_message = First message of a new account

## reuse
reuse-tags = Tags
reuse-private = Private: only you and moderators can see it.

## dataset
dataset-reuses = Reuses of this dataset
dataset-all_reuses = All reuses
dataset-no_reuses = No reuse has been registered yet.
dataset-on_catalog = See it on the catalog
dataset-organization = Producer
dataset-reuse_count = Reuses
dataset-archived = Archived in the catalog: it is no longer updated.
dataset-archived_since = Archived in the catalog since { $date }: it is no longer updated.
dataset-deleted = Removed from the catalog; the reuses below keep their link.
dataset-deleted_on = Removed from the catalog on { $date }; the reuses below keep their link.

## datasets
datasets-title = Datasets

## signin
signin-unknown_provider = No sign-in provider has that name.
signin-unreachable = { $provider } cannot be reached right now: try again in a few minutes.
signin-refused = { $provider } refused the sign-in.
signin-invalid_link = This sign-in link is invalid, has expired or was already used. Start signing in again.
signin-mismatch = The answer of { $provider } does not match this sign-in. Start signing in again.
signin-bad_answer = { $provider } sent an answer that cannot be used.
signin-no_email = { $provider } did not share your email address; Vitrine needs it to tell you about answers. Allow it at { $provider } and sign in again.

## confirm
confirm-mail_subject = Confirm your email address
confirm-mail_intro = A Vitrine account, “{ $name }”, was created with the address { $email } by signing in through { $provider }, which did not verify it. If it was you, confirm it so that Vitrine can write to you. Otherwise, ignore this message: you will get nothing more.
confirm-mail_action = Confirm my address
confirm-mail_why = You get this email because this address was given for a Vitrine account. The link works for { $days } days.
confirm-title = Confirm an email address
confirm-ask = Confirm that { $email } is the address of the account “{ $name }”. If you did not create this account, just close this page.
confirm-button = Confirm
confirm-done = Done: { $email } is confirmed. Vitrine can now write to you.
confirm-invalid = This confirmation link is not valid, has expired, or the account's address changed. Ask for a new one from your account page.
confirm-taken = Another account has already confirmed this address: it cannot be confirmed for this one.

## me
me-email_unverified = This address is not confirmed: Vitrine will send you no email until you confirm it with the link we sent you.
me-email_resend = Send the link again
me-email_resent = A confirmation link was sent to you (at most one a day).

## signin
signin-deactivated = This account has been deactivated.

## site
site-tagline = Reuses of open data and the conversations around them

## nav
nav-main = Main navigation
nav-home = Home
nav-reuses = Reuses
nav-datasets = Datasets
nav-menu = Menu
nav-skip = Skip to content
nav-language = Language
nav-breadcrumb = You are here

## account
account-signin = Sign in
account-signout = Sign out
account-me = My account
account-signed_in_as = Signed in as

## footer
footer-about = { $site } showcases what is built with open data.
footer-api_docs = API documentation
footer-links = About this site
footer-legal = Legal notice
footer-accessibility = Accessibility statement
footer-contact = Contact
footer-terms = Terms of use
footer-docs_back = Back to { $site }

## home
home-title = What people build with open data
home-intro = Applications, visualisations, articles and APIs reusing the portal's datasets, and the questions asked to their producers.
home-browse_datasets = Browse the datasets

## login
login-title = Sign in
login-intro = Choose the account to sign in with. Vitrine never sees your password.
login-with = Sign in with
login-none = No sign-in provider is configured.
login-demo_title = Demo sign-in
login-demo_warning = Demo mode: these buttons exist only in the local demo, never in production.
login-demo_reuser = Enter as the reuser
login-demo_producer = Enter as the producer
login-demo_animator = Enter as the animator
login-demo_admin = Enter as the administrator

## me
me-title = My account
me-profile = Profile
me-name = Name
me-email = Email address
me-first_name = First name
me-last_name = Last name
me-names_hint = Shown with what you publish and write. Left empty, they are taken from your name.
me-profile_save = Save my names
me-profile_saved = Your names are saved.
me-role = Role
me-organizations = My organizations
me-no_organizations = You are not a member of any organization.
me-tokens = API keys
me-tokens_intro = An API key lets your scripts use the API on your behalf (X-API-KEY header).
me-token_name = Key name
me-token_name_hint = To recognise it, for instance “sync script”.
me-token_create = Create a key
me-token_created = Here is your new key. Copy it now: it will never be shown again.
me-token_prefix = Key starts with
me-token_created_at = Created
me-token_last_used = Last used
me-token_never_used = never
me-token_revoked = revoked
me-token_revoke = Revoke
me-no_tokens = You have no API key yet.

## role
role-user = User
role-moderator = Community animator
role-admin = Administrator
role-org_admin = admin
role-org_editor = editor

## error
error-title = Something went wrong
error-back_home = Back to the home page
error-try_signin = Try signing in again
error-400 = Bad request
error-401 = Sign-in needed
error-403 = Not allowed
error-404 = Page not found
error-409 = Conflict
error-410 = Deleted
error-413 = Too large
error-429 = Too many requests
error-500 = Server error
error-502 = The sign-in provider refused
error-503 = Temporarily unavailable
error-csrf = This form has expired or was not sent by this site. Reload the page and try again.
error-signin_required = Sign in to see this page.
error-408 = Too slow
error-415 = Format not accepted
error-not_found = The page you asked for does not exist, or no longer does. The address may have a typo, or the page may have moved.
error-not_found-reuse = There is no reuse at this address. It may have been renamed, made private or taken down.
error-not_found-dataset = There is no dataset at this address. It may have been renamed or taken out of the catalog.
error-not_found-discussion = This discussion does not exist or is no longer visible.
error-not_found-message = This message does not exist or is no longer visible.
error-not_found-user = This profile does not exist or is no longer visible.
error-not_found-organization = This organization does not exist or is no longer visible.
error-not_found-notification = This notification does not exist or is no longer available.
error-not_found-report = This report does not exist or has already been handled.
error-gone = This content has been deleted: it is no longer online.
error-gone-reuse = This reuse has been deleted: it is no longer online.
error-gone-dataset = This dataset has been deleted from the catalog.
error-gone-user = This account has been deactivated.
error-bad_parameter = The setting “{ $name }” in the address could not be understood. Check the address, or go back and try again.
error-text-400 = This request could not be understood. Check the address, or go back and try again.
error-text-403 = You are not allowed to see this page or to do this.
error-text-408 = Sending took too long. Try again.
error-text-409 = This clashes with a recent change. Reload the page and try again.
error-text-413 = The file or text you sent is too large.
error-text-415 = This kind of file is not accepted.
error-text-429 = You made many requests in a short time. Wait a few moments, then try again.
error-text-500 = Something unexpected went wrong on our side. It has been reported; try again in a moment.
error-text-502 = The sign-in service did not answer as expected. Try again in a moment.
error-text-503 = The site is unavailable for the moment. Try again in a few moments.
error-text-other = Something went wrong. Go back and try again.
error-links = You can also:
error-to_gallery = Browse the reuses
error-to_datasets = Browse the datasets
field-required = This field is required.
field-required-title = Enter a title.
field-required-description = Add a description.
field-required-url = Enter the reuse's address.
field-required-type = Choose a type from the list.
field-required-topic = Choose a topic from the list.
field-required-comment = Write a message.
field-too_long = This text is too long: { $max } characters at most.
field-control_characters = This text holds invisible characters: type it rather than paste it.
field-not_http_url = The address must start with http:// or https://.
field-tag_length = The tag “{ $tag }” must be 3 to 96 letters, digits or dashes.
field-unknown_dataset = One of the chosen datasets no longer exists: untick it or choose another.
field-url_taken = A reuse already exists at this address.
field-title_race = A reuse with a similar title was just published: try again.
field-not_member = You are not a member of this organization.
field-closed = This discussion is closed: it takes no more comments.
field-image_too_large = The image you sent is too large.
field-image_format = The image must be a PNG, JPEG, WebP or GIF.
field-image_invalid = This file could not be read as an image.
field-invalid = This value is not accepted: check it.

# The activity feed of the API (udata's labels).
activity-reuse_created = created a reuse
activity-dataset_discussed = discussed a dataset
activity-reuse_discussed = discussed a reuse
activity-dataset_followed = followed a dataset
activity-reuse_followed = followed a reuse
activity-organization_followed = followed an organization

## embed
# The widget portals frame on their dataset pages.
embed-title = Reuses of “{ $title }”
embed-all =
    { $count ->
        [one] See the reuse
       *[other] See all { $count } reuses
    }
embed-new_tab = (opens in a new tab)
embed-unknown = Dataset not found
embed-unknown_text = This site does not know this dataset.
