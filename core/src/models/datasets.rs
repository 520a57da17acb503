//! The catalog mirror: datasets as the catalog publishes them, with their tags.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{dataset_tags, datasets, organizations, users};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession,
    TransactionTrait,
};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::import::slugify;
use crate::models::organizations::organizations_by_id;
use crate::models::paging::{PageOf, Paging, check_filter_values};
use crate::models::text::{contains_ci, is_http_url, normalize_tags, unique_slug};
use crate::models::users::users_by_id;

/// A dataset with what its views need: tags, organization, owner.
#[derive(Clone, Debug)]
pub struct DatasetCard {
    /// The row.
    pub dataset: datasets::Model,
    /// Its tags, sorted.
    pub tags: Vec<String>,
    /// The organization publishing it.
    pub organization: Option<organizations::Model>,
    /// The user publishing it, when no organization does.
    pub owner: Option<users::Model>,
}

/// Filters of the dataset list.
#[derive(Clone, Debug, Default)]
pub struct DatasetFilter {
    /// Words to find in the title.
    pub q: Option<String>,
    /// Organization id or slug.
    pub organization: Option<String>,
    /// Tags that must all be present.
    pub tags: Vec<String>,
}

/// Fields of a dataset a catalog (or an admin) may set.
#[derive(Clone, Debug, Default)]
pub struct DatasetFields {
    /// The catalog's id (creation only; generated when absent).
    pub id: Option<String>,
    /// Title (required on creation).
    pub title: Option<String>,
    /// Slug; derived from the title when absent.
    pub slug: Option<String>,
    /// Description (Markdown).
    pub description: Option<String>,
    /// Its page on the catalog.
    pub url: Option<String>,
    /// Publishing organization id (empty string: none).
    pub organization: Option<String>,
    /// Publishing user id (empty string: none).
    pub owner: Option<String>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// License id.
    pub license: Option<String>,
    /// Update frequency.
    pub frequency: Option<String>,
    /// Archived in the catalog.
    pub archived: Option<bool>,
    /// Creation date in the catalog.
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification in the catalog.
    pub last_modified: Option<DateTime<Utc>>,
}

/// Datasets matching the filter (deleted ones left out), newest first.
pub async fn list_datasets(
    db: &impl ConnectionTrait,
    filter: &DatasetFilter,
    paging: Paging,
) -> AppResult<PageOf<DatasetCard>> {
    let words = filter
        .q
        .as_deref()
        .map_or(0, |q| q.split_whitespace().count());
    check_filter_values("q", words, "words")?;
    check_filter_values("tag", filter.tags.len(), "values")?;
    let mut select = datasets::Entity::find().filter(datasets::Column::Deleted.eq(false));
    if let Some(q) = filter.q.as_deref() {
        for word in q.split_whitespace() {
            select = select.filter(contains_ci(datasets::Column::Title, word));
        }
    }
    if let Some(org) = filter.organization.as_deref() {
        let org = crate::models::organizations::find_organization(db, org).await?;
        select = select.filter(datasets::Column::OrganizationId.eq(org.id));
    }
    for tag in normalize_tags(&filter.tags) {
        select = select.filter(
            datasets::Column::Id.in_subquery(
                Query::select()
                    .column(dataset_tags::Column::DatasetId)
                    .from(dataset_tags::Entity)
                    .and_where(dataset_tags::Column::Tag.eq(tag))
                    .to_owned(),
            ),
        );
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(datasets::Column::CreatedAt)
        .order_by_asc(datasets::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(PageOf {
        items: dataset_cards(db, rows).await?,
        total,
        paging,
    })
}

/// The dataset with this id, else the one with this slug (the id wins should a catalog give a
/// slug spelled like another dataset's id); 410 when the catalog deleted it.
pub async fn find_dataset(db: &impl ConnectionTrait, id_or_slug: &str) -> AppResult<DatasetCard> {
    let dataset = datasets::Entity::find()
        .filter(
            Condition::any()
                .add(datasets::Column::Id.eq(id_or_slug))
                .add(datasets::Column::Slug.eq(id_or_slug)),
        )
        .order_by_desc(Expr::col(datasets::Column::Id).eq(id_or_slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("dataset", id_or_slug))?;
    if dataset.deleted {
        return Err(AppError::Gone(format!(
            "dataset {id_or_slug:?} has been deleted"
        )));
    }
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::not_found("dataset", id_or_slug))
}

/// Tags of these datasets, by dataset id.
pub async fn tags_of(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> AppResult<HashMap<String, Vec<String>>> {
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = dataset_tags::Entity::find()
            .filter(dataset_tags::Column::DatasetId.is_in(chunk.iter().cloned()))
            .order_by_asc(dataset_tags::Column::Tag)
            .all(db)
            .await?;
        for row in rows {
            tags.entry(row.dataset_id).or_default().push(row.tag);
        }
    }
    Ok(tags)
}

/// Adds tags, organizations and owners to rows, in three queries whatever their number.
pub async fn dataset_cards(
    db: &impl ConnectionTrait,
    rows: Vec<datasets::Model>,
) -> AppResult<Vec<DatasetCard>> {
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    let mut tags = tags_of(db, &ids).await?;
    let orgs =
        organizations_by_id(db, rows.iter().filter_map(|d| d.organization_id.clone())).await?;
    let owners = users_by_id(db, rows.iter().filter_map(|d| d.owner_id.clone())).await?;
    Ok(rows
        .into_iter()
        .map(|dataset| DatasetCard {
            tags: tags.remove(&dataset.id).unwrap_or_default(),
            organization: dataset
                .organization_id
                .as_ref()
                .and_then(|id| orgs.get(id).cloned()),
            owner: dataset
                .owner_id
                .as_ref()
                .and_then(|id| owners.get(id).cloned()),
            dataset,
        })
        .collect())
}

async fn check_fields(
    db: &impl ConnectionTrait,
    fields: &DatasetFields,
    creating: bool,
) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    let mut add = |field: &str, message: String| {
        errors.entry(field.to_owned()).or_default().push(message);
    };
    match fields.title.as_deref().map(str::trim) {
        None if creating => add("title", "is required".into()),
        Some("") => add("title", "must not be empty".into()),
        Some(title) if title.chars().count() > 350 => {
            add("title", "must be at most 350 characters".into());
        }
        _ => {}
    }
    if let Some(id) = &fields.id
        && (id.trim().is_empty() || id.len() > 128 || id.contains('/'))
    {
        add("id", "must be 1 to 128 characters, without '/'".into());
    }
    if let Some(slug) = &fields.slug
        && (slug.is_empty() || slugify(slug) != *slug)
    {
        add(
            "slug",
            "must be lower-case letters, digits and dashes".into(),
        );
    }
    if let Some(url) = fields.url.as_deref().filter(|url| !url.is_empty())
        && !is_http_url(url)
    {
        add("url", format!("{url:?} is not an http(s) URL"));
    }
    if let Some(org) = fields.organization.as_deref().filter(|id| !id.is_empty())
        && organizations::Entity::find_by_id(org.to_owned())
            .one(db)
            .await?
            .is_none()
    {
        add(
            "organization",
            format!("no organization has the id {org:?}"),
        );
    }
    if let Some(owner) = fields.owner.as_deref().filter(|id| !id.is_empty())
        && users::Entity::find_by_id(owner.to_owned())
            .one(db)
            .await?
            .is_none()
    {
        add("owner", format!("no user has the id {owner:?}"));
    }
    AppError::check(errors)
}

/// Creates a dataset pushed by a catalog; its id must be new.
pub async fn create_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    fields: DatasetFields,
) -> AppResult<DatasetCard> {
    check_fields(db, &fields, true).await?;
    let txn = crate::db::begin_write(db).await?;
    let id = fields
        .id
        .clone()
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(|| crate::models::new_row_id().simple().to_string());
    if datasets::Entity::find_by_id(id.clone())
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(
            "id",
            format!("a dataset with the id {id:?} already exists"),
        ));
    }
    let title = fields.title.clone().unwrap_or_default().trim().to_owned();
    let wanted = fields.slug.clone().unwrap_or_else(|| slugify(&title));
    let slug = unique_slug(&txn, datasets::Entity, datasets::Column::Slug, &wanted).await?;
    let now = Utc::now();
    let created_at = fields.created_at.unwrap_or(now);
    let dataset = datasets::ActiveModel {
        id: Set(id),
        title: Set(title),
        slug: Set(slug),
        description: Set(fields.description.clone().unwrap_or_default()),
        url: Set(fields.url.clone().filter(|url| !url.is_empty())),
        organization_id: Set(fields.organization.clone().filter(|id| !id.is_empty())),
        owner_id: Set(fields.owner.clone().filter(|id| !id.is_empty())),
        license: Set(fields.license.clone().filter(|text| !text.is_empty())),
        frequency: Set(fields.frequency.clone().filter(|text| !text.is_empty())),
        created_at: Set(created_at),
        last_modified: Set(fields.last_modified.unwrap_or(created_at)),
        archived: Set(fields.archived.unwrap_or(false)),
        deleted: Set(false),
        source: Set("api".to_owned()),
        remote_id: Set(None),
        discussions: Set(0),
        discussions_open: Set(0),
        reuses: Set(0),
        followers: Set(0),
        views: Set(0),
    }
    .insert(&txn)
    .await?;
    let tags = normalize_tags(fields.tags.unwrap_or_default());
    replace_tags(&txn, &dataset.id, &tags).await?;
    txn.commit().await?;
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::Internal("created dataset vanished".into()))
}

/// Changes the fields given, leaves the others.
pub async fn update_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id_or_slug: &str,
    fields: DatasetFields,
) -> AppResult<DatasetCard> {
    if fields.id.is_some() {
        return Err(AppError::field("id", "cannot be changed"));
    }
    check_fields(db, &fields, false).await?;
    let txn = crate::db::begin_write(db).await?;
    let current = find_dataset(&txn, id_or_slug).await?.dataset;
    let mut active = current.clone().into_active_model();
    if let Some(title) = fields.title {
        active.title = Set(title.trim().to_owned());
    }
    if let Some(slug) = fields.slug.filter(|slug| *slug != current.slug) {
        active.slug =
            Set(unique_slug(&txn, datasets::Entity, datasets::Column::Slug, &slug).await?);
    }
    let optional = |value: String| Some(value).filter(|text| !text.is_empty());
    if let Some(description) = fields.description {
        active.description = Set(description);
    }
    if let Some(url) = fields.url {
        active.url = Set(optional(url));
    }
    if let Some(org) = fields.organization {
        active.organization_id = Set(optional(org));
    }
    if let Some(owner) = fields.owner {
        active.owner_id = Set(optional(owner));
    }
    if let Some(license) = fields.license {
        active.license = Set(optional(license));
    }
    if let Some(frequency) = fields.frequency {
        active.frequency = Set(optional(frequency));
    }
    if let Some(archived) = fields.archived {
        active.archived = Set(archived);
    }
    if let Some(created_at) = fields.created_at {
        active.created_at = Set(created_at);
    }
    active.last_modified = Set(fields.last_modified.unwrap_or_else(Utc::now));
    let dataset = active.update(&txn).await?;
    if let Some(tags) = fields.tags {
        replace_tags(&txn, &dataset.id, &normalize_tags(tags)).await?;
    }
    txn.commit().await?;
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::Internal("updated dataset vanished".into()))
}

/// Sets a dataset's tags to exactly `tags`.
pub async fn replace_tags(
    db: &impl ConnectionTrait,
    dataset_id: &str,
    tags: &[String],
) -> AppResult<()> {
    dataset_tags::Entity::delete_many()
        .filter(dataset_tags::Column::DatasetId.eq(dataset_id))
        .exec(db)
        .await?;
    insert_tags(
        db,
        tags.iter().map(|tag| (dataset_id.to_owned(), tag.clone())),
    )
    .await
}

/// Inserts (dataset id, tag) pairs in batches.
pub async fn insert_tags(
    db: &impl ConnectionTrait,
    pairs: impl IntoIterator<Item = (String, String)>,
) -> AppResult<()> {
    let rows: Vec<dataset_tags::ActiveModel> = pairs
        .into_iter()
        .map(|(dataset_id, tag)| dataset_tags::ActiveModel {
            dataset_id: Set(dataset_id),
            tag: Set(tag),
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(5000).collect();
        dataset_tags::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
