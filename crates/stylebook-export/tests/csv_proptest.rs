//! Property test of the CSV writer: any text in any cell reads back, with the `csv` crate, as
//! the text that was written, both raw and neutralized (after dropping the one `'` that
//! neutralization adds).

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use stylebook_core::Catalog;
use stylebook_core::{Guideline, Reference, Topic, TopicReferences};
use stylebook_export::{Format, MemorySink, Options, export};

/// Text that often starts with a formula trigger, a quote or a separator, or is anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "['=+@\t\r\n\",; a-]{0,6}",
        "[=+@'-][^\n]{0,6}",
    ]
}

/// A reference's texts: name, url and quote.
type Cells = (Option<String>, String, Option<Option<String>>);

fn catalog(topics: &[(String, String)], company: &str, title: &str, refs: &[Cells]) -> Catalog {
    let topics: Vec<Topic> = topics
        .iter()
        .enumerate()
        .map(|(i, (category, name))| Topic::new(format!("t{i:03}"), category, name, ""))
        .collect();
    let coverage = topics
        .iter()
        .zip(refs)
        .map(|(t, (name, url, quote))| {
            let mut reference = Reference::new("", url.clone(), None);
            reference.name = name.clone();
            reference.quote = quote.clone();
            TopicReferences {
                topic: t.id.clone(),
                references: vec![reference],
            }
        })
        .collect();
    let mut guideline = Guideline::new("g", title, "website", "https://example.com/", company);
    guideline.topics = coverage;
    Catalog::new(topics, vec![guideline])
}

fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::Reader::from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// What a reader does to undo neutralization: drop one leading `'`.
fn restore(cell: &str, raw: bool) -> &str {
    if raw {
        cell
    } else {
        cell.strip_prefix('\'').unwrap_or(cell)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn cells_read_back_as_written(
        topics in prop::collection::vec((text(), text()), 1..6),
        refs in prop::collection::vec(
            (prop::option::of(text()), text(), prop::option::of(prop::option::of(text()))),
            6,
        ),
        company in text(),
        title in text(),
        raw in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let catalog = catalog(&topics, &company, &title, &refs);
        let sink = MemorySink::new();
        let options = Options { raw_csv: raw, csv_bom: bom, ..Options::default() };
        export(&catalog, Format::Csv, &options, &sink).unwrap();
        let files = sink.into_files();
        for bytes in files.values() {
            prop_assert_eq!(bytes.starts_with(b"\xEF\xBB\xBF"), bom);
        }

        // Rows are grouped by category and name: find each topic's row by its id.
        let references = rows(&files["references.csv"]);
        prop_assert_eq!(references.len(), topics.len());
        for (i, (t, (name, url, quote))) in topics.iter().zip(&refs).enumerate() {
            let id = format!("t{i:03}");
            let row = references.iter().find(|r| r[0] == id).unwrap();
            let got: Vec<&str> = row.iter().map(|c| restore(c, raw)).collect();
            let quote = quote.clone().flatten().unwrap_or_default();
            let name = name.clone().unwrap_or_default();
            let want = [
                t.0.as_str(), t.1.as_str(), "g", company.as_str(), title.as_str(),
                name.as_str(), url.as_str(), quote.as_str(),
            ];
            prop_assert_eq!(&got[1..], &want[..]);
        }

        let coverage = rows(&files["coverage.csv"]);
        prop_assert_eq!(coverage.len(), topics.len());
        for (i, t) in topics.iter().enumerate() {
            let id = format!("t{i:03}");
            let row = coverage.iter().find(|r| r[0] == id).unwrap();
            prop_assert_eq!(restore(&row[1], raw), t.0.as_str());
            prop_assert_eq!(restore(&row[2], raw), t.1.as_str());
            prop_assert_eq!(&row[3..], &["1", "1", "1"]);
        }

        let categories = rows(&files["categories.csv"]);
        let mut want: Vec<&str> = topics.iter().map(|t| t.0.as_str()).collect();
        want.sort_by_cached_key(|c| (c.to_lowercase(), c.to_string()));
        want.dedup();
        let got: Vec<&str> = categories.iter().map(|r| restore(&r[0], raw)).collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn a_leading_quote_is_kept_through_neutralization() {
    // Regression: `'=x` was written as is and read back, after dropping the neutralizing
    // quote, as `=x`; a spreadsheet hid its quote, showing `=x` too.
    let refs = vec![(Some("'=x".to_owned()), "'u".to_owned(), None); 1];
    let catalog = catalog(&[("c".to_owned(), "n".to_owned())], "co", "ti", &refs);
    let sink = MemorySink::new();
    export(&catalog, Format::Csv, &Options::default(), &sink).unwrap();
    let files = sink.into_files();
    let row = &rows(&files["references.csv"])[0];
    assert_eq!(row[6], "''=x");
    assert_eq!(row[7], "''u");
}
