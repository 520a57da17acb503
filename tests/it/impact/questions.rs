//! Questions: answered by a producer (and how fast), or not — a reply from anyone else is no
//! answer — and those left waiting more than 7 and 30 days as the clock moves.

use chrono::TimeDelta;
use entity::discussions;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use super::{SITE, current, of_dataset, of_organization, refresh};
use crate::support::TestApp;
use crate::support::api::id_of;
use crate::support::discussions::{comment, open};
use crate::support::people::person;
use crate::support::world::world;

/// Hours the producer took to answer.
const HOURS: i64 = 5;

/// Moves the question `id` back by `by`: asked that much earlier than it was.
async fn asked_earlier(app: &TestApp, id: &str, by: TimeDelta) {
    let asked = discussions::Entity::find_by_id(id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .created;
    discussions::Entity::update_many()
        .col_expr(discussions::Column::Created, Expr::value(asked - by))
        .filter(discussions::Column::Id.eq(id))
        .exec(app.db())
        .await
        .unwrap();
}

/// `(questions, answered, answered_percent)` of a month.
fn answers(month: &Value) -> (u64, u64, Option<u64>) {
    (
        month["questions"].as_u64().unwrap(),
        month["answered"].as_u64().unwrap(),
        month["answered_percent"].as_u64(),
    )
}

/// `(waiting_over_7_days, waiting_over_30_days)` of a month.
fn waiting(month: &Value) -> (u64, u64) {
    (
        month["waiting_over_7_days"].as_u64().unwrap(),
        month["waiting_over_30_days"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn a_producers_reply_answers_and_how_fast_and_the_others_wait() {
    let w = world(&[]).await;
    let app = &w.app;
    let (ada, bob) = (
        person(app, "Ada Lovelace").await,
        person(app, "Bob Marley").await,
    );
    // Answered by an editor of the organization, HOURS after it was asked.
    let answered = id_of(&open(app, &ada, "ds-air", "Mise à jour ?", "Quand ?").await);
    comment(app, &w.org_editor, &answered, "Chaque mois.").await;
    asked_earlier(app, &answered, TimeDelta::hours(HOURS)).await;
    // A reply from someone who is not a producer answers nothing.
    let replied = id_of(&open(app, &ada, "ds-air", "Unités ?", "En µg/m³ ?").await);
    comment(app, &bob, &replied, "Je crois que oui.").await;
    // Nobody replies.
    open(app, &ada, "ds-velo", "Capteurs ?", "Lesquels ?").await;
    refresh(app).await;

    let air = current(app, &of_dataset("ds-air")).await;
    assert_eq!(answers(&air), (2, 1, Some(50)), "{air}");
    let velo = current(app, &of_dataset("ds-velo")).await;
    assert_eq!(answers(&velo), (1, 0, Some(0)), "{velo}");
    assert!(velo["median_first_answer_seconds"].is_null(), "{velo}");
    let org = current(app, &of_organization(&w.org_id)).await;
    assert_eq!(answers(&org), (3, 1, Some(33)), "{org}");
    let site = current(app, SITE).await;
    assert_eq!(answers(&site), (3, 1, Some(33)), "{site}");
    for month in [&air, &org, &site] {
        let median = month["median_first_answer_seconds"].as_i64().unwrap();
        let expected = TimeDelta::hours(HOURS).num_seconds();
        assert!(
            (expected..expected + 10).contains(&median),
            "{median} s, about {HOURS} hours: {month}"
        );
        assert_eq!(waiting(month), (0, 0), "asked just now: {month}");
    }
    assert_eq!(current(app, &of_dataset("ds-perso")).await["questions"], 0);

    // Eight days on, the two unanswered questions have waited more than a week.
    app.state.clock.advance(TimeDelta::days(8));
    refresh(app).await;
    assert_eq!(waiting(&current(app, &of_dataset("ds-air")).await), (1, 0));
    assert_eq!(waiting(&current(app, &of_dataset("ds-velo")).await), (1, 0));
    assert_eq!(
        waiting(&current(app, &of_organization(&w.org_id)).await),
        (2, 0)
    );
    assert_eq!(waiting(&current(app, SITE).await), (2, 0));

    // Thirty-one days on, more than a month; still asked within the year.
    app.state.clock.advance(TimeDelta::days(23));
    refresh(app).await;
    let org = current(app, &of_organization(&w.org_id)).await;
    assert_eq!(waiting(&org), (2, 2), "{org}");
    assert_eq!(answers(&org), (3, 1, Some(33)), "{org}");
    assert_eq!(waiting(&current(app, &of_dataset("ds-air")).await), (1, 1));
    assert_eq!(waiting(&current(app, SITE).await), (2, 2));
}

#[tokio::test]
async fn a_marked_answer_answers_from_when_it_was_posted() {
    let w = world(&[]).await;
    let app = &w.app;
    let (ada, bob) = (
        person(app, "Ada Lovelace").await,
        person(app, "Bob Marley").await,
    );
    let id = id_of(&open(app, &ada, "ds-perso", "Quel format ?", "Et l'unité ?").await);
    // Bob, no producer, replies; the publisher marks his reply as the answer.
    comment(app, &bob, &id, "Du CSV, en degrés.").await;
    crate::support::discussions::mark_answer(app, &w.owner, &id, 1).await;
    app.state.clock.advance(TimeDelta::days(10));
    refresh(app).await;
    let now = current(app, &of_dataset("ds-perso")).await;
    assert_eq!(answers(&now), (1, 1, Some(100)), "{now}");
    assert_eq!(waiting(&now), (0, 0), "answered, so not waiting: {now}");
    assert!(
        now["median_first_answer_seconds"].is_null(),
        "no producer replied: {now}"
    );
}
