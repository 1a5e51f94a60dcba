//! The workbook read back with a real reader (calamine): cells, formulas and their cached
//! results, links, formats and document properties of `catalog.xlsx` for the fixture catalog,
//! plus the parts calamine does not read (heat map, frozen panes, autofilter) from the sheets'
//! XML.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};
use stylebook_core::{Catalog, FileKind, Sources, read};
use stylebook_export::{Format, MemorySink, Options, export, workbook};

fn fixture() -> Catalog {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalog");
    let mut sources = Sources::new();
    let mut inputs = vec![(
        sources.add_bytes("topics.yaml", fs::read(root.join("topics.yaml")).unwrap()),
        FileKind::Topics,
    )];
    let mut names: Vec<_> = fs::read_dir(root.join("guidelines"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let name = format!("guidelines/{}", path.file_name().unwrap().to_string_lossy());
        inputs.push((
            sources.add_bytes(name, fs::read(path).unwrap()),
            FileKind::Guideline,
        ));
    }
    let loaded = read(&sources, &inputs);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

fn values(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Range<Data> {
    book.worksheet_range(sheet).unwrap()
}

fn at(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(s: &str) -> Data {
    Data::String(s.to_owned())
}

fn number(n: f64) -> Data {
    Data::Float(n)
}

/// The row's cells from the first column to `cols`, as written.
fn row(range: &Range<Data>, r: u32, cols: u32) -> Vec<Data> {
    (0..cols).map(|c| at(range, r, c)).collect()
}

/// Formulas by cell, without the leading `=`.
fn formulas(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> BTreeMap<(u32, u32), String> {
    let range = book.worksheet_formula(sheet).unwrap();
    range
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| {
            let (r0, c0) = range.start().unwrap();
            ((r0 + r as u32, c0 + c as u32), f.clone())
        })
        .collect()
}

/// One part of the package, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

#[test]
fn sheets_come_in_order() {
    let bytes = workbook(&fixture()).unwrap();
    let book = open(&bytes);
    assert_eq!(
        book.sheet_names(),
        [
            "Coverage",
            "Categories",
            "References",
            "Guidelines",
            "Topics"
        ]
    );
}

#[test]
fn coverage_groups_topics_and_leaves_none_empty() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let cells = values(&mut book, "Coverage");
    assert_eq!(
        row(&cells, 0, 7),
        [
            text("Category"),
            text("Topic"),
            // The title starts with the company: one line is enough.
            text("ACME API Guide"),
            text("Zeta & Co\nZeta REST rules — édition 2"),
            text("Guides"),
            text("References"),
            text("Topic id"),
        ]
    );
    let e = Data::Empty;
    let body: Vec<Vec<Data>> = (1..=4).map(|r| row(&cells, r, 7)).collect();
    assert_eq!(
        body,
        [
            vec![
                text("API Design"),
                text("Versioning"),
                number(1.0),
                number(1.0),
                number(2.0),
                number(2.0),
                text("versioning"),
            ],
            vec![
                text("Collection Resources"),
                text("Pagination"),
                number(1.0),
                e.clone(),
                number(1.0),
                number(1.0),
                text("collection-pagination"),
            ],
            vec![
                text("HTTP Methods"),
                text("PATCH"),
                e.clone(),
                number(1.0),
                number(1.0),
                number(1.0),
                text("http-methods-patch"),
            ],
            vec![
                text("HTTP Status User Error"),
                text("409 Conflict"),
                number(2.0),
                number(1.0),
                number(2.0),
                number(3.0),
                text("http-status-409"),
            ],
        ]
    );
    // An empty row separates the totals from the table.
    assert_eq!(row(&cells, 5, 7), vec![Data::Empty; 7]);
}

#[test]
fn coverage_totals_are_formulas_with_their_results() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let f = formulas(&mut book, "Coverage");
    assert_eq!(f[&(6, 2)], "SUBTOTAL(2,C2:C5)");
    assert_eq!(f[&(6, 3)], "SUBTOTAL(2,D2:D5)");
    assert_eq!(f[&(7, 2)], "SUBTOTAL(9,C2:C5)");
    assert_eq!(f[&(7, 5)], "SUBTOTAL(9,F2:F5)");
    assert_eq!(
        f[&(8, 2)],
        "IFERROR(SUBTOTAL(2,C2:C5)/SUBTOTAL(3,$G$2:$G$5),0)"
    );
    assert_eq!(f.len(), 7, "{f:?}");
    let cells = values(&mut book, "Coverage");
    assert_eq!(at(&cells, 6, 0), text("Topics covered"));
    // Results are stored, for readers that do not compute formulas.
    assert_eq!(at(&cells, 6, 2), number(3.0));
    assert_eq!(at(&cells, 6, 3), number(3.0));
    assert_eq!(at(&cells, 7, 2), number(4.0));
    assert_eq!(at(&cells, 7, 3), number(3.0));
    assert_eq!(at(&cells, 7, 5), number(7.0));
    assert_eq!(at(&cells, 8, 2), number(0.75));
}

#[test]
fn categories_count_topics_covered() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let cells = values(&mut book, "Categories");
    assert_eq!(
        row(&cells, 0, 3),
        [text("Category"), text("Topics"), text("Topics covered")]
    );
    assert_eq!(
        row(&cells, 4, 7),
        [
            text("HTTP Status User Error"),
            number(1.0),
            number(1.0),
            // One topic each, however many references.
            number(1.0),
            number(1.0),
            number(2.0),
            number(3.0),
        ]
    );
    assert_eq!(at(&cells, 2, 4), Data::Empty);
    assert_eq!(at(&cells, 6, 0), text("Total"));
    assert_eq!(at(&cells, 6, 3), number(3.0));
    assert_eq!(at(&cells, 6, 6), number(7.0));
    let f = formulas(&mut book, "Categories");
    assert_eq!(f[&(6, 1)], "SUBTOTAL(9,B2:B5)");
    assert_eq!(f[&(6, 6)], "SUBTOTAL(9,G2:G5)");
}

#[test]
fn every_text_stays_text_and_nothing_runs() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let cells = values(&mut book, "References");
    assert_eq!(
        row(&cells, 0, 6),
        [
            "Category",
            "Topic",
            "Company",
            "Guideline",
            "Reference",
            "Quote"
        ]
        .map(text)
    );
    let names: Vec<Data> = (1..=7).map(|r| at(&cells, r, 4)).collect();
    // A formula-like name shows as written, with no `'`: it is a quoted text inside the link's
    // formula, which is the only formula of the cell.
    let evil = "=HYPERLINK(\"https://evil.example\")";
    let r = (1..=7).find(|&r| at(&cells, r, 4) == text(evil)).unwrap();
    let f = formulas(&mut book, "References");
    assert_eq!(
        f[&(r, 4)],
        "HYPERLINK(\"https://github.com/zeta-example/rest-rules#conflits\",\
         \"=HYPERLINK(\"\"https://evil.example\"\")\")"
    );
    assert!(
        f.iter()
            .all(|((_, c), formula)| *c == 4 && formula.starts_with("HYPERLINK(\""))
    );
    // `404` and `yes` were quoted in YAML: they stay texts, not a number or a truth value.
    assert!(names.contains(&text("404")), "{names:?}");
    let quotes: Vec<Data> = (1..=7).map(|r| at(&cells, r, 5)).collect();
    assert!(quotes.contains(&text("yes")), "{quotes:?}");
}

#[test]
fn reference_names_link_to_their_urls() {
    let catalog = fixture();
    let bytes = workbook(&catalog).unwrap();
    let mut book = open(&bytes);
    let cells = values(&mut book, "References");
    let formulas = formulas(&mut book, "References");
    let links = book.hyperlinks_by_sheet_name("References").unwrap();
    // Each reference's label (its name, or its URL when it has none) and URL.
    let mut want: Vec<(String, String)> = catalog
        .guidelines()
        .iter()
        .flat_map(|g| g.topics.iter().flat_map(|c| &c.references))
        .map(|r| {
            let label = r.name.clone().unwrap_or_else(|| r.url.clone());
            (label, r.url.clone())
        })
        .collect();
    want.sort();
    let mut got = Vec::new();
    for r in 1..=7 {
        let Data::String(label) = at(&cells, r, 4) else {
            panic!("row {r}: not a text: {:?}", at(&cells, r, 4));
        };
        let url = if let Some(formula) = formulas.get(&(r, 4)) {
            let (_, url) = want.iter().find(|(l, _)| *l == label).unwrap();
            let quoted = |s: &str| s.replace('"', "\"\"");
            assert_eq!(
                *formula,
                format!("HYPERLINK(\"{}\",\"{}\")", quoted(url), quoted(&label))
            );
            url.clone()
        } else {
            // A name that would be stored as a number gets a hyperlink instead of a formula.
            let link = links.iter().find(|l| l.range.start == (r, 4)).unwrap();
            match &link.location {
                Some(anchor) => format!("{}#{anchor}", link.target.as_deref().unwrap()),
                None => link.target.clone().unwrap(),
            }
        };
        got.push((label, url));
    }
    got.sort();
    assert_eq!(got, want);
    assert_eq!(formulas.len(), 6);
    assert_eq!(links.len(), 1);
    assert_eq!(
        at(&cells, links[0].range.start.0, 4),
        text("404"),
        "the name that reads as a number"
    );
    // Links look like links.
    let styles = book.worksheet_style("References").unwrap();
    for r in 1..=7 {
        let font = styles.get((r, 4)).unwrap().font.clone().unwrap();
        assert!(font.has_underline(), "row {r}: {font:?}");
    }
}

#[test]
fn guidelines_have_dates_shares_and_links() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let cells = values(&mut book, "Guidelines");
    assert_eq!(at(&cells, 1, 0), text("acme-api-guide"));
    let published = at(&cells, 1, 5);
    // 2015-01-15 is day 42,019 of Excel's calendar.
    match published {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 42_019.0),
        other => panic!("not a date: {other:?}"),
    }
    assert_eq!(at(&cells, 2, 6), Data::Empty, "zeta has no review date");
    assert_eq!(
        row(&cells, 1, 10)[7..],
        [number(3.0), number(0.75), number(4.0)]
    );
    let styles = book.worksheet_style("Guidelines").unwrap();
    let format = |r, c| {
        styles
            .get((r, c))
            .and_then(|s| s.number_format.clone())
            .map(|f| f.format_code)
    };
    assert_eq!(format(1, 5).as_deref(), Some("yyyy-mm-dd"));
    assert_eq!(format(1, 8).as_deref(), Some("0%"));
    let links = book.hyperlinks_by_sheet_name("Guidelines").unwrap();
    let targets: Vec<_> = links.iter().map(|l| l.target.clone().unwrap()).collect();
    assert_eq!(
        targets,
        [
            "https://acme.example/api-guide",
            "https://github.com/zeta-example/rest-rules"
        ]
    );
}

#[test]
fn topics_have_their_descriptions() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let cells = values(&mut book, "Topics");
    assert_eq!(
        row(&cells, 4, 6),
        [
            text("http-status-409"),
            text("HTTP Status User Error"),
            text("409 Conflict"),
            // The block scalar's last line break is dropped; the inner one stays.
            text(
                "The request clashes with the resource's current state: an edit made by\n\
                 someone else since the client last read it, for example."
            ),
            number(2.0),
            number(3.0),
        ]
    );
}

#[test]
fn headers_are_rotated_and_the_heat_map_is_there() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let styles = book.worksheet_style("Coverage").unwrap();
    let guide = styles.get((0, 2)).unwrap();
    let alignment = guide.alignment.clone().unwrap();
    assert_eq!(alignment.text_rotation, calamine::TextRotation::Degrees(90));
    assert!(alignment.wrap_text);
    assert!(guide.font.clone().unwrap().is_bold());

    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>"#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:G5"/>"#), "{sheet}");
    assert!(
        sheet.contains(r#"<conditionalFormatting sqref="C2:D5"><cfRule type="colorScale""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<conditionalFormatting sqref="E2:E5"><cfRule type="dataBar""#));
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    assert!(sheet.contains(r#"<pageSetup fitToHeight="0" orientation="landscape""#));
    let categories = part(&bytes, "xl/worksheets/sheet2.xml");
    // One scale a row, from none to all of the category's topics.
    assert_eq!(
        categories.matches(r#"<cfRule type="colorScale""#).count(),
        4
    );
}

#[test]
fn properties_come_from_the_catalog() {
    let bytes = workbook(&fixture()).unwrap();
    let mut book = open(&bytes);
    let props = book.workbook_properties().unwrap();
    assert_eq!(
        props.title.as_deref(),
        Some("Coverage of API design topics by style guides")
    );
    assert_eq!(
        props.subject.as_deref(),
        Some("4 topics, 2 guidelines, 7 references")
    );
    // The latest publication or review date, not the clock.
    assert_eq!(props.created.as_deref(), Some("2017-07-20T00:00:00Z"));
    assert_eq!(props.modified.as_deref(), Some("2017-07-20T00:00:00Z"));
}

#[test]
fn the_same_catalog_gives_the_same_bytes() {
    let catalog = fixture();
    let first = workbook(&catalog).unwrap();
    let second = workbook(&catalog).unwrap();
    assert!(first == second, "two workbooks of one catalog differ");
    let sink = MemorySink::new();
    export(&catalog, Format::Xlsx, &Options::default(), &sink).unwrap();
    assert_eq!(sink.into_files()["catalog.xlsx"], first);
}

#[test]
fn an_empty_catalog_gives_a_readable_workbook() {
    let bytes = workbook(&Catalog::default()).unwrap();
    let mut book = open(&bytes);
    let cells = values(&mut book, "Coverage");
    assert_eq!(at(&cells, 0, 0), text("Category"));
    assert_eq!(at(&cells, 0, 2), text("Guides"));
    let props = book.workbook_properties().unwrap();
    assert_eq!(props.created.as_deref(), Some("1970-01-01T00:00:00Z"));
}
