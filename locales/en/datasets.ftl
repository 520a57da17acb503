# Vitrine's texts in English: datasets.

## the datasets list
datasets-intro = The open data published by the portal's producers, and what people made with it.
datasets-filters = Search and filter the datasets
datasets-search_label = Title, description or publisher
datasets-any_organization = All organizations
datasets-any_tag = All tags
datasets-reused = Already reused
datasets-reused_chip = Reuse
datasets-none = No dataset matches.
datasets-none_hint = Try fewer words, or remove a filter.
datasets-archived_badge = Archived
datasets-updated = Updated

## a dataset's page
datasets-register_reuse = Register a reuse of this dataset
datasets-tabs = About this dataset
datasets-tab_reuses = Reuses
datasets-tab_discussions = Discussions
datasets-tab_resources = Files
datasets-no_reuses_hint = Built an app, a map or an article with this data? Let people know.
datasets-resources = Files and APIs of this dataset
datasets-no_resources = The catalog lists no file for this dataset.
datasets-no_resources_hint = The “See it on the catalog” link leads to its full record.
datasets-open_resource = Download or open
datasets-leaves_site = on the publisher's site
datasets-untitled_resource = Untitled file
datasets-resource_file = File
datasets-size_bytes =
    { $count ->
        [one] { $count } byte
       *[other] { $count } bytes
    }
datasets-size_kb = { $size } kB
datasets-size_mb = { $size } MB
datasets-size_gb = { $size } GB
datasets-size_tb = { $size } TB
