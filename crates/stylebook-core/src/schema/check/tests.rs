//! Tests of schema enforcement: errors located at the offending value (or key), in words, and
//! never a second report of a fault the readers found.

use serde_json::json;

use super::{Validators, to_json};
use crate::diag::{Code, SourceFile, Sources};
use crate::read::{self, FileKind, frontmatter};
use crate::yaml::{self, Node};

/// Parses a file as the readers do: the whole file, or a page's front matter.
fn parse(text: &str, kind: FileKind) -> Option<Node> {
    let range = match kind {
        FileKind::Page => frontmatter::split(text).ok()?.yaml,
        _ => 0..text.len(),
    };
    yaml::parse(&text[range.clone()], range.start)
        .ok()
        .flatten()
}

/// Checks one file against its schema alone and renders each finding as
/// `line:col: message (help)`, one per line.
fn findings(kind: FileKind, text: &str) -> String {
    let root = parse(text, kind).unwrap();
    let file = SourceFile::new("f", text);
    Validators::new()
        .check_node(kind, &root)
        .iter()
        .map(|f| {
            let (line, col) = file.line_col(f.span.start);
            match &f.help {
                Some(help) => format!("{line}:{col}: {} ({help})\n", f.message),
                None => format!("{line}:{col}: {}\n", f.message),
            }
        })
        .collect()
}

fn check(kind: FileKind, text: &str, expected: &str) {
    assert_eq!(findings(kind, text), expected, "input:\n{text}");
}

const GUIDELINE_HEAD: &str = "\
id: acme-api-guide
title: ACME API Guide
type: website
url: https://acme.example/api-guide
company: ACME
";

#[test]
fn a_valid_file_has_no_findings() {
    check(
        FileKind::Guideline,
        &format!(
            "{GUIDELINE_HEAD}date: 2020-03-01\nreviewDate: '2021-05-01T10:00:00Z'\nlanguage:\n\
             topics:\n  a:\n    - name:\n      url: https://acme.example/a\n      quote:\n"
        ),
        "",
    );
}

#[test]
fn unknown_keys_point_at_the_key_with_a_suggestion() {
    check(
        FileKind::Guideline,
        &format!(
            "{GUIDELINE_HEAD}titel: x\ntopics:\n  a:\n    - name: n\n      url: https://a.example\n      qoute: q\n"
        ),
        "6:1: unknown field `titel` in stylebook guideline (did you mean `title`?)\n\
         11:7: unknown field `qoute` in reference (did you mean `quote`?)\n",
    );
}

#[test]
fn an_unknown_key_explains_a_missing_one() {
    check(
        FileKind::Guideline,
        &format!("{GUIDELINE_HEAD}topics:\n  a:\n    - name: n\n      link: https://a.example\n"),
        "9:7: unknown field `link` in reference (expected one of `name`, `url`, `quote`)\n",
    );
    check(
        FileKind::Guideline,
        &format!("{GUIDELINE_HEAD}topics:\n  a:\n    - quote: q\n"),
        "8:7: missing field `name`\n8:7: missing field `url`\n",
    );
}

#[test]
fn wrong_types_say_what_was_found() {
    check(
        FileKind::Topics,
        "a:\n  category: C\n  name: 404\n  description: [d]\n",
        "3:9: expected text, found an integer (quote it: '404')\n\
         4:16: expected text, found a list\n",
    );
    check(
        FileKind::Guideline,
        &format!("{GUIDELINE_HEAD}authors: Ada\ntopics:\n  a:\n    name: n\n"),
        "6:10: expected a list or nothing, found a string\n\
         9:5: expected a list, found a mapping\n",
    );
}

#[test]
fn ids_urls_and_dates_are_checked() {
    check(
        FileKind::Guideline,
        &format!(
            "{GUIDELINE_HEAD}companyLogoUrl: //evil.example/x.png\ndate: 2019-13-01\n\
             topics:\n  ../x:\n    - name: n\n      url: javascript:alert(1)\n"
        ),
        "6:17: `//evil.example/x.png` is not an http(s) URL or a site path starting with `/` \
         (use an absolute http:// or https:// URL, or a site path starting with `/`)\n\
         7:7: `2019-13-01` is not a date or a timestamp (write a date that exists, as YYYY-MM-DD)\n\
         9:3: key `../x` is not a valid id \
         (ids are lowercase letters, digits and `-`, starting with a letter or digit)\n\
         11:12: `javascript:alert(1)` is not an http(s) URL (use an absolute http:// or https:// URL)\n",
    );
    check(
        FileKind::Guideline,
        "id: Acme\ntitle: t\ntype: blog\nurl: https://a.example/x y\ncompany: c\n",
        "1:5: `Acme` is not a valid id \
         (ids are lowercase letters, digits and `-`, starting with a letter or digit)\n\
         3:7: `blog` is not one of `website`, `github`, `gitbook`, `pdf`\n\
         4:6: `https://a.example/x y` is not an http(s) URL (use an absolute http:// or https:// URL)\n",
    );
}

#[test]
fn keys_with_pointer_characters_are_located() {
    check(
        FileKind::Topics,
        "a/b~c:\n  category: 1\n  name: n\n  description: d\n",
        "1:1: key `a/b~c` is not a valid id \
         (ids are lowercase letters, digits and `-`, starting with a letter or digit)\n\
         2:13: expected text, found an integer (quote it: '1')\n",
    );
}

#[test]
fn pages_are_checked_by_layout_with_offsets_in_the_page() {
    let page = "---\nlayout: topic\nsort: 3\ntopic_id: a\ntopic_category: c\ntopic_name: n\n\
                topic_description: d\nguidelines: []\n---\n# body\n";
    check(
        FileKind::Page,
        page,
        "3:7: expected text, found an integer (quote it: '3')\n",
    );
    let other = "---\nlayout: post\nsort: 3\n---\n";
    check(FileKind::Page, other, "");
}

#[test]
fn catalog_json_is_checked() {
    let text = json!({
        "topics": [{ "id": "a", "category": "c", "name": "n", "description": "d", "extra": 1 }],
        "guidelines": []
    });
    check(
        FileKind::CatalogJson,
        &serde_json::to_string_pretty(&text).unwrap(),
        "8:7: unknown field `extra` in catalog topic \
         (expected one of `id`, `category`, `name`, `description`)\n",
    );
}

#[test]
fn yaml_becomes_json_as_yaml_tools_convert_it() {
    let root = parse(
        "a: 2015-01-15\nb: '42'\nc: 42\nd: 0x1F\ne: ~\nf: true\ng: 1.5\nh: .inf\ni: 1_000\nj: [x]\n",
        FileKind::Topics,
    )
    .unwrap();
    assert_eq!(
        to_json(&root),
        json!({
            "a": "2015-01-15", "b": "42", "c": 42, "d": 31, "e": null, "f": true, "g": 1.5,
            "h": 0, "i": 1000, "j": ["x"]
        })
    );
}

/// Reads a guideline file (with a topics file defining `a`) and runs the schema check.
fn validate(guideline: &str) -> Vec<(Code, String, (usize, usize))> {
    let mut sources = Sources::new();
    let topics = sources.add(
        "topics.yaml",
        "a:\n  category: c\n  name: n\n  description: d\n",
    );
    let file = sources.add("guidelines/acme-api-guide.yaml", guideline);
    let inputs = [(topics, FileKind::Topics), (file, FileKind::Guideline)];
    Validators::new()
        .read(&sources, &inputs)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = sources.get(d.primary.file).line_col(d.primary.span.start);
            (d.code, d.message.clone(), at)
        })
        .collect()
}

#[test]
fn a_fault_the_readers_report_is_not_reported_again() {
    // The readers report the unknown key and skip the rest of the reference: the schema
    // reports the rest, and nothing twice.
    let text = format!(
        "{GUIDELINE_HEAD}topics:\n  a:\n    - name: 42\n      url: javascript:alert(1)\n      qoute: q\n"
    );
    assert_eq!(
        validate(&text),
        [
            (
                Code::UnknownField,
                "unknown field `qoute` in reference".to_owned(),
                (10, 7)
            ),
            (
                Code::Schema,
                "expected text or nothing, found an integer".to_owned(),
                (8, 13)
            ),
            (
                Code::Schema,
                "`javascript:alert(1)` is not an http(s) URL".to_owned(),
                (9, 12)
            ),
        ]
    );
    // Here the readers see every fault.
    let text = format!(
        "{GUIDELINE_HEAD}topics:\n  a:\n    - name: 42\n      url: javascript:x\n    - nmae: n\n"
    );
    let codes: Vec<Code> = validate(&text).iter().map(|f| f.0).collect();
    assert_eq!(
        codes,
        [Code::WrongType, Code::InvalidUrl, Code::UnknownField]
    );
}

#[test]
fn the_schema_reports_what_the_readers_skipped() {
    // The readers stop at the malformed topic id and never look at its references.
    let text = format!(
        "{GUIDELINE_HEAD}topics:\n  a:\n    - name: n\n      url: https://x.example/\n\
         \x20 B:\n    - name: n\n      url: javascript:x\n"
    );
    let found = validate(&text);
    assert_eq!(
        found,
        [
            (
                Code::InvalidId,
                "topic id `B` is not a valid id".to_owned(),
                (10, 3)
            ),
            (
                Code::Schema,
                "`javascript:x` is not an http(s) URL".to_owned(),
                (12, 12)
            ),
        ]
    );
}

#[test]
fn files_the_readers_could_not_parse_are_skipped() {
    let mut sources = Sources::new();
    let file = sources.add("topics.yaml", "a: [\n");
    let inputs = [(file, FileKind::Topics)];
    let readers = read::read_unchecked(&sources, &inputs).diagnostics;
    let checked = Validators::new().read(&sources, &inputs).diagnostics;
    assert!(!readers.is_empty());
    assert_eq!(checked, readers);
}

#[test]
fn rules_files_are_checked_against_their_schema() {
    let mut sources = Sources::new();
    // The reader stops at the unknown key of the rule: the schema sees the empty list.
    let text = "headers:\n  - nmaes: [Retry-After]\n    topics: []\n";
    let file = sources.add("openapi-rules.yaml", text);
    let found: Vec<(Code, String)> = Validators::new()
        .read(&sources, &[(file, FileKind::Rules)])
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Code::UnknownField,
                "unknown field `nmaes` in header rule".to_owned()
            ),
            (
                Code::Schema,
                "the list is empty: it needs at least one item".to_owned()
            ),
        ]
    );
}

#[test]
fn a_file_of_another_kind_is_one_fault() {
    let mut sources = Sources::new();
    let text = "operations:\n  - topics: ['http-methods-{method}']\n";
    let file = sources.add("guidelines/rules.yaml", text);
    let found: Vec<Code> = Validators::new()
        .read(&sources, &[(file, FileKind::Guideline)])
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(found, [Code::FileKind]);
}
