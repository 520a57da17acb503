//! The daily digest: daily mails go out once, in a single mail.

use serde_json::json;
use vitrine::models::users::Role;

use crate::support::api::{id_of, pairs};
use crate::support::datasets::follow;
use crate::support::discussions::{discussion_url, open, reply};
use crate::support::mail::{WAIT, outbox_of, settle};
use crate::support::notifications::{kinds, set};
use crate::support::smtp::subjects;
use crate::support::world::{AIR, VELO, world_with_mail};

#[tokio::test]
async fn daily_mails_go_out_once_in_a_single_digest() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let follower = app.user("Fanny", Role::User).await;
    follow(app, &follower, "ds-air").await;
    follow(app, &follower, "ds-velo").await;
    set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "email": "daily"}]}),
    )
    .await;

    // Two held mails each: the follower's questions (daily by default), the asker's replies.
    let first = id_of(&open(app, &asker, "ds-air", "Question air", "Air ?").await);
    let second = id_of(&open(app, &asker, "ds-velo", "Question vélo", "Vélo ?").await);
    reply(app, &w.org_admin, &first, json!({"comment": "Réponse une"})).await;
    reply(
        app,
        &w.org_admin,
        &first,
        json!({"comment": "Réponse deux"}),
    )
    .await;
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_discussion", "followed_discussion"],
        "in the app at once"
    );
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "in the app at once"
    );
    // The editor's immediate mails pass; the daily ones wait.
    smtp.wait_for_to(&w.org_editor.email, 4, WAIT).await;
    settle(app).await;
    assert_eq!(subjects(&smtp, &follower), Vec::<String>::new());
    assert_eq!(subjects(&smtp, &asker), Vec::<String>::new());
    assert_eq!(
        outbox_of(app, &follower).await,
        pairs(&[
            ("held", "followed_discussion"),
            ("held", "followed_discussion")
        ])
    );
    assert_eq!(
        outbox_of(app, &asker).await,
        pairs(&[("held", "new_comment"), ("held", "new_comment")])
    );

    // `vitrine digest`, twice.
    let output = app.command(&["digest"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("digests written 2"),
        "{output:?}"
    );
    smtp.wait_for_to(&follower.email, 1, WAIT).await;
    smtp.wait_for_to(&asker.email, 1, WAIT).await;
    let output = app.command(&["digest"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("digests written 0"),
        "{output:?}"
    );
    settle(app).await;

    let mails = smtp.mails_to(&follower.email);
    assert_eq!(
        mails.len(),
        1,
        "one digest: {:?}",
        subjects(&smtp, &follower)
    );
    let digest = &mails[0];
    assert_eq!(digest.subject, "[Vitrine] Votre résumé quotidien (2)");
    for line in [
        format!("Nouvelle question sur « {AIR} »"),
        format!("Nouvelle question sur « {VELO} »"),
        discussion_url(app, &first),
        discussion_url(app, &second),
    ] {
        assert!(digest.text.contains(&line), "{line} in {}", digest.text);
        assert!(digest.html.contains(&line), "{line} in {}", digest.html);
    }
    assert!(digest.text.contains("Bonjour Fanny,"), "{}", digest.text);

    let mails = smtp.mails_to(&asker.email);
    assert_eq!(mails.len(), 1, "one digest: {:?}", subjects(&smtp, &asker));
    let digest = &mails[0];
    assert_eq!(digest.subject, "[Vitrine] Votre résumé quotidien (2)");
    assert_eq!(
        digest
            .text
            .matches("Nouvelle réponse : Question air")
            .count(),
        2,
        "both replies: {}",
        digest.text
    );
    assert!(
        digest.text.contains(&discussion_url(app, &first)),
        "{}",
        digest.text
    );
    assert_eq!(
        outbox_of(app, &asker).await,
        pairs(&[
            ("digested", "new_comment"),
            ("digested", "new_comment"),
            ("sent", "digest")
        ])
    );

    // Once a day: what is held later waits for tomorrow's digest.
    reply(
        app,
        &w.org_admin,
        &first,
        json!({"comment": "Réponse trois"}),
    )
    .await;
    let output = app.command(&["digest"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("digests written 0"),
        "{output:?}"
    );
    smtp.wait_for_to(&w.org_editor.email, 5, WAIT).await;
    settle(app).await;
    assert_eq!(
        smtp.mails_to(&asker.email).len(),
        1,
        "a single digest a day"
    );
    assert_eq!(kinds(app, &asker).await.len(), 3, "in the app at once");
    assert_eq!(
        outbox_of(app, &asker).await,
        pairs(&[
            ("digested", "new_comment"),
            ("digested", "new_comment"),
            ("held", "new_comment"),
            ("sent", "digest")
        ]),
        "the third reply waits for tomorrow's digest"
    );
}
