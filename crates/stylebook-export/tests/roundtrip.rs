//! Round trips through every writer on the fixture catalog in `tests/fixtures/catalog`:
//! whatever form a catalog is written in, reading it back gives the same catalog, and pages
//! survive a detour through the source layout byte for byte.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use stylebook_core::{Catalog, FileKind, Sources, read};
use stylebook_export::{Format, MemorySink, Options, export};

type Files = BTreeMap<String, Vec<u8>>;

fn fixture() -> Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalog");
    let mut files = Files::new();
    files.insert(
        "topics.yaml".into(),
        fs::read(root.join("topics.yaml")).unwrap(),
    );
    for entry in fs::read_dir(root.join("guidelines")).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("guidelines/{}", path.file_name().unwrap().to_string_lossy());
        files.insert(name, fs::read(path).unwrap());
    }
    files
}

/// Reads in-memory files, choosing each one's kind from its name (or `kind` for all).
fn load(files: &Files, kind: Option<FileKind>) -> Catalog {
    let mut sources = Sources::new();
    let inputs: Vec<_> = files
        .iter()
        .filter_map(|(name, bytes)| {
            let kind = kind.or_else(|| FileKind::from_path(name))?;
            Some((sources.add_bytes(name.clone(), bytes.clone()), kind))
        })
        .collect();
    let loaded = read(&sources, &inputs);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog
}

fn write(catalog: &Catalog, format: Format, options: &Options) -> Files {
    let sink = MemorySink::new();
    export(catalog, format, options, &sink).unwrap();
    sink.into_files()
}

fn text(files: &Files, name: &str) -> String {
    String::from_utf8(files[name].clone()).unwrap()
}

#[test]
fn source_round_trip() {
    let catalog = load(&fixture(), None);
    assert_eq!(catalog.topics().len(), 4);
    assert_eq!(catalog.reference_count(), 7);
    let source = write(&catalog, Format::Source, &Options::default());
    assert_eq!(load(&source, None), catalog);
    // Writing what was read gives the same files again.
    assert_eq!(
        write(&load(&source, None), Format::Source, &Options::default()),
        source
    );
}

#[test]
fn pages_round_trip() {
    let catalog = load(&fixture(), None);
    let pages = write(&catalog, Format::Pages, &Options::default());
    assert_eq!(pages.len(), 4 + 2);
    let from_pages = load(&pages, None);
    assert_eq!(from_pages, catalog);
    let source = write(&from_pages, Format::Source, &Options::default());
    let again = write(&load(&source, None), Format::Pages, &Options::default());
    assert_eq!(again, pages);
}

#[test]
fn catalog_json_and_yaml_round_trip() {
    let catalog = load(&fixture(), None);
    let json = write(&catalog, Format::Json, &Options::default());
    assert_eq!(load(&json, None), catalog);
    let yaml = write(&catalog, Format::Yaml, &Options::default());
    assert_eq!(load(&yaml, Some(FileKind::CatalogJson)), catalog);
}

#[test]
fn written_order_and_empty_values_are_kept() {
    let catalog = load(&fixture(), None);
    let api = write(&catalog, Format::Api, &Options::default());
    let doc = text(&api, "design/guidelines/acme-api-guide/topics.json");
    let concurrency = doc.find("\"Concurrency\"").unwrap();
    let quote = doc[concurrency..].find("\"quote\"").unwrap();
    let url = doc[concurrency..].find("\"url\"").unwrap();
    assert!(quote < url, "quote was written before url");
    assert!(doc.contains("\"name\": null"));
    assert!(doc.contains("\"quote\": null"));
    // authors come before date, as written.
    let guideline = text(&api, "design/guidelines/acme-api-guide.yaml");
    assert!(guideline.find("authors:").unwrap() < guideline.find("date:").unwrap());
    assert!(guideline.contains("date: 2015-01-15T00:00:00.000Z"));
}

#[test]
fn topics_come_in_first_appearance_order() {
    let catalog = load(&fixture(), None);
    let api = write(&catalog, Format::Api, &Options::default());
    let list = text(&api, "design/topics.yaml");
    let ids: Vec<&str> = list
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .collect();
    assert_eq!(
        ids,
        [
            "http-status-409",
            "collection-pagination",
            "versioning",
            "http-methods-patch"
        ]
    );
}

#[test]
fn guideline_without_review_date_has_no_topics_link() {
    let catalog = load(&fixture(), None);
    let api = write(&catalog, Format::Api, &Options::default());
    assert!(!text(&api, "design/guidelines/zeta-rest-rules.json").contains("guidelineTopics"));
    assert!(text(&api, "design/guidelines/acme-api-guide.json").contains("guidelineTopics"));
}

#[test]
fn base_url_prefixes_every_href() {
    let catalog = load(&fixture(), None);
    let options = Options {
        base_url: "https://api.example.org/".into(),
        ..Options::default()
    };
    let api = write(&catalog, Format::Api, &options);
    let doc = text(&api, "design/topics.json");
    assert!(doc.contains("\"href\": \"https://api.example.org/design/topics/versioning.json\""));
    assert!(!doc.contains("\"href\": \"/design"));
}

#[test]
fn exports_are_deterministic() {
    let catalog = load(&fixture(), None);
    let first = write(&catalog, Format::All, &Options::default());
    let second = write(&catalog, Format::All, &Options::default());
    assert_eq!(first, second);
    assert!(first.contains_key("api/design/topics.json"));
    assert!(first.contains_key("pages/design/topics/versioning-guidelines.md"));
    assert!(first.contains_key("source/topics.yaml"));
    assert!(first.contains_key("csv/coverage.csv"));
    assert!(first.contains_key("catalog.json"));
    #[cfg(feature = "xlsx")]
    assert!(first.contains_key("catalog.xlsx"));
}

#[test]
fn csv_reads_back_and_neutralizes_formulas() {
    let catalog = load(&fixture(), None);
    let files = write(&catalog, Format::Csv, &Options::default());
    let rows = |name: &str| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(files[name].as_slice())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    for bytes in files.values() {
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "a byte-order mark first"
        );
    }
    let references = rows("references.csv");
    assert_eq!(
        references[0],
        [
            "topic_id",
            "topic_category",
            "topic_name",
            "guideline_id",
            "guideline_company",
            "guideline_title",
            "reference_name",
            "reference_url",
            "reference_quote"
        ]
    );
    assert_eq!(references.len(), 8);
    let formula = references
        .iter()
        .find(|r| r[6].contains("HYPERLINK"))
        .unwrap();
    assert_eq!(formula[6], "'=HYPERLINK(\"https://evil.example\")");

    // Grouped by category, then name; no totals row, totals in columns.
    let coverage = rows("coverage.csv");
    assert_eq!(
        coverage,
        [
            [
                "topic_id",
                "topic_category",
                "topic_name",
                "acme-api-guide",
                "zeta-rest-rules",
                "guides_covering",
                "references_total"
            ],
            ["versioning", "API Design", "Versioning", "1", "1", "2", "2"],
            [
                "collection-pagination",
                "Collection Resources",
                "Pagination",
                "1",
                "0",
                "1",
                "1"
            ],
            [
                "http-methods-patch",
                "HTTP Methods",
                "PATCH",
                "0",
                "1",
                "1",
                "1"
            ],
            [
                "http-status-409",
                "HTTP Status User Error",
                "409 Conflict",
                "2",
                "1",
                "2",
                "3"
            ],
        ]
    );
    let categories = rows("categories.csv");
    assert_eq!(
        categories[0],
        [
            "category_name",
            "topics_total",
            "topics_covered",
            "acme-api-guide",
            "zeta-rest-rules",
            "guides_covering",
            "references_total"
        ]
    );
    // Two references of one guide to one topic count as one topic covered.
    assert_eq!(
        categories[4],
        ["HTTP Status User Error", "1", "1", "1", "1", "2", "3"]
    );
    assert_eq!(categories.len(), 5);

    let raw = write(
        &catalog,
        Format::Csv,
        &Options {
            raw_csv: true,
            csv_bom: false,
            ..Options::default()
        },
    );
    let raw_text = String::from_utf8(raw["references.csv"].clone()).unwrap();
    assert!(raw_text.starts_with("topic_id,"));
    assert!(raw_text.contains("\"=HYPERLINK(\"\"https://evil.example\"\")\""));
}
