//! The coverage matrix as a terminal table: one row per topic, one column per guideline.
//!
//! Guidelines are numbered in the header and named in a legend below, so the table stays
//! narrow however long their ids are.

use std::fmt::Write as _;

use stylebook_core::Catalog;

use crate::render::Style;

/// Renders the table.
pub(crate) fn table(catalog: &Catalog, style: Style) -> String {
    let n = catalog.guidelines.len();
    let id_width = catalog
        .topics
        .iter()
        .map(|t| t.id.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let col = n.to_string().len().max(2) + 1;
    let mut out = String::new();
    let _ = write!(out, "{:id_width$}", "topic");
    for i in 1..=n {
        let _ = write!(out, "{i:>col$}");
    }
    let _ = writeln!(out, "{:>7}", "total");
    let mut totals = vec![0usize; n];
    let index: std::collections::HashMap<&str, usize> = catalog
        .guidelines
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    for (topic, covering) in catalog.topics.iter().zip(catalog.coverage_by_topic()) {
        let mut counts = vec![0usize; n];
        for (g, refs) in covering {
            if let Some(&i) = index.get(g.id.as_str()) {
                counts[i] = refs.len();
                totals[i] += refs.len();
            }
        }
        let _ = write!(out, "{:id_width$}", topic.id);
        for c in &counts {
            let cell = if *c == 0 {
                ".".to_owned()
            } else {
                c.to_string()
            };
            let cell = format!("{cell:>col$}");
            out.push_str(&if *c == 0 {
                style.paint("2", &cell)
            } else {
                style.paint("1;32", &cell)
            });
        }
        let _ = writeln!(out, "{:>7}", counts.iter().sum::<usize>());
    }
    let _ = write!(out, "{:id_width$}", "total");
    for t in &totals {
        let _ = write!(out, "{t:>col$}");
    }
    let _ = writeln!(out, "{:>7}", totals.iter().sum::<usize>());
    out.push('\n');
    for (i, g) in catalog.guidelines.iter().enumerate() {
        let covered = g.topics.len();
        let _ = writeln!(
            out,
            "{:>3}  {} ({}, {covered} of {} topics)",
            i + 1,
            g.id,
            g.company,
            catalog.topics.len()
        );
    }
    out
}
