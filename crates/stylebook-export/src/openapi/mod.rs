//! OpenAPI annotation: `x-guidelines` written into an OpenAPI document, an Overlay 1.0 document
//! that does the same, and a report of the API's coverage by the catalog.
//!
//! The document is never re-serialised. It is parsed once with the span-keeping YAML parser
//! (JSON parses too), the rules decide which mappings get which topics (`walk`), and the
//! annotations are written as text at the right byte offsets (`edit`): everything else keeps
//! its bytes, key order, comments and layout. Existing `x-guidelines` entries are replaced or
//! removed, so a second run changes nothing and a run with a newer catalog leaves nothing
//! stale. The result is parsed again before it is handed back.
//!
//! ```
//! # use stylebook_core::{Catalog, openapi::Rules};
//! # use stylebook_export::openapi::{Document, annotate};
//! let doc = Document::parse("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n").unwrap();
//! let annotation = annotate(&doc, &Catalog::default(), &Rules::default()).unwrap();
//! assert_eq!(annotation.to_document(None).unwrap(), doc.text());
//! ```

mod convert;
mod edit;
mod overlay;
mod report;
mod values;
mod walk;

use std::fmt;

use stylebook_core::Catalog;
use stylebook_core::openapi::Rules;
use stylebook_core::yaml::{self, Node, NodeKind};

/// The versions of the OpenAPI Specification this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x (and 3.2.x, read the same way).
    OpenApi31,
}

/// How a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON (a document whose root is a flow mapping).
    Json,
    /// YAML.
    Yaml,
}

/// Why a document could not be annotated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The text is not well-formed YAML or JSON.
    Syntax {
        /// What is wrong, lowercase.
        message: String,
        /// The byte offset of the fault.
        offset: usize,
    },
    /// The text holds no document.
    Empty,
    /// A well-formed document, but not an OpenAPI one.
    NotOpenApi(String),
    /// An OpenAPI or Swagger version this module does not read.
    UnsupportedVersion(String),
    /// A rule that cannot be used (a bad pattern), for rules not checked by the reader.
    InvalidRule(String),
    /// The annotated text does not parse: a bug in this module.
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax { message, .. } => write!(f, "not well-formed YAML or JSON: {message}"),
            Error::Empty => f.write_str("the document is empty"),
            Error::NotOpenApi(why) => write!(f, "not an OpenAPI document: {why}"),
            Error::UnsupportedVersion(v) => write!(
                f,
                "unsupported version {v} (Swagger 2.0, OpenAPI 3.0 and 3.1 are supported)"
            ),
            Error::InvalidRule(why) => write!(f, "invalid rule: {why}"),
            Error::Internal(why) => write!(f, "internal error, please report it: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// A parsed OpenAPI document: its text, its tree with spans, its version and format.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    text: &'t str,
    root: Node,
    version: Version,
    format: Format,
}

impl<'t> Document<'t> {
    /// Parses `text` and checks that it is a Swagger 2.0 or OpenAPI 3.x document.
    pub fn parse(text: &'t str) -> Result<Self, Error> {
        let root = match yaml::parse(text, 0) {
            Ok(Some(root)) => root,
            Ok(None) => return Err(Error::Empty),
            Err(e) => {
                return Err(Error::Syntax {
                    message: e.message,
                    offset: e.offset,
                });
            }
        };
        let NodeKind::Map(entries) = &root.kind else {
            return Err(Error::NotOpenApi(format!(
                "the root is {}, not a mapping",
                root.describe()
            )));
        };
        let field = |name: &str| {
            entries
                .iter()
                .find(|(k, _)| scalar(k) == Some(name))
                .map(|(_, v)| scalar(v).unwrap_or_default())
        };
        let version = match (field("openapi"), field("swagger")) {
            (Some(v), _) if v.starts_with("3.0.") || v == "3.0" => Version::OpenApi30,
            (Some(v), _) if v.starts_with("3.1.") || v.starts_with("3.2.") => Version::OpenApi31,
            (Some(v), _) => return Err(Error::UnsupportedVersion(format!("openapi {v}"))),
            (None, Some("2.0")) => Version::Swagger2,
            (None, Some(v)) => return Err(Error::UnsupportedVersion(format!("swagger {v}"))),
            (None, None) => {
                return Err(Error::NotOpenApi(
                    "no `openapi` or `swagger` field at the root".to_owned(),
                ));
            }
        };
        let format = if edit::is_flow(text, &root) {
            Format::Json
        } else {
            Format::Yaml
        };
        Ok(Document {
            text,
            root,
            version,
            format,
        })
    }

    /// The text as given.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The specification version.
    pub fn version(&self) -> Version {
        self.version
    }

    /// How the document is written.
    pub fn format(&self) -> Format {
        self.format
    }

    /// `info.title`, if it is text.
    pub fn title(&self) -> Option<&str> {
        walk::get(&self.root, "info")
            .and_then(|info| walk::get(info, "title"))
            .and_then(scalar)
    }

    /// `info.version`, if it is text.
    pub fn info_version(&self) -> Option<&str> {
        walk::get(&self.root, "info")
            .and_then(|info| walk::get(info, "version"))
            .and_then(scalar)
    }
}

/// What the rules attach to a document: which mappings get which topics, and the per-operation
/// facts for the report.
#[derive(Debug)]
pub struct Annotation<'d> {
    doc: &'d Document<'d>,
    plan: walk::Plan<'d>,
    values: values::Values,
}

/// Applies `rules` to `doc` with the topics of `catalog`.
pub fn annotate<'d>(
    doc: &'d Document<'d>,
    catalog: &Catalog,
    rules: &Rules,
) -> Result<Annotation<'d>, Error> {
    let plan = walk::plan(doc, catalog, rules)?;
    let values = values::Values::new(catalog, &plan);
    Ok(Annotation { doc, plan, values })
}

impl Annotation<'_> {
    /// The number of objects that get an `x-guidelines`, the root included.
    pub fn annotated_objects(&self) -> usize {
        self.plan.targets.len() + usize::from(self.values.root().is_some())
    }

    /// The annotated document: the input with every `x-guidelines` written, replaced or
    /// removed as the rules say, in the input's format or, with `to`, converted (YAML comments
    /// do not survive a conversion). The result is parsed again to prove it well-formed.
    pub fn to_document(&self, to: Option<Format>) -> Result<String, Error> {
        let text = edit::apply(self.doc, &self.plan, &self.values)?;
        let reparsed = match yaml::parse(&text, 0) {
            Ok(Some(root)) => root,
            Ok(None) => return Err(Error::Internal("the annotated document is empty".into())),
            Err(e) => {
                return Err(Error::Internal(format!(
                    "the annotated document does not parse at byte {}: {}",
                    e.offset, e.message
                )));
            }
        };
        match to {
            Some(format) if format != self.doc.format => Ok(convert::convert(&reparsed, format)),
            _ => Ok(text),
        }
    }

    /// An OpenAPI Overlay 1.0 document that applies the same annotations to the input: first
    /// it removes any `x-guidelines` the input has, then it adds the new ones. `extends` is the
    /// URL or path of the input, as the overlay should name it.
    pub fn to_overlay(&self, extends: &str, format: Format) -> String {
        overlay::overlay(self.doc, &self.plan, &self.values, extends, format)
    }

    /// The coverage report: per operation, the topics attached and what the catalog has no
    /// topic for; then the rest of the document and a summary.
    pub fn report(&self) -> String {
        report::report(self.doc, &self.plan, &self.values)
    }
}

/// The text of a scalar node.
fn scalar(node: &Node) -> Option<&str> {
    node.as_scalar().map(|s| s.text.as_str())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use stylebook_core::Sources;
    use stylebook_core::openapi::read_rules;
    use stylebook_core::read::{FileKind, read};

    use super::*;

    /// A catalog with two topics and one short reference each.
    fn catalog(topics: &[&str]) -> Catalog {
        let mut sources = Sources::new();
        let mut defs = String::new();
        let mut refs = String::new();
        for t in topics {
            defs.push_str(&format!(
                "{t}:\n  category: C\n  name: Name\n  description: D\n"
            ));
            refs.push_str(&format!(
                "  {t}:\n    - name: S\n      url: https://g.example/{t}\n"
            ));
        }
        let guideline = format!(
            "id: g\ntitle: G\ntype: website\nurl: https://g.example/\ncompany: Co\ntopics:\n{refs}"
        );
        let a = sources.add("topics.yaml", defs);
        let b = sources.add("g.yaml", guideline);
        let loaded = read(&sources, &[(a, FileKind::Topics), (b, FileKind::Guideline)]);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.catalog
    }

    const RULES: &str = "operations:\n  - topics: ['http-methods-{method}']\n\
                         responses:\n  - topics: ['http-status-{code}']\n\
                         schemas:\n  - formats: [date-time]\n    topics: [dates]\n";

    /// Annotates `text` with the topics given, checks that the result parses, that a second
    /// run changes nothing, and that a run without topics gives `text` back; returns the
    /// result.
    fn annotated(text: &str, topics: &[&str]) -> String {
        let (rules, diags) = read_rules(stylebook_core::FileId(0), RULES);
        assert_eq!(diags, []);
        let run = |text: &str, topics: &[&str]| {
            let doc = Document::parse(text).unwrap();
            annotate(&doc, &catalog(topics), &rules)
                .unwrap()
                .to_document(None)
                .unwrap()
        };
        let once = run(text, topics);
        assert_eq!(run(&once, topics), once, "not idempotent");
        assert_eq!(run(&once, &["unused"]), text, "not stripped back");
        once
    }

    #[test]
    fn block_entries_go_after_the_last_line_at_the_keys_indentation() {
        let text = "openapi: 3.0.0 # c\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: |\n            ok\n\n    # trailing comment\n";
        let out = annotated(text, &["http-methods-get"]);
        assert_eq!(
            out,
            "openapi: 3.0.0 # c\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: |\n            ok\n\n      x-guidelines:\n        topics:\n          - id: http-methods-get\n            name: Name\n            category: C\n            references:\n              - guideline: g\n                company: Co\n                title: G\n                section: S\n                url: 'https://g.example/http-methods-get'\nx-guidelines:\n  guidelines:\n    - id: g\n      title: G\n      company: Co\n      url: 'https://g.example/'\n      type: website\n    # trailing comment\n"
        );
    }

    #[test]
    fn line_breaks_and_a_missing_final_one_are_kept() {
        let crlf = "openapi: 3.0.0\r\npaths:\r\n  /a:\r\n    get:\r\n      responses: {}\r\n";
        let out = annotated(crlf, &["http-methods-get"]);
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        let bare = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses: {}";
        let out = annotated(bare, &["http-methods-get"]);
        assert!(!out.ends_with('\n'));
    }

    #[test]
    fn json_entries_follow_the_indentation_of_their_siblings() {
        let text = "{\n\t\"openapi\": \"3.0.0\",\n\t\"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {}}}}}\n}\n";
        let out = annotated(text, &["http-methods-get", "http-status-200"]);
        assert!(
            out.contains(
                "\"200\": {\"x-guidelines\": {\"topics\": [{\"id\": \"http-status-200\", "
            ),
            "{out}"
        );
        assert!(
            out.contains("}}}},\n\t\"x-guidelines\": {\n\t\t\"guidelines\": [\n\t\t\t{\n"),
            "{out}"
        );
        let four = "{\n    \"swagger\": \"2.0\",\n    \"paths\": {\n        \"/a\": {\n            \"get\": {\n                \"responses\": {}\n            }\n        }\n    }\n}";
        let out = annotated(four, &["http-methods-get"]);
        assert!(out.contains("\"responses\": {},\n                \"x-guidelines\": {\n                    \"topics\": [\n                        {\n"), "{out}");
    }

    #[test]
    fn flow_mappings_in_yaml_stay_flow() {
        let text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    At: {type: string, format: date-time}\n    Empty: {}\n";
        let out = annotated(text, &["dates"]);
        assert!(out.contains("    At: {type: string, format: date-time, \"x-guidelines\": {\"topics\": [{\"id\": \"dates\""), "{out}");
    }

    #[test]
    fn anchors_are_annotated_and_aliases_left_alone() {
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get: &op\n      responses:\n        '200': {description: ok}\n  /b:\n    get: *op\n";
        let out = annotated(text, &["http-methods-get"]);
        assert_eq!(out.matches("x-guidelines").count(), 2, "{out}");
        assert!(out.contains("    get: *op\n"));
    }

    #[test]
    fn stale_entries_are_removed_wherever_they_are() {
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-guidelines: old\n      responses:\n        '200': {$ref: '#/x', x-guidelines: 1}\n      tags: [t]\nx-guidelines: {}\n";
        let doc = Document::parse(text).unwrap();
        let (rules, _) = read_rules(stylebook_core::FileId(0), RULES);
        let out = annotate(&doc, &catalog(&["unused"]), &rules)
            .unwrap()
            .to_document(None)
            .unwrap();
        assert_eq!(
            out,
            "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/x'}\n      tags: [t]\n"
        );
    }

    #[test]
    fn conversion_follows_the_requested_format() {
        let text = "openapi: 3.0.0\npaths: {}\n";
        let doc = Document::parse(text).unwrap();
        let annotation = annotate(&doc, &catalog(&["unused"]), &Rules::default()).unwrap();
        assert_eq!(
            annotation.to_document(Some(Format::Json)).unwrap(),
            "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {}\n}\n"
        );
        assert_eq!(annotation.to_document(Some(Format::Yaml)).unwrap(), text);
    }

    #[test]
    fn versions_and_formats_are_detected() {
        let cases = [
            ("swagger: '2.0'\n", Version::Swagger2, Format::Yaml),
            ("swagger: 2.0\n", Version::Swagger2, Format::Yaml),
            ("{\"openapi\": \"3.0.3\"}", Version::OpenApi30, Format::Json),
            ("openapi: 3.1.0\n", Version::OpenApi31, Format::Yaml),
        ];
        for (text, version, format) in cases {
            let doc = Document::parse(text).unwrap();
            assert_eq!((doc.version(), doc.format()), (version, format), "{text}");
        }
    }

    #[test]
    fn other_documents_are_refused() {
        assert_eq!(Document::parse("").unwrap_err(), Error::Empty);
        assert!(matches!(
            Document::parse("a: [").unwrap_err(),
            Error::Syntax { .. }
        ));
        assert!(matches!(
            Document::parse("- 1\n").unwrap_err(),
            Error::NotOpenApi(_)
        ));
        assert!(matches!(
            Document::parse("title: x\n").unwrap_err(),
            Error::NotOpenApi(_)
        ));
        assert!(matches!(
            Document::parse("openapi: 4.0.0\n").unwrap_err(),
            Error::UnsupportedVersion(_)
        ));
        assert!(matches!(
            Document::parse("swagger: '1.2'\n").unwrap_err(),
            Error::UnsupportedVersion(_)
        ));
    }
}
