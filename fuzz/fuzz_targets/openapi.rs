//! Fuzzes OpenAPI documents: the span-keeping YAML parser and the `x-guidelines` injection.
//!
//! Parsing any text must not panic; a document that parses as OpenAPI is annotated with a
//! small catalog and the default rules, and annotating the result again must change nothing.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stylebook_core::openapi::{DEFAULT_RULES, Rules};
use stylebook_core::read_rules;
use stylebook_core::{Catalog, FileKind, Sources};
use stylebook_export::openapi::{Description, Document, Layout, annotate};

const TOPICS: &str = "\
http-methods-get:
  category: HTTP Methods
  name: GET
  description: Reading
http-status-404:
  category: HTTP Status User Error
  name: 404 Not Found
  description: Nothing there
pagination:
  category: Collection Resources
  name: Pagination
  description: Pages of a collection
";

const GUIDELINE: &str = "\
id: g
title: G
type: website
url: https://example.com/
company: C
topics:
  http-methods-get:
    - name: GET
      url: https://example.com/get
  http-status-404:
    - name: Not found
      url: https://example.com/404
  pagination:
    - name: Pages
      url: https://example.com/pages
";

fn setup() -> &'static (Catalog, Rules) {
    static SETUP: OnceLock<(Catalog, Rules)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let mut sources = Sources::new();
        let topics = sources.add("topics.yaml", TOPICS);
        let guideline = sources.add("guidelines/g.yaml", GUIDELINE);
        let loaded = stylebook_core::read(
            &sources,
            &[(topics, FileKind::Topics), (guideline, FileKind::Guideline)],
        );
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let rules_file = sources.add("openapi-rules.yaml", DEFAULT_RULES);
        let (rules, diags) = read_rules(rules_file, DEFAULT_RULES);
        assert!(diags.is_empty(), "{diags:?}");
        (loaded.catalog, rules)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = stylebook_core::yaml::parse(text, 0) {
        assert!(
            e.offset <= text.len(),
            "error offset {} past the end",
            e.offset
        );
    }
    let Ok(doc) = Document::parse(text) else {
        return;
    };
    let (catalog, rules) = setup();
    for layout in [Layout::Compact, Layout::Full] {
        let description = Description::new("api.yaml", doc.clone());
        let Ok(annotated) = annotate(&description, catalog, rules, layout) else {
            return;
        };
        let Ok(once) = annotated.to_document(None) else {
            return;
        };
        let again = Document::parse(&once).expect("an annotated document parses");
        let again = Description::new("api.yaml", again);
        let twice = annotate(&again, catalog, rules, layout)
            .and_then(|a| a.to_document(None))
            .expect("an annotated document can be annotated again");
        assert_eq!(once, twice, "annotating twice differs from annotating once");
    }
});
