//! CSV for spreadsheet analysis of guideline coverage: `references.csv`, `coverage.csv` and
//! `categories.csv`.
//!
//! RFC 4180 (comma, CRLF line ends, quotes where needed), UTF-8 with a byte-order mark unless
//! [`Options::csv_bom`](crate::Options::csv_bom) is off (Excel reads a file without one in the
//! system's code page, so `Café` would show as `CafÃ©`), a header row first. Header names
//! contain `_`, which no id can (ids are `[a-z0-9][a-z0-9-]*`), so a guideline column never
//! takes the name of another column. Topic rows are grouped by category, then by topic name
//! ([`CoverageMatrix::grouped`]); guideline columns follow the catalog's reading order.
//!
//! - `references.csv`: one row per reference: `topic_id, topic_category, topic_name,
//!   guideline_id, guideline_company, guideline_title, reference_name, reference_url,
//!   reference_quote`.
//! - `coverage.csv`: one row per topic: `topic_id, topic_category, topic_name`, then one column
//!   per guideline, headed by its id, holding its number of references for the topic (`0`
//!   where none), then `guides_covering` (guidelines with at least one reference) and
//!   `references_total`.
//! - `categories.csv`: one row per category: `category_name, topics_total, topics_covered`
//!   (by at least one guideline), then one column per guideline holding how many of the
//!   category's topics it covers (topics, not references: a guide is not more complete for
//!   citing five sections on one topic), then `guides_covering` and `references_total`.
//!
//! There is no totals row: a column sum stays a sum, and sorting keeps every row a topic.
//!
//! # Formula neutralization
//!
//! Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
//! or carriage return) get a leading `'`, as OWASP advises, unless `raw` is set. Cells that
//! already start with `'` get one too, so that a leading `'` is always the added one: a
//! program gets the text back by dropping it. In a spreadsheet the `'` does not vanish:
//! LibreOffice Calc (7.4, tried) shows it and keeps it in the cell's text (`'=1+1`), which is
//! what stops the formula. CSV carries no types, so a spreadsheet still reads `1/2`, `TRUE` or
//! `1E5` in a text cell as a date, a truth value or a number.

use std::io;

use stylebook_core::{Catalog, CoverageMatrix};

use crate::{Options, Sink};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the three CSV files, as [`Options::raw_csv`] and [`Options::csv_bom`] say.
pub(crate) fn write_csv(catalog: &Catalog, options: &Options, sink: &dyn Sink) -> io::Result<()> {
    let matrix = CoverageMatrix::new(catalog);
    let out = Out {
        raw: options.raw_csv,
        bom: options.csv_bom,
    };
    sink.put("references.csv".to_owned(), references(&matrix, out)?)?;
    sink.put("coverage.csv".to_owned(), coverage(&matrix, out)?)?;
    sink.put("categories.csv".to_owned(), categories(&matrix, out)?)
}

/// A cell as written: neutralized unless `raw`.
pub(crate) fn cell(text: &str, raw: bool) -> std::borrow::Cow<'_, str> {
    if !raw && text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// How cells and files are written.
#[derive(Debug, Clone, Copy)]
struct Out {
    raw: bool,
    bom: bool,
}

impl Out {
    fn writer(self) -> csv::Writer<Vec<u8>> {
        let start = if self.bom { BOM.to_vec() } else { Vec::new() };
        csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(start)
    }

    fn cell(self, text: &str) -> String {
        cell(text, self.raw).into_owned()
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> io::Result<Vec<u8>> {
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

fn references(matrix: &CoverageMatrix<'_>, out: Out) -> io::Result<Vec<u8>> {
    let catalog = matrix.catalog();
    let covering = catalog.guidelines_by_topic();
    let mut w = out.writer();
    w.write_record([
        "topic_id",
        "topic_category",
        "topic_name",
        "guideline_id",
        "guideline_company",
        "guideline_title",
        "reference_name",
        "reference_url",
        "reference_quote",
    ])?;
    for &t in matrix.grouped() {
        let topic = &catalog.topics()[t];
        for (g, refs) in &covering[t] {
            for r in *refs {
                let quote = r.quote.clone().flatten().unwrap_or_default();
                let name = r.name.as_deref().unwrap_or_default();
                w.write_record(
                    [
                        &topic.id,
                        &topic.category,
                        &topic.name,
                        &g.id,
                        &g.company,
                        &g.title,
                        name,
                        &r.url,
                        &quote,
                    ]
                    .map(|text| out.cell(text)),
                )?;
            }
        }
    }
    finish(w)
}

fn coverage(matrix: &CoverageMatrix<'_>, out: Out) -> io::Result<Vec<u8>> {
    let catalog = matrix.catalog();
    let mut w = out.writer();
    w.write_record(header(
        matrix,
        out,
        &["topic_id", "topic_category", "topic_name"],
    ))?;
    for &t in matrix.grouped() {
        let topic = &catalog.topics()[t];
        let mut record: Vec<String> = [&topic.id, &topic.category, &topic.name]
            .map(|text| out.cell(text))
            .to_vec();
        record.extend(matrix.row(t).iter().map(usize::to_string));
        record.push(matrix.guides_covering(t).to_string());
        record.push(matrix.topic_references(t).to_string());
        w.write_record(&record)?;
    }
    finish(w)
}

fn categories(matrix: &CoverageMatrix<'_>, out: Out) -> io::Result<Vec<u8>> {
    let mut w = out.writer();
    w.write_record(header(
        matrix,
        out,
        &["category_name", "topics_total", "topics_covered"],
    ))?;
    for category in matrix.categories() {
        let mut record = vec![
            out.cell(category.name),
            category.topics.len().to_string(),
            category.topics_covered.to_string(),
        ];
        record.extend(category.by_guideline.iter().map(usize::to_string));
        record.push(category.guides_covering.to_string());
        record.push(category.references.to_string());
        w.write_record(&record)?;
    }
    finish(w)
}

/// The header of a matrix: its leading names, the guideline ids, and the two totals.
fn header(matrix: &CoverageMatrix<'_>, out: Out, lead: &[&str]) -> Vec<String> {
    let mut header: Vec<String> = lead.iter().map(|&h| h.to_owned()).collect();
    header.extend(
        matrix
            .catalog()
            .guidelines()
            .iter()
            .map(|g| out.cell(&g.id)),
    );
    header.push("guides_covering".to_owned());
    header.push("references_total".to_owned());
    header
}
