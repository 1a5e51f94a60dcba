//! Enforcing the schemas: every catalog file is checked against its JSON Schema, and every
//! schema error is mapped back to the file, line and column of the offending value (of the key,
//! for an unknown key).
//!
//! A file is parsed into the span-keeping [`Node`] tree, converted to JSON the way YAML-to-JSON
//! tools convert it (an unquoted date becomes its text), and validated; each error's instance
//! path is then walked down the tree to find its span.
//!
//! One fault, one report: the readers' diagnostics come first, and a schema error is dropped
//! when a diagnostic of the readers in the same file touches its place: the offending value,
//! the key for an unknown key, the whole mapping for a missing key. So the schema speaks only
//! where the readers were silent: in parts of a file they skipped after a fault, and for what
//! only the schema checks (the shape of the derived page keys, URL syntax).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Number, Value};

use super::{HTTP_URL_PATTERN, ID_PATTERN, SITE_PATH_PATTERN, TIMESTAMP_PATTERN};
use crate::diag::{self, Code, Diagnostic, FileId, Sources, did_you_mean};
use crate::read::{self, FileKind, Loaded};
use crate::yaml::{Node, NodeKind, Resolved};

/// Reads every input and checks each against its schema (see [`Validators::read`]), with
/// validators compiled once per process.
pub(crate) fn read(sources: &Sources, inputs: &[(FileId, FileKind)]) -> Loaded {
    Validators::get().read(sources, inputs)
}

/// Adds to `loaded` an error (code [`Code::Schema`]) for each schema fault found in a file
/// (by [`Validators::check_node`]) that the readers' diagnostics do not cover already.
pub(crate) fn add_found<'a>(
    loaded: &mut Loaded,
    found: impl IntoIterator<Item = (FileId, &'a [Found])>,
) {
    let mut covered: HashMap<FileId, Vec<Range<usize>>> = HashMap::new();
    for d in &loaded.diagnostics {
        covered
            .entry(d.primary.file)
            .or_default()
            .push(d.primary.span.clone());
    }
    // A file read as the wrong kind is one fault, already reported.
    let wrong_kind: Vec<FileId> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::FileKind)
        .map(|d| d.primary.file)
        .collect();
    for (file, found) in found {
        if wrong_kind.contains(&file) {
            continue;
        }
        let seen = covered.get(&file).map_or(&[][..], Vec::as_slice);
        let fresh = found
            .iter()
            .filter(|found| !seen.iter().any(|s| touches(s, &found.scope)))
            .map(|found| {
                let mut diag =
                    Diagnostic::error(Code::Schema, file, found.span.clone(), &*found.message);
                diag.help.clone_from(&found.help);
                diag.tidy();
                diag
            });
        loaded.diagnostics.extend(fresh);
    }
}

/// The compiled validators of the catalog file schemas.
pub(crate) struct Validators {
    topics: Compiled,
    guideline: Compiled,
    topic_page: Compiled,
    guideline_page: Compiled,
    catalog: Compiled,
    rules: Compiled,
}

/// A schema and its validator.
struct Compiled {
    schema: Value,
    validator: Validator,
}

/// A schema error located in its file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Found {
    /// Where to point.
    span: Range<usize>,
    /// What the error is about: a diagnostic of the readers inside it covers it already.
    scope: Range<usize>,
    message: String,
    help: Option<String>,
    kind: FoundKind,
}

/// What kind of fault a [`Found`] is, for the rule that an unknown key explains a missing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FoundKind {
    /// A key the mapping does not allow.
    Unknown,
    /// A required key that is absent.
    Missing,
    /// Anything else.
    Other,
}

impl Validators {
    /// The validators, compiled once per process.
    pub(crate) fn get() -> &'static Validators {
        static VALIDATORS: OnceLock<Validators> = OnceLock::new();
        VALIDATORS.get_or_init(Validators::new)
    }

    /// Compiles the schemas of topics files, guideline files, both kinds of page, catalogs and
    /// OpenAPI rules files, with format validation on.
    ///
    /// # Panics
    ///
    /// Panics if a generated schema is missing or does not compile, which the tests rule out.
    pub(crate) fn new() -> Self {
        let mut schemas: HashMap<&str, Value> = super::all()
            .into_iter()
            .map(|(name, schema)| (name, schema.to_value()))
            .collect();
        let mut compile = |name: &str| {
            let schema = schemas
                .remove(name)
                .unwrap_or_else(|| panic!("no generated schema {name}"));
            // The schemas name no host (they have no `$id`): a base of their own gives each
            // error the absolute place of its keyword, which messages name the object by.
            let validator = jsonschema::draft7::options()
                .with_base_uri(format!("urn:stylebook:{name}"))
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("the generated schema {name} does not compile: {e}"));
            Compiled { schema, validator }
        };
        Validators {
            topics: compile("topics.schema.json"),
            guideline: compile("guideline.schema.json"),
            topic_page: compile("topic-page.schema.json"),
            guideline_page: compile("guideline-page.schema.json"),
            catalog: compile("catalog.schema.json"),
            rules: compile("openapi-rules.schema.json"),
        }
    }

    /// Reads every input (as `crate::read` does) and checks each against its schema, adding an
    /// error (code [`Code::Schema`]) for each fault that the readers' diagnostics do not cover
    /// already. Each file is parsed once, for both: the schema check runs on the parsing
    /// threads. Files the readers could not parse are not checked: their fault is reported.
    pub(crate) fn read(&self, sources: &Sources, inputs: &[(FileId, FileKind)]) -> Loaded {
        let (mut loaded, found) =
            read::read_inspecting(sources, inputs, |kind, root| self.check_node(kind, root));
        add_found(
            &mut loaded,
            inputs
                .iter()
                .zip(&found)
                .map(|(&(file, _), found)| (file, found.as_deref().unwrap_or_default())),
        );
        loaded
    }

    /// The schema errors of one parsed file, located and deduplicated, in document order.
    pub(crate) fn check_node(&self, kind: FileKind, root: &Node) -> Vec<Found> {
        let Some(compiled) = self.schema_for(kind, root) else {
            return Vec::new();
        };
        let instance = to_json(root);
        if compiled.validator.is_valid(&instance) {
            return Vec::new();
        }
        let mut found = Vec::new();
        for error in compiled.validator.iter_errors(&instance) {
            describe(&compiled.schema, root, &error, &mut found);
        }
        // An unknown key in a mapping most likely is its missing key, misnamed: the readers
        // report only the unknown key then, and so does this.
        let unknown: Vec<Range<usize>> = found
            .iter()
            .filter(|f| f.kind == FoundKind::Unknown)
            .map(|f| f.span.clone())
            .collect();
        found.retain(|f| {
            f.kind != FoundKind::Missing
                || !unknown
                    .iter()
                    .any(|u| f.scope.start <= u.start && u.end <= f.scope.end)
        });
        // One report per place: a value that fails both the pattern and the format of a URL
        // is one fault. Missing keys share the mapping's start, so they are told apart by text.
        let mut seen = HashSet::new();
        found.retain(|f| {
            let key = if f.span.is_empty() {
                (f.span.clone(), f.message.clone())
            } else {
                (f.span.clone(), String::new())
            };
            seen.insert(key)
        });
        found.sort_by_key(|f| f.span.start);
        found
    }

    /// The schema of a file: by kind, and for a page by its `layout` (none for a page whose
    /// layout the readers rejected).
    fn schema_for(&self, kind: FileKind, root: &Node) -> Option<&Compiled> {
        match kind {
            FileKind::Topics => Some(&self.topics),
            FileKind::Guideline => Some(&self.guideline),
            FileKind::CatalogJson => Some(&self.catalog),
            FileKind::Rules => Some(&self.rules),
            FileKind::Page => {
                let NodeKind::Map(entries) = &root.kind else {
                    return None;
                };
                let layout = entries
                    .iter()
                    .find(|(k, _)| k.text() == Some("layout"))
                    .and_then(|(_, v)| v.text());
                match layout {
                    Some("topic") => Some(&self.topic_page),
                    Some("guideline") => Some(&self.guideline_page),
                    _ => None,
                }
            }
        }
    }
}

fn touches(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Converts a YAML tree to JSON as YAML-to-JSON tools do: plain scalars are resolved (js-yaml
/// rules), dates and timestamps become their text, every key is text.
pub(crate) fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.text().unwrap_or_default().to_owned(), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Scalar(s) => match s.resolve() {
            Resolved::Null => Value::Null,
            Resolved::Bool => Value::Bool(s.text.starts_with(['t', 'T'])),
            Resolved::Int => number(&s.text, true),
            Resolved::Float => number(&s.text, false),
            Resolved::Timestamp | Resolved::Str => Value::String(s.text.clone()),
        },
    }
}

/// The number js-yaml constructs, as JSON: an integer stays an integer; `.inf` and `.nan`,
/// which JSON cannot hold, become 0 (only the type matters to the schemas, and messages quote
/// the text as written).
fn number(text: &str, integer: bool) -> Value {
    let value = crate::yaml::js_number(text).unwrap_or(0.0);
    if integer && value.fract() == 0.0 && value.abs() < 9.0e15 {
        return Value::from(value as i64);
    }
    Value::Number(Number::from_f64(value).unwrap_or_else(|| Number::from(0)))
}

/// The node at a JSON pointer (as far as the tree goes).
fn locate<'n>(root: &'n Node, pointer: &str) -> &'n Node {
    let mut node = root;
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        let next = match &node.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.text() == Some(segment.as_str()))
                .map(|(_, v)| v),
            NodeKind::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            NodeKind::Scalar(_) => None,
        };
        let Some(next) = next else { break };
        node = next;
    }
    node
}

/// Turns one validation error into located findings.
fn describe(schema: &Value, root: &Node, error: &ValidationError<'_>, out: &mut Vec<Found>) {
    let node = locate(root, error.instance_path().as_str());
    let at_value = |message: String| Found {
        span: node.span.clone(),
        scope: node.span.clone(),
        message,
        help: None,
        kind: FoundKind::Other,
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let NodeKind::Map(entries) = &node.kind else {
                return;
            };
            let (what, known) = object_schema(schema, error);
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            for name in unexpected {
                let Some((k, _)) = entries
                    .iter()
                    .find(|(k, _)| k.text() == Some(name.as_str()))
                else {
                    continue;
                };
                let help = match did_you_mean(name, &known) {
                    Some(near) => Some(format!("did you mean `{near}`?")),
                    None if !known.is_empty() => Some(format!(
                        "expected one of {}",
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    None => None,
                };
                out.push(Found {
                    span: k.span.clone(),
                    scope: k.span.clone(),
                    message: format!("unknown field `{}` in {what}", diag::shown(name)),
                    help,
                    kind: FoundKind::Unknown,
                });
            }
        }
        ValidationErrorKind::Required { property } => out.push(Found {
            span: node.span.start..node.span.start,
            scope: node.span.clone(),
            message: format!("missing field `{}`", property.as_str().unwrap_or_default()),
            help: None,
            kind: FoundKind::Missing,
        }),
        ValidationErrorKind::PropertyNames { error: inner } => {
            let name = inner.instance().as_str().unwrap_or_default();
            let NodeKind::Map(entries) = &node.kind else {
                return;
            };
            if let Some((k, _)) = entries.iter().find(|(k, _)| k.text() == Some(name)) {
                let what = expectation(inner).unwrap_or("a valid key");
                out.push(Found {
                    span: k.span.clone(),
                    scope: k.span.clone(),
                    message: format!("key `{}` is not {what}", diag::shown(name)),
                    help: advice(&[what]),
                    kind: FoundKind::Other,
                });
            }
        }
        ValidationErrorKind::Type { kind } => {
            let names = type_names(kind);
            out.push(type_mismatch(node, &names));
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            alternatives(schema, root, node, context, out);
        }
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
            let what = expectation(error).unwrap_or("valid");
            let mut found = at_value(format!("`{}` is not {what}", shown(node)));
            found.help = advice(&[what]);
            out.push(found);
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<&str> = options
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let value = shown(node);
            let mut found = at_value(format!(
                "`{value}` is not one of {}",
                options
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            found.help =
                did_you_mean(&value, &options).map(|near| format!("did you mean `{near}`?"));
            out.push(found);
        }
        ValidationErrorKind::MinItems { limit } => out.push(at_value(if *limit == 1 {
            "the list is empty: it needs at least one item".to_owned()
        } else {
            format!("the list needs at least {limit} items")
        })),
        ValidationErrorKind::Constant { expected_value } => out.push(at_value(format!(
            "`{}` is not `{}`",
            shown(node),
            expected_value.as_str().unwrap_or_default()
        ))),
        _ => {
            let text = error.masked().to_string();
            let mut chars = text.chars();
            let message = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            out.push(at_value(message));
        }
    }
}

/// An `anyOf` (or `oneOf`) that no branch satisfies. Branches that fail only on the value's
/// type are the wrong alternative (null for an optional field): the error is in the others.
/// When those fail on a pattern or format alone, one message names every accepted form.
fn alternatives(
    schema: &Value,
    root: &Node,
    node: &Node,
    context: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Found>,
) {
    let wrong_type = |branch: &Vec<ValidationError<'static>>| {
        branch
            .iter()
            .all(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }))
    };
    let relevant: Vec<&Vec<ValidationError<'static>>> =
        context.iter().filter(|b| !wrong_type(b)).collect();
    if relevant.is_empty() {
        let mut names: Vec<&str> = Vec::new();
        for e in context.iter().flatten() {
            if let ValidationErrorKind::Type { kind } = e.kind() {
                for name in type_names(kind) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
        out.push(type_mismatch(node, &names));
        return;
    }
    let mut forms: Vec<&str> = Vec::new();
    let mut only_forms = true;
    for e in relevant.iter().copied().flatten() {
        // A nested set of alternatives (a site URL inside an optional field) counts as its
        // branches, less those of the wrong type.
        let leaves: Vec<&ValidationError<'_>> = match e.kind() {
            ValidationErrorKind::AnyOf { context } => context
                .iter()
                .flatten()
                .filter(|i| !matches!(i.kind(), ValidationErrorKind::Type { .. }))
                .collect(),
            _ => vec![e],
        };
        for leaf in leaves {
            match expectation(leaf) {
                Some(form) => push_unique(&mut forms, form),
                None => only_forms = false,
            }
        }
    }
    if forms.contains(&"an http(s) URL") {
        forms.retain(|f| *f != "a valid URL");
    }
    if only_forms && !forms.is_empty() {
        out.push(Found {
            span: node.span.clone(),
            scope: node.span.clone(),
            message: format!("`{}` is not {}", shown(node), forms.join(" or ")),
            help: advice(&forms),
            kind: FoundKind::Other,
        });
        return;
    }
    for e in relevant[0] {
        describe(schema, root, e, out);
    }
}

fn push_unique<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// A value of the wrong type; a plain scalar where text is expected may just need quotes.
fn type_mismatch(node: &Node, expected: &[&str]) -> Found {
    let mut names = expected.to_vec();
    // "text or nothing" reads better than the other way round.
    names.sort_by_key(|n| *n == "nothing");
    let help = match node.as_scalar() {
        Some(s) if s.plain && names.contains(&"text") && !node.is_null() => {
            Some(format!("quote it: '{}'", diag::shown(&s.text)))
        }
        _ => None,
    };
    Found {
        span: node.span.clone(),
        scope: node.span.clone(),
        message: format!("expected {}, found {}", names.join(" or "), node.describe()),
        help,
        kind: FoundKind::Other,
    }
}

/// What a failed `pattern` or `format` asked for, in words.
fn expectation(error: &ValidationError<'_>) -> Option<&'static str> {
    match error.kind() {
        ValidationErrorKind::Pattern { pattern } => Some(match pattern.as_str() {
            p if p == ID_PATTERN => "a valid id",
            p if p == HTTP_URL_PATTERN => "an http(s) URL",
            p if p == SITE_PATH_PATTERN => "a site path starting with `/`",
            p if p == TIMESTAMP_PATTERN => "a date",
            _ => "in the expected form",
        }),
        ValidationErrorKind::Format { format } => Some(match format.as_str() {
            "date" => "a date",
            "date-time" => "a timestamp",
            "iri" | "uri" => "a valid URL",
            "iri-reference" | "uri-reference" => "a valid URL or path",
            _ => "in the expected format",
        }),
        _ => None,
    }
}

/// What to do about a value that is not in one of the expected `forms`.
fn advice(forms: &[&str]) -> Option<String> {
    let has = |f: &str| forms.contains(&f);
    if has("a valid id") {
        Some("ids are lowercase letters, digits and `-`, starting with a letter or digit".into())
    } else if has("an http(s) URL") && has("a site path starting with `/`") {
        Some("use an absolute http:// or https:// URL, or a site path starting with `/`".into())
    } else if has("an http(s) URL") || has("a valid URL") {
        Some("use an absolute http:// or https:// URL".into())
    } else if has("a date") || has("a timestamp") {
        Some("write a date that exists, as YYYY-MM-DD".into())
    } else {
        None
    }
}

/// The object schema whose `additionalProperties` failed: its title in lowercase (for
/// messages) and the keys it allows (for suggestions).
fn object_schema(schema: &Value, error: &ValidationError<'_>) -> (String, Vec<String>) {
    let fragment = error
        .absolute_keyword_location()
        .and_then(|l| l.as_str().split_once('#').map(|(_, f)| f.to_owned()))
        .unwrap_or_default();
    let parent = fragment.rsplit_once('/').map_or("", |(parent, _)| parent);
    let object = schema.pointer(parent);
    let title = object
        .and_then(|s| s.get("title"))
        .and_then(Value::as_str)
        .map_or_else(|| "mapping".to_owned(), str::to_lowercase);
    let keys = object
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    (title, keys)
}

/// JSON type names in words.
fn type_names(kind: &TypeKind) -> Vec<&'static str> {
    let word = |t: jsonschema::JsonType| match t.as_str() {
        "array" => "a list",
        "boolean" => "a boolean",
        "integer" => "an integer",
        "null" => "nothing",
        "number" => "a number",
        "object" => "a mapping",
        _ => "text",
    };
    match kind {
        TypeKind::Single(t) => vec![word(*t)],
        TypeKind::Multiple(set) => set.iter().map(word).collect(),
    }
}

/// A value for a message: a scalar's text (shortened, escaped), or what the node is.
fn shown(node: &Node) -> String {
    match node.as_scalar() {
        Some(s) => diag::shown(&s.text),
        None => node.describe().to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
