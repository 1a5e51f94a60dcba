//! The text form of a diff: a summary table first, then the details, coloured on a terminal
//! (`+` added, `-` removed, `>` renamed, `~` changed, as in a unified diff).

use std::fmt::Write as _;

use stylebook_core::Catalog;
use stylebook_core::diff::CatalogDiff;
use stylebook_core::diff::{FieldChange, ReferenceChanged, ReferenceEntry};

use super::{coverage_line, guideline_title, rows, topic_name, value};
use crate::render::{Style, plural};

const GREEN: &str = "32";
const RED: &str = "31";
const CYAN: &str = "36";
const YELLOW: &str = "33";
const BOLD: &str = "1";

/// Renders the diff of `old` and `new`.
pub(super) fn render(d: &CatalogDiff, old: &Catalog, new: &Catalog, style: Style) -> String {
    let mut out = String::new();
    if d.is_empty() {
        let _ = writeln!(
            out,
            "no differences: {}, {}, {}",
            plural(d.new.topics, "topic"),
            plural(d.new.guidelines, "guideline"),
            plural(d.new.references, "reference")
        );
        return out;
    }
    summary(&mut out, d, style);
    topics(&mut out, d, old, new, style);
    guidelines(&mut out, d, old, new, style);
    references(&mut out, d, style);
    coverage(&mut out, d, style);
    out
}

fn summary(out: &mut String, d: &CatalogDiff, style: Style) {
    let rows = rows(d);
    let headers = ["old", "new", "added", "removed", "renamed", "changed"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.old.to_string(),
                r.new.to_string(),
                r.added.to_string(),
                r.removed.to_string(),
                r.renamed.map_or_else(String::new, |n| n.to_string()),
                r.changed.to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            cells
                .iter()
                .map(|c| c[i].len())
                .chain([headers[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let first = rows.iter().map(|r| r.what.len()).max().unwrap_or(0);
    let _ = write!(out, "{:first$}", "");
    for (h, w) in headers.iter().zip(&widths) {
        let _ = write!(out, "  {}", style.paint(BOLD, &format!("{h:>w$}")));
    }
    out.push('\n');
    let colours = ["", "", GREEN, RED, CYAN, YELLOW];
    for (row, cells) in rows.iter().zip(&cells) {
        let _ = write!(out, "{:first$}", row.what);
        for ((cell, w), colour) in cells.iter().zip(&widths).zip(colours) {
            let padded = format!("{cell:>w$}");
            let zero = cell.is_empty() || cell == "0";
            let painted = if colour.is_empty() || zero {
                padded
            } else {
                style.paint(colour, &padded)
            };
            let _ = write!(out, "  {painted}");
        }
        out.push('\n');
    }
    if let Some(line) = coverage_line(d) {
        let _ = writeln!(out, "{line}");
    }
}

fn heading(out: &mut String, text: &str, style: Style) {
    let _ = writeln!(out, "\n{}", style.paint(BOLD, text));
}

fn topics(out: &mut String, d: &CatalogDiff, old: &Catalog, new: &Catalog, style: Style) {
    let t = &d.topics;
    if t.added.is_empty() && t.removed.is_empty() && t.renamed.is_empty() && t.changed.is_empty() {
        return;
    }
    heading(out, "topics", style);
    for id in &t.added {
        let mark = style.paint(GREEN, &format!("+ {id}"));
        let _ = writeln!(out, "  {mark}  {}", topic_name(new, id));
    }
    for id in &t.removed {
        let mark = style.paint(RED, &format!("- {id}"));
        let _ = writeln!(out, "  {mark}  {}", topic_name(old, id));
    }
    for r in &t.renamed {
        let mark = style.paint(CYAN, &format!("> {} -> {}", r.from, r.to));
        let _ = writeln!(out, "  {mark}  {}", topic_name(new, &r.to));
    }
    for c in &t.changed {
        let _ = writeln!(out, "  {}", style.paint(YELLOW, &format!("~ {}", c.id)));
        for change in &c.changes {
            let _ = writeln!(out, "      {}", field_change(change));
        }
    }
}

fn guidelines(out: &mut String, d: &CatalogDiff, old: &Catalog, new: &Catalog, style: Style) {
    let g = &d.guidelines;
    if g.added.is_empty() && g.removed.is_empty() && g.changed.is_empty() {
        return;
    }
    heading(out, "guidelines", style);
    for id in &g.added {
        let mark = style.paint(GREEN, &format!("+ {id}"));
        let _ = writeln!(out, "  {mark}  {}", guideline_title(new, id));
    }
    for id in &g.removed {
        let mark = style.paint(RED, &format!("- {id}"));
        let _ = writeln!(out, "  {mark}  {}", guideline_title(old, id));
    }
    for c in &g.changed {
        let _ = writeln!(out, "  {}", style.paint(YELLOW, &format!("~ {}", c.id)));
        for change in &c.changes {
            let _ = writeln!(out, "      {}", field_change(change));
        }
    }
}

/// One line of the references section.
enum Line<'a> {
    Added(&'a ReferenceEntry),
    Removed(&'a ReferenceEntry),
    Changed(&'a ReferenceChanged),
}

impl Line<'_> {
    /// Guideline, topic, and removed before added before changed.
    fn key(&self) -> (&str, &str, u8) {
        match self {
            Line::Removed(r) => (&r.guideline, &r.topic, 0),
            Line::Added(r) => (&r.guideline, &r.topic, 1),
            Line::Changed(r) => (&r.guideline, &r.topic, 2),
        }
    }
}

/// References grouped by guideline, each line naming its topic.
fn references(out: &mut String, d: &CatalogDiff, style: Style) {
    let r = &d.references;
    let mut lines: Vec<Line<'_>> = r
        .removed
        .iter()
        .map(Line::Removed)
        .chain(r.added.iter().map(Line::Added))
        .chain(r.changed.iter().map(Line::Changed))
        .collect();
    if lines.is_empty() {
        return;
    }
    // Stable: within a kind, the diff's order (URL, then name) stays.
    lines.sort_by(|a, b| a.key().cmp(&b.key()));
    heading(out, "references", style);
    let mut guideline = "";
    for line in &lines {
        let (g, topic, _) = line.key();
        if g != guideline {
            let _ = writeln!(out, "  {g}");
            guideline = g;
        }
        match line {
            Line::Added(e) | Line::Removed(e) => {
                let (sign, colour) = if matches!(line, Line::Added(_)) {
                    ('+', GREEN)
                } else {
                    ('-', RED)
                };
                let mark = style.paint(colour, &format!("{sign} {topic}"));
                let _ = writeln!(out, "    {mark}  {}  {}", name(e.name.as_deref()), e.url);
            }
            Line::Changed(c) => {
                let mark = style.paint(YELLOW, &format!("~ {topic}"));
                let _ = writeln!(out, "    {mark}  {}", c.url);
                for change in &c.changes {
                    let _ = writeln!(out, "        {}", field_change(change));
                }
            }
        }
    }
}

/// `field: old -> new`.
fn field_change(c: &FieldChange) -> String {
    format!("{}: {} -> {}", c.field, value(&c.old), value(&c.new))
}

/// A reference's name, quoted as JSON writes it.
fn name(name: Option<&str>) -> String {
    name.map_or_else(
        || "(no name)".to_owned(),
        |n| serde_json::Value::from(n).to_string(),
    )
}

fn coverage(out: &mut String, d: &CatalogDiff, style: Style) {
    let sections = [
        (
            "coverage of guidelines (topics gained +, lost -)",
            &d.coverage.guidelines,
        ),
        (
            "coverage of topics (guidelines gained +, lost -)",
            &d.coverage.topics,
        ),
    ];
    for (title, changes) in sections {
        if changes.is_empty() {
            continue;
        }
        heading(out, title, style);
        let width = changes.iter().map(|c| c.id.len()).max().unwrap_or(0);
        for c in changes {
            let _ = write!(out, "  {:width$}", c.id);
            for id in &c.gained {
                let _ = write!(out, " {}", style.paint(GREEN, &format!("+{id}")));
            }
            for id in &c.lost {
                let _ = write!(out, " {}", style.paint(RED, &format!("-{id}")));
            }
            out.push('\n');
        }
    }
}
