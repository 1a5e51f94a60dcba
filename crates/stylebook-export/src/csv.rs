//! CSV for spreadsheet analysis of guideline coverage: `references.csv`, `coverage.csv` and
//! `categories.csv`.
//!
//! RFC 4180 (comma, CRLF line ends, quotes where needed), UTF-8 without BOM, a header row first.
//! Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
//! or carriage return) are neutralized with a leading `'`, as OWASP advises, unless `raw` is set.
//! Cells that already start with `'` get one too, so that a leading `'` is always the added one:
//! spreadsheets hide it, and a program gets the text back by dropping it.
//!
//! - `references.csv`: one row per reference: `topic_id, category, topic_name, guideline_id,
//!   company, title, reference_name, url, quote`; topics by id, guidelines in reading order.
//! - `coverage.csv`: one row per topic (`topic_id, category, name`, then one column per
//!   guideline, headed by its id, holding its number of references for the topic, `0` where
//!   none, then `total`), and a last `total` row.
//! - `categories.csv`: one row per category (`category, topics`, then one column per guideline
//!   with its number of references in the category, then `total`), and a `total` row.

use std::collections::BTreeMap;
use std::io;

use stylebook_core::Catalog;

use crate::Sink;

/// Writes the three CSV files.
pub fn write_csv(catalog: &Catalog, raw: bool, sink: &dyn Sink) -> io::Result<()> {
    sink.put("references.csv".to_owned(), references(catalog, raw)?)?;
    sink.put("coverage.csv".to_owned(), coverage(catalog, raw)?)?;
    sink.put("categories.csv".to_owned(), categories(catalog, raw)?)
}

/// A cell as written: neutralized unless `raw`.
pub fn cell(text: &str, raw: bool) -> std::borrow::Cow<'_, str> {
    if !raw && text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> io::Result<Vec<u8>> {
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

fn references(catalog: &Catalog, raw: bool) -> io::Result<Vec<u8>> {
    let mut w = writer();
    w.write_record([
        "topic_id",
        "category",
        "topic_name",
        "guideline_id",
        "company",
        "title",
        "reference_name",
        "url",
        "quote",
    ])?;
    for (topic, covering) in catalog.topics.iter().zip(catalog.coverage_by_topic()) {
        for (g, refs) in covering {
            for r in refs {
                let quote = r.quote.clone().flatten().unwrap_or_default();
                let name = r.name.clone().unwrap_or_default();
                w.write_record(
                    [
                        &topic.id,
                        &topic.category,
                        &topic.name,
                        &g.id,
                        &g.company,
                        &g.title,
                        &name,
                        &r.url,
                        &quote,
                    ]
                    .map(|text| cell(text, raw).into_owned()),
                )?;
            }
        }
    }
    finish(w)
}

fn coverage(catalog: &Catalog, raw: bool) -> io::Result<Vec<u8>> {
    let index: BTreeMap<&str, usize> = catalog
        .guidelines
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let rows = catalog
        .topics
        .iter()
        .zip(catalog.coverage_by_topic())
        .map(|(topic, covering)| {
            let mut counts = vec![0usize; catalog.guidelines.len()];
            for (g, refs) in covering {
                if let Some(&i) = index.get(g.id.as_str()) {
                    counts[i] += refs.len();
                }
            }
            let lead = [&topic.id, &topic.category, &topic.name]
                .map(|text| cell(text, raw).into_owned())
                .to_vec();
            (lead, counts)
        })
        .collect();
    let total = vec!["total".to_owned(), String::new(), String::new()];
    matrix(catalog, raw, &["topic_id", "category", "name"], rows, total)
}

fn categories(catalog: &Catalog, raw: bool) -> io::Result<Vec<u8>> {
    let n = catalog.guidelines.len();
    let mut by_category: BTreeMap<&str, (usize, Vec<usize>)> = BTreeMap::new();
    for t in &catalog.topics {
        by_category
            .entry(t.category.as_str())
            .or_insert_with(|| (0, vec![0; n]))
            .0 += 1;
    }
    for (i, g) in catalog.guidelines.iter().enumerate() {
        for c in &g.topics {
            if let Some(t) = catalog.topic(&c.topic)
                && let Some(row) = by_category.get_mut(t.category.as_str())
            {
                row.1[i] += c.references.len();
            }
        }
    }
    let topic_total: usize = by_category.values().map(|(topics, _)| topics).sum();
    let rows = by_category
        .into_iter()
        .map(|(category, (topics, counts))| {
            (
                vec![cell(category, raw).into_owned(), topics.to_string()],
                counts,
            )
        })
        .collect();
    let total = vec!["total".to_owned(), topic_total.to_string()];
    matrix(catalog, raw, &["category", "topics"], rows, total)
}

/// Writes a table with one count column per guideline: a header (`lead` names, the guideline
/// ids, `total`), each row (its leading cells, its counts, their sum), and a last row starting
/// with `total_lead` that sums every column.
fn matrix(
    catalog: &Catalog,
    raw: bool,
    lead: &[&str],
    rows: Vec<(Vec<String>, Vec<usize>)>,
    total_lead: Vec<String>,
) -> io::Result<Vec<u8>> {
    let mut w = writer();
    let mut header: Vec<String> = lead.iter().map(|&h| h.to_owned()).collect();
    header.extend(
        catalog
            .guidelines
            .iter()
            .map(|g| cell(&g.id, raw).into_owned()),
    );
    header.push("total".to_owned());
    w.write_record(&header)?;
    let mut totals = vec![0usize; catalog.guidelines.len()];
    for (cells, counts) in rows {
        for (t, c) in totals.iter_mut().zip(&counts) {
            *t += c;
        }
        w.write_record(counted(cells, &counts))?;
    }
    w.write_record(counted(total_lead, &totals))?;
    finish(w)
}

/// A row: its leading cells, then the counts, then their sum.
fn counted(mut cells: Vec<String>, counts: &[usize]) -> Vec<String> {
    cells.extend(counts.iter().map(usize::to_string));
    cells.push(counts.iter().sum::<usize>().to_string());
    cells
}
