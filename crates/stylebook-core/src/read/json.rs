//! Catalog JSON, the normalized one-file form written by `stylebook export --to json`.
//!
//! It is read with the same YAML parser as every other form (JSON is a subset of YAML 1.2
//! flow style), so that its diagnostics carry lines and columns too. Its values mean what
//! they would mean to the reference builder in a source file: a number where text belongs is
//! an error (`1e5`, `1.0`, `1e999` alike). In a document written in JSON syntax, a bare word
//! JSON has no literal for (`Infinity`, `NaN`) is refused rather than read as text.

use super::fields::{Ctx, TOPIC_FIELDS, id_at};
use super::source::{guideline_meta, id_span, topic_fields};
use super::{Claims, Loc, Origin, Parsed, parse_document};
use crate::diag::{Code, Diagnostic};
use crate::index::{IdKind, Role};
use crate::model::TopicReferences;
use crate::yaml::{Node, NodeKind, is_json_literal};

/// Reads a catalog document (JSON, or the same in YAML); false when it could not be read
/// through.
pub(super) fn read_catalog(cx: &mut Ctx<'_>, text: &str, parsed: Parsed, out: &mut Claims) -> bool {
    let Some(root) = parse_document(cx, text, 0, parsed) else {
        return false;
    };
    // A document in JSON syntax must be JSON; catalog YAML read through here is YAML.
    if text
        .get(root.span.start..)
        .is_some_and(|t| t.starts_with('{'))
    {
        report_bare_words(cx, &root);
    }
    let file = cx.file;
    for item in root.get("topics").map_or(&[][..], Node::items) {
        out.place_at(file, item, "id", IdKind::Topic, Role::Definition);
    }
    for item in root.get("guidelines").map_or(&[][..], Node::items) {
        out.place_at(file, item, "id", IdKind::Guideline, Role::Definition);
        for entry in item.get("topics").map_or(&[][..], Node::items) {
            out.place_at(file, entry, "topic", IdKind::Topic, Role::Use);
        }
    }
    let Some(f) = cx.fields(
        &root,
        "catalog",
        &["$schema", "topics", "guidelines"],
        &["topics", "guidelines"],
    ) else {
        return false;
    };
    let topic_keys: Vec<&str> = std::iter::once("id")
        .chain(TOPIC_FIELDS.iter().copied())
        .collect();
    let mut read_through = true;
    match f.get("topics").and_then(|n| cx.seq(n, "topics")) {
        Some(items) => {
            for item in items {
                catalog_topic(cx, item, &topic_keys, out);
            }
        }
        None => read_through = false,
    }
    let Some(items) = f.get("guidelines").and_then(|n| cx.seq(n, "guidelines")) else {
        return false;
    };
    for item in items {
        let Some((guideline, topics)) = guideline_meta(cx, item, "", &["topics"], "guideline")
        else {
            out.gaps.uses = true;
            continue;
        };
        let mut list = Vec::new();
        let entries = match topics {
            Some(n) => cx.seq(n, "topics of a guideline"),
            None => Some(&[][..]),
        };
        if entries.is_none() {
            out.gaps.uses = true;
        }
        if let Some(entries) = entries {
            for entry in entries {
                let Some(ef) = cx.fields(
                    entry,
                    "coverage",
                    &["topic", "references"],
                    &["topic", "references"],
                ) else {
                    match id_at(entry, "topic") {
                        Some(topic) => {
                            out.mentioned.insert(topic);
                        }
                        None => out.gaps.uses = true,
                    }
                    continue;
                };
                let Some(topic) = ef.get("topic").and_then(|n| cx.id(n, "topic id")) else {
                    out.gaps.uses = true;
                    continue;
                };
                out.mentioned.insert(topic.clone());
                let what = format!("references of topic `{topic}`");
                if let Some(references) = ef.get("references").and_then(|n| cx.references(n, &what))
                {
                    let loc = Loc {
                        file: cx.file,
                        span: ef
                            .get("topic")
                            .map_or(entry.span.clone(), |n| n.span.clone()),
                    };
                    list.push((TopicReferences { topic, references }, loc));
                }
            }
        }
        let loc = Loc {
            file: cx.file,
            span: id_span(item, ""),
        };
        out.guideline(cx.diags, guideline, loc, Origin::Own, Some(list));
    }
    read_through
}

/// One topic of the catalog; a damaged one still defines its id.
fn catalog_topic(cx: &mut Ctx<'_>, item: &Node, keys: &[&str], out: &mut Claims) {
    let Some(tf) = cx.fields(item, "topic", keys, keys) else {
        match id_at(item, "id") {
            Some(id) => out.damaged_topic(id),
            None => out.gaps.definitions = true,
        }
        return;
    };
    let Some(id) = tf.get("id").and_then(|n| cx.id(n, "topic id")) else {
        out.gaps.definitions = true;
        return;
    };
    match topic_fields(cx, id.clone(), &tf, "") {
        Some(topic) => {
            let loc = Loc {
                file: cx.file,
                span: id_span(item, ""),
            };
            out.topic(cx.diags, topic, loc, Origin::Own);
        }
        None => out.damaged_topic(id),
    }
}

/// Reports every unquoted value that is not a JSON literal.
fn report_bare_words(cx: &mut Ctx<'_>, root: &Node) {
    let mut work = vec![root];
    while let Some(node) = work.pop() {
        match &node.kind {
            NodeKind::Scalar(s) if s.plain && !is_json_literal(&s.text) => {
                cx.push(
                    Diagnostic::error(
                        Code::Syntax,
                        cx.file,
                        node.span.clone(),
                        format!("`{}` is not a json value", s.text),
                    )
                    .with_help(format!("quote it: {:?}", s.text)),
                );
            }
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => work.extend(items.iter().rev()),
            NodeKind::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    work.push(v);
                    work.push(k);
                }
            }
        }
    }
}
