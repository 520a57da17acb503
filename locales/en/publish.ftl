# Vitrine's texts in English: publishing a reuse, signing in, my account, form and mail messages.

## The reuse form
publish-required = required
publish-required_intro = Fields marked “required” must be filled in.
publish-errors_title = The reuse could not be saved
publish-error_line = { $field }: { $message }
publish-form_other = Form
publish-picker_chosen = Chosen datasets
publish-picker_hint = Type a few words of the title, then “Search”: what you have already entered is kept.
publish-picker_found = Datasets found
publish-picker_newest = Latest datasets in the catalog
publish-picker_none = No dataset matches this search: try other words from the title.
publish-picker_empty = The catalog has no datasets yet.
publish-picker_more =
    { $count ->
        [one] { $count } more dataset matches: narrow the search to find it.
       *[other] { $count } more datasets match: narrow the search to find them.
    }
publish-published = Your reuse is published. The producers of the datasets it uses are told about it, and it appears in the gallery and in “My account”, where you can edit it.
field-required-datasets = Tick at least one dataset the reuse uses: without one, nobody but you would find it.

## Signing in: why it is asked for
publish-why_publish = Sign in to register a reuse: it will be published under your name or your organization's.
publish-why_discuss = Sign in to ask a question or reply: your name will go with your message.
publish-why_moderate = Sign in with a community team account to reach moderation.
publish-why_account = Sign in to reach your account: your reuses, notifications and API keys.
publish-why_return = Once signed in, you will come back to the page you were on.

## Form errors
field-required-token_name = Give the key a name, at most 100 characters.
field-one_line = This text must fit on a single line.

## My reuses, on /me/
publish-my_reuses = My reuses
publish-register = Register a reuse
publish-my_reuses_empty_title = You have not registered any reuse yet
publish-my_reuses_empty = Built an app, a map or an article with open data? Register it: the data's producers will be told, and the public will find it in the gallery.
publish-registered = Registered on
publish-edit = Edit
publish-state_published = Published
publish-state_private = Private
publish-state_archived = Archived
publish-state_no_dataset = No dataset: only you can see it

## Mails
publish-mail_confirm_intro = An account, “{ $name }”, was created on { $site } with the address { $email } by signing in with { $provider }, which did not check this address. If it was you, confirm it: { $site } will then be able to write to you. Otherwise, ignore this message: you will receive nothing else.
publish-mail_confirm_why = You are receiving this message because this address was given for an account on { $site }. The link works for { $days } days.
publish-confirm_done = Done: { $email } is confirmed. { $site } can now write to you.

## Signing in
publish-login_intro = Choose the account to sign in with. { $site } never sees your password.
