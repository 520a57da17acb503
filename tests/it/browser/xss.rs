//! An XSS corpus in every field a user writes, rendered in headless Chromium on every page that
//! shows it: no script runs, no active markup reaches the page, and the CSP blocks inline script
//! even where markup would get through.

use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, Set};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::browser::{Browser, browser};
use crate::support::web::{signed_in, urlencode};
use crate::support::{TestApp, TestUser};

/// Classic payloads; each one that ran would set `window.__xss` (or the title).
const PAYLOADS: [&str; 22] = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=2\">",
    "<svg onload=\"window.__xss=3\"><script>window.__xss=3</script></svg>",
    "[clic](javascript:window.__xss=4)",
    "[clic](JaVaScRiPt:window.__xss=5) [b](&#106;avascript:window.__xss=5)",
    "\"><script>window.__xss=6</script>",
    "'><img src=x onerror=window.__xss=7>",
    "</textarea><script>window.__xss=8</script>",
    "</title><script>document.title='XSS'</script>",
    "<iframe src=\"javascript:parent.__xss=10\"></iframe>",
    "<a href=\"javascript:window.__xss=11\">clic</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=12>",
    "\u{202E}<img src=x onerror=window.__xss=13>\u{202C} e\u{301}\u{301}\u{301} 💥",
    "<details open ontoggle=\"window.__xss=14\">x</details>",
    "![x](x\" onerror=\"window.__xss=15)",
    "<body onload=window.__xss=16>",
    "<style>@import 'https://evil.example/x.css';</style>{{7*7}}",
    "<form action=\"javascript:window.__xss=18\"><button>go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=19\">",
    "<base href=\"https://evil.example/\"><object data=\"javascript:window.__xss=20\"></object>",
    "<!--<img src=\"--><img src=x onerror=window.__xss=21//\">",
    "[a](https://x.example \"title\\\" onmouseover=window.__xss=22\")",
];

/// What a page must not hold, found by looking at its live DOM.
const INSPECT: &str = r#"
const bad = [];
if (window.__xss !== undefined) bad.push('script ran: ' + window.__xss);
if (document.title === 'XSS') bad.push('title set by a script');
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  // The server's own plots: an SVG of lines, points and labels in a figure of the impact pages.
  if (tag === 'svg' && el.classList.contains('plot') && el.parentElement.matches('figure.plot-figure')
      && [...el.querySelectorAll('*')].every(c => ['line', 'text', 'polyline', 'circle']
        .includes(c.tagName.toLowerCase()))) continue;
  if (['script', 'iframe', 'object', 'embed', 'base', 'frame', 'frameset', 'style', 'svg', 'math']
      .includes(tag)) bad.push('<' + tag + '>');
  if (tag === 'meta' && el.httpEquiv) bad.push('<meta http-equiv>');
  if (tag === 'form' && el.closest('main') && !(el.getAttribute('action') || '').startsWith('/'))
    bad.push('form to ' + el.getAttribute('action'));
  for (const attr of el.attributes) {
    const name = attr.name.toLowerCase();
    const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
    if (name.startsWith('on')) bad.push(tag + ' ' + name);
    if (name === 'style' || name === 'srcdoc') bad.push(tag + ' ' + name);
    if (/^(javascript|vbscript|data):/.test(value) && name !== 'content')
      bad.push(tag + ' ' + name + '=' + value.slice(0, 40));
  }
}
return bad;
"#;

/// Everything written with one payload: (pages to visit, each with a marker it must show).
struct Planted {
    pages: Vec<(String, String)>,
}

/// Writes payload `i` into every field a user can write, as the API's users would.
async fn plant(app: &TestApp, admin: &TestUser, i: usize, payload: &str) -> Planted {
    let author = app
        .account(
            &format!("author{i}@example.org"),
            &format!("U{i} {payload}"),
            Role::User,
        )
        .await;
    let author = app.key_for(&author).await;
    let dataset = format!("ds{i}");
    app.call_ok(
        Method::POST,
        "/api/1/datasets/",
        admin,
        Some(json!({"id": dataset, "title": format!("D{i} {payload}"), "description": payload})),
    )
    .await;
    let org = app
        .call_ok(
            Method::POST,
            "/api/1/organizations/",
            &author,
            Some(json!({"name": format!("O{i} {payload}"), "description": payload})),
        )
        .await;
    let mut reuse = json!({
        "title": format!("xss{i} {payload}"),
        "description": format!("{payload}\n\n**gras** {payload}"),
        "url": format!("https://r{i}.example/?q={}#{payload}", urlencode(payload)),
        "type": "api", "topic": "others", "datasets": [dataset],
        "tags": [format!("xss{i}"), payload],
    });
    if i.is_multiple_of(2) {
        reuse["organization"] = org["id"].clone();
    }
    let (status, mut created) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&author),
            Some(reuse.clone()),
        )
        .await;
    if status == StatusCode::BAD_REQUEST {
        // Refused for its URL or tags, naming them: the rest of the payload goes in anyway.
        assert!(created["errors"].is_object(), "{created}");
        reuse["url"] = json!(format!("https://r{i}.example/"));
        reuse["tags"] = json!([format!("xss{i}")]);
        created = app
            .call_ok(Method::POST, "/api/1/reuses/", &author, Some(reuse))
            .await;
    }
    let reuse_id = created["id"].as_str().unwrap().to_owned();
    let slug = created["slug"].as_str().unwrap().to_owned();
    app.call_ok(
        Method::POST,
        &format!("/api/1/reuses/{reuse_id}/featured/"),
        admin,
        Some(json!({})),
    )
    .await;
    // Its link broken, as the checker would leave it: shown on its page and to animators.
    let now = vitrine::clock::now();
    entity::links::Entity::insert(entity::links::ActiveModel {
        id: Set(format!("reuse:{reuse_id}")),
        kind: Set("reuse".to_owned()),
        target_id: Set(reuse_id.clone()),
        url: Set(created["url"].as_str().unwrap().to_owned()),
        state: Set("broken".to_owned()),
        failures: Set(3),
        failing_since: Set(Some(now)),
        owner_told_at: Set(Some(now)),
        last_checked_at: Set(Some(now)),
        last_reason: Set(Some("http_404".to_owned())),
        next_check_at: Set(Some(now)),
        lease_until: Set(None),
    })
    .exec(app.db())
    .await
    .unwrap();
    // A data request in the same words, declined with them.
    let request = app
        .call_ok(
            Method::POST,
            "/api/1/data-requests/",
            &author,
            Some(
                json!({"title": format!("Q{i} {payload}"), "purpose": payload,
                        "holder": payload}),
            ),
        )
        .await;
    let request_id = request["id"].as_str().unwrap().to_owned();
    app.call_ok(
        Method::PUT,
        &format!("/api/1/data-requests/{request_id}/"),
        admin,
        Some(json!({"status": "declined", "reason": format!("N{i} {payload}")})),
    )
    .await;
    let mut pages = vec![
        (format!("data-requests/{request_id}/"), format!("N{i}")),
        (format!("reuses/{slug}/"), format!("xss{i}")),
        (
            format!("datasets/{}/", slug_of_dataset(app, &dataset).await),
            format!("D{i}"),
        ),
        (format!("users/{}/", author.id), format!("U{i}")),
        (
            format!("impact/datasets/{}/", slug_of_dataset(app, &dataset).await),
            format!("D{i}"),
        ),
        (
            format!("impact/organizations/{}/", org["id"].as_str().unwrap()),
            format!("O{i}"),
        ),
    ];
    for (class, id) in [("Reuse", reuse_id.as_str()), ("Dataset", dataset.as_str())] {
        let thread = app
            .call_ok(
                Method::POST,
                "/api/1/discussions/",
                &author,
                Some(
                    json!({"title": format!("T{i} {payload}"), "comment": payload,
                   "subject": {"class": class, "id": id}}),
                ),
            )
            .await;
        let thread_id = thread["id"].as_str().unwrap();
        app.call_ok(
            Method::POST,
            &format!("/api/1/discussions/{thread_id}/"),
            admin,
            Some(json!({"comment": format!("R{i} {payload}")})),
        )
        .await;
        pages.push((format!("discussions/{thread_id}/"), format!("T{i}")));
    }
    app.call_ok(
        Method::POST,
        "/api/1/reports/",
        &author,
        Some(
            json!({"subject": {"class": "Reuse", "id": reuse_id}, "reason": "others",
               "message": format!("M{i} {payload}")}),
        ),
    )
    .await;
    app.call_ok(
        Method::POST,
        "/api/1/me/api_tokens/",
        admin,
        Some(json!({"name": format!("K{i} {payload}")})),
    )
    .await;
    Planted { pages }
}

async fn slug_of_dataset(app: &TestApp, id: &str) -> String {
    let (_, dataset) = app.get(&format!("/api/1/datasets/{id}/")).await;
    dataset["slug"].as_str().unwrap().to_owned()
}

/// Opens `path` and returns what the page must not hold (empty when all is well).
async fn inspect(browser: &Browser, app: &TestApp, path: &str, marker: &str) -> Vec<String> {
    browser.goto(&format!("{}{path}", app.url)).await;
    let text = browser.text("body").await;
    assert!(
        text.contains(marker),
        "{path} does not show {marker}: {text}"
    );
    let found = browser.client.execute(INSPECT, vec![]).await.unwrap();
    serde_json::from_value::<Vec<String>>(found)
        .unwrap()
        .into_iter()
        .map(|problem| format!("{path}: {problem}"))
        .collect()
}

#[tokio::test]
async fn no_payload_runs_or_reaches_a_page_in_any_field() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&admin),
            Some(
                json!({"title": "x", "description": "x", "url": "javascript:alert(1)",
                        "type": "api", "topic": "others", "datasets": []}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["url"].is_array(), "{body}");
    let mut pages = Vec::new();
    for (i, payload) in PAYLOADS.iter().enumerate() {
        pages.extend(plant(&app, &admin, i, payload).await.pages);
    }
    for (path, marker) in [
        ("", "xss"),
        ("reuses/", "xss"),
        ("reuses/?q=xss1", "xss1"),
        ("datasets/", "D1"),
        ("moderation/", "M1"),
        ("moderation/featured", "xss1"),
        ("moderation/links", "xss1"),
        ("data-requests/?status=declined", "Q1"),
        ("moderation/audit", ""),
        ("moderation/sync", ""),
        ("me/", "K1"),
        ("impact/", ""),
    ] {
        pages.push((path.to_owned(), marker.to_owned()));
    }
    vitrine::impact::refresh(&app.state).await.unwrap();
    // The admin's browser, signed in with a session of its own.
    let session = signed_in(&app, &admin.id).await;
    browser.goto(&app.url).await;
    let cookie = fantoccini::cookies::Cookie::parse(format!(
        "{session}; Path=/; Domain=127.0.0.1; SameSite=Lax; HttpOnly"
    ))
    .unwrap();
    browser.client.add_cookie(cookie).await.unwrap();
    let mut problems = Vec::new();
    for (path, marker) in &pages {
        problems.extend(inspect(&browser, &app, path, marker).await);
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "{} payloads in 18 fields, {} pages inspected",
        PAYLOADS.len(),
        pages.len()
    );
    browser.close().await;
}

#[tokio::test]
async fn the_csp_blocks_inline_script_even_where_markup_got_through() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::new().await;
    browser.goto(&format!("{}reuses/", app.url)).await;
    let blocked = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const script = document.createElement('script');
               script.textContent = 'window.__inline = 1';
               document.body.appendChild(script);
               document.body.insertAdjacentHTML('beforeend',
                 '<img id="probe" src="/nothing.png" onerror="window.__handler = 1">');
               const probe = document.getElementById('probe');
               probe.addEventListener('error', () => setTimeout(() =>
                 done([window.__inline === undefined, window.__handler === undefined]), 0));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        blocked,
        json!([true, true]),
        "inline script and handler blocked"
    );
    // And the inspection of the corpus test sees such markup when it is there.
    let seen = browser.client.execute(INSPECT, vec![]).await.unwrap();
    let seen: Vec<String> = serde_json::from_value(seen).unwrap();
    assert!(seen.contains(&"<script>".to_owned()), "{seen:?}");
    assert!(seen.contains(&"img onerror".to_owned()), "{seen:?}");

    // The API documentation's own scripts run (allowed by hash): Swagger UI draws itself.
    browser.goto(&format!("{}api/1/docs", app.url)).await;
    let title = browser.text(".swagger-ui .info .title").await;
    assert!(title.contains("Vitrine API"), "{title}");
    browser.close().await;
}
