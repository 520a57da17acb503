//! The authorization matrix: every mutating operation of the OpenAPI documents, udata's
//! (`/api/1/openapi.json`) and CKAN's (`/api/3/openapi.json`), called by each kind of actor on a
//! subject made afresh for the call. Who may is answered 2xx and changes the database; who may
//! not is refused (401 when anonymous, 403 — or 404 for what is not theirs to see, or 400 where
//! udata makes it a field error; 403 for anyone in CKAN's dialect) and changes nothing at all.
//!
//! An operation of a document without a rule (below for udata's, in `authorization_ckan` for
//! CKAN's) fails the test, naming it: a new endpoint must say who may call it.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, Set, Statement};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::{TestApp, TestUser};

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Actor {
    Anonymous,
    /// A signed-in user with no tie to the subject.
    Other,
    /// The subject's owner: a reuse's user, a discussion's author, a token's or a
    /// notification's holder, the account itself.
    Owner,
    /// An editor of the organization the subject belongs to (a reuse's, a dataset's).
    OrgEditor,
    /// An admin of that organization.
    OrgAdmin,
    Moderator,
    Admin,
}

use Actor::{Admin, Anonymous, Moderator, OrgAdmin, OrgEditor, Other, Owner};

const ACTORS: [Actor; 7] = [
    Anonymous, Other, Owner, OrgEditor, OrgAdmin, Moderator, Admin,
];
pub(super) const SIGNED_IN: &[Actor] = &[Other, Owner, OrgEditor, OrgAdmin, Moderator, Admin];
const EVERYBODY: &[Actor] = &ACTORS;
pub(super) const REUSE_EDITORS: &[Actor] = &[Owner, OrgEditor, OrgAdmin, Moderator, Admin];
const STAFF: &[Actor] = &[Moderator, Admin];
pub(super) const ADMIN: &[Actor] = &[Admin];
const OWNER: &[Actor] = &[Owner];
const NOT_THE_ACCOUNT: &[Actor] = &[Other, OrgEditor, OrgAdmin, Moderator, Admin];

/// What a case is done on, made afresh for each call.
#[derive(Clone, Copy, Debug)]
pub(super) enum Subject {
    /// Nothing in particular (creations).
    Nothing,
    /// A visible reuse of the owner's, or of the organization when the actor is a member.
    Reuse,
    /// Such a reuse, featured.
    FeaturedReuse,
    /// Such a reuse, archived.
    ArchivedReuse,
    /// Such a reuse, followed by the actor.
    FollowedReuse,
    /// A dataset of the organization.
    Dataset,
    /// Such a dataset, followed by the actor.
    FollowedDataset,
    /// Such a dataset, its steward the editor; `{user_id}` is the org admin, another member.
    StewardedDataset,
    /// A discussion opened by the owner on the organization's dataset, with a second message
    /// of the owner's (`{index}` 1, `{message}`).
    Discussion,
    /// Such a discussion, its second message marked as the answer.
    AnsweredDiscussion,
    /// An organization with the org admin and editor as members, and `{user_id}` a third member.
    Organization,
    /// Such an organization, followed by the actor.
    FollowedOrganization,
    /// A report by the owner.
    Report,
    /// A message of the owner's held by the spam filter.
    HeldMessage,
    /// A fresh plain account; it is the owner.
    Account,
    /// Such an account, followed by the actor (unless the actor is the account).
    FollowedAccount,
    /// A fresh admin account; it is the owner.
    AdminAccount,
    /// A fresh moderator account; it is the owner.
    ModeratorAccount,
    /// An API key of the owner's.
    ApiToken,
    /// A notification of the owner's.
    Notification,
    /// A mail given up on.
    FailedMail,
    /// Two more featured reuses; `{order}` lists every featured reuse backwards.
    Showcase,
    /// A data request of the owner's, who took their support back.
    DataRequest,
    /// Such a request, supported by the actor.
    SupportedDataRequest,
}

/// The body of a call.
pub(super) enum Body {
    None,
    Json(fn(&Fixture) -> Value),
    Image,
}

/// No body.
const NO_BODY: Body = Body::None;

/// Who may call an operation, on what.
pub(super) struct Rule {
    /// Which use of the operation (one operation may have several rules).
    case: &'static str,
    subject: Subject,
    body: Body,
    allowed: &'static [Actor],
    /// The answer to signed-in actors who may not.
    refused: StatusCode,
}

pub(super) fn rule(
    case: &'static str,
    subject: Subject,
    body: Body,
    allowed: &'static [Actor],
) -> Rule {
    Rule {
        case,
        subject,
        body,
        allowed,
        refused: StatusCode::FORBIDDEN,
    }
}

impl Rule {
    /// Signed-in actors who may not are told the thing does not exist (it is not theirs).
    fn hidden(self) -> Self {
        Self {
            refused: StatusCode::NOT_FOUND,
            ..self
        }
    }

    /// Signed-in actors who may not get a field error (udata's "publish as" field).
    fn field_error(self) -> Self {
        Self {
            refused: StatusCode::BAD_REQUEST,
            ..self
        }
    }
}

/// How an operation is called. udata's dialect: under `/api/1`, the subject's ids in the path,
/// the key in `X-API-KEY`, 401 for anonymous callers. CKAN's Action API: `/api/3/action/{name}`
/// by POST, the subject named in the JSON body, the bare key in `Authorization`, 403 for anyone
/// refused (CKAN never answers 401).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    Udata,
    Ckan,
}

impl Dialect {
    const ALL: [Self; 2] = [Self::Udata, Self::Ckan];

    /// The dialect of an operation: udata's are named by their path in the document
    /// (`PUT /reuses/{id}`), CKAN's by their whole path (`POST /api/3/action/{name}`).
    fn of(operation: &str) -> Self {
        if operation.contains(" /api/3/") {
            Self::Ckan
        } else {
            Self::Udata
        }
    }

    /// Where its OpenAPI document is.
    fn document(self) -> &'static str {
        match self {
            Self::Udata => "/api/1/openapi.json",
            Self::Ckan => "/api/3/openapi.json",
        }
    }

    /// What an operation's name puts before the document's path.
    fn prefix(self) -> &'static str {
        match self {
            Self::Udata => "",
            Self::Ckan => "/api/3",
        }
    }

    /// The security scheme of its document.
    fn scheme(self) -> &'static str {
        match self {
            Self::Udata => "apikey",
            Self::Ckan => "ckan_api_key",
        }
    }

    /// The header the key goes in.
    fn key_header(self) -> &'static str {
        match self {
            Self::Udata => "X-API-KEY",
            Self::Ckan => "Authorization",
        }
    }

    /// The answer to an anonymous caller who may not.
    fn anonymous_refusal(self) -> StatusCode {
        match self {
            Self::Udata => StatusCode::UNAUTHORIZED,
            Self::Ckan => StatusCode::FORBIDDEN,
        }
    }

    /// The URL to call for the operation's `path` on `fixture`.
    fn url(self, path: &str, fixture: &Fixture) -> String {
        match self {
            Self::Udata => format!(
                "/api/1{}/",
                path.replace("{id}", &fixture.id)
                    .replace("{index}", &fixture.index)
                    .replace("{user_id}", &fixture.user_id)
            ),
            Self::Ckan => path.to_owned(),
        }
    }
}

/// The rules of an operation (`METHOD /path` as [`mutating_operations`] names it); `None` when
/// there are none, which fails the test.
fn rules(operation: &str) -> Option<Vec<Rule>> {
    match Dialect::of(operation) {
        Dialect::Udata => udata_rules(operation),
        Dialect::Ckan => super::authorization_ckan::rules(operation),
    }
}

/// The rules of an operation of udata's dialect (`METHOD /path` as in its document).
fn udata_rules(operation: &str) -> Option<Vec<Rule>> {
    use Body::{Image, Json};
    use Subject::*;
    Some(match operation {
        // Reuses
        "POST /reuses" => vec![
            rule("as oneself", Nothing, Json(new_reuse), SIGNED_IN),
            rule(
                "for an organization",
                Nothing,
                Json(new_org_reuse),
                &[OrgEditor, OrgAdmin, Admin],
            )
            .field_error(),
        ],
        "PUT /reuses/{id}" => vec![rule(
            "retitle",
            Reuse,
            Json(|_| json!({"title": "Retitled"})),
            REUSE_EDITORS,
        )],
        "DELETE /reuses/{id}" => vec![rule("delete", Reuse, NO_BODY, REUSE_EDITORS)],
        "POST /reuses/{id}/datasets" => vec![rule(
            "link a dataset",
            Reuse,
            Json(|f| json!({"id": f.second_dataset})),
            REUSE_EDITORS,
        )],
        "POST /reuses/{id}/image" => vec![rule("upload", Reuse, Image, REUSE_EDITORS)],
        "POST /reuses/{id}/featured" => vec![rule("feature", Reuse, NO_BODY, STAFF)],
        "DELETE /reuses/{id}/featured" => vec![rule("unfeature", FeaturedReuse, NO_BODY, STAFF)],
        "PUT /reuses/featured" => vec![rule(
            "reorder",
            Showcase,
            Json(|f| json!({"order": f.order})),
            STAFF,
        )],
        "POST /reuses/{id}/archive" => vec![rule("archive", Reuse, NO_BODY, STAFF)],
        "DELETE /reuses/{id}/archive" => vec![rule("unarchive", ArchivedReuse, NO_BODY, STAFF)],
        "POST /reuses/{id}/followers" => vec![rule("follow", Reuse, NO_BODY, SIGNED_IN)],
        "DELETE /reuses/{id}/followers" => {
            vec![rule("unfollow", FollowedReuse, NO_BODY, SIGNED_IN)]
        }
        // Datasets
        "POST /datasets" => vec![rule(
            "push a dataset",
            Nothing,
            Json(
                |f| json!({"title": "Pushed", "url": format!("https://data.example.org/{}", f.unique)}),
            ),
            ADMIN,
        )],
        "PUT /datasets/{id}" => vec![rule(
            "retitle",
            Dataset,
            Json(|_| json!({"title": "Retitled"})),
            ADMIN,
        )],
        "DELETE /datasets/{id}" => vec![rule("delete", Dataset, NO_BODY, ADMIN)],
        "POST /datasets/{id}/followers" => vec![rule("follow", Dataset, NO_BODY, SIGNED_IN)],
        "DELETE /datasets/{id}/followers" => {
            vec![rule("unfollow", FollowedDataset, NO_BODY, SIGNED_IN)]
        }
        "PUT /datasets/{id}/steward" => vec![rule(
            "name the org admin",
            StewardedDataset,
            Json(|f| json!({"user": f.user_id})),
            &[OrgAdmin, Admin],
        )],
        "DELETE /datasets/{id}/steward" => {
            vec![rule(
                "remove",
                StewardedDataset,
                NO_BODY,
                &[OrgAdmin, Admin],
            )]
        }
        // Organizations
        "POST /organizations" => vec![rule(
            "create",
            Nothing,
            Json(|f| json!({"name": format!("Org {}", f.unique)})),
            SIGNED_IN,
        )],
        "PUT /organizations/{id}" => vec![rule(
            "rename",
            Organization,
            Json(|_| json!({"name": "Renamed"})),
            &[OrgAdmin, Admin],
        )],
        "PUT /organizations/{id}/member/{user_id}" => vec![rule(
            "promote",
            Organization,
            Json(|_| json!({"role": "admin"})),
            &[OrgAdmin, Admin],
        )],
        "DELETE /organizations/{id}/member/{user_id}" => {
            vec![rule("remove", Organization, NO_BODY, &[OrgAdmin, Admin])]
        }
        "DELETE /organizations/{id}" => {
            vec![rule("delete", Organization, NO_BODY, &[OrgAdmin, Admin])]
        }
        "POST /organizations/{id}/followers" => {
            vec![rule("follow", Organization, NO_BODY, SIGNED_IN)]
        }
        "DELETE /organizations/{id}/followers" => {
            vec![rule("unfollow", FollowedOrganization, NO_BODY, SIGNED_IN)]
        }
        // People: nobody follows themselves (403), nor unfollows whom they do not follow (404).
        "POST /users/{id}/followers" => {
            vec![rule("follow", Account, NO_BODY, NOT_THE_ACCOUNT)]
        }
        "DELETE /users/{id}/followers" => {
            vec![rule("unfollow", FollowedAccount, NO_BODY, NOT_THE_ACCOUNT).hidden()]
        }
        // Discussions
        "POST /discussions" => vec![rule(
            "open",
            Nothing,
            Json(|f| {
                json!({"title": "A question", "comment": "Is it current?",
                       "subject": {"class": "Dataset", "id": f.dataset}})
            }),
            SIGNED_IN,
        )],
        "POST /discussions/{id}" => vec![
            rule(
                "comment",
                Discussion,
                Json(|_| json!({"comment": "Me too."})),
                SIGNED_IN,
            ),
            rule(
                "close",
                Discussion,
                Json(|_| json!({"close": true})),
                &[Owner, OrgEditor, OrgAdmin, Moderator, Admin],
            ),
        ],
        "PUT /discussions/{id}" => vec![rule(
            "retitle",
            Discussion,
            Json(|_| json!({"title": "Retitled"})),
            OWNER,
        )],
        "DELETE /discussions/{id}" => vec![rule(
            "delete",
            Discussion,
            NO_BODY,
            &[Owner, Moderator, Admin],
        )],
        "PUT /discussions/{id}/comments/{index}" => vec![rule(
            "edit a message",
            Discussion,
            Json(|_| json!({"comment": "Edited."})),
            OWNER,
        )],
        "DELETE /discussions/{id}/comments/{index}" => {
            vec![rule("delete a message", Discussion, NO_BODY, OWNER)]
        }
        "POST /discussions/{id}/answer" => vec![rule(
            "mark the answer",
            Discussion,
            Json(|f| json!({"message": f.message})),
            &[OrgEditor, OrgAdmin, Admin],
        )],
        "DELETE /discussions/{id}/answer" => vec![rule(
            "unmark the answer",
            AnsweredDiscussion,
            NO_BODY,
            &[OrgEditor, OrgAdmin, Admin],
        )],
        // Data requests
        "POST /data-requests" => vec![rule(
            "ask",
            Nothing,
            Json(|_| json!({"title": "Trees", "purpose": "A map."})),
            SIGNED_IN,
        )],
        "PUT /data-requests/{id}" => vec![
            rule(
                "reword",
                DataRequest,
                Json(|_| json!({"title": "Reworded"})),
                &[Owner, Moderator, Admin],
            ),
            rule(
                "route",
                DataRequest,
                Json(|f| json!({"status": "routed", "organization": f.org})),
                STAFF,
            ),
        ],
        "POST /data-requests/{id}/support" => {
            vec![rule("support", DataRequest, NO_BODY, SIGNED_IN)]
        }
        "DELETE /data-requests/{id}/support" => {
            vec![rule("withdraw", SupportedDataRequest, NO_BODY, SIGNED_IN)]
        }
        // Moderation
        "POST /reports" => vec![rule(
            "report",
            Reuse,
            Json(|f| json!({"subject": {"class": "Reuse", "id": f.id}, "reason": "spam"})),
            EVERYBODY,
        )],
        "PATCH /reports/{id}" => vec![rule(
            "dismiss",
            Report,
            Json(|_| json!({"status": "dismissed"})),
            STAFF,
        )],
        "POST /moderation/held/{id}/approve" => vec![rule("approve", HeldMessage, NO_BODY, STAFF)],
        "POST /moderation/held/{id}/remove" => vec![rule(
            "remove",
            HeldMessage,
            Json(|_| json!({"reason": "spam"})),
            STAFF,
        )],
        "POST /users/{id}/deactivate" => vec![
            rule("a plain account", Account, NO_BODY, STAFF),
            // A moderator may not lock out an admin; nobody may deactivate themselves.
            rule("an admin account", AdminAccount, NO_BODY, ADMIN),
        ],
        "POST /outbox/{id}/retry" => vec![rule("retry", FailedMail, NO_BODY, ADMIN)],
        // Me
        "PUT /me" => vec![rule(
            "name oneself",
            Nothing,
            Json(|_| json!({"first_name": "Ada", "last_name": "Lovelace"})),
            SIGNED_IN,
        )],
        "POST /me/api_tokens" => vec![rule(
            "create a key",
            Nothing,
            Json(|_| json!({"name": "script"})),
            SIGNED_IN,
        )],
        "DELETE /me/api_tokens/{id}" => vec![rule("revoke", ApiToken, NO_BODY, OWNER).hidden()],
        "POST /notifications/{id}/read" => {
            vec![rule("read", Notification, NO_BODY, OWNER).hidden()]
        }
        "PUT /me/notification-settings" => vec![rule(
            "mute comments",
            Nothing,
            Json(|_| json!({"kinds": [{"kind": "new_comment", "email": "off", "in_app": false}]})),
            SIGNED_IN,
        )],
        _ => return None,
    })
}

/// The people and shared things of one operation's app.
struct World {
    app: TestApp,
    other: TestUser,
    owner: TestUser,
    editor: TestUser,
    org_admin: TestUser,
    moderator: TestUser,
    admin: TestUser,
    org: String,
    dataset: String,
    second_dataset: String,
}

/// What one case is done on.
pub(super) struct Fixture {
    /// `{id}` in the path (CKAN's dialect: the subject's id, for the body).
    pub(super) id: String,
    /// `{index}` in the path.
    index: String,
    /// `{user_id}` in the path.
    user_id: String,
    /// A reply's id.
    message: String,
    /// Featured reuses, last first.
    order: Vec<String>,
    /// The owner, when the subject is an account of its own.
    owner: Option<TestUser>,
    /// A dataset of the organization, linked to the reuses made as subjects.
    pub(super) dataset: String,
    /// Another dataset of the organization, linked to none.
    pub(super) second_dataset: String,
    org: String,
    /// Unique text for names and URLs.
    pub(super) unique: String,
}

fn new_reuse(f: &Fixture) -> Value {
    json!({"title": "New reuse", "description": "Made of data.", "type": "application",
           "topic": "others", "url": format!("https://example.org/{}", f.unique),
           "datasets": [f.dataset]})
}

fn new_org_reuse(f: &Fixture) -> Value {
    let mut reuse = new_reuse(f);
    reuse["organization"] = json!(f.org);
    reuse
}

fn unique() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl World {
    async fn new() -> Self {
        let app = TestApp::with_env(&[("VITRINE_MAIL_WORKER", "false")]).await;
        let other = app.user("Other", Role::User).await;
        let owner = app.user("Owner", Role::User).await;
        let editor = app.user("Editor", Role::User).await;
        let org_admin = app.user("OrgAdmin", Role::User).await;
        let moderator = app.user("Moderator", Role::Moderator).await;
        let admin = app.user("Admin", Role::Admin).await;
        let mut world = Self {
            app,
            other,
            owner,
            editor,
            org_admin,
            moderator,
            admin,
            org: String::new(),
            dataset: String::new(),
            second_dataset: String::new(),
        };
        world.org = world.organization().await.0;
        world.dataset = world.new_dataset().await;
        world.second_dataset = world.new_dataset().await;
        world
    }

    fn user(&self, actor: Actor) -> Option<&TestUser> {
        match actor {
            Anonymous => None,
            Other => Some(&self.other),
            Owner => Some(&self.owner),
            OrgEditor => Some(&self.editor),
            OrgAdmin => Some(&self.org_admin),
            Moderator => Some(&self.moderator),
            Admin => Some(&self.admin),
        }
    }

    /// A fresh organization of the org admin's with the editor and `member` (returned second).
    async fn organization(&self) -> (String, String) {
        let org = self
            .app
            .call_ok(
                Method::POST,
                "/api/1/organizations/",
                &self.org_admin,
                Some(json!({"name": format!("Org {}", unique())})),
            )
            .await;
        let id = org["id"].as_str().unwrap().to_owned();
        let member = self.app.user("Member", Role::User).await;
        for (user, role) in [(&self.editor.id, "editor"), (&member.id, "editor")] {
            self.app
                .call_ok(
                    Method::PUT,
                    &format!("/api/1/organizations/{id}/member/{user}/"),
                    &self.org_admin,
                    Some(json!({"role": role})),
                )
                .await;
        }
        (id, member.id)
    }

    async fn new_dataset(&self) -> String {
        let dataset = self
            .app
            .call_ok(
                Method::POST,
                "/api/1/datasets/",
                &self.admin,
                Some(json!({"title": "Trees", "url": format!("https://data.example.org/{}", unique()),
                            "organization": self.org})),
            )
            .await;
        dataset["id"].as_str().unwrap().to_owned()
    }

    /// A visible reuse of the owner's, or of the organization when `actor` is one of its members.
    async fn reuse(&self, actor: Actor) -> String {
        let mut body = json!({"title": "Trees", "description": "A map.", "type": "visualization",
                              "topic": "others", "url": format!("https://example.org/{}", unique()),
                              "datasets": [self.dataset]});
        let author = if matches!(actor, OrgEditor | OrgAdmin) {
            body["organization"] = json!(self.org);
            &self.org_admin
        } else {
            &self.owner
        };
        let reuse = self
            .app
            .call_ok(Method::POST, "/api/1/reuses/", author, Some(body))
            .await;
        reuse["id"].as_str().unwrap().to_owned()
    }

    /// A discussion of the owner's on the organization's dataset; its id and the reply's.
    async fn discussion(&self, comment: &str) -> (String, Value) {
        let opened = self
            .app
            .call_ok(
                Method::POST,
                "/api/1/discussions/",
                &self.owner,
                Some(json!({"title": "Is it current?", "comment": comment,
                            "subject": {"class": "Dataset", "id": self.dataset}})),
            )
            .await;
        let id = opened["id"].as_str().unwrap().to_owned();
        (id, opened)
    }

    async fn fixture(&self, subject: Subject, actor: Actor) -> Fixture {
        let mut fixture = Fixture {
            id: String::new(),
            index: "1".to_owned(),
            user_id: String::new(),
            message: String::new(),
            order: Vec::new(),
            owner: None,
            dataset: self.dataset.clone(),
            second_dataset: self.second_dataset.clone(),
            org: self.org.clone(),
            unique: unique(),
        };
        let actor_user = self.user(actor);
        match subject {
            Subject::Nothing => {}
            Subject::Reuse => fixture.id = self.reuse(actor).await,
            Subject::FeaturedReuse | Subject::ArchivedReuse | Subject::FollowedReuse => {
                fixture.id = self.reuse(actor).await;
                let (action, user) = match subject {
                    Subject::FeaturedReuse => ("featured", Some(&self.admin)),
                    Subject::ArchivedReuse => ("archive", Some(&self.admin)),
                    _ => ("followers", actor_user),
                };
                if let Some(user) = user {
                    let path = format!("/api/1/reuses/{}/{action}/", fixture.id);
                    self.app.call_ok(Method::POST, &path, user, None).await;
                }
            }
            Subject::Dataset => fixture.id = self.new_dataset().await,
            Subject::StewardedDataset => {
                fixture.id = self.new_dataset().await;
                let path = format!("/api/1/datasets/{}/steward/", fixture.id);
                let body = json!({"user": self.editor.id});
                self.app
                    .call_ok(Method::PUT, &path, &self.org_admin, Some(body))
                    .await;
                fixture.user_id = self.org_admin.id.clone();
            }
            Subject::FollowedDataset => {
                fixture.id = self.new_dataset().await;
                if let Some(user) = actor_user {
                    let path = format!("/api/1/datasets/{}/followers/", fixture.id);
                    self.app.call_ok(Method::POST, &path, user, None).await;
                }
            }
            Subject::Discussion | Subject::AnsweredDiscussion => {
                let (id, _) = self.discussion("Is it updated every month?").await;
                let thread = self
                    .app
                    .call_ok(
                        Method::POST,
                        &format!("/api/1/discussions/{id}/"),
                        &self.owner,
                        Some(json!({"comment": "It says monthly."})),
                    )
                    .await;
                fixture.message = thread["discussion"][1]["id"].as_str().unwrap().to_owned();
                if matches!(subject, Subject::AnsweredDiscussion) {
                    self.app
                        .call_ok(
                            Method::POST,
                            &format!("/api/1/discussions/{id}/answer/"),
                            &self.org_admin,
                            Some(json!({"message": fixture.message})),
                        )
                        .await;
                }
                fixture.id = id;
            }
            Subject::Organization => (fixture.id, fixture.user_id) = self.organization().await,
            Subject::FollowedOrganization => {
                (fixture.id, fixture.user_id) = self.organization().await;
                if let Some(user) = actor_user {
                    let path = format!("/api/1/organizations/{}/followers/", fixture.id);
                    self.app.call_ok(Method::POST, &path, user, None).await;
                }
            }
            Subject::FollowedAccount => {
                let account = self.app.user("Account", Role::User).await;
                fixture.id = account.id.clone();
                if let Some(user) = actor_user.filter(|_| actor != Owner) {
                    let path = format!("/api/1/users/{}/followers/", fixture.id);
                    self.app.call_ok(Method::POST, &path, user, None).await;
                }
                fixture.owner = Some(account);
            }
            Subject::Report => {
                let reuse = self.reuse(Owner).await;
                let report = self
                    .app
                    .call_ok(
                        Method::POST,
                        "/api/1/reports/",
                        &self.owner,
                        Some(json!({"subject": {"class": "Reuse", "id": reuse}, "reason": "spam"})),
                    )
                    .await;
                fixture.id = report["id"].as_str().unwrap().to_owned();
            }
            Subject::HeldMessage => {
                let (_, opened) = self.discussion("Free casino chips here").await;
                fixture.id = opened["discussion"][0]["id"].as_str().unwrap().to_owned();
            }
            Subject::Account | Subject::AdminAccount | Subject::ModeratorAccount => {
                let role = match subject {
                    Subject::AdminAccount => Role::Admin,
                    Subject::ModeratorAccount => Role::Moderator,
                    _ => Role::User,
                };
                let account = self.app.user("Account", role).await;
                fixture.id = account.id.clone();
                fixture.owner = Some(account);
            }
            Subject::ApiToken => {
                let key = self
                    .app
                    .call_ok(
                        Method::POST,
                        "/api/1/me/api_tokens/",
                        &self.owner,
                        Some(json!({"name": "spare"})),
                    )
                    .await;
                fixture.id = key["id"].as_str().unwrap().to_owned();
            }
            Subject::Notification => {
                let id = unique();
                entity::notifications::ActiveModel {
                    id: Set(id.clone()),
                    user_id: Set(self.owner.id.clone()),
                    kind: Set("new_comment".to_owned()),
                    details: Set("{}".to_owned()),
                    created_at: Set(chrono::Utc::now()),
                    handled_at: Set(None),
                }
                .insert(self.app.db())
                .await
                .unwrap();
                fixture.id = id;
            }
            Subject::FailedMail => {
                let id = unique();
                let now = chrono::Utc::now();
                entity::outbox::ActiveModel {
                    id: Set(id.clone()),
                    recipient: Set("someone@example.org".to_owned()),
                    template: Set("new_comment".to_owned()),
                    payload: Set("{}".to_owned()),
                    status: Set("failed".to_owned()),
                    attempts: Set(8),
                    next_attempt_at: Set(now),
                    last_error: Set(Some("550 no such user".to_owned())),
                    sent_at: Set(None),
                    idempotency_key: Set(id.clone()),
                    created_at: Set(now),
                }
                .insert(self.app.db())
                .await
                .unwrap();
                fixture.id = id;
            }
            Subject::DataRequest | Subject::SupportedDataRequest => {
                let asked = self
                    .app
                    .call_ok(
                        Method::POST,
                        "/api/1/data-requests/",
                        &self.owner,
                        Some(json!({"title": "Trees", "purpose": "A map."})),
                    )
                    .await;
                fixture.id = asked["id"].as_str().unwrap().to_owned();
                let support = format!("/api/1/data-requests/{}/support/", fixture.id);
                self.app
                    .call_ok(Method::DELETE, &support, &self.owner, None)
                    .await;
                if let Some(user) =
                    actor_user.filter(|_| matches!(subject, Subject::SupportedDataRequest))
                {
                    self.app.call_ok(Method::POST, &support, user, None).await;
                }
            }
            Subject::Showcase => {
                for _ in 0..2 {
                    let id = self.reuse(Owner).await;
                    let path = format!("/api/1/reuses/{id}/featured/");
                    self.app
                        .call_ok(Method::POST, &path, &self.admin, None)
                        .await;
                }
                let featured = self
                    .app
                    .call_ok(Method::GET, "/api/1/reuses/featured/", &self.admin, None)
                    .await;
                fixture.order = featured
                    .as_array()
                    .unwrap()
                    .iter()
                    .rev()
                    .map(|reuse| reuse["id"].as_str().unwrap().to_owned())
                    .collect();
            }
        }
        fixture
    }

    /// Every row of every table, as text, sorted; what a refused call must leave as it was.
    async fn snapshot(&self) -> BTreeMap<String, Vec<Vec<Option<String>>>> {
        let db = self.app.db();
        let backend = db.get_database_backend();
        let (tables, columns) = match backend {
            DbBackend::Sqlite => (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
                "SELECT name FROM pragma_table_info($1)",
            ),
            _ => (
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
                "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            ),
        };
        let mut snapshot = BTreeMap::new();
        let names = db
            .query_all_raw(Statement::from_string(backend, tables))
            .await
            .unwrap();
        for name in names {
            let table: String = name.try_get_by_index(0).unwrap();
            let mut fields = Vec::new();
            for column in db
                .query_all_raw(Statement::from_sql_and_values(
                    backend,
                    columns,
                    [table.clone().into()],
                ))
                .await
                .unwrap()
            {
                let column: String = column.try_get_by_index(0).unwrap();
                // Using a key records when it was last used; that is no change of state.
                if !(table == "api_tokens" && column == "last_used_at") {
                    fields.push(format!("CAST(\"{column}\" AS TEXT)"));
                }
            }
            let sql = format!("SELECT {} FROM \"{table}\"", fields.join(", "));
            let mut rows: Vec<Vec<Option<String>>> = db
                .query_all_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .iter()
                .map(|row| {
                    (0..fields.len())
                        .map(|index| row.try_get_by_index(index).unwrap())
                        .collect()
                })
                .collect();
            rows.sort();
            snapshot.insert(table, rows);
        }
        snapshot
    }

    /// Calls `operation` as `actor` under `rule` on a fresh subject and checks the answer.
    async fn check(&self, operation: &str, rule: &Rule, actor: Actor) -> Result<(), String> {
        let fixture = self.fixture(rule.subject, actor).await;
        let user = match (actor, &fixture.owner) {
            (Owner, Some(owner)) => Some(owner),
            _ => self.user(actor),
        };
        let dialect = Dialect::of(operation);
        let (method, template) = operation.split_once(' ').unwrap();
        let path = dialect.url(template, &fixture);
        let mut request = self.app.request(method.parse().unwrap(), &path);
        if let Some(user) = user {
            request = request.header(dialect.key_header(), &user.token);
        }
        request = match &rule.body {
            Body::None => request,
            Body::Json(body) => request.json(&body(&fixture)),
            Body::Image => {
                let boundary = "authorization-matrix";
                let mut body = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
                )
                .into_bytes();
                body.extend_from_slice(&crate::support::images::png(40, 30));
                body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
                request
                    .header(
                        "Content-Type",
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .body(body)
            }
        };
        let before = self.snapshot().await;
        let response = request.send().await.unwrap();
        let status = response.status();
        let answer = response.text().await.unwrap_or_default();
        let after = self.snapshot().await;
        let case = format!("{operation} ({}) as {actor:?}", rule.case);
        let expected = if rule.allowed.contains(&actor) {
            None
        } else if actor == Anonymous {
            Some(dialect.anonymous_refusal())
        } else {
            Some(rule.refused)
        };
        match expected {
            None if !status.is_success() => {
                Err(format!("{case}: should be allowed, got {status} {answer}"))
            }
            None if before == after => {
                Err(format!("{case}: allowed ({status}) but changed nothing"))
            }
            None => Ok(()),
            Some(refused) if status != refused => Err(format!(
                "{case}: should be refused with {refused}, got {status} {answer}"
            )),
            Some(_) if before != after => Err(format!(
                "{case}: refused ({status}) but the database changed: {}",
                changed_tables(&before, &after).join(", ")
            )),
            Some(_) => Ok(()),
        }
    }
}

fn changed_tables(
    before: &BTreeMap<String, Vec<Vec<Option<String>>>>,
    after: &BTreeMap<String, Vec<Vec<Option<String>>>>,
) -> Vec<String> {
    before
        .keys()
        .chain(after.keys())
        .filter(|table| before.get(*table) != after.get(*table))
        .cloned()
        .collect()
}

/// `METHOD /path` of every operation of the documents that writes: udata's by their path in
/// its document, CKAN's by their whole path (`POST /api/3/action/{name}`).
async fn mutating_operations(app: &TestApp) -> Vec<String> {
    let mut operations = Vec::new();
    for dialect in Dialect::ALL {
        let (status, spec) = app.get(dialect.document()).await;
        assert_eq!(status, StatusCode::OK, "{}", dialect.document());
        for (path, item) in spec["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                if matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE") {
                    operations.push(format!("{method} {}{path}", dialect.prefix()));
                }
            }
        }
    }
    operations.sort();
    operations
}

#[tokio::test]
async fn every_mutating_operation_has_a_rule_and_keeps_to_it() {
    let app = TestApp::new().await;
    let operations = mutating_operations(&app).await;
    drop(app);
    assert!(operations.len() > 30, "{operations:?}");
    let ckan = operations
        .iter()
        .filter(|op| Dialect::of(op) == Dialect::Ckan)
        .count();
    assert!(ckan >= 7, "CKAN's writes are missing: {operations:?}");
    let missing: Vec<&String> = operations.iter().filter(|op| rules(op).is_none()).collect();
    assert!(
        missing.is_empty(),
        "no authorization rule for {missing:?}: add one to tests/it/api/authorization.rs \
         (udata's dialect) or tests/it/api/authorization_ckan.rs (CKAN's)"
    );

    // One app an operation, a few at a time; the actors of an operation one after the other,
    // so that the snapshot around each call sees that call alone.
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(3));
    let mut running = tokio::task::JoinSet::new();
    for operation in operations.clone() {
        let permits = permits.clone();
        running.spawn(async move {
            let _permit = permits.acquire_owned().await.unwrap();
            let world = World::new().await;
            let mut failures = Vec::new();
            for rule in rules(&operation).unwrap() {
                for actor in ACTORS {
                    if let Err(failure) = world.check(&operation, &rule, actor).await {
                        failures.push(failure);
                    }
                }
            }
            failures
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = running.join_next().await {
        failures.extend(done.unwrap());
    }
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of the authorization matrix's cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Each document requires its API key scheme (`apikey`, CKAN's `ckan_api_key`) on the writes no
/// anonymous caller may make, and lists it as optional on the others, so that a generated client
/// says which calls need a key (reads are checked in `docs`).
#[tokio::test]
async fn the_document_requires_the_api_key_where_anonymous_callers_are_refused() {
    let app = TestApp::new().await;
    let mut specs = BTreeMap::new();
    for dialect in Dialect::ALL {
        specs.insert(dialect.document(), app.get(dialect.document()).await.1);
    }
    let mut checked = 0;
    for operation in mutating_operations(&app).await {
        // An operation without rules fails the matrix's own test.
        let Some(rules) = rules(&operation) else {
            continue;
        };
        let dialect = Dialect::of(&operation);
        let spec = &specs[dialect.document()];
        let (method, path) = operation.split_once(' ').unwrap();
        let path = path.strip_prefix(dialect.prefix()).unwrap();
        let security = &spec["paths"][path][method.to_lowercase()]["security"];
        let scheme = dialect.scheme();
        let expected = if rules.iter().any(|rule| rule.allowed.contains(&Anonymous)) {
            json!([{scheme: []}, {}])
        } else {
            json!([{scheme: []}])
        };
        assert_eq!(security, &expected, "{operation}");
        checked += usize::from(dialect == Dialect::Ckan);
    }
    assert!(checked >= 7, "{checked} of CKAN's writes checked");
}
