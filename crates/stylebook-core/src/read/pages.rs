//! Topic pages (layout `topic`: one topic with every guideline that covers it) and guideline
//! pages (layout `guideline`: one guideline with every topic it covers).
//!
//! The derived keys `title`, `permalink`, `sort` and the `_links` copies are accepted and not
//! read: they are recomputed on export.

use super::fields::{Ctx, Fields, key_text};
use super::frontmatter::{self, FrontMatterError};
use super::source::{check_file_name, guideline_meta, id_span, topic_fields};
use super::{Claim, Collector, Loc, Origin, Parsed, parse_document};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::model::Coverage;
use crate::yaml::{Node, NodeKind};

pub(crate) const PAGE_KEYS: &[&str] = &["layout", "title", "permalink", "sort"];
pub(crate) const TOPIC_KEYS: &[&str] = &[
    "topic_id",
    "topic_category",
    "topic_name",
    "topic_description",
];
const LAYOUTS: &[&str] = &["topic", "guideline"];

/// Reads one page of either layout.
pub(super) fn read_page(
    cx: &mut Ctx<'_>,
    name: &str,
    text: &str,
    parsed: Parsed,
    out: &mut Collector,
) {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        cx.push(
            Diagnostic::error(Code::EmptyFile, cx.file, 0..0, "page is empty")
                .with_help("a page starts with a `---` line, its YAML front matter, and `---`"),
        );
        return;
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
            return;
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
            return;
        }
    };
    let Some(root) = parse_document(cx, &text[fm.yaml.clone()], fm.yaml.start, parsed) else {
        return;
    };
    let NodeKind::Map(entries) = &root.kind else {
        cx.error(
            Code::WrongType,
            root.span.clone(),
            format!("front matter must be a mapping, found {}", root.describe()),
        );
        return;
    };
    let Some((_, layout)) = entries.iter().find(|(k, _)| key_text(k) == "layout") else {
        cx.push(
            Diagnostic::error(
                Code::MissingField,
                cx.file,
                root.span.start..root.span.start,
                "missing field `layout` in page",
            )
            .with_help("catalog pages have `layout: topic` or `layout: guideline`"),
        );
        return;
    };
    let Some(layout_name) = cx.string(layout, "layout") else {
        return;
    };
    match layout_name.as_str() {
        "topic" => topic_page(cx, name, &root, out),
        "guideline" => guideline_page(cx, name, &root, out),
        other => {
            let mut diag = Diagnostic::error(
                Code::UnknownLayout,
                cx.file,
                layout.span.clone(),
                format!("layout `{other}` is not a catalog page layout"),
            );
            diag.help = Some(match did_you_mean(other, LAYOUTS) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "use `topic` or `guideline`".to_owned(),
            });
            cx.push(diag);
        }
    }
}

fn topic_page(cx: &mut Ctx<'_>, name: &str, root: &Node, out: &mut Collector) {
    let known: Vec<&str> = PAGE_KEYS
        .iter()
        .chain(TOPIC_KEYS)
        .chain(&["guidelines"])
        .copied()
        .collect();
    let required: Vec<&str> = TOPIC_KEYS.iter().chain(&["guidelines"]).copied().collect();
    let Some(f) = cx.fields(root, "topic page", &known, &required) else {
        return;
    };
    let Some(topic) = page_topic(cx, &f) else {
        return;
    };
    check_file_name(cx, name, &topic.id, root, "topic_", "-guidelines.md");
    let topic_id = topic.id.clone();
    out.topic_pages.insert(topic_id.clone());
    out.topic(
        cx.diags,
        topic,
        Loc {
            file: cx.file,
            span: id_span(root, "topic_"),
        },
        Origin::Own,
    );
    let Some(items) = f.get("guidelines").and_then(|n| cx.seq(n, "guidelines")) else {
        return;
    };
    for item in items {
        let Some((guideline, refs)) = guideline_meta(
            cx,
            item,
            "guideline_",
            &["references", "guideline__links"],
            "guideline entry",
        ) else {
            continue;
        };
        let loc = Loc {
            file: cx.file,
            span: id_span(item, "guideline_"),
        };
        let Some(refs) = refs else {
            missing_references(cx, item);
            continue;
        };
        let what = format!("references of guideline `{}`", guideline.id);
        let Some(references) = cx.references(refs, &what) else {
            continue;
        };
        out.claims.push(Claim {
            guideline: guideline.id.clone(),
            topic: topic_id.clone(),
            references,
            loc: loc.clone(),
        });
        out.guideline(cx.diags, guideline, loc, Origin::Embedded, None);
    }
}

fn guideline_page(cx: &mut Ctx<'_>, name: &str, root: &Node, out: &mut Collector) {
    let mut extra: Vec<&str> = vec!["topics"];
    extra.extend(PAGE_KEYS);
    let Some((guideline, topics)) =
        guideline_meta(cx, root, "guideline_", &extra, "guideline page")
    else {
        return;
    };
    check_file_name(cx, name, &guideline.id, root, "guideline_", "-topics.md");
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
        return;
    };
    let Some(items) = cx.seq(topics, "topics") else {
        return;
    };
    let known: Vec<&str> = TOPIC_KEYS
        .iter()
        .chain(&["topic__links", "references"])
        .copied()
        .collect();
    let required: Vec<&str> = TOPIC_KEYS.iter().chain(&["references"]).copied().collect();
    let mut list = Vec::with_capacity(items.len());
    for item in items {
        let Some(f) = cx.fields(item, "topic entry", &known, &required) else {
            continue;
        };
        let Some(topic) = page_topic(cx, &f) else {
            continue;
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
        if let Some(references) = references {
            list.push((
                Coverage {
                    topic: topic_id,
                    references,
                },
                entry_loc,
            ));
        }
    }
    out.guideline(cx.diags, guideline, loc, Origin::Own, Some(list));
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
