//! The coverage report: what the catalog says about each operation of an API, and what it has
//! no topic for.
//!
//! One block per operation, in document order: its topics, each with the elements it applies
//! to, then the topics its rules asked for that the catalog lacks (`http-status-418`, an HTTP
//! method without a topic). Then the topics found outside operations and a summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::walk::{Finding, Plan};
use super::x_values::Values;
use super::{Description, Syntax, Version};

/// The report as text.
pub(crate) fn report(description: &Description<'_>, plan: &Plan, values: &Values) -> String {
    let mut out = String::new();
    let doc = description.root();
    let version = match description.version() {
        Version::Swagger2 => "Swagger 2.0",
        Version::OpenApi30 => "OpenAPI 3.0",
        Version::OpenApi31 => "OpenAPI 3.1",
    };
    let format = match doc.format() {
        Syntax::Json => "JSON",
        Syntax::Yaml => "YAML",
    };
    let covered = plan
        .operations
        .iter()
        .filter(|o| !o.found.is_empty())
        .count();
    let files = match description.len() {
        1 => String::new(),
        n => format!(" in {n} files"),
    };
    let _ = writeln!(
        out,
        "{version} ({format}){}{files}: {} operations, {covered} with topics",
        doc.title().map(|t| format!(" {t:?}")).unwrap_or_default(),
        plan.operations.len(),
    );
    let width = plan
        .operations
        .iter()
        .flat_map(|o| &o.found)
        .chain(&plan.elsewhere)
        .map(|f| f.topic.len())
        .max()
        .unwrap_or(0)
        .max(8);
    for op in &plan.operations {
        out.push('\n');
        match &op.id {
            Some(id) => {
                let _ = writeln!(out, "{}  ({id})", op.label);
            }
            None => {
                let _ = writeln!(out, "{}", op.label);
            }
        }
        if op.found.is_empty() {
            out.push_str("  no topic\n");
        }
        for (topic, places) in group(&op.found) {
            let _ = writeln!(out, "  {topic:<width$}  {}", places.join(", "));
        }
        if !op.missing.is_empty() {
            let missing: Vec<String> = group(&op.missing)
                .into_iter()
                .map(|(topic, places)| format!("{topic} ({})", places.join(", ")))
                .collect();
            let _ = writeln!(out, "  not in the catalog: {}", missing.join(", "));
        }
    }
    let schemas = schema_topics(plan);
    if !plan.elsewhere.is_empty() || !schemas.is_empty() {
        out.push_str("\nOutside operations\n");
        for (topic, places) in group(&plan.elsewhere) {
            let _ = writeln!(out, "  {topic:<width$}  {}", places.join(", "));
        }
        for (topic, count) in &schemas {
            let _ = writeln!(out, "  {topic:<width$}  {}", plural(*count, "schema"));
        }
    }
    out.push('\n');
    summary(&mut out, plan, values);
    out
}

fn summary(out: &mut String, plan: &Plan, values: &Values) {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for target in plan.targets.values() {
        *kinds.entry(target.kind).or_default() += 1;
    }
    let root = usize::from(values.root().is_some());
    let mut parts: Vec<String> = kinds.iter().map(|(k, n)| plural(*n, k)).collect();
    if root == 1 {
        parts.push("the root".to_owned());
    }
    let _ = write!(
        out,
        "Annotated: {}",
        plural(plan.targets.len() + root, "object")
    );
    if !parts.is_empty() {
        let _ = write!(out, " ({})", parts.join(", "));
    }
    out.push('\n');
    let mut topics: Vec<&str> = plan.sets.iter().flatten().map(String::as_str).collect();
    topics.extend(plan.root_topics.iter().map(String::as_str));
    topics.sort_unstable();
    topics.dedup();
    let _ = writeln!(out, "Topics used: {}", topics.len());
    let mut missing: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &plan.operations {
        let mut seen: Vec<&str> = op.missing.iter().map(|f| f.topic.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for topic in seen {
            *missing.entry(topic).or_default() += 1;
        }
    }
    if missing.is_empty() {
        out.push_str("Not in the catalog: nothing\n");
    } else {
        let list: Vec<String> = missing
            .iter()
            .map(|(t, n)| format!("{t} ({})", plural(*n, "operation")))
            .collect();
        let _ = writeln!(out, "Not in the catalog: {}", list.join(", "));
    }
}

/// Findings grouped by topic, in order of first appearance, each place once.
fn group(findings: &[Finding]) -> Vec<(&str, Vec<&str>)> {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for f in findings {
        let places = match groups.iter_mut().find(|(t, _)| *t == f.topic) {
            Some((_, places)) => places,
            None => {
                groups.push((&f.topic, Vec::new()));
                let last = groups.len() - 1;
                &mut groups[last].1
            }
        };
        if !places.contains(&f.place.as_str()) {
            places.push(&f.place);
        }
    }
    groups
}

/// How many schemas got each topic.
fn schema_topics(plan: &Plan) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for target in plan.targets.values().filter(|t| t.kind == "schema") {
        for topic in &target.topics {
            *counts.entry(topic.as_str()).or_default() += 1;
        }
    }
    counts
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
