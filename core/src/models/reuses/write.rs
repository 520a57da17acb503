//! Creating and changing reuses, in one transaction each, counters kept right.

use std::collections::HashMap;

use chrono::Utc;
use entity::{datasets, organizations, reuse_datasets, reuse_slugs, reuse_tags, reuses, users};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query, QueryStatementBuilder, UnionType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, TransactionSession, TransactionTrait,
    TryIntoModel,
};

use crate::db::Writes;
use crate::error::{AppError, AppResult, FieldErrors, is_unique_violation};
use crate::import::slugify;
use crate::models::reuses::ReuseCard;
use crate::models::reuses::kinds::{TOPICS, TYPES, ids, is_one_of};
use crate::models::text::{NO_CONTROL_CHARACTERS, has_control_characters, is_http_url};
use crate::notifications::{Notifier, events};

/// Longest title.
pub const MAX_TITLE: usize = 350;
/// Longest description.
pub const MAX_DESCRIPTION: usize = 100_000;

/// Fields of a reuse a caller may set; on update only those given change.
#[derive(Clone, Debug, Default)]
pub struct ReuseFields {
    /// Title (required, ≤ 350).
    pub title: Option<String>,
    /// Markdown description (required, ≤ 100,000).
    pub description: Option<String>,
    /// Where the reuse lives (required, http(s), unique).
    pub url: Option<String>,
    /// One of [`TYPES`].
    pub kind: Option<String>,
    /// One of [`TOPICS`].
    pub topic: Option<String>,
    /// Tags (normalised to sorted unique slugs of 3–96 characters).
    pub tags: Option<Vec<String>>,
    /// Dataset ids (replaces the list on update).
    pub datasets: Option<Vec<String>>,
    /// Organization publishing it (`Some(None)`: the caller instead).
    pub organization: Option<Option<String>>,
    /// Hidden from the public.
    pub private: Option<bool>,
    /// `Some(None)` restores a deleted reuse (udata's `{"deleted": null}`).
    pub restore: bool,
}

struct Checked {
    tags: Option<Vec<String>>,
    /// The datasets asked for, in their order, each once.
    datasets: Option<Vec<datasets::Model>>,
}

fn add(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors
        .entry(field.to_owned())
        .or_default()
        .push(message.into());
}

async fn check(
    db: &impl ConnectionTrait,
    fields: &ReuseFields,
    creating: bool,
) -> AppResult<Checked> {
    let mut errors = FieldErrors::new();
    match fields.title.as_deref().map(str::trim) {
        None if creating => add(&mut errors, "title", "is required"),
        Some("") => add(&mut errors, "title", "must not be empty"),
        Some(title) if title.chars().count() > MAX_TITLE => {
            add(
                &mut errors,
                "title",
                format!("must be at most {MAX_TITLE} characters"),
            );
        }
        Some(title) if has_control_characters(title, false) => {
            add(&mut errors, "title", NO_CONTROL_CHARACTERS);
        }
        _ => {}
    }
    match fields.description.as_deref().map(str::trim) {
        None if creating => add(&mut errors, "description", "is required"),
        Some("") => add(&mut errors, "description", "must not be empty"),
        Some(text) if text.chars().count() > MAX_DESCRIPTION => {
            add(
                &mut errors,
                "description",
                format!("must be at most {MAX_DESCRIPTION} characters"),
            );
        }
        Some(text) if has_control_characters(text, true) => {
            add(&mut errors, "description", NO_CONTROL_CHARACTERS);
        }
        _ => {}
    }
    match fields.url.as_deref().map(str::trim) {
        None if creating => add(&mut errors, "url", "is required"),
        Some(url) if !is_http_url(url) => {
            add(&mut errors, "url", format!("{url:?} is not an http(s) URL"))
        }
        _ => {}
    }
    match fields.kind.as_deref() {
        None if creating => add(
            &mut errors,
            "type",
            format!("is required: one of {}", ids(TYPES)),
        ),
        Some(kind) if !is_one_of(TYPES, kind) => {
            add(
                &mut errors,
                "type",
                format!("{kind:?} is not a type: use one of {}", ids(TYPES)),
            );
        }
        _ => {}
    }
    match fields.topic.as_deref() {
        None if creating => add(
            &mut errors,
            "topic",
            format!("is required: one of {}", ids(TOPICS)),
        ),
        Some(topic) if !is_one_of(TOPICS, topic) => {
            add(
                &mut errors,
                "topic",
                format!("{topic:?} is not a topic: use one of {}", ids(TOPICS)),
            );
        }
        _ => {}
    }
    let tags = fields.tags.as_ref().map(|tags| {
        let mut normalized: Vec<String> = tags.iter().map(|tag| slugify(tag)).collect();
        for (tag, raw) in normalized.iter().zip(tags) {
            if !(3..=96).contains(&tag.chars().count()) {
                add(
                    &mut errors,
                    "tags",
                    format!("{raw:?} must be 3 to 96 letters, digits or dashes"),
                );
            }
        }
        normalized.sort();
        normalized.dedup();
        normalized
    });
    let datasets = match &fields.datasets {
        Some(wanted) => {
            let mut unique: Vec<String> = Vec::new();
            for id in wanted {
                if !unique.contains(id) {
                    unique.push(id.clone());
                }
            }
            let mut known: HashMap<String, datasets::Model> = datasets::Entity::find()
                .filter(datasets::Column::Id.is_in(unique.clone()))
                .filter(datasets::Column::Deleted.eq(false))
                .all(db)
                .await?
                .into_iter()
                .map(|dataset| (dataset.id.clone(), dataset))
                .collect();
            let mut found = Vec::with_capacity(unique.len());
            for id in &unique {
                match known.remove(id) {
                    Some(dataset) => found.push(dataset),
                    None => add(
                        &mut errors,
                        "datasets",
                        format!("no dataset has the id {id:?}"),
                    ),
                }
            }
            Some(found)
        }
        None => None,
    };
    AppError::check(errors)?;
    Ok(Checked { tags, datasets })
}

/// Checks `fields` as [`create_reuse`] (`current` `None`) or [`update_reuse`] would, writing
/// nothing: a form checks them before it stores the image sent with them.
pub async fn check_reuse_fields(
    db: &impl ConnectionTrait,
    fields: &ReuseFields,
    current: Option<&str>,
) -> AppResult<()> {
    check(db, fields, current.is_none()).await?;
    // Writing finds a taken URL by its unique index; a form asks before storing its image.
    let Some(url) = fields.url.as_deref().map(str::trim) else {
        return Ok(());
    };
    let mut taken = reuses::Entity::find().filter(reuses::Column::Url.eq(url));
    if let Some(id) = current {
        taken = taken.filter(reuses::Column::Id.ne(id));
    }
    if taken.count(db).await? > 0 {
        return Err(reuse_conflict_on_url());
    }
    Ok(())
}

/// Creates a reuse owned by `owner`, or by `organization` when given (already checked to be
/// theirs), and gives it back as a full card, read in the same transaction.
///
/// The datasets' producers and followers are told (unless `notifier` is `None`, as when seeding).
pub async fn create_reuse<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: Option<&Notifier<'_>>,
    owner: &users::Model,
    fields: ReuseFields,
) -> AppResult<ReuseCard> {
    // Checked in the transaction: its reads share its connection (each read on the pool takes a
    // connection and gives it back with a round trip).
    let txn = crate::db::begin_write(db).await?;
    let checked = check(&txn, &fields, true).await?;
    let tags = checked.tags.unwrap_or_default();
    let datasets = checked.datasets.unwrap_or_default();
    let title = fields.title.unwrap_or_default().trim().to_owned();
    let slug = unique_reuse_slug(&txn, &title).await?;
    let now = Utc::now();
    let organization = fields.organization.flatten();
    let dataset_ids: Vec<String> = datasets.iter().map(|dataset| dataset.id.clone()).collect();
    let reuse = reuses::ActiveModel {
        id: Set(crate::models::new_row_id().simple().to_string()),
        title: Set(title),
        slug: Set(slug),
        description: Set(fields.description.unwrap_or_default().trim().to_owned()),
        url: Set(fields.url.unwrap_or_default().trim().to_owned()),
        r#type: Set(fields.kind.unwrap_or_default()),
        topic: Set(fields.topic.unwrap_or_default()),
        image: Set(None),
        image_thumbnail: Set(None),
        private: Set(fields.private.unwrap_or(false)),
        featured: Set(false),
        featured_position: Set(None),
        archived: Set(None),
        deleted: Set(None),
        owner_id: Set(if organization.is_some() {
            None
        } else {
            Some(owner.id.clone())
        }),
        organization_id: Set(organization),
        extras: Set("{}".to_owned()),
        created_at: Set(now),
        last_modified: Set(now),
        discussions: Set(0),
        discussions_open: Set(0),
        datasets_count: Set(i32::try_from(datasets.len()).unwrap_or(i32::MAX)),
        followers: Set(0),
        views: Set(0),
    };
    // Written in one go once everything is read: on PostgreSQL one round trip.
    let mut writes = Writes::default();
    crate::search::insert_reuse(txn.get_database_backend(), &reuse, &tags, &mut writes)?;
    let reuse = reuse.try_into_model()?;
    // A new reuse has no tags or links to replace: they are only added.
    add_tags(&mut writes, &reuse.id, &tags);
    add_links(&mut writes, &reuse.id, &dataset_ids);
    if !reuse.private && !dataset_ids.is_empty() {
        writes.push(
            datasets::Entity::update_many()
                .col_expr(
                    datasets::Column::Reuses,
                    Expr::col(datasets::Column::Reuses).add(1),
                )
                .filter(datasets::Column::Id.is_in(dataset_ids))
                .into_query(),
        );
    }
    if let Some(notifier) = notifier {
        events::reuse_linked(&txn, notifier, owner, &reuse, &datasets, &mut writes).await?;
    }
    writes.run(&txn).await.map_err(reuse_conflict)?;
    // Its card from what was just written, but for its organization.
    let organization = match &reuse.organization_id {
        Some(id) => {
            organizations::Entity::find_by_id(id.clone())
                .one(&txn)
                .await?
        }
        None => None,
    };
    txn.commit().await?;
    Ok(ReuseCard {
        tags,
        datasets,
        owner: reuse.owner_id.is_some().then(|| owner.clone()),
        organization,
        reuse,
    })
}

/// Changes the fields given; a new title moves the slug and keeps the old one as a redirect.
///
/// When its datasets or its visibility change, the producers and followers of its datasets who
/// have not heard of it yet are told (each once per reuse, whatever the number of edits).
pub async fn update_reuse<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    current: reuses::Model,
    fields: ReuseFields,
) -> AppResult<reuses::Model> {
    let links_may_change = fields.datasets.is_some() || fields.private.is_some() || fields.restore;
    let checked = check(db, &fields, false).await?;
    let txn = crate::db::begin_write(db).await?;
    let mut active = current.clone().into_active_model();
    if let Some(title) = fields
        .title
        .map(|t| t.trim().to_owned())
        .filter(|t| *t != current.title)
    {
        // A title that slugs the same (a change of case, of accents) keeps the slug.
        let slug = if slugify(&title) == current.slug {
            current.slug.clone()
        } else {
            unique_reuse_slug(&txn, &title).await?
        };
        if slug != current.slug {
            reuse_slugs::Entity::delete_by_id(slug.clone())
                .exec(&txn)
                .await?;
            reuse_slugs::ActiveModel {
                slug: Set(current.slug.clone()),
                reuse_id: Set(current.id.clone()),
                created_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await?;
            active.slug = Set(slug);
        }
        active.title = Set(title);
    }
    if let Some(description) = fields.description {
        active.description = Set(description.trim().to_owned());
    }
    if let Some(url) = fields.url {
        active.url = Set(url.trim().to_owned());
    }
    if let Some(kind) = fields.kind {
        active.r#type = Set(kind);
    }
    if let Some(topic) = fields.topic {
        active.topic = Set(topic);
    }
    if let Some(private) = fields.private {
        active.private = Set(private);
    }
    if let Some(organization) = fields.organization {
        // Taken from its organization, a reuse is the caller's ("publish as myself", as udata's
        // form): never left with no owner at all. A user's reuse keeps its owner.
        active.owner_id = Set(match organization {
            Some(_) => None,
            None => current.owner_id.clone().or_else(|| Some(actor.id.clone())),
        });
        active.organization_id = Set(organization);
    }
    if fields.restore {
        active.deleted = Set(None);
    }
    active.last_modified = Set(Utc::now());
    let mut reuse = active.update(&txn).await.map_err(reuse_conflict)?;
    if let Some(tags) = &checked.tags {
        set_tags(&txn, &reuse.id, tags).await?;
    }
    let tags = match checked.tags {
        Some(tags) => tags,
        None => current_tags(&txn, &reuse.id).await?,
    };
    crate::search::index_reuse(&txn, &reuse.id, &reuse.title, &reuse.description, &tags).await?;
    if let Some(datasets) = checked.datasets {
        let ids: Vec<String> = datasets.into_iter().map(|dataset| dataset.id).collect();
        reuse = set_datasets(&txn, reuse, &ids).await?;
    } else {
        refresh_dataset_counts(&txn, &linked_dataset_ids(&txn, &reuse.id).await?).await?;
    }
    if links_may_change {
        let datasets = datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(linked_dataset_ids(&txn, &reuse.id).await?))
            .all(&txn)
            .await?;
        let mut writes = Writes::default();
        events::reuse_linked(&txn, notifier, actor, &reuse, &datasets, &mut writes).await?;
        writes.run(&txn).await?;
    }
    txn.commit().await?;
    Ok(reuse)
}

/// Soft-deletes a reuse (udata's `DELETE`); `update_reuse` with `restore` brings it back.
pub async fn delete_reuse<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    current: reuses::Model,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let id = current.id.clone();
    let mut active = current.into_active_model();
    active.deleted = Set(Some(Utc::now()));
    active.featured = Set(false);
    active.featured_position = Set(None);
    active.update(&txn).await?;
    refresh_dataset_counts(&txn, &linked_dataset_ids(&txn, &id).await?).await?;
    crate::moderation::reports::close_for(&txn, "Reuse", &id, None, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Links one more dataset; says whether it was new.
pub async fn add_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    reuse: reuses::Model,
    dataset_id: &str,
) -> AppResult<(reuses::Model, bool)> {
    let mut ids = linked_dataset_ids(db, &reuse.id).await?;
    if ids.iter().any(|id| id == dataset_id) {
        return Ok((reuse, false));
    }
    ids.push(dataset_id.to_owned());
    let fields = ReuseFields {
        datasets: Some(ids),
        ..ReuseFields::default()
    };
    let updated = update_reuse(db, notifier, actor, reuse, fields)
        .await
        .map_err(|err| match err {
            AppError::Validation { errors, .. } if errors.contains_key("datasets") => {
                AppError::field("id", format!("no dataset has the id {dataset_id:?}"))
            }
            other => other,
        })?;
    Ok((updated, true))
}

/// Features or unfeatures a reuse; a newly featured one goes to the end of the showcase.
pub async fn set_featured(
    db: &impl ConnectionTrait,
    reuse: reuses::Model,
    featured: bool,
) -> AppResult<reuses::Model> {
    if reuse.featured == featured {
        return Ok(reuse);
    }
    let position = if featured {
        let last: Option<Option<i32>> = reuses::Entity::find()
            .select_only_max_position()
            .one(db)
            .await?;
        Some(last.flatten().unwrap_or(0) + 1)
    } else {
        None
    };
    let mut active = reuse.into_active_model();
    active.featured = Set(featured);
    active.featured_position = Set(position);
    Ok(active.update(db).await?)
}

trait MaxPosition {
    fn select_only_max_position(
        self,
    ) -> sea_orm::Selector<sea_orm::SelectGetableValue<Option<i32>, MaxColumn>>;
}

#[derive(Copy, Clone, Debug, sea_orm::EnumIter, sea_orm::DeriveColumn)]
enum MaxColumn {
    Position,
}

impl MaxPosition for sea_orm::Select<reuses::Entity> {
    fn select_only_max_position(
        self,
    ) -> sea_orm::Selector<sea_orm::SelectGetableValue<Option<i32>, MaxColumn>> {
        use sea_orm::QuerySelect;
        self.select_only()
            .column_as(reuses::Column::FeaturedPosition.max(), MaxColumn::Position)
            .into_values::<Option<i32>, MaxColumn>()
    }
}

/// A new reuse's URL, or its slug, taken by another written meanwhile: a conflict on that field.
fn reuse_conflict(err: sea_orm::DbErr) -> AppError {
    if !is_unique_violation(&err) {
        return err.into();
    }
    if err.to_string().contains("slug") {
        AppError::conflict(
            "title",
            "another reuse with a title like this one was created at the same moment: try again",
        )
    } else {
        reuse_conflict_on_url()
    }
}

fn reuse_conflict_on_url() -> AppError {
    AppError::conflict(
        "url",
        "another reuse already has this URL (deleted ones included)",
    )
}

async fn unique_reuse_slug(db: &impl ConnectionTrait, title: &str) -> AppResult<String> {
    let wanted = slugify(title);
    let base = if wanted.is_empty() {
        "untitled"
    } else {
        &wanted
    };
    // A title may slug to a UUID, the shape of reuse ids: such a slug is never given, so that
    // no slug is ever taken for an id.
    let looks_like_id = uuid::Uuid::try_parse(base).is_ok();
    // The slug, then `-2` to `-9`: the first that neither a reuse has nor one used to have (an
    // old slug still redirects to its reuse), asked of both tables in one query by key.
    let candidates: Vec<String> = std::iter::once(base.to_owned())
        .filter(|_| !looks_like_id)
        .chain((2..10).map(|n| format!("{base}-{n}")))
        .collect();
    let taken = slugs_taken(db, &candidates).await?;
    if let Some(free) = candidates.into_iter().find(|slug| !taken.contains(slug)) {
        return Ok(free);
    }
    // Ten alike already: a random suffix, checked the same way.
    loop {
        let slug = format!("{base}-{}", &uuid::Uuid::new_v4().simple().to_string()[..6]);
        if slugs_taken(db, std::slice::from_ref(&slug))
            .await?
            .is_empty()
        {
            return Ok(slug);
        }
    }
}

/// Which of `slugs` a reuse has, or used to have.
async fn slugs_taken(db: &impl ConnectionTrait, slugs: &[String]) -> AppResult<Vec<String>> {
    let current = Query::select()
        .column(reuses::Column::Slug)
        .from(reuses::Entity)
        .and_where(reuses::Column::Slug.is_in(slugs.to_vec()))
        .to_owned();
    let former = Query::select()
        .column(reuse_slugs::Column::Slug)
        .from(reuse_slugs::Entity)
        .and_where(reuse_slugs::Column::Slug.is_in(slugs.to_vec()))
        .union(UnionType::All, current)
        .to_owned();
    let rows = db.query_all(&former).await?;
    rows.iter()
        .map(|row| row.try_get_by_index::<String>(0).map_err(AppError::from))
        .collect()
}

async fn set_tags(db: &impl ConnectionTrait, reuse_id: &str, tags: &[String]) -> AppResult<()> {
    reuse_tags::Entity::delete_many()
        .filter(reuse_tags::Column::ReuseId.eq(reuse_id))
        .exec(db)
        .await?;
    let mut writes = Writes::default();
    add_tags(&mut writes, reuse_id, tags);
    Ok(writes.run(db).await?)
}

fn add_tags(writes: &mut Writes, reuse_id: &str, tags: &[String]) {
    if !tags.is_empty() {
        writes.push(
            reuse_tags::Entity::insert_many(tags.iter().map(|tag| reuse_tags::ActiveModel {
                reuse_id: Set(reuse_id.to_owned()),
                tag: Set(tag.clone()),
            }))
            .into_query(),
        );
    }
}

async fn current_tags(db: &impl ConnectionTrait, reuse_id: &str) -> AppResult<Vec<String>> {
    Ok(reuse_tags::Entity::find()
        .filter(reuse_tags::Column::ReuseId.eq(reuse_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.tag)
        .collect())
}

async fn linked_dataset_ids(db: &impl ConnectionTrait, reuse_id: &str) -> AppResult<Vec<String>> {
    Ok(reuse_datasets::Entity::find()
        .filter(reuse_datasets::Column::ReuseId.eq(reuse_id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.dataset_id)
        .collect())
}

/// Sets the linked datasets to exactly `ids` (kept in order), and every affected counter.
async fn set_datasets(
    db: &impl ConnectionTrait,
    reuse: reuses::Model,
    ids: &[String],
) -> AppResult<reuses::Model> {
    let before = linked_dataset_ids(db, &reuse.id).await?;
    reuse_datasets::Entity::delete_many()
        .filter(reuse_datasets::Column::ReuseId.eq(reuse.id.as_str()))
        .filter(reuse_datasets::Column::DatasetId.is_not_in(ids.to_vec()))
        .exec(db)
        .await?;
    let new: Vec<String> = ids
        .iter()
        .filter(|id| !before.contains(id))
        .cloned()
        .collect();
    let mut writes = Writes::default();
    add_links(&mut writes, &reuse.id, &new);
    writes.run(db).await?;
    let mut active = reuse.into_active_model();
    active.datasets_count = Set(i32::try_from(ids.len()).unwrap_or(i32::MAX));
    let reuse = active.update(db).await?;
    let mut affected = before;
    affected.extend(ids.iter().cloned());
    refresh_dataset_counts(db, &affected).await?;
    Ok(reuse)
}

/// Links `reuse_id` to these datasets, in their order (kept by their link times).
fn add_links(writes: &mut Writes, reuse_id: &str, ids: &[String]) {
    if ids.is_empty() {
        return;
    }
    let start = Utc::now();
    writes.push(
        reuse_datasets::Entity::insert_many(ids.iter().enumerate().map(|(n, id)| {
            reuse_datasets::ActiveModel {
                reuse_id: Set(reuse_id.to_owned()),
                dataset_id: Set(id.clone()),
                created_at: Set(start + chrono::Duration::microseconds(n as i64)),
            }
        }))
        .into_query(),
    );
}

/// Recounts the visible reuses of these datasets (udata's `metrics.reuses`).
async fn refresh_dataset_counts(
    db: &impl ConnectionTrait,
    dataset_ids: &[String],
) -> AppResult<()> {
    if dataset_ids.is_empty() {
        return Ok(());
    }
    // Lock the datasets first, in one order, as the UPDATE below would (`FOR NO KEY UPDATE`,
    // which the foreign keys' `KEY SHARE` locks of the links do not block): on
    // PostgreSQL the recount below then reads after any other writer of these datasets has
    // committed; counted in the same statement that waits for the lock, it would read from
    // before and lose that writer's link (a count one short under concurrent creations).
    // SQLite writers are already serialised (`BEGIN IMMEDIATE`) and has no row locks.
    let mut ordered = dataset_ids.to_vec();
    ordered.sort();
    ordered.dedup();
    datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Id)
        .filter(datasets::Column::Id.is_in(ordered.clone()))
        .order_by_asc(datasets::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .into_tuple::<String>()
        .all(db)
        .await?;
    let visible_reuses = Query::select()
        .expr(Expr::col((reuse_datasets::Entity, reuse_datasets::Column::ReuseId)).count())
        .from(reuse_datasets::Entity)
        .inner_join(
            reuses::Entity,
            Expr::col((reuses::Entity, reuses::Column::Id))
                .equals((reuse_datasets::Entity, reuse_datasets::Column::ReuseId)),
        )
        .and_where(
            Expr::col((reuse_datasets::Entity, reuse_datasets::Column::DatasetId))
                .equals((datasets::Entity, datasets::Column::Id)),
        )
        .and_where(Expr::col((reuses::Entity, reuses::Column::Private)).eq(false))
        .and_where(Expr::col((reuses::Entity, reuses::Column::Deleted)).is_null())
        .to_owned();
    datasets::Entity::update_many()
        .col_expr(
            datasets::Column::Reuses,
            Expr::expr(sea_orm::sea_query::SimpleExpr::SubQuery(
                None,
                Box::new(visible_reuses.into_sub_query_statement()),
            )),
        )
        .filter(datasets::Column::Id.is_in(ordered))
        .exec(db)
        .await?;
    Ok(())
}

/// Points a reuse at its stored image and thumbnail (URLs).
pub async fn set_image(
    db: &impl ConnectionTrait,
    reuse: reuses::Model,
    image: String,
    thumbnail: String,
) -> AppResult<reuses::Model> {
    let mut active = reuse.into_active_model();
    active.image = Set(Some(image));
    active.image_thumbnail = Set(Some(thumbnail));
    active.last_modified = Set(Utc::now());
    Ok(active.update(db).await?)
}

/// The featured reuses in showcase order.
pub async fn featured_order(db: &impl ConnectionTrait) -> AppResult<Vec<reuses::Model>> {
    Ok(reuses::Entity::find()
        .filter(reuses::Column::Featured.eq(true))
        .filter(reuses::Column::Deleted.is_null())
        .order_by_asc(reuses::Column::FeaturedPosition)
        .order_by_desc(reuses::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Puts the featured reuses in the order of `ids` (every featured reuse, each once).
pub async fn set_featured_order<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    ids: &[String],
) -> AppResult<Vec<reuses::Model>> {
    let txn = crate::db::begin_write(db).await?;
    let current = featured_order(&txn).await?;
    let mut wanted: Vec<&String> = ids.iter().collect();
    wanted.sort();
    let mut featured: Vec<&String> = current.iter().map(|reuse| &reuse.id).collect();
    featured.sort();
    if wanted != featured {
        return Err(AppError::field(
            "order",
            "must list every featured reuse exactly once (GET /api/1/reuses/featured/ gives them)",
        ));
    }
    for (position, id) in ids.iter().enumerate() {
        reuses::Entity::update_many()
            .col_expr(
                reuses::Column::FeaturedPosition,
                Expr::value(i32::try_from(position).unwrap_or(i32::MAX)),
            )
            .filter(reuses::Column::Id.eq(id.as_str()))
            .exec(&txn)
            .await?;
    }
    let order = featured_order(&txn).await?;
    txn.commit().await?;
    Ok(order)
}

/// Moves a featured reuse one place up (towards the top of the home page) or down.
pub async fn move_featured<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: &str,
    up: bool,
) -> AppResult<Vec<reuses::Model>> {
    let mut ids: Vec<String> = featured_order(db)
        .await?
        .into_iter()
        .map(|reuse| reuse.id)
        .collect();
    let at = ids
        .iter()
        .position(|featured| featured == id)
        .ok_or_else(|| AppError::field("id", "is not a featured reuse"))?;
    match (up, at) {
        (true, 0) => {}
        (true, at) => ids.swap(at, at - 1),
        (false, at) if at + 1 < ids.len() => ids.swap(at, at + 1),
        (false, _) => {}
    }
    set_featured_order(db, &ids).await
}

/// Archives (or unarchives) a reuse: it stays visible but leaves the showcase's default lists.
pub async fn set_archived(
    db: &impl ConnectionTrait,
    reuse: reuses::Model,
    archived: bool,
) -> AppResult<reuses::Model> {
    if reuse.archived.is_some() == archived {
        return Ok(reuse);
    }
    let mut active = reuse.into_active_model();
    active.archived = Set(archived.then(Utc::now));
    Ok(active.update(db).await?)
}
