//! The Markdown form of a diff, to paste as a pull-request comment: a summary table, then one
//! collapsible `<details>` section per kind of change, each a table.
//!
//! Text from the catalog is escaped (backslashes before the characters Markdown and tables
//! give a meaning to), and links point at references' URLs inside `<...>`, so that no value
//! can break the layout. GitHub refuses comments longer than 65,536 characters: when the
//! tables would take the text past [`LIMIT`] bytes, each gets a share of the room (a small
//! table all it needs), and the rows left out are counted in a line that says so.

use std::fmt::Write as _;

use stylebook_core::Catalog;
use stylebook_core::diff::CatalogDiff;
use stylebook_core::diff::{CoverageChange, FieldChange};

use super::{coverage_line, guideline_title, rows, topic_name, value};
use crate::render::plural;

/// The most bytes rendered, leaving room below GitHub's limit for a few words of one's own.
const LIMIT: usize = 60_000;

/// Room kept for the tags of a section and the line counting left-out rows.
const SECTION_END: usize = 200;

/// One collapsible table.
struct Section {
    /// `Topics: 2 added, 1 changed`.
    summary: String,
    /// The header row.
    header: &'static str,
    rows: Vec<String>,
}

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
    let sections: Vec<Section> = [
        topics(d, old, new),
        guidelines(d, old, new),
        references(d),
        coverage(
            "Coverage of guidelines",
            "| guideline | topics gained | topics lost |",
            &d.coverage.guidelines,
        ),
        coverage(
            "Coverage of topics",
            "| topic | guidelines gained | guidelines lost |",
            &d.coverage.topics,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let heads: usize = sections
        .iter()
        .map(|s| s.summary.len() + 2 * s.header.len() + SECTION_END)
        .sum();
    let sizes: Vec<usize> = sections
        .iter()
        .map(|s| s.rows.iter().map(|r| r.len() + 1).sum())
        .collect();
    let shares = shares(&sizes, LIMIT.saturating_sub(out.len() + heads));
    for (section, share) in sections.into_iter().zip(shares) {
        write_section(&mut out, section, share);
    }
    out
}

/// Splits `budget` bytes of rows between sections of `sizes` bytes: a section that fits in an
/// equal share gets all it needs, and what it leaves goes to the others, in equal shares.
fn shares(sizes: &[usize], budget: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| sizes[i]);
    let mut shares = vec![0; sizes.len()];
    let mut left = budget;
    for (k, &i) in order.iter().enumerate() {
        let share = (left / (sizes.len() - k)).min(sizes[i]);
        shares[i] = share;
        left -= share;
    }
    shares
}

/// Writes a section with as many rows as fit in `share` bytes; the others are counted in a
/// line that says they were left out.
fn write_section(out: &mut String, section: Section, share: usize) {
    let columns = section.header.matches('|').count().saturating_sub(1);
    let _ = writeln!(
        out,
        "\n<details>\n<summary>{}</summary>\n\n{}\n|{}",
        section.summary,
        section.header,
        "---|".repeat(columns)
    );
    let total = section.rows.len();
    let mut shown = 0;
    let mut used = 0;
    for row in section.rows {
        used += row.len() + 1;
        if used > share {
            break;
        }
        out.push_str(&row);
        out.push('\n');
        shown += 1;
    }
    if shown < total {
        let _ = writeln!(
            out,
            "\n{} not shown, to keep this comment within GitHub's size limit: \
             `stylebook diff` lists them all.",
            plural(total - shown, "more row")
        );
    }
    out.push_str("\n</details>\n");
}

/// `what: 2 added, 1 changed`, the counts that are not zero.
fn summary(what: &str, counts: &[(usize, &str)]) -> Option<String> {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, label)| format!("{n} {label}"))
        .collect();
    (!parts.is_empty()).then(|| format!("{what}: {}", parts.join(", ")))
}

fn topics(d: &CatalogDiff, old: &Catalog, new: &Catalog) -> Option<Section> {
    let t = &d.topics;
    let summary = summary(
        "Topics",
        &[
            (t.added.len(), "added"),
            (t.removed.len(), "removed"),
            (t.renamed.len(), "renamed"),
            (t.changed.len(), "changed"),
        ],
    )?;
    let mut rows = Vec::new();
    for id in &t.added {
        rows.push(format!(
            "| added | `{id}` | {} |",
            text(topic_name(new, id))
        ));
    }
    for id in &t.removed {
        rows.push(format!(
            "| removed | `{id}` | {} |",
            text(topic_name(old, id))
        ));
    }
    for r in &t.renamed {
        rows.push(format!(
            "| renamed | `{}` → `{}` | {} |",
            r.from,
            r.to,
            text(topic_name(new, &r.to))
        ));
    }
    for c in &t.changed {
        rows.push(format!(
            "| changed | `{}` | {} |",
            c.id,
            changes(&c.changes)
        ));
    }
    Some(Section {
        summary,
        header: "| | topic | name or change |",
        rows,
    })
}

fn guidelines(d: &CatalogDiff, old: &Catalog, new: &Catalog) -> Option<Section> {
    let g = &d.guidelines;
    let summary = summary(
        "Guidelines",
        &[
            (g.added.len(), "added"),
            (g.removed.len(), "removed"),
            (g.changed.len(), "changed"),
        ],
    )?;
    let mut rows = Vec::new();
    for id in &g.added {
        rows.push(format!(
            "| added | `{id}` | {} |",
            text(guideline_title(new, id))
        ));
    }
    for id in &g.removed {
        rows.push(format!(
            "| removed | `{id}` | {} |",
            text(guideline_title(old, id))
        ));
    }
    for c in &g.changed {
        rows.push(format!(
            "| changed | `{}` | {} |",
            c.id,
            changes(&c.changes)
        ));
    }
    Some(Section {
        summary,
        header: "| | guideline | title or change |",
        rows,
    })
}

/// References grouped by guideline and topic, removed before added before changed.
fn references(d: &CatalogDiff) -> Option<Section> {
    let r = &d.references;
    let summary = summary(
        "References",
        &[
            (r.added.len(), "added"),
            (r.removed.len(), "removed"),
            (r.changed.len(), "changed"),
        ],
    )?;
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
    // Stable: within a kind, the diff's order (URL, then name) stays.
    lines.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let rows = lines
        .into_iter()
        .map(|(guideline, topic, order, reference, change)| {
            let kind = ["removed", "added", "changed"][usize::from(order)];
            format!("| {kind} | `{guideline}` | `{topic}` | {reference} | {change} |")
        })
        .collect();
    Some(Section {
        summary,
        header: "| | guideline | topic | reference | change |",
        rows,
    })
}

fn coverage(title: &str, header: &'static str, changes: &[CoverageChange]) -> Option<Section> {
    if changes.is_empty() {
        return None;
    }
    let ids = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = changes
        .iter()
        .map(|c| format!("| `{}` | {} | {} |", c.id, ids(&c.gained), ids(&c.lost)))
        .collect();
    Some(Section {
        summary: format!("{title}: {} changed", changes.len()),
        header,
        rows,
    })
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

    #[test]
    fn room_is_shared_and_small_tables_get_all_they_need() {
        assert_eq!(shares(&[100, 5000, 9000], 6000), [100, 2950, 2950]);
        assert_eq!(shares(&[100, 200], 6000), [100, 200]);
        assert_eq!(shares(&[], 6000), Vec::<usize>::new());
    }

    #[test]
    fn rows_past_the_share_are_counted_not_shown() {
        let rows: Vec<String> = (0..20).map(|i| format!("| `topic-{i:02}` |")).collect();
        let mut out = String::new();
        let section = Section {
            summary: "Coverage of topics: 20 changed".to_owned(),
            header: "| topic |",
            rows,
        };
        // Each row is 14 bytes with its line break: room for 3.
        write_section(&mut out, section, 50);
        assert_eq!(
            out,
            "\n<details>\n<summary>Coverage of topics: 20 changed</summary>\n\n| topic |\n|---|\n\
             | `topic-00` |\n| `topic-01` |\n| `topic-02` |\n\n17 more rows not shown, to keep \
             this comment within GitHub's size limit: `stylebook diff` lists them all.\n\n\
             </details>\n"
        );
    }

    #[test]
    fn a_large_diff_stays_within_the_limit() {
        let mut d = CatalogDiff::default();
        d.topics.added = (0..3000).map(|i| format!("topic-{i:05}")).collect();
        d.coverage.topics = (0..10)
            .map(|i| CoverageChange {
                id: format!("t{i}"),
                gained: vec!["g".to_owned()],
                lost: Vec::new(),
            })
            .collect();
        let text = render(&d, &Catalog::default(), &Catalog::default());
        assert!(text.len() <= LIMIT, "{}", text.len());
        assert!(text.contains("| `t9` | `g` |  |"), "small tables are whole");
        assert!(text.contains("more rows not shown"));
    }
}
