//! `catalog.xlsx`: one workbook for spreadsheet analysis of guideline coverage (cargo feature
//! `xlsx`, written with `rust_xlsxwriter`).
//!
//! Sheets, in this order:
//!
//! - `Coverage`: one row per topic, grouped by category then name; one column per guideline,
//!   headed by its company and title (rotated, so the heat map stays narrow), holding its
//!   number of references for the topic, empty where none; a two-colour scale over those
//!   cells; `Guides` (guidelines covering the topic) and `References`; then the topic's id.
//!   Below the table, after an empty row, totals as `SUBTOTAL` formulas, so that they count
//!   the rows an autofilter shows: topics covered, references and share of topics per guide.
//! - `Categories`: one row per category: its topics, how many of them some guide covers, one
//!   column per guideline with how many of the category's topics it covers (coloured by the
//!   share of the category), `Guides` and `References`, and totals below.
//! - `References`: one row per reference (category, topic, company, guideline, reference,
//!   quote), its name a live link to its URL: a `HYPERLINK` formula whose stored result is the
//!   name, since a hyperlink object costs the writer three times the memory and the references
//!   are most of the workbook (a name or URL that does not fit in a formula's text gets a
//!   hyperlink object instead).
//! - `Guidelines`: one row per guideline: id, company, title, type, URL (a link), publication
//!   and review dates (real dates), topics covered, share of the catalog's topics, references.
//! - `Topics`: id, category, name, description, guides covering, references.
//!
//! Every text from the catalog is written as a text cell, or as a quoted text inside the
//! `HYPERLINK` formulas: nothing is retyped (`1/2` stays text, not a date) and nothing of the
//! catalog runs as a formula, so no neutralizing `'` is needed. Each sheet has a frozen header
//! row (and label columns), an autofilter, widths fitted to its texts, and prints landscape,
//! one page wide, with the header repeated.
//!
//! The bytes depend on the catalog only: the document's creation date is the latest
//! publication or review date in the catalog (1970-01-01 when it has none), never the clock.
//!
//! Excel's limits are kept: a text longer than 32,767 UTF-16 units is cut and ends with `…`;
//! a `HYPERLINK` formula's texts hold at most 255 characters; a hyperlink object's URL at most
//! 2,080 units and a sheet at most 65,530 of them, past which the name is plain text; a catalog that does not fit in a sheet (1,048,576 rows, 16,384 columns) is refused
//! with [`WorkbookError::TooLarge`].

use std::borrow::Cow;
use std::io;

use rust_xlsxwriter::{
    Color, ConditionalFormat2ColorScale, ConditionalFormatDataBar, ConditionalFormatType,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Url, Workbook,
    Worksheet, XlsxError,
};
use stylebook_core::{Catalog, CoverageMatrix, Timestamp};

use crate::Sink;

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkbookError {
    /// The catalog needs more rows or columns than a worksheet has.
    #[error("the catalog does not fit in a worksheet: {what}")]
    TooLarge {
        /// What exceeds which limit.
        what: String,
    },
    /// The spreadsheet writer failed.
    #[error("cannot write the workbook: {0}")]
    Writer(#[from] XlsxError),
}

/// Writes `catalog.xlsx`.
pub(crate) fn write_xlsx(catalog: &Catalog, sink: &dyn Sink) -> io::Result<()> {
    let bytes = workbook(catalog).map_err(io::Error::other)?;
    sink.put("catalog.xlsx".to_owned(), bytes)
}

/// The workbook's bytes.
pub fn workbook(catalog: &Catalog) -> Result<Vec<u8>, WorkbookError> {
    check_size(catalog)?;
    let matrix = CoverageMatrix::new(catalog);
    let styles = Styles::new();
    let mut book = Workbook::new();
    // Deflate level 3 instead of the default 6: measured on the 3,000-topic bench catalog, a
    // quarter less CPU time for a file an eighth larger.
    book.set_zip_compression_level(3);
    book.set_properties(&properties(catalog)?);
    book.push_worksheet(coverage_sheet(&matrix, &styles)?);
    book.push_worksheet(categories_sheet(&matrix, &styles)?);
    book.push_worksheet(references_sheet(&matrix, &styles)?);
    book.push_worksheet(guidelines_sheet(&matrix, &styles)?);
    book.push_worksheet(topics_sheet(&matrix, &styles)?);
    Ok(book.save_to_buffer()?)
}

/// Rows in a worksheet.
const MAX_ROWS: usize = 1_048_576;
/// Columns in a worksheet.
const MAX_COLUMNS: usize = 16_384;
/// Characters (UTF-16 units) in a cell.
const MAX_TEXT: usize = 32_767;
/// Characters (UTF-16 units) in a link.
const MAX_URL: usize = 2_080;
/// Links in a worksheet.
const MAX_LINKS: usize = 65_530;
/// Characters in a text inside a formula.
const MAX_FORMULA_TEXT: usize = 255;

/// Columns of the `Coverage` sheet before and after the guidelines.
const LABEL_COLUMNS: usize = 2;
const TRAILING_COLUMNS: usize = 3;

/// Width of the `Topics` sheet's description column, in characters.
const DESCRIPTION_WIDTH: usize = 80;

/// Light fill of header rows.
const HEADER_FILL: u32 = 0x00F2_F2F2;
/// The heat map's ends: one reference, and the most.
const HEAT_LOW: u32 = 0x00E5_F5E0;
const HEAT_HIGH: u32 = 0x0041_AB5D;
/// The colour of notes below a table.
const NOTE_GREY: u32 = 0x0059_5959;

fn check_size(catalog: &Catalog) -> Result<(), WorkbookError> {
    let references = catalog.reference_count();
    let topics = catalog.topics().len();
    let columns = catalog.guidelines().len() + LABEL_COLUMNS + TRAILING_COLUMNS;
    // The coverage sheet has a header, an empty row, three rows of totals and two of notes.
    let too_large = if references + 1 > MAX_ROWS {
        Some(format!(
            "{references} references need {} rows, a sheet has {MAX_ROWS}",
            references + 1
        ))
    } else if topics + 7 > MAX_ROWS {
        Some(format!(
            "{topics} topics need {} rows, a sheet has {MAX_ROWS}",
            topics + 7
        ))
    } else if columns > MAX_COLUMNS {
        Some(format!(
            "{} guidelines need {columns} columns, a sheet has {MAX_COLUMNS}",
            catalog.guidelines().len()
        ))
    } else {
        None
    };
    match too_large {
        Some(what) => Err(WorkbookError::TooLarge { what }),
        None => Ok(()),
    }
}

/// Title, subject, keywords, and a creation date taken from the catalog.
fn properties(catalog: &Catalog) -> Result<DocProperties, XlsxError> {
    let latest = catalog
        .guidelines()
        .iter()
        .flat_map(|g| [g.date, g.review_date])
        .flatten()
        .max();
    let created = match latest.and_then(|t| excel_datetime(t).ok()) {
        Some(created) => created,
        None => ExcelDateTime::from_ymd(1970, 1, 1)?,
    };
    Ok(DocProperties::new()
        .set_title("Coverage of API design topics by style guides")
        .set_subject(format!(
            "{} topics, {} guidelines, {} references",
            catalog.topics().len(),
            catalog.guidelines().len(),
            catalog.reference_count()
        ))
        .set_keywords("API design, style guides, coverage")
        .set_comment("Written by stylebook")
        .set_creation_datetime(&created))
}

/// A timestamp as a date and time Excel can hold (1900 to 9999).
fn excel_datetime(t: Timestamp) -> Result<ExcelDateTime, XlsxError> {
    let (year, month, day) = t.ymd();
    let year = u16::try_from(year).map_err(|_| XlsxError::DateTimeRangeError(year.to_string()))?;
    let ms = t.millis_of_day();
    let date = ExcelDateTime::from_ymd(year, month as u8, day as u8)?;
    date.and_hms_milli(
        (ms / 3_600_000) as u16,
        (ms / 60_000 % 60) as u8,
        (ms / 1000 % 60) as u8,
        (ms % 1000) as u16,
    )
}

/// The cell formats every sheet shares.
struct Styles {
    header: Format,
    guide_header: Format,
    text: Format,
    wrapped: Format,
    count: Format,
    date: Format,
    percent: Format,
    link: Format,
    total_label: Format,
    total: Format,
    next_total_label: Format,
    next_total: Format,
    next_total_percent: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(HEADER_FILL))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Bottom)
            .set_text_wrap();
        let next_total = Format::new().set_bold().set_align(FormatAlign::Center);
        Styles {
            guide_header: header
                .clone()
                .set_rotation(90)
                .set_align(FormatAlign::Center),
            header,
            text: Format::new().set_align(FormatAlign::Top),
            wrapped: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
            count: Format::new()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            percent: Format::new()
                .set_num_format("0%")
                .set_align(FormatAlign::Center),
            link: Format::new().set_hyperlink(),
            total_label: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            next_total_label: Format::new().set_bold(),
            total: next_total.clone().set_border_top(FormatBorder::Thin),
            next_total_percent: next_total.clone().set_num_format("0%"),
            next_total,
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(NOTE_GREY)),
        }
    }
}

fn coverage_sheet(matrix: &CoverageMatrix<'_>, s: &Styles) -> Result<Worksheet, WorkbookError> {
    let catalog = matrix.catalog();
    let guides = catalog.guidelines().len();
    let topics = catalog.topics().len();
    let mut ws = Worksheet::new();
    ws.set_name("Coverage")?;

    let first_guide = col(LABEL_COLUMNS);
    let guides_col = col(LABEL_COLUMNS + guides);
    let refs_col = guides_col + 1;
    let id_col = guides_col + 2;
    ws.write_string_with_format(0, 0, "Category", &s.header)?;
    ws.write_string_with_format(0, 1, "Topic", &s.header)?;
    guide_headings(&mut ws, catalog, first_guide, s)?;
    ws.write_string_with_format(0, guides_col, "Guides", &s.header)?;
    ws.write_string_with_format(0, refs_col, "References", &s.header)?;
    ws.write_string_with_format(0, id_col, "Topic id", &s.header)?;

    let mut widths = Widths::new(&["Category", "Topic", "Topic id"]);
    for (i, &t) in matrix.grouped().iter().enumerate() {
        let r = row(i + 1);
        let topic = &catalog.topics()[t];
        ws.write_string_with_format(r, 0, fit(&topic.category), &s.text)?;
        ws.write_string_with_format(r, 1, fit(&topic.name), &s.text)?;
        for (g, &n) in matrix.row(t).iter().enumerate() {
            if n > 0 {
                ws.write_number_with_format(r, first_guide + col(g), n as f64, &s.count)?;
            }
        }
        ws.write_number_with_format(r, guides_col, matrix.guides_covering(t) as f64, &s.count)?;
        ws.write_number_with_format(r, refs_col, matrix.topic_references(t) as f64, &s.count)?;
        ws.write_string_with_format(r, id_col, fit(&topic.id), &s.text)?;
        widths.see(0, &topic.category);
        widths.see(1, &topic.name);
        widths.see(2, &topic.id);
    }
    ws.set_column_width(0, widths.width(0, 30))?;
    ws.set_column_width(1, widths.width(1, 40))?;
    ws.set_column_width(guides_col, 8)?;
    ws.set_column_width(refs_col, 11)?;
    ws.set_column_width(id_col, widths.width(2, 40))?;

    let last = row(topics);
    if topics > 0 && guides > 0 {
        ws.add_conditional_format(
            1,
            first_guide,
            last,
            guides_col - 1,
            &ConditionalFormat2ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 1)
                .set_minimum_color(Color::RGB(HEAT_LOW))
                .set_maximum(ConditionalFormatType::Highest, 0)
                .set_maximum_color(Color::RGB(HEAT_HIGH)),
        )?;
        ws.add_conditional_format(
            1,
            guides_col,
            last,
            guides_col,
            &ConditionalFormatDataBar::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_maximum(ConditionalFormatType::Number, guides as f64),
        )?;
    }

    // Totals: an empty row, then three rows of formulas over the rows the filter shows.
    let totals = last + 2;
    let counted = |c: u16| range(1, c, last.max(1), c);
    // Ids are never empty: counting them counts the topics the filter shows.
    let shown_topics = range_absolute(1, id_col, last.max(1), id_col);
    ws.write_string_with_format(totals, 0, "Topics covered", &s.total_label)?;
    ws.write_string_with_format(totals + 1, 0, "References", &s.next_total_label)?;
    ws.write_string_with_format(totals + 2, 0, "Share of topics", &s.next_total_label)?;
    ws.write_blank(totals, 1, &s.total_label)?;
    for g in 0..guides {
        let c = first_guide + col(g);
        let covered = matrix.topics_covered(g);
        ws.write_formula_with_format(
            totals,
            c,
            Formula::new(format!("=SUBTOTAL(2,{})", counted(c))).set_result(covered.to_string()),
            &s.total,
        )?;
        ws.write_formula_with_format(
            totals + 1,
            c,
            Formula::new(format!("=SUBTOTAL(9,{})", counted(c)))
                .set_result(matrix.guideline_references(g).to_string()),
            &s.next_total,
        )?;
        ws.write_formula_with_format(
            totals + 2,
            c,
            Formula::new(format!(
                "=IFERROR(SUBTOTAL(2,{})/SUBTOTAL(3,{shown_topics}),0)",
                counted(c)
            ))
            .set_result(share(covered, topics).to_string()),
            &s.next_total_percent,
        )?;
    }
    ws.write_blank(totals, guides_col, &s.total)?;
    ws.write_formula_with_format(
        totals + 1,
        refs_col,
        Formula::new(format!("=SUBTOTAL(9,{})", counted(refs_col)))
            .set_result(catalog.reference_count().to_string()),
        &s.next_total,
    )?;
    ws.write_blank(totals, refs_col, &s.total)?;
    ws.write_string_with_format(
        totals + 4,
        0,
        "A guide's cell holds its references to the topic, empty where it has none. \
         Totals count the rows the filter shows.",
        &s.note,
    )?;

    ws.set_freeze_panes(1, col(LABEL_COLUMNS))?;
    ws.autofilter(0, 0, last.max(1), id_col)?;
    print_setup(&mut ws, LABEL_COLUMNS)?;
    Ok(ws)
}

fn categories_sheet(matrix: &CoverageMatrix<'_>, s: &Styles) -> Result<Worksheet, WorkbookError> {
    let catalog = matrix.catalog();
    let categories = matrix.categories();
    let guides = catalog.guidelines().len();
    let mut ws = Worksheet::new();
    ws.set_name("Categories")?;

    let first_guide: u16 = 3;
    let guides_col = first_guide + col(guides);
    let refs_col = guides_col + 1;
    ws.write_string_with_format(0, 0, "Category", &s.header)?;
    ws.write_string_with_format(0, 1, "Topics", &s.header)?;
    ws.write_string_with_format(0, 2, "Topics covered", &s.header)?;
    guide_headings(&mut ws, catalog, first_guide, s)?;
    ws.write_string_with_format(0, guides_col, "Guides", &s.header)?;
    ws.write_string_with_format(0, refs_col, "References", &s.header)?;

    let mut widths = Widths::new(&["Category"]);
    for (i, category) in categories.iter().enumerate() {
        let r = row(i + 1);
        ws.write_string_with_format(r, 0, fit(category.name), &s.text)?;
        ws.write_number_with_format(r, 1, category.topics.len() as f64, &s.count)?;
        ws.write_number_with_format(r, 2, category.topics_covered as f64, &s.count)?;
        for (g, &n) in category.by_guideline.iter().enumerate() {
            if n > 0 {
                ws.write_number_with_format(r, first_guide + col(g), n as f64, &s.count)?;
            }
        }
        ws.write_number_with_format(r, guides_col, category.guides_covering as f64, &s.count)?;
        ws.write_number_with_format(r, refs_col, category.references as f64, &s.count)?;
        if guides > 0 {
            // Each row has its own scale, from none to all of the category's topics, so the
            // colour is the share of the category a guide covers.
            ws.add_conditional_format(
                r,
                first_guide,
                r,
                guides_col - 1,
                &ConditionalFormat2ColorScale::new()
                    .set_minimum(ConditionalFormatType::Number, 0)
                    .set_minimum_color(Color::White)
                    .set_maximum(ConditionalFormatType::Number, category.topics.len() as f64)
                    .set_maximum_color(Color::RGB(HEAT_HIGH)),
            )?;
        }
        widths.see(0, category.name);
    }
    ws.set_column_width(0, widths.width(0, 30))?;
    ws.set_column_width(1, 8)?;
    ws.set_column_width(2, 9)?;
    ws.set_column_width(guides_col, 8)?;
    ws.set_column_width(refs_col, 11)?;

    let last = row(categories.len());
    let totals = last + 2;
    let summed = |c: u16| Formula::new(format!("=SUBTOTAL(9,{})", range(1, c, last.max(1), c)));
    ws.write_string_with_format(totals, 0, "Total", &s.total_label)?;
    ws.write_formula_with_format(
        totals,
        1,
        summed(1).set_result(catalog.topics().len().to_string()),
        &s.total,
    )?;
    ws.write_formula_with_format(
        totals,
        2,
        summed(2).set_result(matrix.covered_topics().to_string()),
        &s.total,
    )?;
    for g in 0..guides {
        let c = first_guide + col(g);
        ws.write_formula_with_format(
            totals,
            c,
            summed(c).set_result(matrix.topics_covered(g).to_string()),
            &s.total,
        )?;
    }
    ws.write_blank(totals, guides_col, &s.total)?;
    ws.write_formula_with_format(
        totals,
        refs_col,
        summed(refs_col).set_result(catalog.reference_count().to_string()),
        &s.total,
    )?;
    ws.write_string_with_format(
        totals + 2,
        0,
        "A guide's cell holds how many of the category's topics it covers; the darker, the \
         larger its share of the category.",
        &s.note,
    )?;

    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, last.max(1), refs_col)?;
    print_setup(&mut ws, 1)?;
    // A category a row: the table fits one page, totals included.
    ws.set_print_fit_to_pages(1, 1);
    Ok(ws)
}

fn references_sheet(matrix: &CoverageMatrix<'_>, s: &Styles) -> Result<Worksheet, WorkbookError> {
    let catalog = matrix.catalog();
    let covering = catalog.guidelines_by_topic();
    let mut ws = Worksheet::new();
    ws.set_name("References")?;
    let headings = [
        "Category",
        "Topic",
        "Company",
        "Guideline",
        "Reference",
        "Quote",
    ];
    for (c, h) in headings.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &s.header)?;
    }
    let mut widths = Widths::new(&headings);
    let mut links = 0;
    let mut r: u32 = 1;
    for &t in matrix.grouped() {
        let topic = &catalog.topics()[t];
        for (g, refs) in &covering[t] {
            for reference in *refs {
                let name = reference.name.as_deref().unwrap_or_default();
                let quote = reference.quote.as_ref().and_then(Option::as_deref);
                let label = if name.is_empty() {
                    reference.url.as_str()
                } else {
                    name
                };
                // Plain cells, in the sheet's default format: a format per cell would cost a
                // lookup each, on the largest sheet.
                for (c, text) in [
                    (0, topic.category.as_str()),
                    (1, topic.name.as_str()),
                    (2, g.company.as_str()),
                    (3, g.title.as_str()),
                    (5, quote.unwrap_or_default()),
                ] {
                    ws.write_string(r, c, fit(text))?;
                    widths.see(usize::from(c), text);
                }
                reference_link(&mut ws, r, 4, &reference.url, label, &mut links, s)?;
                widths.see(4, label);
                r += 1;
            }
        }
    }
    for (c, cap) in [(0, 26), (1, 32), (2, 16), (3, 32), (4, 48), (5, 60)] {
        ws.set_column_width(col(c), widths.width(c, cap))?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, r.max(2) - 1, col(headings.len() - 1))?;
    print_setup(&mut ws, 2)?;
    Ok(ws)
}

fn guidelines_sheet(matrix: &CoverageMatrix<'_>, s: &Styles) -> Result<Worksheet, WorkbookError> {
    let catalog = matrix.catalog();
    let topics = catalog.topics().len();
    let mut ws = Worksheet::new();
    ws.set_name("Guidelines")?;
    let headings = [
        "Id",
        "Company",
        "Title",
        "Type",
        "URL",
        "Published",
        "Reviewed",
        "Topics covered",
        "Share of topics",
        "References",
    ];
    for (c, h) in headings.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &s.header)?;
    }
    let mut widths = Widths::new(&headings);
    let mut links = 0;
    for (g, guideline) in catalog.guidelines().iter().enumerate() {
        let r = row(g + 1);
        for (c, text) in [
            (0, guideline.id.as_str()),
            (1, guideline.company.as_str()),
            (2, guideline.title.as_str()),
            (3, guideline.kind.as_str()),
        ] {
            ws.write_string_with_format(r, c, fit(text), &s.text)?;
            widths.see(usize::from(c), text);
        }
        link(&mut ws, r, 4, &guideline.url, &guideline.url, &mut links, s)?;
        widths.see(4, &guideline.url);
        for (c, date) in [(5, guideline.date), (6, guideline.review_date)] {
            if let Some(date) = date {
                match excel_datetime(date) {
                    Ok(value) => ws.write_datetime_with_format(r, c, &value, &s.date)?,
                    Err(_) => ws.write_string_with_format(r, c, date.to_string(), &s.text)?,
                };
            }
        }
        let covered = matrix.topics_covered(g);
        ws.write_number_with_format(r, 7, covered as f64, &s.count)?;
        ws.write_number_with_format(r, 8, share(covered, topics), &s.percent)?;
        ws.write_number_with_format(r, 9, matrix.guideline_references(g) as f64, &s.count)?;
    }
    for (c, cap) in [(0, 40), (1, 20), (2, 45), (3, 9), (4, 80)] {
        ws.set_column_width(col(c), widths.width(c, cap))?;
    }
    for c in 5..=9 {
        ws.set_column_width(c, 11)?;
    }
    let last = row(catalog.guidelines().len().max(1));
    if !catalog.guidelines().is_empty() {
        ws.add_conditional_format(
            1,
            8,
            last,
            8,
            &ConditionalFormatDataBar::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_maximum(ConditionalFormatType::Number, 1),
        )?;
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, last, col(headings.len() - 1))?;
    print_setup(&mut ws, 1)?;
    Ok(ws)
}

fn topics_sheet(matrix: &CoverageMatrix<'_>, s: &Styles) -> Result<Worksheet, WorkbookError> {
    let catalog = matrix.catalog();
    let mut ws = Worksheet::new();
    ws.set_name("Topics")?;
    let headings = [
        "Id",
        "Category",
        "Name",
        "Description",
        "Guides",
        "References",
    ];
    for (c, h) in headings.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &s.header)?;
    }
    let mut widths = Widths::new(&headings);
    for (i, &t) in matrix.grouped().iter().enumerate() {
        let r = row(i + 1);
        let topic = &catalog.topics()[t];
        for (c, text) in [
            (0, topic.id.as_str()),
            (1, topic.category.as_str()),
            (2, topic.name.as_str()),
        ] {
            ws.write_string_with_format(r, c, fit(text), &s.text)?;
            widths.see(usize::from(c), text);
        }
        // A block scalar's last line break would show as an empty line.
        let description = topic.description.trim_end();
        ws.write_string_with_format(r, 3, fit(description), &s.wrapped)?;
        // Spreadsheets do not all fit a row to wrapped text when they open a file.
        // A column 80 characters wide holds about 95 of text; the estimate keeps a margin.
        let lines = wrapped_lines(description, DESCRIPTION_WIDTH + 8).min(27);
        if lines > 1 {
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        ws.write_number_with_format(r, 4, matrix.guides_covering(t) as f64, &s.count)?;
        ws.write_number_with_format(r, 5, matrix.topic_references(t) as f64, &s.count)?;
    }
    for (c, cap) in [(0, 40), (1, 30), (2, 40)] {
        ws.set_column_width(col(c), widths.width(c, cap))?;
    }
    ws.set_column_width(3, DESCRIPTION_WIDTH as f64)?;
    ws.set_column_width(4, 8)?;
    ws.set_column_width(5, 11)?;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, row(catalog.topics().len().max(1)), 5)?;
    print_setup(&mut ws, 1)?;
    Ok(ws)
}

/// Writes one rotated heading per guideline from column `first`, sizes their columns to the
/// lines they take, and makes the header row tall enough for the longest.
fn guide_headings(
    ws: &mut Worksheet,
    catalog: &Catalog,
    first: u16,
    s: &Styles,
) -> Result<(), XlsxError> {
    let mut longest = 0;
    for (g, guideline) in catalog.guidelines().iter().enumerate() {
        let (text, lines, length) = guide_heading(&guideline.company, &guideline.title);
        let c = first + col(g);
        ws.write_string_with_format(0, c, fit(&text), &s.guide_header)?;
        ws.set_column_width(c, 2.0 + 2.2 * lines as f64)?;
        longest = longest.max(length);
    }
    ws.set_row_height(0, heading_height(longest as f64))?;
    Ok(())
}

/// Landscape, one page wide, header row (and `label_columns`) repeated on every page.
fn print_setup(ws: &mut Worksheet, label_columns: usize) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if label_columns > 0 {
        ws.set_repeat_columns(0, col(label_columns - 1))?;
    }
    Ok(())
}

/// Writes a reference's name as a link to its URL: a `HYPERLINK` formula, whose result is the
/// name, when both fit in a formula's texts and the name would be stored as text; otherwise a
/// hyperlink, or plain text when Excel could not take one.
///
/// A hyperlink costs the writer about three times the memory of a formula (it keeps several
/// copies of each URL and a relationship entry), and the references are most of a workbook.
fn reference_link(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    url: &str,
    label: &str,
    links: &mut usize,
    s: &Styles,
) -> Result<(), XlsxError> {
    let fits =
        |text: &str| text.chars().count() <= MAX_FORMULA_TEXT && !text.contains(char::is_control);
    if fits(url) && fits(label) && stored_as_text(label) {
        let formula = format!(
            "=HYPERLINK(\"{}\",\"{}\")",
            url.replace('"', "\"\""),
            label.replace('"', "\"\"")
        );
        ws.write_formula_with_format(r, c, Formula::new(formula).set_result(label), &s.link)?;
        Ok(())
    } else {
        link(ws, r, c, url, label, links, s)
    }
}

/// True when the writer stores `result` as a formula's text result: it types a result that
/// reads as a number (`404`, `1E5`, `NaN`), a truth value or an error value as such.
fn stored_as_text(result: &str) -> bool {
    const ERRORS: [&str; 8] = [
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#GETTING_DATA",
    ];
    result.parse::<f64>().is_err()
        && !matches!(result, "TRUE" | "FALSE")
        && !ERRORS.contains(&result)
}

/// Writes a link, or its label as plain text when Excel could not take the link.
fn link(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    url: &str,
    label: &str,
    links: &mut usize,
    s: &Styles,
) -> Result<(), XlsxError> {
    if *links < MAX_LINKS && utf16_len(url) <= MAX_URL && url.contains("://") {
        *links += 1;
        ws.write_url_with_format(r, c, Url::new(url).set_text(fit(label)), &s.link)?;
    } else {
        ws.write_string_with_format(r, c, fit(label), &s.text)?;
    }
    Ok(())
}

/// `Company` and `Title` on two lines (one when the title starts with the company's name),
/// with the number of lines the rotated heading takes and its longest line, in characters.
fn guide_heading(company: &str, title: &str) -> (String, usize, usize) {
    let company = company.trim();
    let title = title.trim();
    let text = if title.starts_with(company) || company.is_empty() {
        title.to_owned()
    } else {
        format!("{company}\n{title}")
    };
    // Headings longer than about 45 characters wrap at the row's height.
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let lines = text
        .lines()
        .map(|l| l.chars().count().div_ceil(45).max(1))
        .sum();
    (text, lines, longest.min(45))
}

/// The height in points of a header row whose longest rotated line has `chars` characters:
/// about 5.4 points a bold Calibri character (the default font), within Excel's 409 points.
fn heading_height(chars: f64) -> f64 {
    (chars * 5.4 + 12.0).clamp(30.0, 409.0)
}

/// The lines `text` takes when wrapped at `width` characters, word by word; a word longer
/// than a line is broken.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut used = 0;
            for word in paragraph.split(' ') {
                let n = word.chars().count();
                if used > 0 && used + 1 + n <= width {
                    used += 1 + n;
                    continue;
                }
                if used > 0 {
                    lines += 1;
                }
                let extra = n.saturating_sub(1) / width;
                lines += extra;
                used = n - extra * width;
            }
            lines
        })
        .sum()
}

/// The share `part / whole`, 0 for an empty whole.
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Text cut to Excel's limit of a cell, ending with `…` when cut.
fn fit(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_TEXT || utf16_len(text) <= MAX_TEXT {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let mut end = 0;
    for (i, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > MAX_TEXT - 1 {
            break;
        }
        end = i + ch.len_utf8();
    }
    Cow::Owned(format!("{}…", &text[..end]))
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Column widths that fit the longest text seen in each column, within a cap.
struct Widths {
    longest: Vec<usize>,
}

impl Widths {
    fn new(headings: &[&str]) -> Self {
        Widths {
            longest: headings.iter().map(|h| h.chars().count()).collect(),
        }
    }

    fn see(&mut self, column: usize, text: &str) {
        if let Some(longest) = self.longest.get_mut(column) {
            // Counting stops at the cap's neighbourhood: long quotes need no full count.
            let n = text.chars().take(256).count();
            *longest = (*longest).max(n);
        }
    }

    /// Width in characters: the longest text plus a margin, at most `cap`.
    fn width(&self, column: usize, cap: usize) -> f64 {
        let n = self.longest.get(column).copied().unwrap_or(8);
        (n.min(cap) + 2) as f64
    }
}

/// A row number; [`check_size`] keeps every row in range.
fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A column number; [`check_size`] keeps every column in range.
fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// `A1:B2` notation of a range.
fn range(first_row: u32, first_col: u16, last_row: u32, last_col: u16) -> String {
    rust_xlsxwriter::utility::cell_range(first_row, first_col, last_row, last_col)
}

/// `$A$1:$B$2` notation of a range.
fn range_absolute(first_row: u32, first_col: u16, last_row: u32, last_col: u16) -> String {
    rust_xlsxwriter::utility::cell_range_absolute(first_row, first_col, last_row, last_col)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};
    use stylebook_core::Guideline;

    use super::*;

    #[test]
    fn long_text_is_cut_to_a_cell_with_an_ellipsis() {
        let short = "a".repeat(MAX_TEXT);
        assert!(matches!(fit(&short), Cow::Borrowed(_)));
        // Two UTF-16 units a character: the cut falls between characters.
        let long = "😀".repeat(MAX_TEXT);
        let cut = fit(&long);
        assert!(cut.ends_with("😀…"));
        assert!(utf16_len(&cut) <= MAX_TEXT);
        assert!(utf16_len(&cut) >= MAX_TEXT - 2);
    }

    #[test]
    fn links_past_the_limit_or_too_long_are_plain_text() {
        let mut ws = Worksheet::new();
        let s = Styles::new();
        let mut links = MAX_LINKS - 1;
        link(&mut ws, 0, 0, "https://a.example/", "a", &mut links, &s).unwrap();
        link(&mut ws, 1, 0, "https://b.example/", "b", &mut links, &s).unwrap();
        let long = format!("https://c.example/{}", "c".repeat(MAX_URL));
        let mut links = 0;
        link(&mut ws, 2, 0, &long, "c", &mut links, &s).unwrap();
        assert_eq!(links, 0);
        let mut book = Workbook::new();
        book.push_worksheet(ws);
        let bytes = book.save_to_buffer().unwrap();
        let mut read = Xlsx::new(Cursor::new(bytes)).unwrap();
        let found = read.hyperlinks_by_sheet_name("Sheet1").unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target.as_deref(), Some("https://a.example/"));
        let cells = read.worksheet_range("Sheet1").unwrap();
        assert_eq!(cells.get_value((1, 0)), Some(&Data::String("b".into())));
        assert_eq!(cells.get_value((2, 0)), Some(&Data::String("c".into())));
    }

    #[test]
    fn names_a_formula_result_would_retype_are_known() {
        assert!(stored_as_text("Pagination"));
        assert!(stored_as_text("4xx"));
        for retyped in ["404", "1E5", "NaN", "inf", "TRUE", "#N/A"] {
            assert!(!stored_as_text(retyped), "{retyped}");
        }
    }

    #[test]
    fn references_a_formula_cannot_hold_get_a_hyperlink() {
        let s = Styles::new();
        let mut ws = Worksheet::new();
        let mut links = 0;
        let url = "https://a.example/";
        reference_link(&mut ws, 0, 0, url, "Paging", &mut links, &s).unwrap();
        assert_eq!(links, 0, "a formula");
        let long = "x".repeat(MAX_FORMULA_TEXT + 1);
        reference_link(&mut ws, 1, 0, url, &long, &mut links, &s).unwrap();
        reference_link(&mut ws, 2, 0, url, "two\nlines", &mut links, &s).unwrap();
        reference_link(
            &mut ws,
            3,
            0,
            &format!("{url}{long}"),
            "Paging",
            &mut links,
            &s,
        )
        .unwrap();
        reference_link(&mut ws, 4, 0, url, "404", &mut links, &s).unwrap();
        assert_eq!(links, 4);
    }

    #[test]
    fn a_catalog_wider_than_a_sheet_is_refused() {
        let catalog = Catalog::new(Vec::new(), vec![Guideline::default(); MAX_COLUMNS]);
        let err = workbook(&catalog).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the catalog does not fit in a worksheet: 16384 guidelines need 16389 columns, \
             a sheet has 16384"
        );
    }

    #[test]
    fn headings_name_the_company_once() {
        assert_eq!(
            guide_heading("Google", "Google API Design Guide"),
            ("Google API Design Guide".to_owned(), 1, 23)
        );
        assert_eq!(
            guide_heading("Deliveroo", "API Design"),
            ("Deliveroo\nAPI Design".to_owned(), 2, 10)
        );
        let long = "x".repeat(50);
        assert_eq!(guide_heading("", &long).1, 2);
    }

    #[test]
    fn wrapping_counts_lines_word_by_word() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two three", 10), 2);
        assert_eq!(wrapped_lines("one\ntwo", 10), 2);
        assert_eq!(wrapped_lines(&"x".repeat(25), 10), 3);
        assert_eq!(wrapped_lines(&format!("a {}", "x".repeat(25)), 10), 4);
    }
}
