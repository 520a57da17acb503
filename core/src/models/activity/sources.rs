//! Where the events of the activity feed come from: rows the site keeps anyway (reuses,
//! messages, follows), each read as an event, and only what everybody may see.

use entity::{datasets, discussions, follows, messages, organizations, reuses};
use sea_orm::sea_query::{
    Alias, DynIden, Expr, ExprTrait, IntoIden, Query, SelectStatement, UnionType,
};
use sea_orm::{ColumnTrait, Condition};

use crate::models::discussions::readable_by;
use crate::models::reuses::visible_to;
use crate::permissions::Viewer;

/// The columns every source gives, in this order.
pub(super) const COLUMNS: [&str; 7] = [
    "event",
    "at",
    "actor_id",
    "organization_id",
    "target_kind",
    "target_id",
    "row_id",
];

/// Every event everybody may see, as one statement: the sources' rows one after another.
pub(super) fn all_events() -> SelectStatement {
    reuses_created()
        .union(UnionType::All, messages_posted())
        .union(UnionType::All, follows_started())
        .to_owned()
}

/// Selects the columns of [`COLUMNS`] from these expressions.
fn event(values: [Expr; 7]) -> SelectStatement {
    let mut select = Query::select();
    for (value, name) in values.into_iter().zip(COLUMNS) {
        select.expr_as(value, Alias::new(name));
    }
    select
}

fn col(table: impl IntoIden, column: impl IntoIden) -> Expr {
    Expr::col((table.into_iden(), column.into_iden()))
}

/// `reuse:created`: each visible reuse, by its owner (none for an organization's: who created
/// it is not kept), for its organization.
fn reuses_created() -> SelectStatement {
    event([
        Expr::cust("'reuse:created'"),
        col(reuses::Entity, reuses::Column::CreatedAt),
        col(reuses::Entity, reuses::Column::OwnerId),
        col(reuses::Entity, reuses::Column::OrganizationId),
        Expr::cust("'Reuse'"),
        col(reuses::Entity, reuses::Column::Id),
        col(reuses::Entity, reuses::Column::Id),
    ])
    .from(reuses::Entity)
    .cond_where(visible_to(&Viewer::default()))
    .to_owned()
}

/// `dataset:discussed` and `reuse:discussed`: each published message of a discussion everybody
/// may read (the question and every reply, as udata tells both), by its author, for the
/// organization they spoke for.
fn messages_posted() -> SelectStatement {
    event([
        Expr::cust(
            "CASE discussions.subject_class WHEN 'Dataset' THEN 'dataset:discussed' \
             ELSE 'reuse:discussed' END",
        ),
        col(messages::Entity, messages::Column::PostedOn),
        col(messages::Entity, messages::Column::PostedBy),
        col(messages::Entity, messages::Column::PostedByOrganization),
        col(discussions::Entity, discussions::Column::SubjectClass),
        col(discussions::Entity, discussions::Column::SubjectId),
        col(messages::Entity, messages::Column::Id),
    ])
    .from(messages::Entity)
    .inner_join(
        discussions::Entity,
        col(discussions::Entity, discussions::Column::Id)
            .equals((messages::Entity, messages::Column::DiscussionId)),
    )
    .and_where(messages::Column::HeldReason.is_null())
    .cond_where(readable_by(&Viewer::default()))
    .to_owned()
}

/// `dataset:followed`, `reuse:followed` and `organization:followed`: each follow of something
/// everybody may see, by its follower (udata names no organization for them).
fn follows_started() -> SelectStatement {
    event([
        Expr::cust(
            "CASE follows.subject_class WHEN 'Dataset' THEN 'dataset:followed' \
             WHEN 'Reuse' THEN 'reuse:followed' ELSE 'organization:followed' END",
        ),
        col(follows::Entity, follows::Column::Since),
        col(follows::Entity, follows::Column::FollowerId),
        Expr::cust("NULL"),
        col(follows::Entity, follows::Column::SubjectClass),
        col(follows::Entity, follows::Column::SubjectId),
        col(follows::Entity, follows::Column::Id),
    ])
    .from(follows::Entity)
    .cond_where(followed_and_visible())
    .to_owned()
}

/// Follows of a dataset in the catalog, a visible reuse or an organization.
fn followed_and_visible() -> Condition {
    let subject_is = |table: DynIden, id: DynIden| {
        Expr::col((table, id)).equals((follows::Entity, follows::Column::SubjectId))
    };
    let exists = |class: &str, subject: SelectStatement| {
        Condition::all()
            .add(follows::Column::SubjectClass.eq(class))
            .add(Expr::exists(subject))
    };
    Condition::any()
        .add(exists(
            "Dataset",
            Query::select()
                .expr(Expr::val(1))
                .from(datasets::Entity)
                .and_where(subject_is(
                    datasets::Entity.into_iden(),
                    datasets::Column::Id.into_iden(),
                ))
                .and_where(datasets::Column::Deleted.eq(false))
                .to_owned(),
        ))
        .add(exists(
            "Reuse",
            Query::select()
                .expr(Expr::val(1))
                .from(reuses::Entity)
                .and_where(subject_is(
                    reuses::Entity.into_iden(),
                    reuses::Column::Id.into_iden(),
                ))
                .cond_where(visible_to(&Viewer::default()))
                .to_owned(),
        ))
        .add(exists(
            "Organization",
            Query::select()
                .expr(Expr::val(1))
                .from(organizations::Entity)
                .and_where(subject_is(
                    organizations::Entity.into_iden(),
                    organizations::Column::Id.into_iden(),
                ))
                .to_owned(),
        ))
}
