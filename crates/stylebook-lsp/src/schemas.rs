//! What the JSON Schemas say about a place in a file: the description of a key (hover), the
//! keys a mapping may have and the values a key takes (completion). The schemas are the ones
//! `stylebook schema` writes, from `stylebook_core::schema`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;
use stylebook_core::FileKind;

use crate::cursor::Step;

/// A key a mapping may have, with its description.
pub(crate) struct KeyInfo {
    pub(crate) key: String,
    pub(crate) description: Option<String>,
}

/// The schema of a file of `kind`; a page's depends on its `layout`.
pub(crate) fn for_file(kind: FileKind, layout: Option<&str>) -> Option<&'static Value> {
    let name = match kind {
        FileKind::Topics => "topics.schema.json",
        FileKind::Guideline => "guideline.schema.json",
        FileKind::CatalogJson => "catalog.schema.json",
        FileKind::Rules => "openapi-rules.schema.json",
        FileKind::Page => match layout? {
            "topic" => "topic-page.schema.json",
            "guideline" => "guideline-page.schema.json",
            _ => return None,
        },
    };
    static ALL: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    ALL.get_or_init(|| {
        stylebook_core::schema::all()
            .into_iter()
            .map(|(name, schema)| (name, schema.to_value()))
            .collect()
    })
    .get(name)
}

/// The description of the value at `path` (its last step a key), as the schema gives it for
/// that key.
pub(crate) fn description(schema: &Value, path: &[Step]) -> Option<String> {
    nodes_at(schema, path).into_iter().find_map(|node| {
        text(node, "description").or_else(|| {
            branches(schema, node)
                .into_iter()
                .find_map(|b| text(b, "description"))
        })
    })
}

/// The keys the mapping at `path` may have, in the schema's order.
pub(crate) fn keys(schema: &Value, path: &[Step]) -> Vec<KeyInfo> {
    let mut keys: Vec<KeyInfo> = Vec::new();
    for node in nodes_at(schema, path) {
        for branch in branches(schema, node) {
            let Some(properties) = branch.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (key, value) in properties {
                if keys.iter().any(|k| &k.key == key) {
                    continue;
                }
                let description = text(value, "description").or_else(|| {
                    branches(schema, value)
                        .into_iter()
                        .find_map(|b| text(b, "description"))
                });
                keys.push(KeyInfo {
                    key: key.clone(),
                    description,
                });
            }
        }
    }
    keys
}

/// The values the schema allows at `path`, when it lists them (`enum`, `const`).
pub(crate) fn values(schema: &Value, path: &[Step]) -> Vec<String> {
    let mut values = Vec::new();
    for node in nodes_at(schema, path) {
        for branch in branches(schema, node) {
            let listed = branch
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .chain(branch.get("const"));
            for value in listed.filter_map(Value::as_str) {
                if !values.iter().any(|v| v == value) {
                    values.push(value.to_owned());
                }
            }
        }
    }
    values
}

/// The schema nodes that apply at `path`.
fn nodes_at<'s>(schema: &'s Value, path: &[Step]) -> Vec<&'s Value> {
    let mut nodes = vec![schema];
    for step in path {
        let mut next = Vec::new();
        for node in nodes {
            for branch in branches(schema, node) {
                let child = match step {
                    Step::Key(key) => branch
                        .get("properties")
                        .and_then(|p| p.get(key.as_str()))
                        .or_else(|| branch.get("additionalProperties").filter(|a| a.is_object())),
                    Step::Item => branch.get("items"),
                };
                if let Some(child) = child {
                    next.push(child);
                }
            }
        }
        nodes = next;
    }
    nodes
}

/// A node and every schema it stands for: the target of its `$ref`, the members of its
/// `allOf`, `anyOf` and `oneOf`, and theirs in turn.
fn branches<'s>(schema: &'s Value, node: &'s Value) -> Vec<&'s Value> {
    let mut out: Vec<&'s Value> = Vec::new();
    let mut work = vec![node];
    while let Some(node) = work.pop() {
        if out.len() > 64 || out.iter().any(|o| std::ptr::eq::<Value>(*o, node)) {
            continue;
        }
        out.push(node);
        if let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .and_then(|name| schema.get("definitions")?.get(name))
        {
            work.push(target);
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(list) = node.get(key).and_then(Value::as_array) {
                work.extend(list.iter().rev());
            }
        }
    }
    out
}

fn text(node: &Value, key: &str) -> Option<String> {
    node.get(key).and_then(Value::as_str).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.to_owned())
    }

    #[test]
    fn keys_have_their_own_descriptions() {
        let Some(schema) = for_file(FileKind::Guideline, None) else {
            panic!("no guideline schema");
        };
        let date = description(schema, &[key("date")]);
        let review = description(schema, &[key("reviewDate")]);
        assert!(date.is_some() && review.is_some() && date != review);
        let url = description(schema, &[key("topics"), key("a"), Step::Item, key("url")]);
        assert!(url.is_some_and(|u| u.contains("section")), "reference url");
        let keys: Vec<String> = keys(schema, &[]).into_iter().map(|k| k.key).collect();
        assert!(keys.contains(&"githubUrl".to_owned()));
        assert!(values(schema, &[key("type")]).contains(&"website".to_owned()));
        let Some(page) = for_file(FileKind::Page, Some("topic")) else {
            panic!("no topic page schema");
        };
        assert_eq!(values(page, &[key("layout")]), ["topic"]);
    }
}
