//! The OpenAPI Overlay 1.0 form of an annotation: actions whose JSONPath `target`s select the
//! objects to annotate and whose `update`s add `x-guidelines` to them.
//!
//! Any `x-guidelines` the input already has is removed first (`remove: true`), since an update
//! merges into what is there. Targets are written in document order, as RFC 9535 paths: dotted
//! names where they are plain identifiers, bracketed quoted names otherwise (in double quotes in
//! YAML, single quotes in JSON, so that neither needs escaping in the file).
//!
//! A mapping written once and copied elsewhere by YAML aliases is at every place that holds
//! it, and tools read aliases either as copies or as one shared object. Such a mapping gets
//! one action pair per place, `remove` then `update`: with copies each place gets its
//! annotation, and with a shared object each pair replaces what the one before wrote, so the
//! result is the same either way (an update appends to the lists already there).

use std::collections::HashMap;

use stylebook_core::yaml::{Node, NodeKind};

use super::edit::{KEY, anchor_index, is_alias};
use super::walk::Plan;
use super::x_values::Values;
use super::{Document, Syntax};
use crate::document::{MapBuilder, Value};
use crate::{json_writer, yaml_writer};

/// The overlay document, in `format`.
pub(crate) fn overlay(
    doc: &Document<'_>,
    plan: &Plan,
    values: &Values,
    extends: Option<&str>,
    format: Syntax,
) -> String {
    let quote = match format {
        Syntax::Yaml => '"',
        Syntax::Json => '\'',
    };
    let (paths, existing) = paths(doc, plan, quote);
    let mut actions = Vec::with_capacity(paths.len() + existing.len() + 1);
    for path in existing {
        actions.push(remove(path));
    }
    if let Some(root) = values.root() {
        actions.push(action("$".to_owned(), root.clone()));
    }
    let mut targets: Vec<_> = plan.targets.iter().collect();
    targets.sort_by_key(|(place, _)| **place);
    for ((_, start), target) in targets {
        let (Some(places), Some(value)) = (paths.get(start), values.get(target.set)) else {
            continue;
        };
        for path in places {
            if places.len() > 1 {
                actions.push(remove(member(path, KEY, quote)));
            }
            actions.push(action(path.clone(), value.clone()));
        }
    }
    let title = match doc.title() {
        Some(title) => format!("x-guidelines for {title}"),
        None => "x-guidelines".to_owned(),
    };
    let info = MapBuilder::new()
        .entry("title", title)
        .entry("version", doc.info_version().unwrap_or("1.0.0"))
        .build();
    let mut overlay = MapBuilder::new()
        .entry("overlay", "1.0.0")
        .entry("info", info);
    if let Some(extends) = extends {
        overlay.push("extends", extends);
    }
    let overlay = overlay.entry("actions", Value::Seq(actions)).build();
    match format {
        Syntax::Yaml => yaml_writer::to_yaml(&overlay),
        Syntax::Json => {
            let mut text = json_writer::to_json(&overlay);
            text.push('\n');
            text
        }
    }
}

fn remove(target: String) -> Value<'static> {
    MapBuilder::new()
        .entry("target", target)
        .entry("remove", true)
        .build()
}

fn action(target: String, value: Value) -> Value {
    MapBuilder::new()
        .entry("target", target)
        .entry("update", Value::Map(vec![(KEY.into(), value)]))
        .build()
}

/// The JSONPaths of every target mapping, by its start, each place that holds it in document
/// order (copies made by aliases included), and of every `x-guidelines` entry the document
/// already has.
fn paths(
    doc: &Document<'_>,
    plan: &Plan,
    quote: char,
) -> (HashMap<usize, Vec<String>>, Vec<String>) {
    let text: &str = &doc.text;
    let anchors = anchor_index(text, &doc.root);
    let mut found: HashMap<usize, Vec<String>> = HashMap::with_capacity(plan.targets.len());
    let mut existing = Vec::new();
    let mut stack: Vec<(&Node, String)> = vec![(&doc.root, "$".to_owned())];
    while let Some((node, path)) = stack.pop() {
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, format!("{path}[{i}]")));
                }
            }
            NodeKind::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    let name = key.as_scalar().map_or("", |s| s.text.as_str());
                    let child = member(&path, name, quote);
                    if name == KEY {
                        existing.push(child);
                    } else {
                        stack.push((value, child));
                    }
                }
                let start = if is_alias(text, node) {
                    entries
                        .first()
                        .and_then(|(k, _)| anchors.get(&(k.span.start, true)))
                        .copied()
                } else {
                    Some(node.span.start)
                };
                if let Some(start) = start
                    && plan.targets.contains_key(&(0, start))
                {
                    found.entry(start).or_default().push(path);
                }
            }
        }
    }
    (found, existing)
}

/// `path.name`, or `path['name']` (with `quote`) when the name is not a plain identifier.
fn member(path: &str, name: &str, quote: char) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        return format!("{path}.{name}");
    }
    let mut out = String::with_capacity(path.len() + name.len() + 4);
    out.push_str(path);
    out.push('[');
    out.push(quote);
    for c in name.chars() {
        match c {
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(quote);
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_dotted_or_quoted() {
        assert_eq!(member("$", "paths", '\''), "$.paths");
        assert_eq!(
            member("$.paths", "/pets/{id}", '\''),
            "$.paths['/pets/{id}']"
        );
        assert_eq!(member("$.r", "200", '"'), r#"$.r["200"]"#);
        assert_eq!(member("$", "it's", '\''), r"$['it\'s']");
        assert_eq!(member("$", "it's", '"'), r#"$["it's"]"#);
        assert_eq!(member("$", "x-guidelines", '"'), r#"$["x-guidelines"]"#);
        assert_eq!(member("$", "a\\b", '\''), r"$['a\\b']");
    }
}
