//! The located reader of OpenAPI rules files: every fault reported with its place, the rest
//! of the file still read. It lowers into the rules model of [`crate::openapi`].

use std::ops::Range;

use super::fields::Ctx;
use crate::diag::{Code, Diagnostic, FileId};
use crate::openapi::{
    HeaderRule, OperationRule, ParameterLocation, ParameterRule, PathRule, Pattern, ResponseRule,
    Rules, SchemaRule, SecuritySchemeRule, ServerRule, SyntaxError, template_placeholders,
};
use crate::yaml::{self, Node, NodeKind, Resolved};

/// The sections of a rules file, with their keys and placeholders.
struct Section {
    key: &'static str,
    what: &'static str,
    fields: &'static [&'static str],
    required: &'static [&'static str],
    placeholders: &'static [&'static str],
}

const SECTIONS: &[Section] = &[
    Section {
        key: "operations",
        what: "operation rule",
        fields: &[
            "description",
            "methods",
            "paths",
            "deprecated",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &["method"],
    },
    Section {
        key: "responses",
        what: "response rule",
        fields: &["description", "status", "topics", "reportMissing"],
        required: &["topics"],
        placeholders: &["code"],
    },
    Section {
        key: "parameters",
        what: "parameter rule",
        fields: &[
            "description",
            "names",
            "in",
            "ignoreCase",
            "deprecated",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &["name", "in"],
    },
    Section {
        key: "headers",
        what: "header rule",
        fields: &["description", "names", "topics", "reportMissing"],
        required: &["topics"],
        placeholders: &["name"],
    },
    Section {
        key: "securitySchemes",
        what: "security scheme rule",
        fields: &["description", "types", "names", "topics", "reportMissing"],
        required: &["topics"],
        placeholders: &["name", "type"],
    },
    Section {
        key: "paths",
        what: "path rule",
        fields: &["description", "segments", "topics", "reportMissing"],
        required: &["segments", "topics"],
        placeholders: &[],
    },
    Section {
        key: "servers",
        what: "server rule",
        fields: &[
            "description",
            "urls",
            "variables",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &[],
    },
    Section {
        key: "schemas",
        what: "schema rule",
        fields: &[
            "description",
            "formats",
            "types",
            "deprecated",
            "topics",
            "reportMissing",
        ],
        required: &["topics"],
        placeholders: &["format", "type"],
    },
];

/// The keys of the location values of `in`, as written.
const LOCATIONS: &[(&str, ParameterLocation)] = &[
    ("query", ParameterLocation::Query),
    ("header", ParameterLocation::Header),
    ("path", ParameterLocation::Path),
    ("cookie", ParameterLocation::Cookie),
    ("body", ParameterLocation::Body),
    ("formData", ParameterLocation::FormData),
];

impl ParameterLocation {
    /// The value as written in OpenAPI documents (`query`, `formData`, ...).
    pub fn as_str(self) -> &'static str {
        LOCATIONS
            .iter()
            .find(|(_, l)| *l == self)
            .map_or("query", |(k, _)| k)
    }

    /// The location for an OpenAPI `in` value.
    pub fn from_name(name: &str) -> Option<Self> {
        LOCATIONS.iter().find(|(k, _)| *k == name).map(|(_, l)| *l)
    }
}

/// Reads a rules file. Every fault is reported with its place; faulty rules are left out of
/// the result, so the rules are usable only when no diagnostic is an error.
pub fn read_rules(file: FileId, text: &str) -> (Rules, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut cx = Ctx {
        file,
        text,
        diags: &mut diags,
        json: false,
        builder: false,
    };
    let rules = match yaml::parse(text, 0) {
        Ok(Some(root)) => read_rules_tree(&mut cx, &root).0,
        Ok(None) => {
            cx.push(
                Diagnostic::error(Code::EmptyFile, file, 0..0, "the rules file has no content")
                    .with_help("write at least one section, such as `operations:`"),
            );
            Rules::default()
        }
        Err(e) => {
            cx.push(crate::read::yaml_error(file, text, 0, e));
            Rules::default()
        }
    };
    diags.iter_mut().for_each(Diagnostic::tidy);
    (rules, diags)
}

/// The topics of one rule as written, each with its place in the file.
pub(crate) type RuleTopics = Vec<(String, Range<usize>)>;

/// Reads the parsed tree of a rules file: the rules, and the topics of each rule that reads
/// cleanly (for checking them against a catalog).
pub(crate) fn read_rules_tree(cx: &mut Ctx<'_>, root: &Node) -> (Rules, Vec<RuleTopics>) {
    let mut rules = Rules::default();
    let mut topics = Vec::new();
    let keys: Vec<&str> = SECTIONS.iter().map(|s| s.key).collect();
    let Some(fields) = cx.fields(root, "the rules file", &keys, &[]) else {
        return (rules, topics);
    };
    for section in SECTIONS {
        let Some(node) = fields.get(section.key) else {
            continue;
        };
        if node.is_null() {
            continue;
        }
        let Some(items) = cx.seq(node, &format!("`{}`", section.key)) else {
            continue;
        };
        for item in items {
            topics.extend(read_rule(cx, section, item, &mut rules));
        }
    }
    (rules, topics)
}

/// The fields of one rule, checked; then sorted into its section's type. Gives the rule's
/// topics with their places, when the rule reads cleanly.
fn read_rule(
    cx: &mut Ctx<'_>,
    section: &Section,
    node: &Node,
    rules: &mut Rules,
) -> Option<RuleTopics> {
    let f = cx.fields(node, section.what, section.fields, section.required)?;
    let mut ok = true;
    let description = f
        .get("description")
        .filter(|n| !n.is_null())
        .and_then(|n| cx.string(n, "description"));
    let topics = f
        .get("topics")
        .and_then(|n| templates(cx, n, section.placeholders));
    ok &= topics.is_some();
    let report_missing = flag(cx, f.get("reportMissing"), "reportMissing", &mut ok);
    let mut patterns = |key: &str| -> Vec<String> {
        match f.get(key) {
            Some(n) => patterns(cx, n, key).unwrap_or_else(|| {
                ok = false;
                Vec::new()
            }),
            None => Vec::new(),
        }
    };
    let methods = patterns("methods");
    let paths = patterns("paths");
    let status = patterns("status");
    let names = patterns("names");
    let types = patterns("types");
    let segments = patterns("segments");
    let urls = patterns("urls");
    let variables = patterns("variables");
    let formats = patterns("formats");
    let locations = match f.get("in") {
        Some(n) => locations(cx, n).unwrap_or_else(|| {
            ok = false;
            Vec::new()
        }),
        None => Vec::new(),
    };
    let ignore_case = flag(cx, f.get("ignoreCase"), "ignoreCase", &mut ok);
    let deprecated = match f.get("deprecated") {
        Some(n) => {
            let value = boolean(cx, n, "deprecated");
            ok &= value.is_some();
            value
        }
        None => None,
    };
    let (true, Some(topics)) = (ok, topics) else {
        return None;
    };
    let places: RuleTopics = match f.get("topics").map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => topics
            .iter()
            .cloned()
            .zip(items.iter().map(|n| n.span.clone()))
            .collect(),
        _ => Vec::new(),
    };
    match section.key {
        "operations" => rules.operations.push(OperationRule {
            description,
            methods,
            paths,
            deprecated,
            topics,
            report_missing,
        }),
        "responses" => rules.responses.push(ResponseRule {
            description,
            status,
            topics,
            report_missing,
        }),
        "parameters" => rules.parameters.push(ParameterRule {
            description,
            names,
            locations,
            ignore_case,
            deprecated,
            topics,
            report_missing,
        }),
        "headers" => rules.headers.push(HeaderRule {
            description,
            names,
            topics,
            report_missing,
        }),
        "securitySchemes" => rules.security_schemes.push(SecuritySchemeRule {
            description,
            types,
            names,
            topics,
            report_missing,
        }),
        "paths" => rules.paths.push(PathRule {
            description,
            segments,
            topics,
            report_missing,
        }),
        "servers" => rules.servers.push(ServerRule {
            description,
            urls,
            variables,
            topics,
            report_missing,
        }),
        _ => rules.schemas.push(SchemaRule {
            description,
            formats,
            types,
            deprecated,
            topics,
            report_missing,
        }),
    }
    Some(places)
}

/// A non-empty list of texts, each checked by `check`.
fn texts(
    cx: &mut Ctx<'_>,
    node: &Node,
    what: &str,
    check: impl Fn(&str) -> Result<(), SyntaxError>,
) -> Option<Vec<String>> {
    let items = cx.seq(node, &format!("`{what}`"))?;
    if items.is_empty() {
        cx.error(
            Code::EmptyValue,
            node.span.clone(),
            format!("`{what}` is an empty list"),
        );
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        let Some(text) = cx.string(item, &format!("an item of `{what}`")) else {
            ok = false;
            continue;
        };
        if let Err(e) = check(&text) {
            cx.error(
                Code::InvalidValue,
                item.span.clone(),
                format!("`{}` in `{what}`: {e}", crate::diag::shown(&text)),
            );
            ok = false;
            continue;
        }
        out.push(text);
    }
    ok.then_some(out)
}

fn patterns(cx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<Vec<String>> {
    texts(cx, node, what, |t| {
        if t.is_empty() {
            return Err(SyntaxError("a pattern cannot be empty".to_owned()));
        }
        Pattern::new(t).map(|_| ())
    })
}

fn templates(cx: &mut Ctx<'_>, node: &Node, allowed: &[&str]) -> Option<Vec<String>> {
    texts(cx, node, "topics", |t| {
        template_placeholders(t, allowed).map(|_| ())
    })
}

fn locations(cx: &mut Ctx<'_>, node: &Node) -> Option<Vec<ParameterLocation>> {
    let names: Vec<&str> = LOCATIONS.iter().map(|(k, _)| *k).collect();
    let items = cx.seq(node, "`in`")?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        let Some(text) = cx.string(item, "an item of `in`") else {
            ok = false;
            continue;
        };
        match ParameterLocation::from_name(&text) {
            Some(l) => out.push(l),
            None => {
                let mut d = Diagnostic::error(
                    Code::InvalidValue,
                    cx.file,
                    item.span.clone(),
                    format!(
                        "`{}` is not a parameter location",
                        crate::diag::shown(&text)
                    ),
                );
                d.help = Some(match crate::diag::did_you_mean(&text, &names) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("use one of {}", names.join(", ")),
                });
                cx.push(d);
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn flag(cx: &mut Ctx<'_>, node: Option<&Node>, what: &str, ok: &mut bool) -> bool {
    match node {
        Some(n) => {
            let value = boolean(cx, n, what);
            *ok &= value.is_some();
            value.unwrap_or(false)
        }
        None => false,
    }
}

fn boolean(cx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<bool> {
    match &node.kind {
        NodeKind::Scalar(s) if s.resolve() == Resolved::Bool => {
            Some(s.text.eq_ignore_ascii_case("true"))
        }
        _ => {
            cx.error(
                Code::WrongType,
                node.span.clone(),
                format!("`{what}` must be true or false, found {}", node.describe()),
            );
            None
        }
    }
}
