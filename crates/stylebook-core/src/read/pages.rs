//! Topic pages (layout `topic`: one topic with every guideline that covers it) and guideline
//! pages (layout `guideline`: one guideline with every topic it covers).
//!
//! The derived keys `title`, `permalink`, `sort` and the `_links` copies are accepted and not
//! read: they are recomputed on export.

use super::fields::{Ctx, Fields, id_at, id_of};
use super::frontmatter::{self, FrontMatterError};
use super::source::{check_file_name, guideline_meta, id_span, topic_fields};
use super::{Claim, Claims, Loc, Origin, Parsed, parse_document};
use crate::diag::{Code, Diagnostic, Severity, did_you_mean, shown};
use crate::index::{IdKind, Role};
use crate::model::TopicReferences;
use crate::yaml::{Node, NodeKind};

pub(crate) const PAGE_KEYS: &[&str] = &["layout", "title", "permalink", "sort"];
pub(crate) const TOPIC_KEYS: &[&str] = &[
    "topic_id",
    "topic_category",
    "topic_name",
    "topic_description",
];
const LAYOUTS: &[&str] = &["topic", "guideline"];

/// Reads one page of either layout; false when it could not be read through.
pub(super) fn read_page(
    cx: &mut Ctx<'_>,
    name: &str,
    text: &str,
    parsed: Parsed,
    out: &mut Claims,
) -> bool {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        cx.push(
            Diagnostic::error(Code::EmptyFile, cx.file, 0..0, "page is empty")
                .with_help("a page starts with a `---` line, its YAML front matter, and `---`"),
        );
        return false;
    }
    let fm = match frontmatter::split(text) {
        Ok(fm) => fm,
        Err(FrontMatterError::Missing(line)) => {
            cx.push(
                Diagnostic::error(
                    Code::NoFrontMatter,
                    cx.file,
                    line,
                    "page has no front matter",
                )
                .with_help("start the page with a line `---`, the YAML, then a line `---`"),
            );
            return false;
        }
        Err(FrontMatterError::Unterminated(line)) => {
            cx.push(
                Diagnostic::error(
                    Code::UnterminatedFrontMatter,
                    cx.file,
                    line,
                    "front matter is never closed",
                )
                .with_help("end the front matter with a line `---`"),
            );
            return false;
        }
    };
    let Some(root) = parse_document(cx, &text[fm.yaml.clone()], fm.yaml.start, parsed) else {
        return false;
    };
    let NodeKind::Map(entries) = &root.kind else {
        cx.error(
            Code::WrongType,
            root.span.clone(),
            format!("front matter must be a mapping, found {}", root.describe()),
        );
        return false;
    };
    let Some((_, layout)) = entries
        .iter()
        .find(|(k, _)| k.text().unwrap_or_default() == "layout")
    else {
        cx.push(
            Diagnostic::error(
                Code::MissingField,
                cx.file,
                root.span.start..root.span.start,
                "missing field `layout` in page",
            )
            .with_help("catalog pages have `layout: topic` or `layout: guideline`"),
        );
        return false;
    };
    let Some(layout_name) = cx.string(layout, "layout") else {
        return false;
    };
    match layout_name.as_str() {
        "topic" => topic_page(cx, name, &root, out),
        "guideline" => guideline_page(cx, name, &root, out),
        other => {
            let mut diag = Diagnostic::error(
                Code::UnknownLayout,
                cx.file,
                layout.span.clone(),
                format!("layout `{}` is not a catalog page layout", shown(other)),
            );
            diag.help = Some(match did_you_mean(other, LAYOUTS) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "use `topic` or `guideline`".to_owned(),
            });
            cx.push(diag);
            false
        }
    }
}

/// A topic page: the topic (a damaged one still defines its id) and the guidelines covering it.
fn topic_page(cx: &mut Ctx<'_>, name: &str, root: &Node, out: &mut Claims) -> bool {
    let known: Vec<&str> = PAGE_KEYS
        .iter()
        .chain(TOPIC_KEYS)
        .chain(&["guidelines"])
        .copied()
        .collect();
    let required: Vec<&str> = TOPIC_KEYS.iter().chain(&["guidelines"]).copied().collect();
    out.place_at(cx.file, root, "topic_id", IdKind::Topic, Role::Definition);
    for item in root.get("guidelines").map_or(&[][..], Node::items) {
        out.place_at(cx.file, item, "guideline_id", IdKind::Guideline, Role::Use);
    }
    let Some(f) = cx.fields(root, "topic page", &known, &required) else {
        return false;
    };
    let topic_id = match page_topic(cx, &f) {
        Some(topic) => {
            let topic_id = topic.id.clone();
            out.topic(
                cx.diags,
                topic,
                Loc {
                    file: cx.file,
                    span: id_span(root, "topic_"),
                },
                Origin::Own,
            );
            topic_id
        }
        None => {
            let Some(id) = f.get("topic_id").and_then(id_of) else {
                return false;
            };
            out.damaged_topic(id.clone());
            id
        }
    };
    check_file_name(
        cx,
        name,
        &topic_id,
        root,
        "topic_",
        "-guidelines.md",
        Severity::Warning,
    );
    out.topic_pages.insert(topic_id.clone());
    let Some(items) = f.get("guidelines").and_then(|n| cx.seq(n, "guidelines")) else {
        return false;
    };
    if !items.is_empty() {
        // Used, even when no entry can be read.
        out.mentioned.insert(topic_id.clone());
    }
    for item in items {
        if topic_page_entry(cx, item, &topic_id, out).is_none() {
            // A damaged entry still says which guideline covers the topic, if its id is there.
            match id_at(item, "guideline_id") {
                Some(guideline) => {
                    out.damaged_pairs.insert((guideline, topic_id.clone()));
                }
                None => {
                    out.partial_topic_pages.insert(topic_id.clone());
                }
            }
        }
    }
    true
}

/// One guideline of a topic page and its references, as a claim; `None` when it is damaged.
fn topic_page_entry(cx: &mut Ctx<'_>, item: &Node, topic_id: &str, out: &mut Claims) -> Option<()> {
    let (guideline, refs) = guideline_meta(
        cx,
        item,
        "guideline_",
        &["references", "guideline__links"],
        "guideline entry",
    )?;
    let loc = Loc {
        file: cx.file,
        span: id_span(item, "guideline_"),
    };
    let Some(refs) = refs else {
        missing_references(cx, item);
        return None;
    };
    let what = format!("references of guideline `{}`", guideline.id);
    let references = cx.references(refs, &what)?;
    out.claims.push(Claim {
        guideline: guideline.id.clone(),
        topic: topic_id.to_owned(),
        references,
        loc: loc.clone(),
    });
    out.guideline(cx.diags, guideline, loc, Origin::Embedded, None);
    Some(())
}

/// A guideline page: the guideline and the topics it covers (a damaged one still defines its
/// id).
fn guideline_page(cx: &mut Ctx<'_>, name: &str, root: &Node, out: &mut Claims) -> bool {
    out.place_at(
        cx.file,
        root,
        "guideline_id",
        IdKind::Guideline,
        Role::Definition,
    );
    for item in root.get("topics").map_or(&[][..], Node::items) {
        out.place_at(cx.file, item, "topic_id", IdKind::Topic, Role::Use);
    }
    let mut extra: Vec<&str> = vec!["topics"];
    extra.extend(PAGE_KEYS);
    let Some((guideline, topics)) =
        guideline_meta(cx, root, "guideline_", &extra, "guideline page")
    else {
        return false;
    };
    check_file_name(
        cx,
        name,
        &guideline.id,
        root,
        "guideline_",
        "-topics.md",
        Severity::Warning,
    );
    let loc = Loc {
        file: cx.file,
        span: id_span(root, "guideline_"),
    };
    let Some(topics) = topics else {
        cx.push(Diagnostic::error(
            Code::MissingField,
            cx.file,
            root.span.start..root.span.start,
            "missing field `topics` in guideline page",
        ));
        return false;
    };
    let Some(items) = cx.seq(topics, "topics") else {
        return false;
    };
    let known: Vec<&str> = TOPIC_KEYS
        .iter()
        .chain(&["topic__links", "references"])
        .copied()
        .collect();
    let required: Vec<&str> = TOPIC_KEYS.iter().chain(&["references"]).copied().collect();
    let mut list = Vec::with_capacity(items.len());
    for item in items {
        let entry = cx
            .fields(item, "topic entry", &known, &required)
            .map(|f| (page_topic(cx, &f), f));
        let (topic, f) = match entry {
            Some((Some(topic), f)) => (topic, f),
            _ => {
                // A damaged entry still names its topic, if its id is there.
                match id_at(item, "topic_id") {
                    Some(id) => {
                        out.mentioned.insert(id.clone());
                        out.damaged_pairs.insert((guideline.id.clone(), id.clone()));
                        out.damaged_topic(id);
                    }
                    None => {
                        out.gaps.definitions = true;
                        out.gaps.uses = true;
                        out.partial_guideline_lists.insert(guideline.id.clone());
                    }
                }
                continue;
            }
        };
        let entry_loc = Loc {
            file: cx.file,
            span: id_span(item, "topic_"),
        };
        out.mentioned.insert(topic.id.clone());
        let what = format!("references of topic `{}`", topic.id);
        let references = f.get("references").and_then(|n| cx.references(n, &what));
        let topic_id = topic.id.clone();
        out.topic(cx.diags, topic, entry_loc.clone(), Origin::Embedded);
        match references {
            Some(references) => list.push((
                TopicReferences {
                    topic: topic_id,
                    references,
                },
                entry_loc,
            )),
            None => {
                out.damaged_pairs.insert((guideline.id.clone(), topic_id));
            }
        }
    }
    out.guideline(cx.diags, guideline, loc, Origin::Own, Some(list));
    true
}

fn page_topic(cx: &mut Ctx<'_>, f: &Fields<'_>) -> Option<crate::model::Topic> {
    let id = f.get("topic_id").and_then(|n| cx.id(n, "topic id"))?;
    topic_fields(cx, id, f, "topic_")
}

fn missing_references(cx: &mut Ctx<'_>, item: &Node) {
    cx.push(Diagnostic::error(
        Code::MissingField,
        cx.file,
        item.span.start..item.span.start,
        "missing field `references` in guideline entry",
    ));
}
