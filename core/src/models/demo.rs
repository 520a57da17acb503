//! The people of `vitrine demo`: a reuser, a producer of the sample catalog, an animator, an
//! administrator.

use entity::reuses;
use entity::{members, organizations, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};

use crate::error::{AppError, AppResult};
use crate::models::organizations::MemberRole;
use crate::models::reuses::write::{ReuseFields, create_reuse, set_featured};
use crate::models::users::{NewUser, Role, create_user, find_user_by_email};

/// The organization of the sample catalog the demo producer belongs to (Santé publique France).
const PRODUCER_ORGANIZATION: &str = "83920052c63b2be3dbfb4889";

/// Someone to be in the demo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoPersona {
    /// Registers reuses and asks questions.
    Reuser,
    /// Publishes datasets and answers.
    Producer,
    /// Curates and moderates.
    Animator,
    /// Runs the site (sees the audit log).
    Admin,
}

impl DemoPersona {
    /// Every persona.
    pub const ALL: [DemoPersona; 4] = [Self::Reuser, Self::Producer, Self::Animator, Self::Admin];

    /// The persona a form names.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|persona| persona.key() == text)
    }

    /// As forms name it.
    pub fn key(self) -> &'static str {
        match self {
            Self::Reuser => "reuser",
            Self::Producer => "producer",
            Self::Animator => "animator",
            Self::Admin => "admin",
        }
    }

    fn person(self) -> (&'static str, &'static str, Role) {
        match self {
            Self::Reuser => (
                "reuser@demo.vitrine.localhost",
                "Camille Martin",
                Role::User,
            ),
            Self::Producer => (
                "producer@demo.vitrine.localhost",
                "Dominique Bernard",
                Role::User,
            ),
            Self::Animator => (
                "animator@demo.vitrine.localhost",
                "Alex Petit",
                Role::Moderator,
            ),
            Self::Admin => ("admin@demo.vitrine.localhost", "Sacha Leroy", Role::Admin),
        }
    }
}

/// Creates the demo's people once (the producer joins the sample catalog's first publisher).
pub async fn ensure_demo_users(db: &impl ConnectionTrait) -> AppResult<()> {
    for persona in DemoPersona::ALL {
        let (email, name, role) = persona.person();
        let user = match find_user_by_email(db, email).await? {
            Some(user) => user,
            None => {
                create_user(
                    db,
                    NewUser {
                        email: email.into(),
                        name: name.into(),
                        role,
                    },
                )
                .await?
            }
        };
        if persona == DemoPersona::Producer
            && organizations::Entity::find_by_id(PRODUCER_ORGANIZATION.to_owned())
                .one(db)
                .await?
                .is_some()
            && members::Entity::find_by_id((PRODUCER_ORGANIZATION.to_owned(), user.id.clone()))
                .one(db)
                .await?
                .is_none()
        {
            members::ActiveModel {
                organization_id: Set(PRODUCER_ORGANIZATION.to_owned()),
                user_id: Set(user.id.clone()),
                role: Set(MemberRole::Admin.as_str().to_owned()),
                since: Set(crate::clock::now()),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// One entry of `demo/demo-reuses.json`.
#[derive(serde::Deserialize)]
struct DemoReuse {
    title: String,
    #[serde(rename = "type")]
    kind: String,
    topic: String,
    url: String,
    tags: Vec<String>,
    datasets: Vec<String>,
    description: String,
}

/// How many demo reuses the home showcase features.
const FEATURED: usize = 6;

/// Creates the demo reuses (by the reuser, every third one by the producer's organization) once,
/// and features the first few; returns how many were created.
pub async fn ensure_demo_reuses<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    json: &[u8],
) -> AppResult<usize> {
    let entries: Vec<DemoReuse> = serde_json::from_slice(json)
        .map_err(|err| AppError::Internal(format!("demo reuses: {err}")))?;
    let reuser = demo_user(db, DemoPersona::Reuser).await?;
    let mut created = 0;
    for (n, entry) in entries.into_iter().enumerate() {
        let exists = reuses::Entity::find()
            .filter(reuses::Column::Url.eq(entry.url.as_str()))
            .one(db)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let organization = (n % 3 == 2).then(|| PRODUCER_ORGANIZATION.to_owned());
        let reuse = create_reuse(
            db,
            None,
            &reuser,
            ReuseFields {
                title: Some(entry.title),
                description: Some(entry.description),
                url: Some(entry.url),
                kind: Some(entry.kind),
                topic: Some(entry.topic),
                tags: Some(entry.tags),
                datasets: Some(entry.datasets),
                organization: Some(organization),
                ..ReuseFields::default()
            },
        )
        .await?
        .reuse;
        if n < FEATURED {
            set_featured(db, reuse, true).await?;
        }
        created += 1;
    }
    Ok(created)
}

/// The user behind a persona.
pub async fn demo_user(db: &impl ConnectionTrait, persona: DemoPersona) -> AppResult<users::Model> {
    find_user_by_email(db, persona.person().0)
        .await?
        .ok_or_else(|| AppError::NotFound("The demo's people have not been created.".into()))
}
