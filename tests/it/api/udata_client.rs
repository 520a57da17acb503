//! data.gouv.fr's own Python client works with Vitrine unchanged: `datagouv-client` (pinned in
//! `tests/clients/requirements-datagouv.txt`, installed by `scripts/test`), pointed at the app
//! by setting its `base_url`, drives `tests/clients/datagouv_client.py` with a site admin's
//! key: organizations, datasets, reuses, discussions, follows and `/me/`, with the client's
//! retries turned off. What the script says it did is then checked in the database, so that
//! each create wrote exactly one row.

use std::process::Command;

use entity::{
    datasets, discussions, follows, members, messages, organizations, reuse_datasets, reuses,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::app::repo_file;
use crate::support::peers::skip;

/// The Python of the virtualenv with datagouv-client; `None` ("skipped") outside CI.
fn client_python() -> Option<String> {
    match std::env::var("VITRINE_TEST_UDATA_CLIENT_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            skip("VITRINE_TEST_UDATA_CLIENT_PYTHON is not set");
            None
        }
    }
}

fn text(seen: &Value, pointer: &str) -> String {
    seen.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("the script reported no {pointer}: {seen}"))
        .to_owned()
}

#[tokio::test]
async fn the_official_datagouv_client_works_against_vitrine() {
    let Some(python) = client_python() else {
        return;
    };
    let app = TestApp::new().await;
    // A first and a last name, which `/me/` and every user reference split.
    let account = app
        .account("ada@example.org", "Ada Lovelace", Role::Admin)
        .await;
    let admin = app.key_for(&account).await;

    // Off the runtime: the app answers the script meanwhile. `--keep-going` lists every
    // difference in one run; any failure still fails the script, and this test.
    let mut command = Command::new(&python);
    command
        .arg(repo_file("tests/clients/datagouv_client.py"))
        .arg(&app.url)
        .arg(&admin.token)
        .arg("--keep-going");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "datagouv-client found differences from udata:\n{stderr}\n--- what it saw:\n{stdout}"
    );
    let seen: Value = serde_json::from_str(&stdout).unwrap();
    eprintln!("{seen}");
    let db = app.db();
    let once = seen["retries_turned_off"].as_array().unwrap();
    for method in [
        "DatasetCreator.create",
        "OrganizationCreator.create",
        "BaseObject.update",
    ] {
        assert!(
            once.iter().any(|name| name == method),
            "{method} retries: {seen}"
        );
    }
    assert_eq!(seen["requests"]["POST /api/1/organizations/"], 2, "{seen}");

    // /me/ as udata gives it, the names split.
    assert_eq!(seen["me"]["id"], admin.id.as_str(), "{seen}");
    assert_eq!(seen["me"]["first_name"], "Ada", "{seen}");
    assert_eq!(seen["me"]["last_name"], "Lovelace", "{seen}");

    // One organization with the created name, the caller its admin.
    let org_id = text(&seen, "/organization/id");
    let named = organizations::Entity::find()
        .filter(organizations::Column::Name.eq(text(&seen, "/names/organization")))
        .all(db)
        .await
        .unwrap();
    assert_eq!(named.len(), 1, "one organization row for one create");
    assert_eq!(named[0].id, org_id);
    assert_eq!(
        named[0].description,
        "Mesures publiques, mises à jour chaque jour."
    );
    let admins = members::Entity::find()
        .filter(members::Column::OrganizationId.eq(org_id.as_str()))
        .filter(members::Column::UserId.eq(admin.id.as_str()))
        .count(db)
        .await
        .unwrap();
    assert_eq!(admins, 1);

    // One dataset with the created (then updated) title, in the organization; no retry wrote
    // another, and the client posted each dataset once.
    let dataset_id = text(&seen, "/dataset/id");
    assert_eq!(seen["dataset_posts"], 1, "{seen}");
    let titled = datasets::Entity::find()
        .filter(datasets::Column::Title.eq(text(&seen, "/names/dataset_updated")))
        .all(db)
        .await
        .unwrap();
    assert_eq!(titled.len(), 1, "one dataset row for one create");
    assert_eq!(titled[0].id, dataset_id);
    assert_eq!(titled[0].organization_id.as_deref(), Some(org_id.as_str()));
    assert!(!titled[0].deleted);
    let old_title = datasets::Entity::find()
        .filter(datasets::Column::Title.eq(text(&seen, "/names/dataset")))
        .count(db)
        .await
        .unwrap();
    assert_eq!(old_title, 0, "the update renamed the dataset in place");
    let in_org = datasets::Entity::find()
        .filter(datasets::Column::OrganizationId.eq(org_id.as_str()))
        .count(db)
        .await
        .unwrap();
    assert_eq!(
        in_org, 22,
        "the dataset and the 21 pushed to fill two pages"
    );
    assert_eq!(seen["organization_datasets"]["listed"], 22, "{seen}");
    assert_eq!(seen["requests"]["POST /api/1/datasets/"], 23, "{seen}");

    // The reuse, published by the organization, uses the dataset.
    let reuse_id = text(&seen, "/reuse/id");
    let reuse = reuses::Entity::find_by_id(reuse_id.as_str())
        .one(db)
        .await
        .unwrap()
        .expect("the reuse the script created is stored");
    assert_eq!(reuse.title, text(&seen, "/names/reuse_updated"));
    assert_eq!(reuse.organization_id.as_deref(), Some(org_id.as_str()));
    let linked: Vec<String> = reuse_datasets::Entity::find()
        .filter(reuse_datasets::Column::ReuseId.eq(reuse_id.as_str()))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|link| link.dataset_id)
        .collect();
    assert_eq!(linked, vec![dataset_id.clone()]);
    assert_eq!(seen["requests"]["POST /api/1/reuses/"], 2, "{seen}");

    // The personal reuse is the caller's, and deleted (softly, as udata does).
    let personal = reuses::Entity::find_by_id(text(&seen, "/personal_reuse/id"))
        .one(db)
        .await
        .unwrap()
        .expect("the personal reuse is kept, marked deleted");
    assert_eq!(personal.owner_id.as_deref(), Some(admin.id.as_str()));
    assert!(personal.deleted.is_some());

    // The discussion about the reuse, the reply spoken for the organization.
    let discussion_id = text(&seen, "/discussion/id");
    let about = discussions::Entity::find()
        .filter(discussions::Column::SubjectId.eq(reuse_id.as_str()))
        .all(db)
        .await
        .unwrap();
    assert_eq!(about.len(), 1, "one discussion row for one create");
    assert_eq!(about[0].id, discussion_id);
    assert_eq!(about[0].subject_class, "Reuse");
    assert_eq!(about[0].user_id, admin.id);
    let said = messages::Entity::find()
        .filter(messages::Column::DiscussionId.eq(discussion_id.as_str()))
        .all(db)
        .await
        .unwrap();
    assert_eq!(said.len(), 2);
    assert!(
        said.iter()
            .any(|message| message.posted_by_organization.as_deref() == Some(org_id.as_str())),
        "the reply was posted for the organization"
    );

    // Followed, then unfollowed: no follow left.
    let following = follows::Entity::find()
        .filter(follows::Column::SubjectId.eq(reuse_id.as_str()))
        .count(db)
        .await
        .unwrap();
    assert_eq!(following, 0);

    // The scratch dataset is deleted and its organization gone.
    let scratch = datasets::Entity::find_by_id(text(&seen, "/scratch/dataset"))
        .one(db)
        .await
        .unwrap();
    assert!(
        scratch.is_none_or(|dataset| dataset.deleted),
        "DELETE /datasets/{{id}}/ deleted the dataset"
    );
    let scratch_org = organizations::Entity::find_by_id(text(&seen, "/scratch/organization"))
        .one(db)
        .await
        .unwrap();
    assert!(
        scratch_org.is_none(),
        "DELETE /organizations/{{id}}/ removed it"
    );
}
