//! The Markdown form of a diff, to paste as a pull-request comment: a summary table, then one
//! collapsible `<details>` section per kind of change, each a table.
//!
//! Text from the catalog is escaped (backslashes before the characters Markdown and tables
//! give a meaning to), and links point at references' URLs inside `<...>`, so that no value
//! can break the layout.

use std::fmt::Write as _;

use stylebook_core::diff::{CoverageChange, FieldChange};
use stylebook_core::{Catalog, CatalogDiff};

use super::{coverage_line, guideline_title, rows, topic_name, value};
use crate::render::plural;

/// Renders the diff of `old` and `new`.
pub(super) fn render(d: &CatalogDiff, old: &Catalog, new: &Catalog) -> String {
    let mut out = String::from("### Catalog changes\n\n");
    if d.is_empty() {
        let _ = writeln!(
            out,
            "No differences: {}, {}, {}.",
            plural(d.new.topics, "topic"),
            plural(d.new.guidelines, "guideline"),
            plural(d.new.references, "reference")
        );
        return out;
    }
    out.push_str("| | old | new | added | removed | renamed | changed |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for r in rows(d) {
        let renamed = r.renamed.map_or_else(String::new, |n| n.to_string());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {renamed} | {} |",
            r.what, r.old, r.new, r.added, r.removed, r.changed
        );
    }
    if let Some(line) = coverage_line(d) {
        let mut line = line;
        line[..1].make_ascii_uppercase();
        let _ = writeln!(out, "\n{line}.");
    }
    topics(&mut out, d, old, new);
    guidelines(&mut out, d, old, new);
    references(&mut out, d);
    coverage(
        &mut out,
        "Coverage of guidelines",
        "guideline",
        "topics",
        &d.coverage.guidelines,
    );
    coverage(
        &mut out,
        "Coverage of topics",
        "topic",
        "guidelines",
        &d.coverage.topics,
    );
    out
}

/// Opens a `<details>` section titled `what: 2 added, 1 changed` and its table.
fn open(out: &mut String, what: &str, counts: &[(usize, &str)], header: &str) {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, label)| format!("{n} {label}"))
        .collect();
    let _ = writeln!(
        out,
        "\n<details>\n<summary>{what}: {}</summary>\n\n{header}",
        parts.join(", ")
    );
    let columns = header.matches('|').count().saturating_sub(1);
    let _ = writeln!(out, "|{}", "---|".repeat(columns));
}

fn close(out: &mut String) {
    out.push_str("\n</details>\n");
}

fn topics(out: &mut String, d: &CatalogDiff, old: &Catalog, new: &Catalog) {
    let t = &d.topics;
    let counts = [
        (t.added.len(), "added"),
        (t.removed.len(), "removed"),
        (t.renamed.len(), "renamed"),
        (t.changed.len(), "changed"),
    ];
    if counts.iter().all(|(n, _)| *n == 0) {
        return;
    }
    open(out, "Topics", &counts, "| | topic | name or change |");
    for id in &t.added {
        let _ = writeln!(out, "| added | `{id}` | {} |", text(topic_name(new, id)));
    }
    for id in &t.removed {
        let _ = writeln!(out, "| removed | `{id}` | {} |", text(topic_name(old, id)));
    }
    for r in &t.renamed {
        let _ = writeln!(
            out,
            "| renamed | `{}` → `{}` | {} |",
            r.from,
            r.to,
            text(topic_name(new, &r.to))
        );
    }
    for c in &t.changed {
        let _ = writeln!(out, "| changed | `{}` | {} |", c.id, changes(&c.changes));
    }
    close(out);
}

fn guidelines(out: &mut String, d: &CatalogDiff, old: &Catalog, new: &Catalog) {
    let g = &d.guidelines;
    let counts = [
        (g.added.len(), "added"),
        (g.removed.len(), "removed"),
        (g.changed.len(), "changed"),
    ];
    if counts.iter().all(|(n, _)| *n == 0) {
        return;
    }
    open(
        out,
        "Guidelines",
        &counts,
        "| | guideline | title or change |",
    );
    for id in &g.added {
        let _ = writeln!(
            out,
            "| added | `{id}` | {} |",
            text(guideline_title(new, id))
        );
    }
    for id in &g.removed {
        let _ = writeln!(
            out,
            "| removed | `{id}` | {} |",
            text(guideline_title(old, id))
        );
    }
    for c in &g.changed {
        let _ = writeln!(out, "| changed | `{}` | {} |", c.id, changes(&c.changes));
    }
    close(out);
}

fn references(out: &mut String, d: &CatalogDiff) {
    let r = &d.references;
    let counts = [
        (r.added.len(), "added"),
        (r.removed.len(), "removed"),
        (r.changed.len(), "changed"),
    ];
    if counts.iter().all(|(n, _)| *n == 0) {
        return;
    }
    open(
        out,
        "References",
        &counts,
        "| | guideline | topic | reference | change |",
    );
    // Grouped by guideline and topic, removed before added before changed.
    let mut lines: Vec<(&str, &str, u8, String, String)> = Vec::new();
    for (order, entries) in [(0, &r.removed), (1, &r.added)] {
        for e in entries {
            let cell = link(e.name.as_deref().unwrap_or(&e.url), &e.url);
            lines.push((&e.guideline, &e.topic, order, cell, String::new()));
        }
    }
    for c in &r.changed {
        let cell = link(&c.url, &c.url);
        lines.push((&c.guideline, &c.topic, 2, cell, changes(&c.changes)));
    }
    lines.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    for (guideline, topic, order, reference, change) in lines {
        let kind = ["removed", "added", "changed"][usize::from(order)];
        let _ = writeln!(
            out,
            "| {kind} | `{guideline}` | `{topic}` | {reference} | {change} |"
        );
    }
    close(out);
}

fn coverage(out: &mut String, title: &str, what: &str, of: &str, changes: &[CoverageChange]) {
    if changes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n<details>\n<summary>{title}: {}</summary>\n\n| {what} | {of} gained | {of} lost |\n|---|---|---|",
        plural(changes.len(), what)
    );
    let ids = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for c in changes {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            c.id,
            ids(&c.gained),
            ids(&c.lost)
        );
    }
    close(out);
}

/// Field changes in one cell, one per line: `field: old → new`.
fn changes(changes: &[FieldChange]) -> String {
    changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                c.field,
                text(&value(&c.old)),
                text(&value(&c.new))
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// `[text](<url>)`, with the URL kept inside the angle brackets and the table cell.
fn link(label: &str, url: &str) -> String {
    let href: String = url
        .chars()
        .map(|c| match c {
            '<' => "%3C".to_owned(),
            '>' => "%3E".to_owned(),
            '|' => "%7C".to_owned(),
            '\\' => "%5C".to_owned(),
            c if c.is_control() => String::new(),
            c => c.to_string(),
        })
        .collect();
    format!("[{}](<{href}>)", text(label))
}

/// Catalog text as literal Markdown inside a table cell: one line, nothing interpreted.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_break_a_table_or_open_markup() {
        assert_eq!(text("a|b *c* <x> `d`"), r"a\|b \*c\* \<x\> \`d\`");
        assert_eq!(text("two\nlines"), "two lines");
        assert_eq!(
            link("A [b]", "https://x.example/a|b<c>"),
            r"[A \[b\]](<https://x.example/a%7Cb%3Cc%3E>)"
        );
    }
}
