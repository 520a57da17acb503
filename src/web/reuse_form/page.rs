//! The reuse form's page: its fields, the dataset picker and the error summary.

use askama::Template;
use askama_web::WebTemplate;
use entity::{datasets, organizations};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::input::ReuseForm;
use crate::error::{FieldErrors, HttpResult};
use crate::models::datasets::{DatasetFilter, list_datasets};
use crate::models::organizations::memberships;
use crate::models::paging::{MAX_FILTER_VALUES, Paging};
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// Most datasets the picker offers at once: a catalog of tens of thousands is searched, never
/// listed.
const PICKER_SIZE: u64 = 20;

/// The form's fields in their order on the page: the name of each in the models' errors, the
/// id of its element (what the error summary links to) and the key of its label.
const FIELDS: [(&str, &str, &str); 9] = [
    ("title", "title", "form.title"),
    ("description", "description", "form.description"),
    ("url", "url", "form.url"),
    ("type", "type", "form.type"),
    ("topic", "topic", "form.topic"),
    ("tags", "tags", "form.tags"),
    ("datasets", "datasets", "form.datasets"),
    ("organization", "organization", "form.organization"),
    ("image", "image", "form.image"),
];

/// One line of the error summary: a link to the field, its name and what is wrong.
pub struct SummaryLine {
    /// The id of the field's element.
    pub anchor: &'static str,
    /// The field's name and why it was refused, in the reader's language.
    pub text: String,
}

/// Datasets the picker offers: those chosen, then those matching the search.
pub struct Picker {
    /// Ticked.
    pub chosen: Vec<datasets::Model>,
    /// Found by the search (or the newest, before any), the chosen ones left out.
    pub found: Vec<datasets::Model>,
    /// How many more match than are shown: a sign to narrow the search.
    pub more: u64,
    /// A search was made.
    pub searched: bool,
}

/// Where the form posts: a new reuse, or the reuse being edited (its title and slug).
pub struct Target {
    /// The form's `action`.
    pub action: String,
    /// The reuse edited, if any: its title and slug, for the breadcrumb.
    pub editing: Option<(String, String)>,
}

impl Target {
    /// The form for a new reuse.
    pub fn new_reuse() -> Self {
        Self {
            action: "/reuses/new".to_owned(),
            editing: None,
        }
    }

    /// The form editing the reuse `title` at `slug`.
    pub fn edit(title: &str, slug: &str) -> Self {
        Self {
            action: format!("/reuses/{slug}/edit"),
            editing: Some((title.to_owned(), slug.to_owned())),
        }
    }
}

/// The form page.
#[derive(Template, WebTemplate)]
#[template(path = "reuse_form.html")]
pub struct ReuseFormPage {
    pub(super) frame: Frame,
    pub(super) action: String,
    pub(super) editing: bool,
    pub(super) form: ReuseForm,
    pub(super) errors: FieldErrors,
    pub(super) types: Vec<(&'static str, &'static str)>,
    pub(super) topics: Vec<(&'static str, &'static str)>,
    pub(super) organizations: Vec<(String, String)>,
    pub(super) picker: Picker,
}

impl ReuseFormPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|messages| {
            messages
                .iter()
                .map(|message| self.frame.lang.field_error(field, message))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// Every error, in the order of the fields, each linked to its field.
    fn summary(&self) -> Vec<SummaryLine> {
        let mut lines: Vec<SummaryLine> = FIELDS
            .iter()
            .filter_map(|(field, anchor, label)| {
                self.error(field).map(|message| SummaryLine {
                    anchor,
                    text: self.line(label, &message),
                })
            })
            .collect();
        // A refusal of a field this form does not show (none today) still says why.
        for field in self.errors.keys() {
            if !FIELDS.iter().any(|(known, _, _)| known == field)
                && let Some(message) = self.error(field)
            {
                lines.push(SummaryLine {
                    anchor: "reuse-form",
                    text: self.line("publish.form_other", &message),
                });
            }
        }
        lines
    }

    fn line(&self, label: &str, message: &str) -> String {
        self.frame.t_args(
            "publish.error_line",
            &[
                ("field", self.frame.t(label).into()),
                ("message", message.into()),
            ],
        )
    }

    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }

    fn checked(&self, id: &str) -> bool {
        self.form.datasets.iter().any(|chosen| chosen == id)
    }
}

/// The datasets to offer: the chosen ones first (kept ticked), then up to [`PICKER_SIZE`] of
/// those whose titles hold the search's words.
async fn picker(state: &AppState, form: &ReuseForm) -> HttpResult<Picker> {
    let chosen_ids: Vec<String> = form.datasets.iter().take(200).cloned().collect();
    let mut chosen = if chosen_ids.is_empty() {
        Vec::new()
    } else {
        datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(chosen_ids.clone()))
            .all(&state.db)
            .await?
    };
    chosen.sort_by_key(|d| chosen_ids.iter().position(|id| *id == d.id));
    // The list's word limit would refuse a long search; its first words are enough.
    let q = form.dataset_q.as_deref().map(|q| {
        q.split_whitespace()
            .take(MAX_FILTER_VALUES)
            .collect::<Vec<_>>()
            .join(" ")
    });
    let searched = q.as_deref().is_some_and(|q| !q.is_empty());
    let filter = DatasetFilter {
        q: q.filter(|q| !q.is_empty()),
        ..DatasetFilter::default()
    };
    let page = list_datasets(&state.db, &filter, Paging::new(Some(1), Some(PICKER_SIZE))?).await?;
    let shown = page.items.len() as u64;
    let found = page
        .items
        .into_iter()
        .map(|card| card.dataset)
        .filter(|dataset| !chosen_ids.contains(&dataset.id))
        .collect();
    Ok(Picker {
        chosen,
        found,
        more: page.total.saturating_sub(shown),
        searched,
    })
}

/// The form page for `form`, with `errors` beside their fields and in the summary.
pub(super) async fn page(
    req: &poem::Request,
    state: &AppState,
    viewer: &Viewer,
    target: Target,
    form: ReuseForm,
    errors: FieldErrors,
) -> HttpResult<ReuseFormPage> {
    let mut frame = Frame::of(req);
    let user = viewer.require_user()?;
    let mut organizations: Vec<(String, String)> = memberships(&state.db, &user.id)
        .await?
        .into_iter()
        .map(|(org, _)| (org.id, org.name))
        .collect();
    // A moderator editing an organization's reuse is offered its organization, selected: saving
    // the form keeps it there.
    let editing = target.editing.is_some();
    if let Some(current) = form.organization.as_deref().filter(|id| !id.is_empty())
        && editing
        && !organizations.iter().any(|(id, _)| id == current)
        && let Some(org) = organizations::Entity::find_by_id(current)
            .one(&state.db)
            .await?
    {
        organizations.push((org.id, org.name));
    }
    let picker = picker(state, &form).await?;
    frame.crumb(frame.t("nav.reuses"), Some("/reuses/"));
    if let Some((title, slug)) = &target.editing {
        frame.crumb(title.clone(), Some(&format!("/reuses/{slug}/")));
    }
    let title = frame.t(if editing {
        "form.edit_title"
    } else {
        "form.new_title"
    });
    frame.crumb(title, None);
    let t = |key: String| frame.t(&key);
    Ok(ReuseFormPage {
        types: TYPES
            .iter()
            .map(|(id, _)| (*id, t(format!("type.{id}"))))
            .collect(),
        topics: TOPICS
            .iter()
            .map(|(id, _)| (*id, t(format!("topic.{id}"))))
            .collect(),
        frame,
        action: target.action,
        editing,
        form,
        errors,
        organizations,
        picker,
    })
}
