//! `stylebook links` end to end: the binary checks a catalog written in a temporary folder
//! whose URLs point at a small HTTP server on 127.0.0.1, started by each test. Nothing leaves
//! the loopback interface.

#![allow(clippy::unwrap_used)]

#[path = "../../stylebook-links/tests/support/server.rs"]
mod server;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use server::{Request, Response, Server};

const BIN: &str = env!("CARGO_BIN_EXE_stylebook");

fn site(r: &Request) -> Response {
    match r.path.as_str() {
        "/guide/" => Response::html(r#"<h2 id="conflicts">Conflicts</h2>"#),
        "/company" => Response::redirect(301, "/company/"),
        "/company/" | "/new" => Response::ok(),
        _ => Response::status(404),
    }
}

/// A source-layout catalog in `dir` whose guideline has these references (topic `t0`,
/// `t1`, ...), and a guideline URL and company URL on `server`.
fn catalog(dir: &Path, server: &Server, references: &[String]) {
    fs::create_dir_all(dir.join("guidelines")).unwrap();
    let mut topics = String::new();
    let mut refs = String::new();
    for (i, url) in references.iter().enumerate() {
        topics.push_str(&format!(
            "t{i}:\n  category: C\n  name: Topic {i}\n  description: About {i}.\n"
        ));
        refs.push_str(&format!(
            "  t{i}:\n    - name: Section {i}\n      url: {url}\n"
        ));
    }
    fs::write(dir.join("topics.yaml"), topics).unwrap();
    fs::write(
        dir.join("guidelines/acme.yaml"),
        format!(
            "id: acme\ntitle: ACME Guide\ntype: website\nurl: {}\ncompany: ACME\n\
             companyUrl: {}\ndate: 2020-03-01\ntopics:\n{refs}",
            server.url("/guide/"),
            server.url("/company"),
        ),
    )
    .unwrap();
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("links")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .unwrap()
}

/// Standard output with the server's port written as `P`s (the same width, so that the
/// underlines stay as long as the URLs).
fn stdout(output: &Output, server: &Server) -> String {
    let host = server.url("").trim_start_matches("http://").to_owned();
    let port = host.rsplit(':').next().unwrap_or_default();
    let shown = format!("127.0.0.1:{}", "P".repeat(port.len()));
    String::from_utf8_lossy(&output.stdout).replace(&host, &shown)
}

#[test]
fn problems_are_reported_with_their_lines_and_the_exit_code_is_1() {
    let server = Server::start(site);
    let dir = tempfile::tempdir().unwrap();
    catalog(
        dir.path(),
        &server,
        &[
            server.url("/guide/#conflicts"),
            server.url("/guide/#paging"),
            server.url("/gone"),
        ],
    );
    let output = run(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(
        stdout(&output, &server),
        "\
== acme: 3 links

guidelines/acme.yaml:6:13: redirected: http://127.0.0.1:PPPPP/company
  |
6 | companyUrl: http://127.0.0.1:PPPPP/company
  |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ moved permanently to http://127.0.0.1:PPPPP/company/
  = help: write http://127.0.0.1:PPPPP/company/

guidelines/acme.yaml:14:12: fragment-missing: http://127.0.0.1:PPPPP/guide/#paging
   |
14 |       url: http://127.0.0.1:PPPPP/guide/#paging
   |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ no anchor #paging in the page

guidelines/acme.yaml:17:12: broken: http://127.0.0.1:PPPPP/gone
   |
17 |       url: http://127.0.0.1:PPPPP/gone
   |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^ 404 Not Found

5 links: 2 ok, 1 redirected, 1 broken, 1 fragment-missing, 0 unreachable, 0 skipped
"
    );
    let mut seen = server.seen();
    seen.sort();
    assert_eq!(
        seen,
        [
            "GET /gone",
            "GET /guide/",
            "HEAD /company",
            "HEAD /company/",
            "HEAD /gone"
        ],
        "one GET for the page and its two fragments"
    );
    let agent = server.requests()[0]
        .header("user-agent")
        .unwrap()
        .to_owned();
    assert!(agent.starts_with("stylebook/"), "{agent}");
}

#[test]
fn json_lists_every_link_with_its_places() {
    let server = Server::start(site);
    let dir = tempfile::tempdir().unwrap();
    catalog(
        dir.path(),
        &server,
        &[server.url("/new"), server.url("/new")],
    );
    let output = run(dir.path(), &[".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let links = doc["links"].as_array().unwrap();
    assert_eq!(links.len(), 3);
    let new = links
        .iter()
        .find(|l| l["url"] == server.url("/new"))
        .unwrap();
    assert_eq!(new["status"], "ok");
    assert_eq!(new["http_status"], 200);
    assert_eq!(new["final_url"], serde_json::Value::Null);
    assert_eq!(new["cached"], false);
    let places: Vec<String> = new["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}:{}:{} {} {}",
                p["file"].as_str().unwrap(),
                p["line"],
                p["column"],
                p["guideline"].as_str().unwrap(),
                p["field"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "guidelines/acme.yaml:11:12 acme reference",
            "guidelines/acme.yaml:14:12 acme reference"
        ]
    );
    let company = links
        .iter()
        .find(|l| l["url"] == server.url("/company"))
        .unwrap();
    assert_eq!(company["status"], "redirected");
    assert_eq!(company["redirect"], "permanent");
    assert_eq!(company["final_url"], server.url("/company/"));
    assert_eq!(company["hops"][0]["status"], 301);
}

#[test]
fn the_cache_spares_requests_and_only_new_checks_only_what_it_lacks() {
    let server = Server::start(site);
    let dir = tempfile::tempdir().unwrap();
    catalog(
        dir.path(),
        &server,
        &[server.url("/new"), server.url("/gone")],
    );
    let first = run(dir.path(), &[".", "--cache", "links.json"]);
    assert_eq!(first.status.code(), Some(1));
    let asked = server.requests().len();
    assert_eq!(asked, 6, "{:?}", server.seen());
    let cache = fs::read_to_string(dir.path().join("links.json")).unwrap();
    assert!(
        cache.contains("\"format\": \"stylebook-links-cache/1\""),
        "{cache}"
    );

    let second = run(dir.path(), &[".", "--cache", "links.json"]);
    assert_eq!(
        second.status.code(),
        Some(1),
        "a cached broken link still fails"
    );
    assert_eq!(server.requests().len(), asked, "no request within a day");
    let text = stdout(&second, &server);
    assert!(
        text.contains("= note: from the cache: checked just now"),
        "{text}"
    );
    assert!(text.ends_with("4 links (4 from the cache): 2 ok, 1 redirected, 1 broken, 0 fragment-missing, 0 unreachable, 0 skipped\n"), "{text}");

    let third = run(
        dir.path(),
        &[".", "--cache", "links.json", "--max-age", "0"],
    );
    assert_eq!(third.status.code(), Some(1));
    assert_eq!(
        server.requests().len(),
        2 * asked,
        "everything is old at age 0"
    );

    catalog(
        dir.path(),
        &server,
        &[server.url("/new"), server.url("/other")],
    );
    let before = server.requests().len();
    let fourth = run(dir.path(), &[".", "--cache", "links.json", "--only-new"]);
    assert_eq!(fourth.status.code(), Some(1), "/other is missing");
    let new: Vec<String> = server.seen()[before..].to_vec();
    assert_eq!(new, ["HEAD /other", "GET /other"]);
}

#[test]
fn unreachable_links_fail_only_with_strict() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let server = Server::start(site);
    let dir = tempfile::tempdir().unwrap();
    catalog(dir.path(), &server, &[format!("http://127.0.0.1:{port}/x")]);
    let lenient = run(dir.path(), &["."]);
    assert_eq!(lenient.status.code(), Some(0));
    let text = stdout(&lenient, &server);
    assert!(text.contains(": unreachable: http://127.0.0.1:"), "{text}");
    assert!(text.contains("connection refused"), "{text}");
    let strict = run(dir.path(), &[".", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn pages_give_every_place_of_a_url() {
    let server = Server::start(site);
    let dir = tempfile::tempdir().unwrap();
    let mut guideline = format!(
        "---\nlayout: guideline\nguideline_id: acme\nguideline_title: ACME\n\
         guideline_type: website\nguideline_url: '{}'\nguideline_company: ACME\n\
         guideline_companyLogoUrl: /img/acme.png\ntopics:\n",
        server.url("/gone")
    );
    for i in 0..6 {
        let topic = format!(
            "---\nlayout: topic\ntopic_id: t{i}\ntopic_category: C\ntopic_name: T{i}\n\
             topic_description: D.\nguidelines:\n  - guideline_id: acme\n    guideline_title: ACME\n    \
             guideline_type: website\n    guideline_url: '{}'\n    guideline_company: ACME\n    \
             guideline_companyLogoUrl: /img/acme.png\n    references:\n      - name: R\n        \
             url: '{}'\n---\n",
            server.url("/gone"),
            server.url("/new")
        );
        fs::write(dir.path().join(format!("t{i}-guidelines.md")), topic).unwrap();
        guideline.push_str(&format!(
            "  - topic_id: t{i}\n    topic_category: C\n    topic_name: T{i}\n    \
             topic_description: D.\n    references:\n      - name: R\n        url: '{}'\n",
            server.url("/new")
        ));
    }
    guideline.push_str("---\n");
    fs::write(dir.path().join("acme-topics.md"), guideline).unwrap();
    let output = run(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output, &server);
    assert!(
        text.starts_with(
            "== acme: 2 links\n\nacme-topics.md:6:16: broken: http://127.0.0.1:PPPPP/gone\n"
        ),
        "{text}"
    );
    assert!(text.contains("  ::: t0-guidelines.md:11:20\n"), "{text}");
    assert!(text.contains("  = note: and 3 more places\n"), "{text}");
    assert!(
        text.contains("acme-topics.md:8:27: skipped: /img/acme.png\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "3 links: 1 ok, 0 redirected, 1 broken, 0 fragment-missing, 0 unreachable, 1 skipped\n"
        ),
        "{text}"
    );
    assert_eq!(
        server.requests().len(),
        3,
        "each URL once, whatever the number of places: {:?}",
        server.seen()
    );
}

#[test]
fn a_catalog_with_errors_is_refused_before_any_request() {
    let server = Server::start(site);
    let dir = tempfile::tempdir().unwrap();
    catalog(dir.path(), &server, &[server.url("/new")]);
    fs::write(dir.path().join("topics.yaml"), "t0:\n  nmae: x\n").unwrap();
    let output = run(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.ends_with("no link was checked\n"), "{stderr}");
    assert!(server.requests().is_empty());
}
