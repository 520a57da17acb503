//! The organizations an import names: created when new, renamed (or given their new logo) when
//! the catalog changed them.

use std::collections::{HashMap, HashSet};

use entity::organizations;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, Set,
};

use super::BATCH;
use crate::error::AppResult;
use crate::import::{CatalogDataset, CatalogOrganization};

/// Creates the organizations the rows name, and renames those whose name (or logo) changed.
pub(super) async fn upsert_organizations(
    db: &impl ConnectionTrait,
    rows: &[CatalogDataset],
) -> AppResult<usize> {
    let mut wanted: HashMap<&str, &CatalogOrganization> = HashMap::new();
    for org in rows.iter().filter_map(|row| row.organization.as_ref()) {
        wanted.entry(org.id.as_str()).or_insert(org);
    }
    let ids: Vec<String> = wanted.keys().map(|id| (*id).to_owned()).collect();
    let mut existing = HashMap::new();
    for chunk in ids.chunks(500) {
        for org in organizations::Entity::find()
            .filter(organizations::Column::Id.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            existing.insert(org.id.clone(), org);
        }
    }
    let mut slugs: HashSet<String> = organizations::Entity::find()
        .select_only()
        .column(organizations::Column::Slug)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut created = 0;
    let now = crate::clock::now();
    let mut ordered: Vec<&CatalogOrganization> = wanted.into_values().collect();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    let mut inserts = Vec::new();
    for org in ordered {
        match existing.get(&org.id) {
            Some(current)
                if current.name != org.name || (org.logo.is_some() && current.logo != org.logo) =>
            {
                let mut active = current.clone().into_active_model();
                active.name = Set(org.name.clone());
                if org.logo.is_some() {
                    active.logo = Set(org.logo.clone());
                }
                active.last_modified = Set(now);
                active.update(db).await?;
            }
            Some(_) => {}
            None => {
                let base = if org.slug.is_empty() {
                    "organization"
                } else {
                    &org.slug
                };
                let slug = std::iter::once(base.to_owned())
                    .chain((2..).map(|n| format!("{base}-{n}")))
                    .find(|candidate| !slugs.contains(candidate))
                    .unwrap_or_default();
                slugs.insert(slug.clone());
                inserts.push(organizations::ActiveModel {
                    id: Set(org.id.clone()),
                    name: Set(org.name.clone()),
                    acronym: Set(None),
                    slug: Set(slug),
                    description: Set(String::new()),
                    url: Set(None),
                    logo: Set(org.logo.clone()),
                    badges: Set("[]".to_owned()),
                    created_at: Set(now),
                    last_modified: Set(now),
                });
                created += 1;
            }
        }
    }
    for batch in inserts.chunks(BATCH) {
        organizations::Entity::insert_many(batch.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(created)
}

/// An organization as the catalog's own listing of organizations describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganizationDetails {
    /// The catalog's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its acronym, if any.
    pub acronym: Option<String>,
    /// Its description (Markdown).
    pub description: String,
    /// Its website.
    pub url: Option<String>,
    /// Its logo's URL.
    pub logo: Option<String>,
}

/// Brings the stored organizations among `orgs` up to date (name, acronym, description,
/// website, logo); returns how many changed. Organizations no dataset names are left out.
pub async fn refresh_organizations(
    db: &impl ConnectionTrait,
    orgs: &[OrganizationDetails],
) -> AppResult<u64> {
    let ids: Vec<String> = orgs.iter().map(|org| org.id.clone()).collect();
    let stored: HashMap<String, organizations::Model> = organizations::Entity::find()
        .filter(organizations::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|org| (org.id.clone(), org))
        .collect();
    let now = crate::clock::now();
    let mut changed = 0;
    for org in orgs {
        let Some(current) = stored.get(&org.id) else {
            continue;
        };
        let logo = org.logo.clone().or_else(|| current.logo.clone());
        if current.name == org.name
            && current.acronym == org.acronym
            && current.description == org.description
            && current.url == org.url
            && current.logo == logo
        {
            continue;
        }
        let mut active = current.clone().into_active_model();
        active.name = Set(org.name.clone());
        active.acronym = Set(org.acronym.clone());
        active.description = Set(org.description.clone());
        active.url = Set(org.url.clone());
        active.logo = Set(logo);
        active.last_modified = Set(now);
        active.update(db).await?;
        changed += 1;
    }
    Ok(changed)
}
