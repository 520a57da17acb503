## data requests
nav-data_requests = Data requests
discussion-about_data_request = Question about the data request
requests-list_title = Data requests
requests-list_intro = Data people are waiting for that is not open yet. The most supported come first: they are the ones to open first.
requests-ask = Ask for data
requests-ask_for_it = Ask for this data
requests-feed = Atom feed of data requests
requests-filter_status = Status
requests-all_statuses = All statuses
requests-filter = Filter
requests-count =
    { $count ->
        [one] { $count } request
       *[other] { $count } requests
    }
requests-supporters =
    { $count ->
        [0] no supporters
        [one] { $count } supporter
       *[other] { $count } supporters
    }
requests-you_support = you support it
requests-none_title = No requests yet
requests-none_text = Missing some data? Ask for it: others can support your request.
requests-status_open = Open
requests-status_routed = Passed on to the producer
requests-status_in_progress = Being opened
requests-status_opened = Data published
requests-status_declined = Declined
requests-new_title = Ask for data
requests-new_intro = Describe the data you are looking for and what it would let you do. The animators will pass your request on to whoever holds it.
requests-title = Data asked for
requests-title_hint = In a few words, for example “Opening hours of public libraries”. At most 200 characters.
requests-purpose = What would it serve?
requests-purpose_hint = Your project, the questions this data would answer. You can use Markdown.
requests-holder = Who holds it?
requests-holder_hint = If you know: an administration, a local authority, a department.
requests-submit = Send the request
requests-kind = Data request
requests-asked_by = Asked by
requests-routed_to = Passed on to
requests-opened_as = Published in the dataset
requests-declined_because = Why this request was declined
requests-support_title = Support
requests-support = Support this request
requests-withdraw = Withdraw my support
requests-sign_in_to_support = Sign in to support
requests-steer_title = Animators' follow-up
requests-steer_hint = Each step is told to the request's author and to everyone supporting it.
requests-next_status = Next step
requests-organization = Organization to pass it on to
requests-organization_hint = Its id or slug, for “Passed on to the producer”.
requests-dataset = Published dataset
requests-dataset_hint = Its id or slug in the catalog, for “Data published”.
requests-reason = Reason for declining
requests-reason_hint = Required to decline a request; it is sent to everyone supporting it.
requests-take_step = Save the step
