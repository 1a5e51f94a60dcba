//! The answers to requests about a place in a file: hover, completion, go to definition, find
//! references, and the quick fixes that apply a diagnostic's "did you mean".

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    CompletionResponse, CompletionTextEdit, Documentation, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, TextEdit, Uri, WorkspaceEdit,
};
use stylebook_core::yaml::{self, Node, NodeKind};
use stylebook_core::{FileId, FileKind, IdKind, IdPlace, Role, split_front_matter};

use crate::catalog::Catalog;
use crate::cursor::{self, At, Step};
use crate::schemas;
use crate::text::{Lines, uri_of};

/// What hovering over a place shows: for a topic id, the topic and who covers it; for a
/// guideline id, the guideline; for a key, the schema's description of it.
pub(crate) fn hover(catalog: &Catalog, file: FileId, offset: usize) -> Option<Hover> {
    let text = &catalog.workspace.sources().get(file).text;
    let lines = Lines::new(text);
    if let Some(place) = catalog.index.at(file, offset) {
        let value = match place.of {
            IdKind::Topic => topic_text(catalog, &place.id)?,
            IdKind::Guideline => guideline_text(catalog, &place.id)?,
            IdKind::TopicTemplate => template_text(catalog, &place.id),
        };
        return Some(markdown(value, Some(lines.range(&place.span))));
    }
    let kind = catalog.workspace.kind(file)?;
    let (yaml, start) = yaml_part(text, kind)?;
    let root = yaml::parse(yaml, start).ok()??;
    let (path, span) = key_path(&root, offset)?;
    let schema = schemas::for_file(kind, layout(&root))?;
    let description = schemas::description(schema, &path)?;
    Some(markdown(description, Some(lines.range(&span))))
}

/// What may be written at the cursor: topic ids where a topic id goes, guideline ids where a
/// guideline id goes, else the keys and values the schema knows.
pub(crate) fn completion(catalog: &Catalog, file: FileId, offset: usize) -> CompletionResponse {
    let items = completion_items(catalog, file, offset).unwrap_or_default();
    CompletionResponse::Array(items)
}

fn completion_items(catalog: &Catalog, file: FileId, offset: usize) -> Option<Vec<CompletionItem>> {
    let text = &catalog.workspace.sources().get(file).text;
    let kind = catalog.workspace.kind(file)?;
    let (yaml, start) = yaml_part(text, kind)?;
    if offset > start + yaml.len() {
        return None;
    }
    let cursor = cursor::at(text, start, offset)?;
    let lines = Lines::new(text);
    let range = lines.range(&(cursor.word_start..cursor.word_end));
    let layout = page_layout(yaml);
    let ids = expected_id(kind, layout, &cursor);
    // After the cursor on its line: is a colon there already?
    let rest = text[offset..].lines().next().unwrap_or_default();
    let needs_colon = !rest.contains(':');
    let item = |label: String, insert: String, detail: Option<String>, doc: Option<String>, k| {
        CompletionItem {
            label,
            kind: Some(k),
            detail,
            documentation: doc.map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d,
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, insert))),
            ..CompletionItem::default()
        }
    };
    match ids {
        Some(IdKind::Topic) => {
            let as_key = cursor.at == At::Key;
            return Some(
                catalog
                    .loaded
                    .catalog
                    .topics()
                    .iter()
                    .map(|t| {
                        let insert = if as_key && needs_colon {
                            format!("{}:", t.id)
                        } else {
                            t.id.clone()
                        };
                        item(
                            t.id.clone(),
                            insert,
                            Some(format!("{} · {}", t.name, t.category)),
                            Some(t.description.clone()),
                            CompletionItemKind::VALUE,
                        )
                    })
                    .collect(),
            );
        }
        Some(_) => {
            return Some(
                catalog
                    .loaded
                    .catalog
                    .guidelines()
                    .iter()
                    .map(|g| {
                        item(
                            g.id.clone(),
                            g.id.clone(),
                            Some(format!("{} · {}", g.title, g.company)),
                            None,
                            CompletionItemKind::VALUE,
                        )
                    })
                    .collect(),
            );
        }
        None => {}
    }
    let schema = schemas::for_file(kind, layout)?;
    let items = match &cursor.at {
        At::Key => schemas::keys(schema, &cursor.path)
            .into_iter()
            .map(|k| {
                let insert = if needs_colon {
                    format!("{}: ", k.key)
                } else {
                    k.key.clone()
                };
                item(
                    k.key,
                    insert,
                    None,
                    k.description,
                    CompletionItemKind::PROPERTY,
                )
            })
            .collect(),
        At::Value(key) => {
            let mut path = cursor.path.clone();
            path.push(Step::Key(key.clone()));
            schemas::values(schema, &path)
                .into_iter()
                .map(|v| item(v.clone(), v, None, None, CompletionItemKind::ENUM_MEMBER))
                .collect()
        }
        At::Item => {
            let mut path = cursor.path.clone();
            path.push(Step::Item);
            schemas::values(schema, &path)
                .into_iter()
                .map(|v| item(v.clone(), v, None, None, CompletionItemKind::ENUM_MEMBER))
                .collect()
        }
    };
    Some(items)
}

/// Which kind of id the cursor's place takes, if it takes one: a key of a guideline's
/// `topics`, a page's `topic_id`, a topic of an OpenAPI rule (topic ids); a topic page's
/// `guideline_id` (guideline ids).
fn expected_id(kind: FileKind, layout: Option<&str>, cursor: &cursor::Cursor) -> Option<IdKind> {
    let key = |k: &str| Step::Key(k.to_owned());
    let path = cursor.path.as_slice();
    let value_of = |k: &str| cursor.at == At::Value(k.to_owned());
    match kind {
        FileKind::Guideline if path == [key("topics")] && cursor.at == At::Key => {
            Some(IdKind::Topic)
        }
        FileKind::Page if layout == Some("topic") && path.is_empty() && value_of("topic_id") => {
            Some(IdKind::Topic)
        }
        FileKind::Page
            if layout == Some("guideline")
                && path == [key("topics"), Step::Item]
                && value_of("topic_id") =>
        {
            Some(IdKind::Topic)
        }
        FileKind::Page
            if layout == Some("topic")
                && path == [key("guidelines"), Step::Item]
                && value_of("guideline_id") =>
        {
            Some(IdKind::Guideline)
        }
        FileKind::Rules if path.last() == Some(&key("topics")) && cursor.at == At::Item => {
            Some(IdKind::Topic)
        }
        FileKind::CatalogJson => None,
        _ => None,
    }
}

/// Where the id under the cursor is defined (a template: every topic it fits).
pub(crate) fn definition(catalog: &Catalog, file: FileId, offset: usize) -> Vec<Location> {
    let Some(place) = catalog.index.at(file, offset) else {
        return Vec::new();
    };
    let places: Vec<&IdPlace> = match place.of {
        IdKind::TopicTemplate => catalog
            .index
            .places()
            .iter()
            .filter(|p| p.of == IdKind::Topic && p.role == Role::Definition)
            .filter(|p| catalog.index.uses(IdKind::Topic, &p.id).any(|u| u == place))
            .collect(),
        of => catalog.index.definitions(of, &place.id).collect(),
    };
    locations(catalog, places)
}

/// Every place that uses the id under the cursor, and its definitions when asked.
pub(crate) fn references(
    catalog: &Catalog,
    file: FileId,
    offset: usize,
    with_definitions: bool,
) -> Vec<Location> {
    let Some(place) = catalog.index.at(file, offset) else {
        return Vec::new();
    };
    if place.of == IdKind::TopicTemplate {
        return locations(catalog, vec![place]);
    }
    let mut places: Vec<&IdPlace> = Vec::new();
    if with_definitions {
        places.extend(catalog.index.definitions(place.of, &place.id));
    }
    places.extend(catalog.index.uses(place.of, &place.id));
    locations(catalog, places)
}

/// The quick fixes for the diagnostics of `file` that touch `span`: each "did you mean `x`?"
/// replaces what the diagnostic points at with `x`.
pub(crate) fn code_actions(
    catalog: &Catalog,
    file: FileId,
    uri: &Uri,
    span: &Range<usize>,
) -> Vec<CodeActionOrCommand> {
    let text = &catalog.workspace.sources().get(file).text;
    let lines = Lines::new(text);
    let mut actions = Vec::new();
    for d in &catalog.loaded.diagnostics {
        let place = &d.primary.span;
        if d.primary.file != file || place.start > span.end || span.start > place.end {
            continue;
        }
        let Some(near) = d.help.as_deref().and_then(suggestion) else {
            continue;
        };
        let Some(written) = text.get(place.clone()) else {
            continue;
        };
        // A quoted value keeps its quotes.
        let inner = match written.chars().next() {
            Some(q @ ('"' | '\'')) if written.len() >= 2 && written.ends_with(q) => {
                place.start + 1..place.end - 1
            }
            _ => place.clone(),
        };
        let edit = TextEdit::new(lines.range(&inner), near.to_owned());
        // `changes` is the form of edit every client applies; its map type is lsp-types',
        // whose `Uri` key the lint takes for mutable.
        #[allow(clippy::mutable_key_type)]
        let mut changes = HashMap::new();
        changes.insert(uri.clone(), vec![edit]);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Change to `{near}`"),
            kind: Some(CodeActionKind::QUICKFIX),
            is_preferred: Some(true),
            edit: Some(WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        }));
    }
    actions
}

/// `x` of a help that reads "did you mean `x`?".
fn suggestion(help: &str) -> Option<&str> {
    help.strip_prefix("did you mean `")?.strip_suffix("`?")
}

fn locations(catalog: &Catalog, places: Vec<&IdPlace>) -> Vec<Location> {
    let sources = catalog.workspace.sources();
    places
        .into_iter()
        .filter_map(|p| {
            let file = sources.get(p.file);
            let uri = uri_of(Path::new(&file.name))?;
            Some(Location::new(uri, Lines::new(&file.text).range(&p.span)))
        })
        .collect()
}

fn markdown(value: String, range: Option<lsp_types::Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

fn topic_text(catalog: &Catalog, id: &str) -> Option<String> {
    let c = &catalog.loaded.catalog;
    let topic = c.topics().iter().find(|t| t.id == id)?;
    let mut text = format!(
        "**{}** · {}\n\n{}\n\n",
        topic.name, topic.category, topic.description
    );
    let covering: Vec<String> = c
        .guidelines()
        .iter()
        .filter_map(|g| {
            let refs = g.references(id)?;
            Some(format!(
                "{} ({}, {})",
                g.title,
                g.company,
                plural(refs.len(), "reference")
            ))
        })
        .collect();
    if covering.is_empty() {
        text.push_str("No guide covers it.");
    } else {
        text.push_str(&format!(
            "Covered by {}:\n",
            plural(covering.len(), "guide")
        ));
        for line in covering {
            text.push_str(&format!("- {line}\n"));
        }
    }
    Some(text)
}

fn guideline_text(catalog: &Catalog, id: &str) -> Option<String> {
    let g = catalog
        .loaded
        .catalog
        .guidelines()
        .iter()
        .find(|g| g.id == id)?;
    Some(format!(
        "**{}** · {} · {}\n\n<{}>\n\nCovers {}.",
        g.title,
        g.company,
        g.kind,
        g.url,
        plural(g.topics.len(), "topic")
    ))
}

fn template_text(catalog: &Catalog, template: &str) -> String {
    let fitting: Vec<&str> = catalog
        .loaded
        .catalog
        .topics()
        .iter()
        .filter(|t| {
            catalog
                .index
                .uses(IdKind::Topic, &t.id)
                .any(|p| p.of == IdKind::TopicTemplate && p.id == template)
        })
        .map(|t| t.id.as_str())
        .collect();
    match fitting.as_slice() {
        [] => format!("`{template}`: no topic of the catalog fits"),
        ids => format!(
            "`{template}` stands for {} of the catalog: {}",
            plural(ids.len(), "topic"),
            ids.iter()
                .take(20)
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The YAML of a file and where it starts: a page's front matter, or the whole file.
fn yaml_part(text: &str, kind: FileKind) -> Option<(&str, usize)> {
    if kind == FileKind::Page {
        let range = split_front_matter(text).ok()?.yaml;
        return Some((text.get(range.clone())?, range.start));
    }
    Some((text, 0))
}

/// A page's `layout`, read from its text (which may not parse while it is typed).
fn page_layout(yaml: &str) -> Option<&str> {
    yaml.lines().find_map(|l| {
        let value = l.strip_prefix("layout:")?.trim();
        Some(value.trim_matches(['"', '\'']))
    })
}

/// A parsed page's `layout`.
fn layout(root: &Node) -> Option<&str> {
    root.get("layout").and_then(Node::text)
}

/// The keys leading to the key at `offset`, that key last, and the key's span.
fn key_path(root: &Node, offset: usize) -> Option<(Vec<Step>, Range<usize>)> {
    let mut path = Vec::new();
    let mut node = root;
    loop {
        match &node.kind {
            NodeKind::Map(entries) => {
                let (key, value) = entries
                    .iter()
                    .find(|(k, v)| within(&k.span, offset) || within(&v.span, offset))?;
                path.push(Step::Key(key.text()?.to_owned()));
                if within(&key.span, offset) {
                    return Some((path, key.span.clone()));
                }
                node = value;
            }
            NodeKind::Seq(items) => {
                node = items.iter().find(|i| within(&i.span, offset))?;
                path.push(Step::Item);
            }
            NodeKind::Scalar(_) => return None,
        }
    }
}

fn within(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}
