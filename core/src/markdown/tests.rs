use super::*;

fn known(handle: &str) -> Option<String> {
    (handle == "camille").then(|| "/users/camille".to_owned())
}

/// A resolver that tries to smuggle a script URL through a mention.
fn hostile(handle: &str) -> Option<String> {
    Some(format!("javascript:alert('{handle}')\" onclick=\"alert(1)"))
}

/// Panics when `html` holds a forbidden tag, attribute or URL scheme.
///
/// Text is escaped, so every `<` in the output opens a real tag; attribute checks look inside
/// tags only, because escaped text may legitimately show `onerror=` to the reader.
fn assert_neutralised(input: &str, html: &str) {
    let lower = html.to_lowercase();
    for tag in [
        "<script", "<iframe", "<svg", "<img", "<style", "<object", "<embed", "<form", "<input",
        "<math", "<base", "<link", "<meta", "<details", "<body", "<div",
    ] {
        assert!(!lower.contains(tag), "{tag} from {input:?}: {html}");
    }
    for tag in tags(&lower) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ALLOWED_TAGS.contains(&name.as_str()),
            "<{name}> from {input:?}: {html}"
        );
        for (attribute, value) in attributes(&tag) {
            assert!(
                !attribute.starts_with("on") && attribute != "style",
                "{attribute}= from {input:?}: {html}"
            );
            let url: String = decode(&value)
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .collect();
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(!url.starts_with(scheme), "{scheme} from {input:?}: {html}");
            }
        }
    }
}

/// The inside of each tag (`a href="…"`), honouring double-quoted values.
fn tags(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    let mut quoted = false;
    for c in html.chars() {
        match (&mut current, c) {
            (None, '<') => current = Some(String::new()),
            (None, _) => {}
            (Some(tag), '"') => {
                quoted = !quoted;
                tag.push(c);
            }
            (Some(_), '>') if !quoted => found.extend(current.take()),
            (Some(tag), c) => tag.push(c),
        }
    }
    assert!(current.is_none(), "unterminated tag in {html}");
    found
}

/// `name="value"` pairs of a tag as the serializer writes them.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = tag.split_once(' ').map_or("", |(_, rest)| rest);
    while let Some((name, after)) = rest.split_once("=\"") {
        let Some((value, next)) = after.split_once('"') else {
            break;
        };
        pairs.push((name.trim().to_owned(), value.to_owned()));
        rest = next;
    }
    pairs
}

/// Undoes character references in an attribute value (named ones a serializer writes, numeric).
fn decode(value: &str) -> String {
    let mut decoded = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semicolon) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..semicolon];
        let number = match entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => entity.strip_prefix('#').and_then(|dec| dec.parse().ok()),
        };
        let c = match (entity, number.and_then(char::from_u32)) {
            (_, Some(c)) => c,
            ("quot", _) => '"',
            ("amp", _) => '&',
            ("lt", _) => '<',
            ("gt", _) => '>',
            ("nbsp", _) => ' ',
            _ => {
                decoded.push('&');
                rest = &rest[1..];
                continue;
            }
        };
        decoded.push(c);
        rest = &rest[semicolon + 1..];
    }
    decoded.push_str(rest);
    decoded
}

#[test]
fn the_xss_corpus_is_neutralised() {
    for input in XSS_CORPUS {
        assert_neutralised(input, &render_plain(input));
        assert_neutralised(input, &render(input, &known));
        assert_neutralised(input, &render(input, &hostile));
    }
}

#[test]
fn the_checker_catches_what_it_should() {
    for bad in [
        r#"<p onclick="x">a</p>"#,
        r#"<a href="javascript:alert(1)">x</a>"#,
        r#"<a href=" java&#x09;script:x">x</a>"#,
        r#"<img src="x">"#,
        r#"<p style="color:red">x</p>"#,
        r#"<span>x</span>"#,
    ] {
        let caught = std::panic::catch_unwind(|| assert_neutralised("checker", bad));
        assert!(caught.is_err(), "checker missed {bad}");
    }
}

#[test]
fn raw_html_shows_as_text() {
    assert_eq!(render_plain("<b>x</b>"), "<p>&lt;b&gt;x&lt;/b&gt;</p>\n");
    assert_eq!(
        render_plain("<script>alert(1)</script>"),
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    );
}

#[test]
fn emphasis_and_strikethrough() {
    assert_eq!(
        render_plain("*a* **b** ~~c~~"),
        "<p><em>a</em> <strong>b</strong> <del>c</del></p>\n"
    );
}

#[test]
fn lists_keep_their_start() {
    let html = render_plain("- a\n- b\n\n3. c\n4. d");
    assert!(
        html.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        "{html}"
    );
    assert!(html.contains("<ol start=\"3\">\n<li>c</li>"), "{html}");
}

#[test]
fn code_blocks_are_escaped_and_keep_their_language() {
    assert_eq!(
        render_plain("```rust\nif a < b && @camille {}\n```"),
        "<pre><code class=\"language-rust\">if a &lt; b &amp;&amp; @camille {}\n</code></pre>\n"
    );
    assert_eq!(
        render_plain("```rust\" onclick=\"x\nx\n```"),
        "<pre><code>x\n</code></pre>\n"
    );
}

#[test]
fn tables_render_without_style() {
    let html = render_plain("| a | b |\n|:--|--:|\n| 1 | 2 |");
    assert_eq!(
        html,
        "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n\
         <tr><td>1</td><td>2</td></tr>\n</tbody></table>\n"
    );
}

#[test]
fn links_get_rel_and_only_safe_schemes() {
    assert_eq!(
        render_plain("[site](https://example.org/a?b=1&c=2 \"Title\")"),
        "<p><a href=\"https://example.org/a?b=1&amp;c=2\" title=\"Title\" \
         rel=\"nofollow ugc noopener\">site</a></p>\n"
    );
    assert_eq!(
        render_plain("<https://example.org>"),
        "<p><a href=\"https://example.org\" rel=\"nofollow ugc noopener\">https://example.org</a></p>\n"
    );
    assert_eq!(
        render_plain("[a](/datasets/x) [b](java&#x09;script:x) [c](../y:z)"),
        "<p><a href=\"/datasets/x\" rel=\"nofollow ugc noopener\">a</a> \
         <a rel=\"nofollow ugc noopener\">b</a> \
         <a href=\"../y:z\" rel=\"nofollow ugc noopener\">c</a></p>\n"
    );
    assert_eq!(
        render_plain("[x](ftp://example.org)"),
        "<p><a rel=\"nofollow ugc noopener\">x</a></p>\n"
    );
}

#[test]
fn mailto_links_are_kept() {
    assert_eq!(
        render_plain("[write](mailto:a@b.org) or <c@d.org>"),
        "<p><a href=\"mailto:a@b.org\" rel=\"nofollow ugc noopener\">write</a> or \
         <a href=\"mailto:c@d.org\" rel=\"nofollow ugc noopener\">c@d.org</a></p>\n"
    );
}

#[test]
fn bare_urls_become_links_without_trailing_punctuation() {
    assert_eq!(
        render_plain("See https://example.org/x_(y). Or (http://a.org/b)!"),
        "<p>See <a href=\"https://example.org/x_(y)\" rel=\"nofollow ugc noopener\">\
         https://example.org/x_(y)</a>. Or (<a href=\"http://a.org/b\" \
         rel=\"nofollow ugc noopener\">http://a.org/b</a>)!</p>\n"
    );
    assert_eq!(render_plain("https:// alone"), "<p>https:// alone</p>\n");
}

#[test]
fn known_mentions_become_links() {
    assert_eq!(
        render("Thanks @camille.", &known),
        "<p>Thanks <a href=\"/users/camille\" class=\"mention\" \
         rel=\"nofollow ugc noopener\">@camille</a>.</p>\n"
    );
    assert_eq!(
        render("**@camille**, (@camille)", &known)
            .matches("class=\"mention\"")
            .count(),
        2
    );
}

#[test]
fn unknown_mentions_and_lookalikes_stay_text() {
    assert_eq!(render("hi @nobody", &known), "<p>hi @nobody</p>\n");
    assert_eq!(render_plain("hi @camille"), "<p>hi @camille</p>\n");
    for text in [
        "mail a@b.org",
        "mail camille@camille.org",
        "fediverse @camille@mastodon.social",
        "path /@camille",
        "`@camille`",
        "    @camille",
        "[@camille](https://example.org)",
    ] {
        let html = render(text, &known);
        assert!(!html.contains("mention"), "{text}: {html}");
    }
}

#[test]
fn mentioned_handles_are_listed_once_in_order() {
    assert_eq!(
        mentioned_handles("@zoé, @camille and @zoé; `@code` a@b.org [@link](/x)"),
        ["zoé", "camille"]
    );
}

#[test]
fn headings_are_downgraded_two_levels() {
    assert_eq!(
        render_plain("# A\n## B\n### C\n#### D\n###### E"),
        "<h3>A</h3>\n<h4>B</h4>\n<h5>C</h5>\n<h6>D</h6>\n<h6>E</h6>\n"
    );
}

#[test]
fn images_become_links() {
    assert_eq!(
        render_plain("![a chart](https://example.org/c.png)"),
        "<p><a href=\"https://example.org/c.png\" rel=\"nofollow ugc noopener\">a chart</a></p>\n"
    );
    assert_eq!(
        render_plain("![](https://example.org/c.png)"),
        "<p><a href=\"https://example.org/c.png\" rel=\"nofollow ugc noopener\">\
         https://example.org/c.png</a></p>\n"
    );
    assert_eq!(
        render_plain("[![logo](https://example.org/l.png)](https://example.org)"),
        "<p><a href=\"https://example.org\" rel=\"nofollow ugc noopener\">logo</a></p>\n"
    );
}

#[test]
fn excerpt_is_plain_collapsed_text() {
    assert_eq!(
        excerpt(
            "# Title\n\nSome *very*  `nice`\n[text](https://x.org).\n\n- one\n- two",
            100
        ),
        "Title Some very nice text. one two"
    );
    assert_eq!(excerpt("a **b**c", 10), "a bc");
}

#[test]
fn excerpt_cuts_at_a_word_boundary() {
    assert_eq!(excerpt("one two three four", 18), "one two three four");
    assert_eq!(excerpt("one two three four", 12), "one two…");
    assert_eq!(excerpt("one two, three four", 13), "one two…");
    assert_eq!(excerpt("one two three", 8), "one two…");
    assert_eq!(excerpt("incomprehensibilities", 6), "incom…");
    assert_eq!(excerpt("été à Noël", 6), "été à…");
    assert_eq!(excerpt("anything", 0), "");
}

/// How deep block quotes and lists nest in `html`.
fn containers(html: &str) -> usize {
    let (mut depth, mut deepest) = (0_usize, 0);
    for (at, _) in html.match_indices('<') {
        let tag = &html[at + 1..];
        if ["blockquote", "ul", "ol"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            depth += 1;
            deepest = deepest.max(depth);
        } else if ["/blockquote", "/ul", "/ol"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            depth -= 1;
        }
    }
    deepest
}

#[test]
fn nesting_past_the_cap_becomes_text_on_its_line() {
    let quotes = format!("{} x", ">".repeat(50_000));
    let capped = cap_nesting(&quotes);
    assert_eq!(
        capped,
        format!("{}\\{} x", ">".repeat(16), ">".repeat(50_000 - 16))
    );
    let html = render_plain(&quotes);
    assert_eq!(
        html.matches("<blockquote>").count(),
        MAX_NESTING,
        "{}",
        &html[..400]
    );
    assert!(html.contains(&format!("<p>{} x</p>", "&gt;".repeat(50_000 - 16))));
    for (input, cut) in [
        (
            "- ".repeat(50_000) + "x",
            format!("{}\\- ", "- ".repeat(16)),
        ),
        (
            "1. ".repeat(50_000) + "x",
            format!("{}1\\. ", "1. ".repeat(16)),
        ),
        (
            "2) ".repeat(50_000) + "x",
            format!("{}2\\) ", "2) ".repeat(16)),
        ),
        (
            "> - 1. ".repeat(10_000) + "x",
            format!("{}> \\- ", "> - 1. ".repeat(5)),
        ),
        (
            "*\t".repeat(50_000) + "x",
            format!("{}\\*\t", "*\t".repeat(16)),
        ),
    ] {
        assert!(cap_nesting(&input).starts_with(&cut), "{}", &input[..20]);
        assert_eq!(
            containers(&render_plain(&input)),
            MAX_NESTING,
            "{}",
            &input[..20]
        );
    }
    // Each line on its own, whatever ends it.
    let lines = format!("{0}\r{0}\r\n{0}\n{0}", ">".repeat(20));
    let capped = cap_nesting(&lines);
    assert_eq!(capped.matches('\\').count(), 4, "{capped}");
    assert_eq!(excerpt(&format!("{} hi", ">".repeat(20)), 100), ">>>> hi");
}

#[test]
fn nesting_up_to_the_cap_is_left_alone() {
    for input in [
        format!("{} x", ">".repeat(16)),
        format!("{}x", "- ".repeat(16)),
        format!("{}x", "> 1. ".repeat(8)),
        "- a\n  - b\n    - c\n      > d\n      > > e\n\n1) f\n2) g".to_owned(),
        "> quoted\n> > twice\nlazy continuation\n\n* * *\n\n+ one\n+ two".to_owned(),
        "- - - - - - - - - - - - - - - - - - - - - - - -".to_owned(),
        "text with - dashes > arrows and 1. numbers".to_owned(),
    ] {
        assert!(matches!(cap_nesting(&input), Cow::Borrowed(_)), "{input}");
    }
    assert_eq!(
        containers(&render_plain(&format!("{} x", ">".repeat(16)))),
        16
    );
    assert_eq!(
        render_plain("- a\n  - b\n    - c"),
        "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n"
    );
    // A line of 24 dashes is a thematic break, not 16 lists around a paragraph.
    assert_eq!(render_plain(&"- ".repeat(24)), "<hr>\n");
}

#[test]
fn code_is_not_touched_by_the_cap() {
    let deep = "> ".repeat(40);
    for input in [
        format!("```\n{deep}\n```"),
        format!("~~~~ text\n{deep}\n~~~\n{deep}\n~~~~"),
        format!("> ```\n> {deep}\n> ```"),
        format!("- ```\n  {deep}\n  ```"),
        format!("-      {deep}"),
        format!(">      {deep}"),
    ] {
        assert!(matches!(cap_nesting(&input), Cow::Borrowed(_)), "{input}");
        assert!(render_plain(&input).contains("<code"), "{input}");
    }
    // A fence ends with its container, and what follows is capped again.
    for input in [
        format!("> ```\n{}x", "- ".repeat(40)),
        format!("- ```\n{deep}x"),
        format!("```\nx\n```\n{deep}x"),
    ] {
        assert!(matches!(cap_nesting(&input), Cow::Owned(_)), "{input}");
        assert!(containers(&render_plain(&input)) <= MAX_NESTING, "{input}");
    }
}

#[test]
fn nesting_built_over_many_lines_is_flattened_too() {
    // Each line opens 16 lists inside the last one: no line has more than 16 markers.
    let input: String = (0..10)
        .map(|line| format!("{}{}x{line}\n", " ".repeat(32 * line), "- ".repeat(16)))
        .collect();
    assert!(matches!(cap_nesting(&input), Cow::Borrowed(_)));
    let html = render_plain(&input);
    assert_eq!(containers(&html), MAX_NESTING, "{html}");
    for line in 0..10 {
        assert!(html.contains(&format!("x{line}")), "{html}");
    }
    assert_eq!(excerpt(&input, 100), "x0 x1 x2 x3 x4 x5 x6 x7 x8 x9");
    let emphasis = format!("{}x{}", "*a ".repeat(100), " a*".repeat(100));
    assert_eq!(render_plain(&emphasis).matches("<em>").count(), MAX_NESTING);
}

#[test]
fn external_links_are_counted_as_rendered() {
    for (input, links) in [
        ("[x](//evil.example/p)", 1),
        // `\\\\` is one backslash to Markdown; `&#92;` one too.
        (
            "[x](/\\evil.example/p) [y](\\\\\\\\evil.example) [z](&#92;/evil.example)",
            3,
        ),
        ("[x](\\/evil.example) [y](\\evil.example)", 0),
        ("[x](/&#9;/evil.example) [y](<  //evil.example>)", 2),
        (
            "[x](https://a.example) [y](HTTP://b.example) [z](mailto:a@b.org)",
            3,
        ),
        ("<https://a.example> and https://b.example/x.", 2),
        (
            "![chart](//evil.example/c.png) [x][r]\n\n[r]: //evil.example",
            2,
        ),
        ("[x](javascript:alert(1)) [y](ftp://a.example)", 2),
        (
            "[x](/reuses/a/) [y](#top) [z](?page=2) [w](relative/path:x) [v](/)",
            0,
        ),
        ("`https://a.example` and\n\n    https://b.example", 0),
        ("[a](https://a.example) https://a.example", 2),
        ("https://a.example/))))) https://(https://(https://(", 1),
    ] {
        assert_eq!(external_links(input), links, "{input}");
    }
    for (url, external) in [
        ("//h", true),
        ("/\\h", true),
        ("\\\\h", true),
        ("\\/h", true),
        (" \t/\n/h", true),
        ("hTTp:h", true),
        ("a+b.c-d:x", true),
        ("/h", false),
        ("\\h", false),
        ("h/a:b", false),
        ("1a:b", false),
        ("", false),
    ] {
        assert_eq!(is_external(url), external, "{url:?}");
    }
    let deep = format!("{} [x](//evil.example)", ">".repeat(50_000));
    assert_eq!(external_links(&deep), 1);
}

#[test]
fn markdown_past_the_input_limit_is_cut_at_a_line() {
    let line = "é".repeat(99) + "\n";
    let long = line.repeat(MAX_INPUT / line.len() + 10) + "END";
    assert!(head(&long, MAX_INPUT).ends_with('\n'));
    assert!(head(&long, MAX_INPUT).len() > MAX_INPUT - line.len());
    assert!(!plain_text(&long).contains("END"));
    assert_eq!(head("abc", 10), "abc");
    assert_eq!(head("ééé", 3), "é");
}

#[test]
fn text_html_shows_the_text_as_typed() {
    assert_eq!(
        text_html("# <b>a</b>\nb\n\n\n> c & d\n"),
        "<p># &lt;b&gt;a&lt;/b&gt;<br>\nb</p>\n<p>&gt; c &amp; d</p>\n"
    );
    for input in XSS_CORPUS {
        assert!(!text_html(input).contains("<s"), "{input}");
    }
}

#[test]
fn a_url_ending_in_many_brackets_is_cut_once() {
    let input = format!("https://a.example/{}", ")".repeat(50_000));
    assert!(render_plain(&input).contains("href=\"https://a.example/\""));
    assert!(!render_plain(&"https://(".repeat(10_000)).contains("href"));
}
