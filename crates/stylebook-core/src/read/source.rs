//! The source layout: `topics.yaml` (id -> topic) and `guidelines/<id>.yaml`, plus the
//! guideline metadata lowering that pages and catalog JSON share.

use std::path::Path;

use super::fields::{Ctx, TOPIC_FIELDS};
use super::{Claims, Loc, Origin, Parsed, parse_document};
use crate::diag::{Code, Diagnostic, Severity, did_you_mean, shown};
use crate::index::{IdKind, Role};
use crate::model::{
    GUIDELINE_TYPES, Guideline, GuidelineField, Topic, TopicField, TopicReferences,
};
use crate::yaml::{Node, NodeKind};

/// Reads `topics.yaml`; false when it could not be read through.
pub(super) fn read_topics(cx: &mut Ctx<'_>, text: &str, parsed: Parsed, out: &mut Claims) -> bool {
    let Some(root) = parse_document(cx, text, 0, parsed) else {
        return false;
    };
    let Some(entries) = cx.map(&root, "topics.yaml") else {
        return false;
    };
    for (key, value) in entries {
        let Some(id) = cx.id(key, "topic id") else {
            out.gaps.definitions = true;
            continue;
        };
        out.place(cx.file, key, IdKind::Topic, Role::Definition);
        match topic_body(cx, id.clone(), value, "", "topic") {
            Some(topic) => {
                let loc = Loc {
                    file: cx.file,
                    span: key.span.clone(),
                };
                out.topic(cx.diags, topic, loc, Origin::Own);
            }
            None => out.damaged_topic(id),
        }
    }
    true
}

/// The `category`, `name` and `description` of a topic, with keys under `prefix`.
pub(super) fn topic_fields(
    cx: &mut Ctx<'_>,
    id: String,
    f: &super::fields::Fields<'_>,
    prefix: &str,
) -> Option<Topic> {
    let key = |k: &str| format!("{prefix}{k}");
    let category = f
        .get(&key("category"))
        .and_then(|n| cx.string(n, "topic category"));
    let name = f
        .get(&key(TopicField::Name.key()))
        .and_then(|n| cx.string(n, "topic name"));
    let description = f
        .get(&key("description"))
        .and_then(|n| cx.string(n, "topic description"));
    let mut order = TopicField::ALL;
    let mut written = f.keys().filter_map(|k| {
        TopicField::ALL
            .into_iter()
            .find(|t| k.strip_prefix(prefix) == Some(t.key()))
    });
    for slot in &mut order {
        *slot = written.next().unwrap_or(*slot);
    }
    Some(Topic {
        id,
        category: category?,
        name: name?,
        description: description?,
        order,
    })
}

fn topic_body(
    cx: &mut Ctx<'_>,
    id: String,
    node: &Node,
    prefix: &str,
    what: &str,
) -> Option<Topic> {
    let f = cx.fields(node, what, TOPIC_FIELDS, TOPIC_FIELDS)?;
    topic_fields(cx, id, &f, prefix)
}

/// Reads `guidelines/<id>.yaml`; false when it could not be read through. The topics of a
/// guideline whose metadata is faulty are still read: they are used, and their references are
/// checked.
pub(super) fn read_guideline(
    cx: &mut Ctx<'_>,
    name: &str,
    text: &str,
    parsed: Parsed,
    out: &mut Claims,
) -> bool {
    let Some(root) = parse_document(cx, text, 0, parsed) else {
        return false;
    };
    out.place_at(cx.file, &root, "id", IdKind::Guideline, Role::Definition);
    let meta = guideline_meta(cx, &root, "", &["topics"], "guideline");
    let NodeKind::Map(entries) = &root.kind else {
        return false;
    };
    let topics = match &meta {
        Some((_, topics)) => *topics,
        None => entries
            .iter()
            .find(|(k, _)| k.text().unwrap_or_default() == "topics")
            .map(|(_, v)| v),
    };
    let list = topics.map_or_else(|| Some(Vec::new()), |node| coverage_map(cx, node, out));
    let Some((guideline, _)) = meta else {
        // Without `topics` (misspelt, perhaps), which topics the guideline uses is unknown.
        return topics.is_some() && list.is_some();
    };
    check_file_name(cx, name, &guideline.id, &root, "", ".yaml", Severity::Error);
    let loc = Loc {
        file: cx.file,
        span: id_span(&root, ""),
    };
    let Some(list) = list else {
        return false;
    };
    out.guideline(cx.diags, guideline, loc, Origin::Own, Some(list));
    true
}

/// `topics:` of a guideline file: topic id -> references. Broken entries are reported and
/// skipped, and the rest is kept; `None` only when the whole value is unusable.
fn coverage_map(
    cx: &mut Ctx<'_>,
    node: &Node,
    out: &mut Claims,
) -> Option<Vec<(TopicReferences, Loc)>> {
    let entries = cx.map(node, "topics of a guideline")?;
    let mut list = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let Some(topic) = cx.id(key, "topic id") else {
            out.gaps.uses = true;
            continue;
        };
        out.mentioned.insert(topic.clone());
        out.place(cx.file, key, IdKind::Topic, Role::Use);
        let what = format!("references of topic `{topic}`");
        if let Some(references) = cx.references(value, &what) {
            let loc = Loc {
                file: cx.file,
                span: key.span.clone(),
            };
            list.push((TopicReferences { topic, references }, loc));
        }
    }
    Some(list)
}

/// Lowers a guideline's metadata from a mapping whose keys carry `prefix` (`""` in source
/// files and catalog JSON, `guideline_` in pages). `extra` keys are allowed and handed back
/// untouched for the caller, in the order of `extra` (the first one's node is returned).
pub(super) fn guideline_meta<'n>(
    cx: &mut Ctx<'_>,
    node: &'n Node,
    prefix: &str,
    extra: &[&str],
    what: &str,
) -> Option<(Guideline, Option<&'n Node>)> {
    let known_owned: Vec<String> = GuidelineField::ALL
        .iter()
        .map(|f| format!("{prefix}{}", f.key()))
        .chain(extra.iter().map(|e| (*e).to_owned()))
        .collect();
    let known: Vec<&str> = known_owned.iter().map(String::as_str).collect();
    let required_owned: Vec<String> = REQUIRED.iter().map(|k| format!("{prefix}{k}")).collect();
    let required: Vec<&str> = required_owned.iter().map(String::as_str).collect();
    let f = cx.fields(node, what, &known, &required)?;
    let mut g = Guideline::default();
    let mut ok = true;
    for key in f.keys() {
        let Some(field) = key.strip_prefix(prefix).and_then(GuidelineField::from_key) else {
            continue;
        };
        let Some(value) = f.get(key) else { continue };
        g.field_order.push(field);
        if value.is_null() && !REQUIRED.contains(&field.key()) {
            cx.push(
                Diagnostic::warning(
                    Code::EmptyValue,
                    cx.file,
                    value.span.clone(),
                    format!("`{key}` is empty"),
                )
                .with_help(
                    "fill it in, or remove the key: the reference builder writes it as null",
                ),
            );
        }
        let set = match field {
            GuidelineField::Id => cx.id(value, "guideline id").map(|v| g.id = v),
            GuidelineField::Title => cx.string(value, "guideline title").map(|v| g.title = v),
            GuidelineField::Type => guideline_type(cx, value).map(|v| g.kind = v),
            GuidelineField::Url => cx.url(value, "guideline url", false).map(|v| g.url = v),
            GuidelineField::Company => cx.string(value, "company").map(|v| g.company = v),
            GuidelineField::GithubUrl => {
                optional(value, |n| cx.url(n, "githubUrl", false)).map(|v| g.github_url = v)
            }
            GuidelineField::CompanyLogoUrl => {
                optional(value, |n| cx.url(n, "companyLogoUrl", true))
                    .map(|v| g.company_logo_url = v)
            }
            GuidelineField::CompanyUrl => {
                optional(value, |n| cx.url(n, "companyUrl", false)).map(|v| g.company_url = v)
            }
            GuidelineField::ScreenshotUrl => {
                optional(value, |n| cx.url(n, "screenshotUrl", true)).map(|v| g.screenshot_url = v)
            }
            GuidelineField::Date => {
                optional(value, |n| cx.timestamp(n, "date")).map(|v| g.date = v)
            }
            GuidelineField::ReviewDate => {
                optional(value, |n| cx.timestamp(n, "reviewDate")).map(|v| g.review_date = v)
            }
            GuidelineField::Language => {
                optional(value, |n| cx.string(n, "language")).map(|v| g.language = v)
            }
            GuidelineField::Authors => optional(value, |n| cx.authors(n)).map(|v| g.authors = v),
        };
        ok &= set.is_some();
    }
    let first_extra = extra.first().and_then(|e| f.get(e));
    ok.then_some((g, first_extra))
}

/// The keys every guideline has.
const REQUIRED: [&str; 5] = ["id", "title", "type", "url", "company"];

/// An optional value: an explicit null is kept as written (`Some(None)`).
fn optional<T>(node: &Node, read: impl FnOnce(&Node) -> Option<T>) -> Option<Option<T>> {
    if node.is_null() {
        Some(None)
    } else {
        read(node).map(Some)
    }
}

fn guideline_type(cx: &mut Ctx<'_>, node: &Node) -> Option<String> {
    let kind = cx.string(node, "guideline type")?;
    if GUIDELINE_TYPES.contains(&kind.as_str()) {
        return Some(kind);
    }
    let mut diag = Diagnostic::error(
        Code::InvalidValue,
        cx.file,
        node.span.clone(),
        format!(
            "guideline type `{}` is not one of the known types",
            shown(&kind)
        ),
    );
    diag.help = Some(match did_you_mean(&kind, GUIDELINE_TYPES) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("use one of {}", GUIDELINE_TYPES.join(", ")),
    });
    cx.push(diag);
    None
}

/// The span of the `id` value (for locating a whole guideline), or of the whole node.
pub(super) fn id_span(root: &Node, prefix: &str) -> std::ops::Range<usize> {
    let key = format!("{prefix}id");
    if let crate::yaml::NodeKind::Map(entries) = &root.kind
        && let Some((_, v)) = entries
            .iter()
            .find(|(k, _)| k.text().unwrap_or_default() == key)
    {
        return v.span.clone();
    }
    root.span.clone()
}

/// Reports a file whose name is not `<id><suffix>`, with `severity`: an error where the name is
/// the id (the source layout), a warning where the id is inside (pages).
pub(super) fn check_file_name(
    cx: &mut Ctx<'_>,
    path: &str,
    id: &str,
    root: &Node,
    prefix: &str,
    suffix: &str,
    severity: Severity,
) {
    let file_name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    let expected = format!("{id}{suffix}");
    let matches = file_name == expected
        || (suffix.ends_with(".yaml")
            && file_name == format!("{}.yml", &expected[..expected.len() - 5]));
    if matches {
        return;
    }
    let span = id_span(root, prefix);
    let diag = match severity {
        Severity::Error => Diagnostic::error(
            Code::FileNameMismatch,
            cx.file,
            span,
            format!("file `{}` holds id `{}`", shown(file_name), shown(id)),
        )
        .with_help(format!(
            "rename the file to `{}`, or fix the id",
            shown(&expected)
        )),
        _ => Diagnostic::warning(
            Code::FileNameMismatch,
            cx.file,
            span,
            format!(
                "page `{}` is not named after its id `{}`",
                shown(file_name),
                shown(id)
            ),
        )
        .with_help(format!(
            "the reference builder names it `{}`: rename it to match",
            shown(&expected)
        )),
    };
    cx.push(diag);
}
