//! Tests of the rules: patterns, templates, the built-in file, and the reader's located faults.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::diag::{Code, FileId};
use crate::read::read_rules;

fn matches(pattern: &str, text: &str) -> bool {
    Pattern::new(pattern).unwrap().matches(text, false)
}

#[test]
fn patterns_match_whole_names() {
    assert!(matches("limit", "limit"));
    assert!(!matches("limit", "limits"));
    assert!(matches("X-RateLimit-*", "X-RateLimit-Remaining"));
    assert!(matches("X-RateLimit-*", "X-RateLimit-"));
    assert!(!matches("X-RateLimit-*", "x-ratelimit-remaining"));
    assert!(
        Pattern::new("X-RateLimit-*")
            .unwrap()
            .matches("x-ratelimit-remaining", true)
    );
    assert!(matches("4??", "4XX"));
    assert!(matches("[1-5][0-9][0-9]", "404"));
    assert!(!matches("[1-5][0-9][0-9]", "4XX"));
    assert!(Pattern::new("[1-5]XX").unwrap().matches("4xx", true));
    assert!(matches("v[0-9]*", "v2beta"));
    assert!(!matches("v[0-9]*", "vx"));
    assert!(matches("[!0-9]*", "a1"));
    assert!(!matches("[!0-9]*", "1a"));
    assert!(matches(r"page\[*\]", "page[size]"));
    assert!(matches("*/v[0-9]*", "https://api.example.com/v1"));
    assert!(matches("a*b*c", "aXbYbZc"));
    assert!(!matches("a*b*c", "aXbYbZ"));
    assert!(matches("*", ""));
    assert!(matches("é?", "éa"));
}

#[test]
fn bad_patterns_are_errors() {
    assert!(Pattern::new("page[").is_err());
    assert!(Pattern::new("a\\").is_err());
    assert!(Pattern::new("[z-a]").is_err());
    assert!(Pattern::new("[]]").is_ok());
}

#[test]
fn templates_expand_to_ids() {
    assert_eq!(
        expand("http-status-{code}", &[("code", "4XX")]).as_deref(),
        Some("http-status-4xx")
    );
    assert_eq!(
        expand("http-headers-{name}", &[("name", "X-RateLimit-Limit")]).as_deref(),
        Some("http-headers-x-ratelimit-limit")
    );
    assert_eq!(
        expand("http-headers-{name}", &[("name", "--")]).as_deref(),
        None
    );
    assert_eq!(expand("errors", &[]).as_deref(), Some("errors"));
    assert_eq!(
        template_placeholders("http-methods-{method}", &["method"]).unwrap(),
        ["method"]
    );
    assert!(template_placeholders("http-{code}", &["method"]).is_err());
    assert!(template_placeholders("Errors", &[]).is_err());
    assert!(template_placeholders("{method", &["method"]).is_err());
    assert!(template_placeholders("", &[]).is_err());
}

#[test]
fn default_rules_read_cleanly() {
    let (rules, diags) = read_rules(FileId(0), DEFAULT_RULES);
    assert_eq!(diags, []);
    assert!(!rules.operations.is_empty());
    assert!(!rules.responses.is_empty());
    assert!(!rules.parameters.is_empty());
    assert!(!rules.headers.is_empty());
    assert!(!rules.security_schemes.is_empty());
    assert!(!rules.schemas.is_empty());
}

#[test]
fn serde_reads_what_the_reader_reads() {
    let (rules, _) = read_rules(FileId(0), DEFAULT_RULES);
    let via_serde: Rules = serde_saphyr::from_str(DEFAULT_RULES).unwrap();
    assert_eq!(via_serde, rules);
}

#[test]
fn faults_are_located() {
    let text = "operations:\n  - methods: [get]\n    topcs: [x]\n\
                responses:\n  - status: ['[1-5']\n    topics: ['http-status-{method}']\n\
                parameters:\n  - in: [query, querry]\n    ignoreCase: maybe\n    topics: [a]\n";
    let (rules, diags) = read_rules(FileId(0), text);
    assert_eq!(rules, Rules::default());
    let found: Vec<(Code, &str)> = diags
        .iter()
        .map(|d| (d.code, &text[d.primary.span.clone()]))
        .collect();
    assert_eq!(
        found,
        [
            (Code::UnknownField, "topcs"),
            (Code::InvalidValue, "'http-status-{method}'"),
            (Code::InvalidValue, "'[1-5'"),
            (Code::InvalidValue, "querry"),
            (Code::WrongType, "maybe"),
        ]
    );
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `topics`?"));
    assert_eq!(diags[3].help.as_deref(), Some("did you mean `query`?"));
}

#[test]
fn an_empty_file_is_an_error() {
    let (_, diags) = read_rules(FileId(0), "# nothing\n");
    assert_eq!(diags[0].code, Code::EmptyFile);
}

#[test]
fn numbers_must_be_quoted() {
    let (_, diags) = read_rules(
        FileId(0),
        "responses:\n  - status: [429]\n    topics: [rate-limiting]\n",
    );
    assert_eq!(diags[0].code, Code::WrongType);
    assert_eq!(diags[0].help.as_deref(), Some("quote it: '429'"));
}
