//! Hostile input over HTTP: oversized and malformed bodies, slow uploads, image bombs,
//! SQL-ish and Unicode-tricky filters, and path traversal on media URLs. Never a 5xx.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vitrine::models::users::Role;

use crate::support::images::{claiming, crc32, png, upload};
use crate::support::reuses::a_reuse;
use crate::support::web::{client, csrf_from, page_as, signed_in, urlencode};
use crate::support::{TestApp, TestUser};

/// A guard against a hung server, not a measure: every answer here comes at once.
const HANG: Duration = Duration::from_secs(60);

/// The address of `app`, for requests written byte by byte.
fn address(app: &TestApp) -> String {
    app.url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

/// Sends `head` (request line and headers, without the blank line) and `body` as they are, and
/// returns the status and body of the answer (the connection is closed after it).
async fn raw(app: &TestApp, head: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address(app)).await.unwrap();
    let mut request = format!(
        "{head}\r\nHost: {}\r\nConnection: close\r\n\r\n",
        address(app)
    )
    .into_bytes();
    request.extend_from_slice(body);
    // The server may answer (413) and close before reading everything: that is its right.
    let _ = stream.write_all(&request).await;
    let mut answer = Vec::new();
    tokio::time::timeout(HANG, stream.read_to_end(&mut answer))
        .await
        .expect("the server hung")
        .ok();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer to {head}: {text:?}"));
    (status, text)
}

/// An administrator owning a dataset and a reuse of theirs.
async fn setup(app: &TestApp) -> (TestUser, String) {
    let owner = app.user("Owner", Role::Admin).await;
    let (_, id, _) = a_reuse(app, &owner, &owner).await;
    (owner, id)
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = TestApp::new().await;
    let (owner, id) = setup(&app).await;
    let big = "x".repeat(9 * 1024 * 1024);
    let json_body = json!({"title": big}).to_string();
    let (status, _) = raw(
        &app,
        &format!(
            "POST /api/1/reuses/ HTTP/1.1\r\nX-API-KEY: {}\r\nContent-Type: application/json\r\nContent-Length: {}",
            owner.token,
            json_body.len()
        ),
        json_body.as_bytes(),
    )
    .await;
    assert_eq!(status, 413, "announced JSON");
    let form = format!("csrf_token=x&message={big}");
    let (status, _) = raw(
        &app,
        &format!(
            "POST /report HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}",
            form.len()
        ),
        form.as_bytes(),
    )
    .await;
    assert_eq!(status, 413, "announced form");
    // Streamed without a length: counted as it comes.
    let mut chunked = Vec::new();
    for chunk in json_body.as_bytes().chunks(1024 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let (status, _) = raw(
        &app,
        &format!(
            "PUT /api/1/reuses/{id}/ HTTP/1.1\r\nX-API-KEY: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
            owner.token
        ),
        &chunked,
    )
    .await;
    assert_eq!(status, 413, "chunked JSON");
    // An image over its own limit (5 MB by default), through the API and through the page.
    let (status, body) = upload(&app, &owner, &id, "big.png", vec![0x89; 6 * 1024 * 1024]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(
        body["message"].as_str().unwrap().starts_with("file:"),
        "{body}"
    );
    let (_, reuse) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(reuse["title"], "Carte", "nothing changed");
}

/// A multipart body with one `file` part, in the shape `upload` sends.
fn multipart(boundary: &str, part_headers: &str, content: &[u8], close: bool) -> Vec<u8> {
    let mut body = format!("--{boundary}\r\n{part_headers}\r\n\r\n").into_bytes();
    body.extend_from_slice(content);
    if close {
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    }
    body
}

#[tokio::test]
async fn malformed_and_slow_multipart_is_refused_without_hanging_the_server() {
    let app = TestApp::new().await;
    let (owner, id) = setup(&app).await;
    let image = png(20, 20);
    let disposition = "Content-Disposition: form-data; name=\"file\"; filename=\"x.png\"";
    let huge_header = format!("{disposition}\r\nX-Padding: {}", "a".repeat(200_000));
    let cases: Vec<(&str, String, Vec<u8>)> = vec![
        (
            "no boundary",
            "multipart/form-data".into(),
            multipart("b", disposition, &image, true),
        ),
        (
            "truncated, no closing boundary",
            "multipart/form-data; boundary=b".into(),
            multipart("b", disposition, &image, false),
        ),
        (
            "truncated inside the headers",
            "multipart/form-data; boundary=b".into(),
            b"--b\r\nContent-Disposition: form-da".to_vec(),
        ),
        (
            "another boundary in the body",
            "multipart/form-data; boundary=b".into(),
            multipart("c", disposition, &image, true),
        ),
        (
            "a 200 kB part header",
            "multipart/form-data; boundary=b".into(),
            multipart("b", &huge_header, &image, true),
        ),
        (
            "no name",
            "multipart/form-data; boundary=b".into(),
            multipart("b", "Content-Disposition: form-data", &image, true),
        ),
        (
            "empty body",
            "multipart/form-data; boundary=b".into(),
            Vec::new(),
        ),
        (
            "garbage",
            "multipart/form-data; boundary=b".into(),
            vec![0xff; 5000],
        ),
        ("not multipart", "text/plain".into(), image.clone()),
    ];
    let cookie = signed_in(&app, &owner.id).await;
    let token = csrf_from(&page_as(&app, "reuses/new", &cookie).await);
    for (what, content_type, body) in &cases {
        for (path, auth) in [
            (
                format!("/api/1/reuses/{id}/image/"),
                format!("X-API-KEY: {}", owner.token),
            ),
            (
                "/reuses/new".to_owned(),
                format!("Cookie: {cookie}\r\nX-CSRF-Token: {token}"),
            ),
        ] {
            let (status, answer) = raw(
                &app,
                &format!(
                    "POST {path} HTTP/1.1\r\n{auth}\r\nContent-Type: {content_type}\r\nContent-Length: {}",
                    body.len()
                ),
                body,
            )
            .await;
            if what.starts_with("a 200 kB") {
                // Within the body limit, a long header is only long: read, or refused.
                assert!(status < 500, "{what} to {path}: {answer}");
            } else {
                assert!((400..500).contains(&status), "{what} to {path}: {answer}");
            }
        }
    }

    // A client that sends part of its upload and stalls holds only its own connection.
    let (_, before) = app.get(&format!("/api/1/reuses/{id}/")).await;
    let files = media_files(&app);
    let mut slow = TcpStream::connect(address(&app)).await.unwrap();
    let head = format!(
        "POST /api/1/reuses/{id}/image/ HTTP/1.1\r\nHost: x\r\nX-API-KEY: {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n",
        owner.token
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&multipart("b", disposition, &image[..100], false))
        .await
        .unwrap();
    for _ in 0..5 {
        let (status, _) = app.get("/api/1/reuses/").await;
        assert_eq!(status, StatusCode::OK, "others are served meanwhile");
    }
    // It gives up half-way: the server drops the upload and stays well.
    drop(slow);
    let (status, reuse) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reuse["image"], before["image"], "{reuse}");
    assert_eq!(media_files(&app), files);
}

/// How many files the media store holds.
fn media_files(app: &TestApp) -> usize {
    let root = std::path::Path::new(&app.env["VITRINE_DATA_DIR"]).join("media");
    let mut count = 0;
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                count += 1;
            }
        }
    }
    count
}

/// A zlib stream of `length` zero bytes, a few bytes per 258 of them (fixed Huffman codes:
/// a literal zero, then "repeat 258 from 1 back" over and over).
fn zeros_deflated(length: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, written from its most significant bit.
        fn code(&mut self, code: u64, count: u32) {
            let reversed = (0..count).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
            self.put(reversed, count);
        }
    }
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    bits.put(0b011, 3); // last block, fixed codes
    let mut left = length;
    let literal = |bits: &mut Bits| bits.code(0x30, 8);
    literal(&mut bits);
    left -= 1;
    while left >= 258 {
        bits.code(0b1100_0101, 8); // length 258
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        literal(&mut bits);
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    let mut out = bits.out;
    let (a, b) = (1u32, (length % 65521) as u32);
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A PNG chunk.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut bytes = (data.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(kind);
    bytes.extend_from_slice(data);
    let crc = crc32(&bytes[4..]);
    bytes.extend_from_slice(&crc.to_be_bytes());
    bytes
}

/// A real PNG of `width` × `height` black RGBA pixels: tiny, but huge once decoded.
fn pixel_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let raw_len = (width as usize * 4 + 1) * height as usize;
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(chunk(b"IHDR", &ihdr));
    bytes.extend(chunk(b"IDAT", &zeros_deflated(raw_len)));
    bytes.extend(chunk(b"IEND", &[]));
    bytes
}

/// A valid small PNG with a compressed text chunk that inflates to `length` bytes.
fn text_bomb(length: usize) -> Vec<u8> {
    let image = png(4, 4);
    let mut ztxt = b"Comment\0\0".to_vec();
    ztxt.extend(zeros_deflated(length));
    let mut bytes = image[..33].to_vec();
    bytes.extend(chunk(b"zTXt", &ztxt));
    bytes.extend_from_slice(&image[33..]);
    bytes
}

#[tokio::test]
async fn image_bombs_and_fake_images_are_refused_naming_the_field() {
    let app = TestApp::new().await;
    let (owner, id) = setup(&app).await;
    let declared = claiming(50_000, 50_000);
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>"#;
    let cases: Vec<(&str, &str, Vec<u8>, StatusCode)> = vec![
        (
            "50000×50000 declared",
            "bomb.png",
            declared,
            StatusCode::BAD_REQUEST,
        ),
        (
            "9000×9000 RGBA of real zeros",
            "zeros.png",
            pixel_bomb(9000, 9000),
            StatusCode::BAD_REQUEST,
        ),
        (
            "text, named .png",
            "text.png",
            b"just some text, not an image".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "SVG with script",
            "evil.svg",
            svg.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "SVG named .png",
            "evil.png",
            svg.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "HTML named .gif",
            "page.gif",
            b"<html><script>alert(1)</script></html>".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "PNG cut short",
            "cut.png",
            png(300, 300)[..400].to_vec(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "empty",
            "empty.png",
            Vec::new(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (what, name, bytes, expected) in cases {
        let (status, body) = upload(&app, &owner, &id, name, bytes).await;
        assert_eq!(status, expected, "{what}: {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            body["errors"]["file"].is_array() || message.starts_with("file"),
            "{what}: the field is named: {body}"
        );
    }
    assert_eq!(media_files(&app), 0, "no thumbnail left behind");
    let (_, reuse) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert!(reuse["image"].is_null(), "{reuse}");
    // A zTXt chunk inflating to 300 MB: refused or read without it, never a failure.
    let (status, body) = upload(&app, &owner, &id, "text-bomb.png", text_bomb(300 << 20)).await;
    assert!(
        status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
        "{status}: {body}"
    );
    if status != StatusCode::OK {
        let (_, reuse) = app.get(&format!("/api/1/reuses/{id}/")).await;
        assert!(reuse["image"].is_null(), "{reuse}");
        assert_eq!(media_files(&app), 0, "no thumbnail left behind");
    }
}

/// Hostile values for every filter: SQL, LIKE wildcards, escapes, NUL, very long, RTL
/// override, combining marks, emoji, and invalid UTF-8 once percent-decoded.
const TRICKY: [&str; 16] = [
    "' OR 1=1--",
    "\" OR \"\"=\"",
    "1; DROP TABLE reuses;--",
    "%",
    "_",
    "%%",
    "\\",
    "\\%",
    "%00",
    "%E2%80%AEevil",
    "e%CC%81%CC%81%CC%81",
    "%F0%9F%92%A9",
    "%FF%FE",
    "%C0%AF",
    "*)(|(a=*",
    "{{7*7}}",
];

#[tokio::test]
async fn tricky_filters_never_fail_and_wildcards_match_nothing() {
    let app = TestApp::new().await;
    let (owner, id) = setup(&app).await;
    let mut long = "a".repeat(10_000);
    long.push_str("%25");
    let mut values: Vec<String> = TRICKY.iter().map(|v| v.to_string()).collect();
    values.push(long);
    // Every query parameter of every GET of the API, from its own OpenAPI document.
    let (_, spec) = app.get("/api/1/openapi.json").await;
    let mut targets: Vec<(String, String)> = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(get) = item.get("get") else { continue };
        let params = get["parameters"].as_array().cloned().unwrap_or_default();
        let concrete = path
            .replace("{id}", &id)
            .replace("{user_id}", &owner.id)
            .replace("{org}", "none");
        let concrete = concrete
            .split('/')
            .map(|part| {
                if part.starts_with('{') {
                    id.as_str()
                } else {
                    part
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for param in params.iter().filter(|p| p["in"] == "query") {
            targets.push((
                format!("api/1{concrete}"),
                param["name"].as_str().unwrap().to_owned(),
            ));
        }
    }
    // And every filter of the pages and feeds.
    for (page, params) in [
        (
            "reuses/",
            &[
                "q",
                "kind",
                "topic",
                "tag",
                "dataset",
                "organization",
                "sort",
                "page",
            ][..],
        ),
        ("", &["q"]),
        ("datasets/", &["q", "page"]),
        (
            "reuses/feed.atom",
            &["q", "tag", "type", "topic", "dataset", "organization"],
        ),
        (
            "reuses/new",
            &["dataset_q", "datasets", "title", "url", "tags"],
        ),
    ] {
        for param in params {
            targets.push((page.to_owned(), (*param).to_owned()));
        }
    }
    assert!(targets.len() > 40, "{} parameters", targets.len());
    let admin_cookie = signed_in(&app, &owner.id).await;
    let mut tried = 0;
    for (path, param) in &targets {
        for value in &values {
            let encoded: String = if value.contains('%') && !value.starts_with("' ") {
                value.clone()
            } else {
                urlencode(value)
            };
            let url = format!("{}{path}?{param}={encoded}", app.url);
            let mut request = client().get(&url).header("X-API-KEY", &owner.token);
            if !path.starts_with("api/") {
                request = client().get(&url).header(COOKIE, &admin_cookie);
            }
            let answer = request.send().await.unwrap();
            let status = answer.status();
            let body = answer.text().await.unwrap();
            assert!(
                !status.is_server_error(),
                "{path}?{param}={encoded}: {status} {body}"
            );
            if status.is_client_error() && path.starts_with("api/") {
                let json: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                assert!(
                    json["message"].is_string(),
                    "{path}?{param}: a message: {body}"
                );
            }
            tried += 1;
        }
    }
    // NUL cannot be stored or compared by PostgreSQL: refused up front, naming the parameter.
    let (status, body) = app.get("/api/1/datasets/?q=a%00b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["q"].is_array(), "{body}");
    // LIKE wildcards and quotes are text, not patterns.
    for q in ["%", "_", "%25", "' OR 1=1--", "\\"] {
        let encoded = urlencode(q);
        for path in [
            "/api/1/reuses/",
            "/api/1/datasets/",
            "/api/1/organizations/",
        ] {
            let (status, body) = app.get(&format!("{path}?q={encoded}")).await;
            assert_eq!(status, StatusCode::OK, "{path}?q={q}");
            assert_eq!(body["total"], 0, "{path}?q={q} matched: {body}");
        }
        let (_, found) = app
            .get(&format!("/api/1/reuses/suggest/?q={encoded}"))
            .await;
        assert_eq!(found, json!([]), "suggest q={q}");
    }
    eprintln!(
        "{tried} hostile filter values tried on {} parameters",
        targets.len()
    );
}

#[tokio::test]
async fn media_urls_never_reach_outside_the_media_directory() {
    let app = TestApp::new().await;
    let (owner, id) = setup(&app).await;
    let (status, _) = upload(&app, &owner, &id, "x.png", png(30, 30)).await;
    assert_eq!(status, StatusCode::OK);
    let secret = std::fs::read_to_string(
        std::path::Path::new(&app.env["VITRINE_DATA_DIR"]).join("secret.key"),
    )
    .unwrap();
    let attacks = [
        "/media/../secret.key",
        "/media/images/../../secret.key",
        "/media/images/..%2f..%2fsecret.key",
        "/media/images/%2e%2e%2f%2e%2e%2fsecret.key",
        "/media/images/%2e%2e/%2e%2e/secret.key",
        "/media/images/..%5c..%5csecret.key",
        "/media/images/..\\..\\secret.key",
        "/media/images/%252e%252e%252fsecret.key",
        "/media/images/....//....//secret.key",
        "/media/images/%2fetc%2fpasswd",
        "/media/images//etc/passwd",
        "/media//etc/passwd",
        "/media/images/C:%5cWindows%5cwin.ini",
        "/media/images/x.png%00.jpg",
        "/media/images/%c0%ae%c0%ae%c0%afsecret.key",
        "/media/images/.",
        "/media/images/..",
        "/media/images/test.db",
        "/media/images/..%2ftest.db",
        "/media/images/%2e%2e%2ftest.db",
        "/static/../secret.key",
        "/static/..%2fsecret.key",
        "/static/vitrine.css/../../secret.key",
    ];
    for path in attacks {
        let (status, answer) = raw(&app, &format!("GET {path} HTTP/1.1"), b"").await;
        assert!(status == 404 || status == 400, "{path}: {answer}");
        assert!(
            !answer.contains(secret.trim()),
            "{path} served the secret key"
        );
        assert!(!answer.contains("root:x:0:0"), "{path} served /etc/passwd");
        assert!(
            !answer.contains("SQLite format"),
            "{path} served the database"
        );
    }
}

/// The reuse form as the page posts it: fields, then the image.
fn reuse_form(token: &str, url: &str, image: &[u8]) -> (String, Vec<u8>) {
    let boundary = "form-boundary";
    let mut body = Vec::new();
    for (name, value) in [
        ("csrf_token", token),
        ("title", "Carte imagée"),
        ("description", "Une carte."),
        ("url", url),
        ("type", "api"),
        ("topic", "health"),
        ("datasets", "d1"),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let part = "Content-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\nContent-Type: image/png";
    body.extend(multipart(boundary, part, image, true));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_reuse_form_refuses_bad_images_beside_the_field_and_keeps_no_file() {
    let app = TestApp::new().await;
    let (owner, _) = setup(&app).await;
    let cookie = signed_in(&app, &owner.id).await;
    let token = csrf_from(&page_as(&app, "reuses/new", &cookie).await);
    let declared = claiming(50_000, 50_000);
    for (what, url, image, expected) in [
        (
            "bomb",
            "https://ok.example",
            declared,
            StatusCode::BAD_REQUEST,
        ),
        (
            "too large",
            "https://ok.example",
            vec![0x89; 6 << 20],
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "not an image",
            "https://ok.example",
            b"<svg onload=alert(1)>".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "good image, bad URL",
            "pas-une-url",
            png(50, 50),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (content_type, body) = reuse_form(&token, url, &image);
        let answer = client()
            .post(format!("{}reuses/new", app.url))
            .header(COOKIE, &cookie)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), expected, "{what}");
        let html = answer.text().await.unwrap();
        let field = if url == "pas-une-url" { "url" } else { "image" };
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "{what}: {html}"
        );
        if url != "pas-une-url" {
            assert_eq!(media_files(&app), 0, "{what}: no file left behind");
        }
    }
    let (_, list) = app.get("/api/1/reuses/").await;
    assert_eq!(list["total"], 1, "nothing created");
}

#[tokio::test]
async fn a_refused_form_leaves_no_image_behind() {
    let app = TestApp::new().await;
    let (owner, _) = setup(&app).await;
    let cookie = signed_in(&app, &owner.id).await;
    let token = csrf_from(&page_as(&app, "reuses/new", &cookie).await);
    let send = |title: &'static str| {
        let (app, cookie, token) = (&app, cookie.clone(), token.clone());
        async move {
            let mut body = Vec::new();
            for (name, value) in [
                ("csrf_token", token.as_str()),
                ("title", title),
                ("url", "https://carte-avec-image.example"),
                ("type", "visualization"),
                ("topic", "health"),
                ("description", "Une carte."),
                ("datasets", "d1"),
            ] {
                body.extend(multipart(
                    "b",
                    &format!("Content-Disposition: form-data; name=\"{name}\""),
                    value.as_bytes(),
                    false,
                ));
                body.extend_from_slice(b"\r\n");
            }
            body.extend(multipart(
                "b",
                "Content-Disposition: form-data; name=\"image\"; filename=\"carte.png\"\r\nContent-Type: image/png",
                &png(40, 30),
                true,
            ));
            raw(
                app,
                &format!(
                    "POST /reuses/new HTTP/1.1\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}",
                    body.len()
                ),
                &body,
            )
            .await
        }
    };
    let (status, answer) = send("").await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(media_files(&app), 0, "the refused form stored its image");
    let (status, answer) = send("Carte avec image").await;
    assert_eq!(status, 303, "the same form with a title is taken: {answer}");
    assert!(media_files(&app) > 0, "and its image stored");
}
