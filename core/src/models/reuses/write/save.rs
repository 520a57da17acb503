//! Creating, changing, deleting and restoring a reuse, in one transaction each, with the
//! notifications and audit entry they call for.

use entity::{datasets, organizations, reuse_slugs, reuses, users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryTrait, Set, TransactionSession, TransactionTrait, TryIntoModel,
};

use super::fields::{ReuseFields, check, reuse_conflict};
use super::links::{
    add_links, add_tags, chosen_slug, current_tags, linked_dataset_ids, refresh_dataset_counts,
    set_datasets, set_tags, unique_reuse_slug,
};
use crate::db::Writes;
use crate::error::{AppError, AppResult};
use crate::import::slugify;
use crate::models::reuses::ReuseCard;
use crate::moderation::audit;
use crate::notifications::{Notifier, events};

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
    let slug = match fields.slug.as_deref() {
        Some(slug) => chosen_slug(&txn, slug, None).await?,
        None => unique_reuse_slug(&txn, &title).await?,
    };
    let now = crate::clock::now();
    let organization = fields.organization.flatten();
    let dataset_ids: Vec<String> = datasets.iter().map(|dataset| dataset.id.clone()).collect();
    let reuse = reuses::ActiveModel {
        id: Set(crate::models::new_row_id()),
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
        organization_id: Set(organization.clone()),
        extras: Set(extras_text(fields.extras.as_ref())),
        badges: Set("[]".to_owned()),
        created_at: Set(now),
        last_modified: Set(now),
        discussions: Set(0),
        discussions_open: Set(0),
        datasets_count: Set(i32::try_from(datasets.len()).unwrap_or(i32::MAX)),
        followers: Set(0),
        views: Set(0),
    };
    // Its organization is read first: its name is in the search index, and in the card.
    let organization = match &organization {
        Some(id) => {
            organizations::Entity::find_by_id(id.clone())
                .one(&txn)
                .await?
        }
        None => None,
    };
    let context = crate::search::context_text(
        datasets.iter().map(|dataset| dataset.title.as_str()),
        organization.as_ref(),
    );
    // Written in one go once everything is read: on PostgreSQL one round trip.
    let mut writes = Writes::default();
    crate::search::insert_reuse(
        txn.get_database_backend(),
        &reuse,
        &tags,
        &context,
        &mut writes,
    )?;
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
/// have not heard of it yet are told (each once per reuse, whatever the number of edits). A
/// moderator's edit (`staff`) is recorded in the audit log in the same transaction.
pub async fn update_reuse<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    staff: Option<&users::Model>,
    current: reuses::Model,
    fields: ReuseFields,
) -> AppResult<reuses::Model> {
    let links_may_change = fields.datasets.is_some() || fields.private.is_some() || fields.restore;
    let checked = check(db, &fields, false).await?;
    let txn = crate::db::begin_write(db).await?;
    let mut active = current.clone().into_active_model();
    let title = fields
        .title
        .map(|t| t.trim().to_owned())
        .filter(|t| *t != current.title);
    // A chosen slug wins; else a title that slugs the same (a change of case, of accents) keeps
    // the slug, and another title moves it.
    let slug = match (fields.slug.as_deref(), &title) {
        (Some(slug), _) if slug != current.slug => {
            Some(chosen_slug(&txn, slug, Some(&current.id)).await?)
        }
        (None, Some(title)) if slugify(title) != current.slug => {
            Some(unique_reuse_slug(&txn, title).await?)
        }
        _ => None,
    };
    if let Some(slug) = slug {
        // The old slug redirects to the reuse; the new one may have been one of its own.
        reuse_slugs::Entity::delete_by_id(slug.clone())
            .exec(&txn)
            .await?;
        reuse_slugs::ActiveModel {
            slug: Set(current.slug.clone()),
            reuse_id: Set(current.id.clone()),
            created_at: Set(crate::clock::now()),
        }
        .insert(&txn)
        .await?;
        active.slug = Set(slug);
    }
    if let Some(title) = title {
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
    if let Some(extras) = &fields.extras {
        active.extras = Set(extras_text(Some(extras)));
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
    active.last_modified = Set(crate::clock::now());
    let mut reuse = active.update(&txn).await.map_err(reuse_conflict)?;
    if let Some(tags) = &checked.tags {
        set_tags(&txn, &reuse.id, tags).await?;
    }
    let tags = match checked.tags {
        Some(tags) => tags,
        None => current_tags(&txn, &reuse.id).await?,
    };
    if let Some(datasets) = checked.datasets {
        let ids: Vec<String> = datasets.into_iter().map(|dataset| dataset.id).collect();
        reuse = set_datasets(&txn, reuse, &ids).await?;
    } else {
        refresh_dataset_counts(&txn, &linked_dataset_ids(&txn, &reuse.id).await?).await?;
    }
    // After its datasets: their titles are in the index.
    let context =
        crate::search::context_of(&txn, &reuse.id, reuse.organization_id.as_deref()).await?;
    crate::search::index_reuse(
        &txn,
        &reuse.id,
        &reuse.title,
        &reuse.description,
        &tags,
        &context,
    )
    .await?;
    if links_may_change {
        let datasets = datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(linked_dataset_ids(&txn, &reuse.id).await?))
            .all(&txn)
            .await?;
        let mut writes = Writes::default();
        events::reuse_linked(&txn, notifier, actor, &reuse, &datasets, &mut writes).await?;
        writes.run(&txn).await?;
    }
    if let Some(moderator) = staff {
        let target = ("Reuse", reuse.id.as_str());
        audit::record(&txn, moderator, "reuse.update", target, reuse.title.clone()).await?;
    }
    txn.commit().await?;
    Ok(reuse)
}

/// Soft-deletes a reuse (udata's `DELETE`); `update_reuse` with `restore` brings it back. A
/// moderator's deletion (`staff`) is recorded in the audit log in the same transaction.
pub async fn delete_reuse<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    staff: Option<&users::Model>,
    current: reuses::Model,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let id = current.id.clone();
    if let Some(moderator) = staff {
        let target = ("Reuse", id.as_str());
        audit::record(
            &txn,
            moderator,
            "reuse.delete",
            target,
            current.title.clone(),
        )
        .await?;
    }
    let mut active = current.into_active_model();
    active.deleted = Set(Some(crate::clock::now()));
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
    let updated = update_reuse(db, notifier, actor, None, reuse, fields)
        .await
        .map_err(|err| match err {
            AppError::Validation { errors, .. } if errors.contains_key("datasets") => {
                AppError::field("id", format!("no dataset has the id {dataset_id:?}"))
            }
            other => other,
        })?;
    Ok((updated, true))
}

/// Unlinks a dataset; says whether it was linked.
pub async fn remove_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    actor: &users::Model,
    reuse: reuses::Model,
    dataset_id: &str,
) -> AppResult<(reuses::Model, bool)> {
    let mut ids = linked_dataset_ids(db, &reuse.id).await?;
    let before = ids.len();
    ids.retain(|id| id != dataset_id);
    if ids.len() == before {
        return Ok((reuse, false));
    }
    let fields = ReuseFields {
        datasets: Some(ids),
        ..ReuseFields::default()
    };
    Ok((
        update_reuse(db, notifier, actor, None, reuse, fields).await?,
        true,
    ))
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
    active.last_modified = Set(crate::clock::now());
    Ok(active.update(db).await?)
}

/// `extras` as stored: a JSON object, `{}` when none.
fn extras_text(extras: Option<&serde_json::Map<String, serde_json::Value>>) -> String {
    extras.map_or_else(
        || "{}".to_owned(),
        |map| serde_json::Value::Object(map.clone()).to_string(),
    )
}
