//! The coverage matrix as a terminal table: one row per topic (by id), one column per
//! guideline with its references to the topic, then how many guides cover the topic and its
//! references, and a totals row.
//!
//! Guidelines are numbered in the header and named in a legend below, so the table stays
//! narrow however long their ids are. Columns are as wide as their largest number. The figures
//! come from [`CoverageMatrix`]: a guideline covers a topic when it gives it at least one
//! reference.

use std::fmt::Write as _;

use stylebook_core::{Catalog, CoverageMatrix};

use crate::render::Style;

/// Renders the table.
pub(crate) fn table(catalog: &Catalog, style: Style) -> String {
    let matrix = CoverageMatrix::new(catalog);
    let n = catalog.guidelines().len();
    let totals: Vec<usize> = (0..n).map(|g| matrix.guideline_references(g)).collect();
    let grand_total = catalog.reference_count();
    let id_width = catalog
        .topics()
        .iter()
        .map(|t| t.id.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    // Every count column is as wide as the widest number any of them holds (totals included),
    // and one space apart from its neighbour.
    let widest = totals.iter().copied().max().unwrap_or(0).max(n);
    let col = digits(widest).max(2) + 1;
    let refs = digits(grand_total).max(4) + 2;
    let guides = "guides".len() + 2;

    let mut out = String::new();
    let _ = write!(out, "{:id_width$}", "topic");
    for i in 1..=n {
        let _ = write!(out, "{i:>col$}");
    }
    let _ = writeln!(out, "{:>guides$}{:>refs$}", "guides", "refs");
    for (t, topic) in catalog.topics().iter().enumerate() {
        let _ = write!(out, "{:id_width$}", topic.id);
        for &c in matrix.row(t) {
            if c == 0 {
                out.push_str(&style.paint("2", &format!("{:>col$}", ".")));
            } else {
                out.push_str(&style.paint("1;32", &format!("{c:>col$}")));
            }
        }
        let _ = writeln!(
            out,
            "{:>guides$}{:>refs$}",
            matrix.guides_covering(t),
            matrix.topic_references(t)
        );
    }
    let width = id_width + n * col + guides + refs;
    let _ = writeln!(out, "{}", "-".repeat(width));
    let _ = write!(out, "{:id_width$}", "total");
    for t in &totals {
        let _ = write!(out, "{t:>col$}");
    }
    let _ = writeln!(out, "{:>guides$}{grand_total:>refs$}", "");
    out.push('\n');
    for (g, guideline) in catalog.guidelines().iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}  {} ({}, {} of {} topics)",
            g + 1,
            guideline.id,
            guideline.company,
            matrix.topics_covered(g),
            catalog.topics().len()
        );
    }
    out
}

/// The number of decimal digits of `n`.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use stylebook_core::{Guideline, Reference, Topic, TopicReferences};

    use super::*;

    fn catalog(counts: &[usize]) -> Catalog {
        let topics = (0..counts.len())
            .map(|i| Topic::new(format!("t{i}"), "c", format!("n{i}"), ""))
            .collect();
        let guideline = |id: &str, counts: &[usize]| {
            let mut g = Guideline::new(id, "T", "website", "https://e.example/", "Co");
            g.topics = counts
                .iter()
                .enumerate()
                .map(|(i, &n)| TopicReferences {
                    topic: format!("t{i}"),
                    references: vec![Reference::new("r", "https://e.example/", None); n],
                })
                .collect();
            g
        };
        Catalog::new(
            topics,
            vec![guideline("a", counts), guideline("b", &[1, 1])],
        )
    }

    #[test]
    fn large_totals_keep_their_columns_apart() {
        let out = table(&catalog(&[60, 50]), Style::detect(false));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "topic   1   2  guides  refs");
        assert_eq!(lines[1], "t0     60   1       2    61");
        assert_eq!(lines[2], "t1     50   1       2    51");
        assert_eq!(lines[4], "total 110   2           112");
        for line in &lines[..5] {
            assert_eq!(line.len(), lines[0].len(), "{line:?}");
        }
    }

    #[test]
    fn an_empty_reference_list_covers_no_topic() {
        let out = table(&catalog(&[0, 3]), Style::detect(false));
        assert!(out.contains("t0     .  1       1     1\n"), "{out}");
        assert!(out.contains("  1  a (Co, 1 of 2 topics)\n"), "{out}");
        assert!(out.contains("  2  b (Co, 2 of 2 topics)\n"), "{out}");
    }
}
