//! OpenAPI annotation: `x-guidelines` written into an OpenAPI description, an Overlay 1.0
//! document that does the same, and a report of the API's coverage by the catalog.
//!
//! A description is one document or a set of files that its `$ref`s reach
//! ([`Description`]). Files are never re-serialised. Each is parsed once with the span-keeping
//! YAML parser (JSON parses too), the rules decide which mappings get which topics (`walk`,
//! which follows `$ref`s across files), and the annotations are written as text at the right
//! byte offsets of the file that holds each definition (`edit`): everything else keeps its
//! bytes, key order, comments and layout. Existing `x-guidelines` entries are replaced or
//! removed, so a second run changes nothing and a run with a newer catalog leaves nothing
//! stale. Each result is parsed again before it is handed back.
//!
//! ```
//! # use stylebook_core::{Catalog, openapi::Rules};
//! # use stylebook_export::openapi::{Description, Document, Layout, annotate};
//! let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
//! let description = Description::new("api.yaml", Document::parse(text).unwrap());
//! let annotation =
//!     annotate(&description, &Catalog::default(), &Rules::default(), Layout::Full).unwrap();
//! assert_eq!(annotation.to_document(None).unwrap(), text);
//! ```

mod convert;
mod edit;
mod overlay;
mod refs;
mod report;
mod walk;
mod x_values;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

use stylebook_core::openapi::Rules;
use stylebook_core::yaml::{self, Node, NodeKind};
use stylebook_core::{Catalog, Diagnostic, FileId, Sources};

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
pub enum Syntax {
    /// JSON (a document whose root is a flow mapping).
    Json,
    /// YAML.
    Yaml,
}

/// How much each annotated element carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// Each element carries its topics with every reference the catalog has for them.
    #[default]
    Full,
    /// Each element carries only its topic ids; the topics with their references are written
    /// once, under `definitions` in the root's `x-guidelines`.
    Compact,
}

/// Why a description could not be annotated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The text is not well-formed YAML or JSON.
    Syntax {
        /// What is wrong, lowercase.
        message: String,
        /// The byte offset of the fault, in the text as given.
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
    /// An overlay asked of a description spread over several files: its targets could only
    /// name places in the root document.
    OverlayOfSeveralFiles(usize),
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
            Error::OverlayOfSeveralFiles(n) => write!(
                f,
                "an overlay targets one document, and this description is spread over {n} \
                 files: bundle it into one first, or annotate the files themselves"
            ),
            Error::Internal(why) => write!(f, "internal error, please report it: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// A parsed file of an OpenAPI description: the OpenAPI document itself, or a file that its
/// `$ref`s reach (a path item, a set of schemas, ...).
///
/// A UTF-8 byte-order mark and CR-only line breaks are taken off for parsing and editing and
/// put back in the output, so spans are offsets in [`Document::text`].
#[derive(Debug, Clone)]
pub struct Document<'t> {
    text: Cow<'t, str>,
    /// The text started with a byte-order mark.
    bom: bool,
    /// The text's line breaks are CRs, written as LFs in `text`.
    cr: bool,
    root: Node,
    version: Option<Version>,
    format: Syntax,
}

impl<'t> Document<'t> {
    /// Parses `text` and checks that it is a Swagger 2.0 or OpenAPI 3.x document.
    pub fn parse(text: &'t str) -> Result<Self, Error> {
        let doc = Self::parse_part(text)?;
        if !matches!(doc.root.kind, NodeKind::Map(_)) {
            return Err(Error::NotOpenApi(format!(
                "the root is {}, not a mapping",
                doc.root.describe()
            )));
        }
        let field = |name: &str| doc.root.get(name).map(|v| v.text().unwrap_or_default());
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
        Ok(Document {
            version: Some(version),
            ..doc
        })
    }

    /// Parses `text` as a file of a description: any YAML or JSON document.
    pub fn parse_part(text: &'t str) -> Result<Self, Error> {
        let bom = text.starts_with('\u{feff}');
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let cr = body.contains('\r') && !body.contains('\n');
        let body: Cow<'t, str> = if cr {
            Cow::Owned(body.replace('\r', "\n"))
        } else {
            Cow::Borrowed(body)
        };
        let shift = if bom { '\u{feff}'.len_utf8() } else { 0 };
        let root = match yaml::parse(&body, 0) {
            Ok(Some(root)) => root,
            Ok(None) => return Err(Error::Empty),
            Err(e) => {
                return Err(Error::Syntax {
                    message: e.message,
                    offset: e.offset + shift,
                });
            }
        };
        let format = if edit::is_flow(&body, &root) {
            Syntax::Json
        } else {
            Syntax::Yaml
        };
        Ok(Document {
            text: body,
            bom,
            cr,
            root,
            version: None,
            format,
        })
    }

    /// The same document, owning its text.
    pub fn into_owned(self) -> Document<'static> {
        Document {
            text: Cow::Owned(self.text.into_owned()),
            bom: self.bom,
            cr: self.cr,
            root: self.root,
            version: self.version,
            format: self.format,
        }
    }

    /// The text as parsed: without a byte-order mark, CR-only line breaks written as LF.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The specification version; `None` for a file that is part of a description.
    pub fn version(&self) -> Option<Version> {
        self.version
    }

    /// How the document is written.
    pub fn format(&self) -> Syntax {
        self.format
    }

    /// `info.title`, if it is text.
    pub fn title(&self) -> Option<&str> {
        self.root
            .get("info")
            .and_then(|info| info.get("title"))
            .and_then(Node::text)
    }

    /// `info.version`, if it is text.
    pub fn info_version(&self) -> Option<&str> {
        self.root
            .get("info")
            .and_then(|info| info.get("version"))
            .and_then(Node::text)
    }

    /// `text`, an edited copy of [`Document::text`], with the byte-order mark and the line
    /// breaks of the input.
    fn restore(&self, text: String) -> String {
        let text = if self.cr {
            text.replace('\n', "\r")
        } else {
            text
        };
        if self.bom {
            let mut out = String::with_capacity(text.len() + 3);
            out.push('\u{feff}');
            out.push_str(&text);
            out
        } else {
            text
        }
    }
}

/// An OpenAPI description: its root document and the files its `$ref`s reach, each by a
/// name relative to the root's folder (`paths/books.yaml`, `../common/errors.yaml`).
///
/// Files are added as they are asked for: [`Description::next_wanted`] names the next file
/// a `$ref` points to that is neither added nor known to be unreadable. URLs are never asked
/// for (they are not fetched), and neither are absolute paths.
#[derive(Debug)]
pub struct Description<'t> {
    files: Vec<(String, Document<'t>)>,
    /// The files' names and texts, which give the diagnostics their [`FileId`]s: file `i` of
    /// `files` is `ids[i]`.
    sources: Sources,
    ids: Vec<FileId>,
    /// Files that could not be read or parsed, with the reason.
    unreadable: HashMap<String, String>,
    /// Files referred to, in the order first met.
    wanted: VecDeque<String>,
    known: HashSet<String>,
}

impl<'t> Description<'t> {
    /// A description whose root document is `root`, named `name` (only its last segment
    /// matters: other files are named relative to its folder).
    pub fn new(name: impl Into<String>, root: Document<'t>) -> Self {
        let name = refs::file_name(&name.into());
        let mut description = Description {
            files: Vec::new(),
            sources: Sources::new(),
            ids: Vec::new(),
            unreadable: HashMap::new(),
            wanted: VecDeque::new(),
            known: HashSet::new(),
        };
        description.add(name, root);
        description
    }

    /// Adds the file `name` (as [`Description::next_wanted`] gave it).
    pub fn add(&mut self, name: impl Into<String>, doc: Document<'t>) {
        let name = name.into();
        for target in refs::files_referred(&name, &doc.root) {
            if !self.known.contains(&target) {
                self.known.insert(target.clone());
                self.wanted.push_back(target);
            }
        }
        self.known.insert(name.clone());
        self.ids.push(self.sources.add(name.clone(), doc.text()));
        self.files.push((name, doc));
    }

    /// Records that the file `name` cannot be read, and why (lowercase); the `$ref`s to it are
    /// reported as unresolved.
    pub fn unreadable(&mut self, name: impl Into<String>, why: impl Into<String>) {
        let name = name.into();
        self.known.insert(name.clone());
        self.unreadable.insert(name, why.into());
    }

    /// The next file that a `$ref` points to and that is not yet added, `/`-separated and
    /// relative to the root's folder (it may start with `../`).
    pub fn next_wanted(&mut self) -> Option<String> {
        self.wanted.pop_front()
    }

    /// The root document.
    pub fn root(&self) -> &Document<'t> {
        &self.files[0].1
    }

    /// Every file, the root first, with its name and the [`FileId`] of the diagnostics about
    /// it.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &str, &Document<'t>)> {
        self.ids
            .iter()
            .zip(&self.files)
            .map(|(&id, (name, doc))| (id, name.as_str(), doc))
    }

    /// The files' names and texts, for showing the diagnostics about them (rename the files
    /// to the names a person knows them by with [`Sources::rename`]).
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The [`FileId`] of file `index` of [`Description::files`].
    fn id(&self, index: usize) -> FileId {
        self.ids[index]
    }

    /// The number of files, the root included.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Always false: a description has at least its root.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn version(&self) -> Version {
        self.root().version.unwrap_or(Version::OpenApi30)
    }
}

/// What the rules attach to a description: which mappings get which topics, and the
/// per-operation facts for the report.
#[derive(Debug)]
pub struct Annotation<'d> {
    description: &'d Description<'d>,
    plan: walk::Plan,
    values: x_values::Values,
}

/// Applies `rules` to `description` with the topics of `catalog`, in `layout`.
pub fn annotate<'d>(
    description: &'d Description<'d>,
    catalog: &Catalog,
    rules: &Rules,
    layout: Layout,
) -> Result<Annotation<'d>, Error> {
    let plan = walk::plan(description, catalog, rules)?;
    let values = x_values::Values::new(catalog, &plan, layout);
    Ok(Annotation {
        description,
        plan,
        values,
    })
}

impl Annotation<'_> {
    /// The number of objects that get an `x-guidelines`, the root included.
    pub fn annotated_objects(&self) -> usize {
        self.plan.targets.len() + usize::from(self.values.root().is_some())
    }

    /// The `$ref`s that could not be followed, as warnings (`unresolved-ref`); their file ids
    /// are positions in [`Description::files`].
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.plan.unresolved
    }

    /// The annotated root document: the input with every `x-guidelines` written, replaced or
    /// removed as the rules say, in the input's format or, with `to`, converted (YAML comments
    /// do not survive a conversion). The result is parsed again to prove it well-formed.
    pub fn to_document(&self, to: Option<Syntax>) -> Result<String, Error> {
        self.file(0, to)
    }

    /// Every file of the description, annotated, with its name, the root first.
    pub fn to_documents(&self) -> Result<Vec<(&str, String)>, Error> {
        (0..self.description.len())
            .map(|i| Ok((self.description.files[i].0.as_str(), self.file(i, None)?)))
            .collect()
    }

    fn file(&self, index: usize, to: Option<Syntax>) -> Result<String, Error> {
        let doc = &self.description.files[index].1;
        let text = edit::apply(doc, index, &self.plan, &self.values)?;
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
            Some(format) if format != doc.format => Ok(convert::convert(&reparsed, format)),
            _ => Ok(doc.restore(text)),
        }
    }

    /// An OpenAPI Overlay 1.0 document that applies the same annotations to the input: first
    /// it removes any `x-guidelines` the input has, then it adds the new ones. `extends` is the
    /// URI reference of the input as the overlay should name it (none when `None`). A
    /// description spread over several files has no overlay.
    pub fn to_overlay(&self, extends: Option<&str>, format: Syntax) -> Result<String, Error> {
        if self.description.len() > 1 {
            return Err(Error::OverlayOfSeveralFiles(self.description.len()));
        }
        Ok(overlay::overlay(
            self.description.root(),
            &self.plan,
            &self.values,
            extends,
            format,
        ))
    }

    /// The coverage report: per operation, the topics attached and what the catalog has no
    /// topic for; then the rest of the description and a summary.
    pub fn report(&self) -> String {
        report::report(self.description, &self.plan, &self.values)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use stylebook_core::Sources;
    use stylebook_core::read_rules;
    use stylebook_core::{FileKind, read};

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

    fn rules() -> Rules {
        let (rules, diags) = read_rules(Sources::new().add("openapi-rules.yaml", RULES), RULES);
        assert_eq!(diags, []);
        rules
    }

    /// `text` annotated in `layout` with the topics given.
    fn run(text: &str, topics: &[&str], layout: Layout) -> String {
        let description = Description::new("api.yaml", Document::parse(text).unwrap());
        annotate(&description, &catalog(topics), &rules(), layout)
            .unwrap()
            .to_document(None)
            .unwrap()
    }

    /// Annotates `text` with the topics given (full layout), checks that the result parses,
    /// that a second run changes nothing, and that a run without topics gives `text` back;
    /// returns the result.
    fn annotated(text: &str, topics: &[&str]) -> String {
        annotated_in(text, topics, Layout::Full)
    }

    fn annotated_in(text: &str, topics: &[&str], layout: Layout) -> String {
        let once = run(text, topics, layout);
        assert_eq!(run(&once, topics, layout), once, "not idempotent");
        assert_eq!(run(&once, &["unused"], layout), text, "not stripped back");
        once
    }

    /// A description of several files: the root `text` and the others by name.
    fn description<'t>(text: &'t str, files: &[(&str, &'t str)]) -> Description<'t> {
        let mut description = Description::new("api.yaml", Document::parse(text).unwrap());
        while let Some(wanted) = description.next_wanted() {
            match files.iter().find(|(name, _)| *name == wanted) {
                Some((_, text)) => description.add(wanted, Document::parse_part(text).unwrap()),
                None => {
                    let why = format!("there is no {wanted}");
                    description.unreadable(wanted, why);
                }
            }
        }
        description
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
        let out = run(text, &["unused"], Layout::Full);
        assert_eq!(
            out,
            "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/x'}\n      tags: [t]\n"
        );
    }

    #[test]
    fn conversion_follows_the_requested_format() {
        let text = "openapi: 3.0.0\npaths: {}\n";
        let description = Description::new("api.yaml", Document::parse(text).unwrap());
        let annotation = annotate(
            &description,
            &catalog(&["unused"]),
            &Rules::default(),
            Layout::Full,
        )
        .unwrap();
        assert_eq!(
            annotation.to_document(Some(Syntax::Json)).unwrap(),
            "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {}\n}\n"
        );
        assert_eq!(annotation.to_document(Some(Syntax::Yaml)).unwrap(), text);
    }

    #[test]
    fn versions_and_formats_are_detected() {
        let cases = [
            ("swagger: '2.0'\n", Version::Swagger2, Syntax::Yaml),
            ("swagger: 2.0\n", Version::Swagger2, Syntax::Yaml),
            ("{\"openapi\": \"3.0.3\"}", Version::OpenApi30, Syntax::Json),
            ("openapi: 3.1.0\n", Version::OpenApi31, Syntax::Yaml),
        ];
        for (text, version, format) in cases {
            let doc = Document::parse(text).unwrap();
            assert_eq!(
                (doc.version(), doc.format()),
                (Some(version), format),
                "{text}"
            );
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
    #[test]
    fn a_byte_order_mark_and_cr_line_breaks_are_kept() {
        let text = "\u{feff}openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses: {}\n";
        let out = annotated(text, &["http-methods-get"]);
        assert!(out.starts_with("\u{feff}openapi: 3.0.0\n"), "{out:?}");
        assert!(out.contains("\n      x-guidelines:\n"), "{out:?}");
        assert!(out.contains("\nx-guidelines:\n  guidelines:\n"), "{out:?}");
        let cr = "openapi: 3.0.0\rpaths:\r  /a:\r    get:\r      responses: {}\r";
        let out = annotated(cr, &["http-methods-get"]);
        assert!(!out.contains('\n'), "{out:?}");
        assert!(out.contains("\r      x-guidelines:\r"), "{out:?}");
        let both = format!("\u{feff}{cr}");
        let out = annotated(&both, &["http-methods-get"]);
        assert!(
            out.starts_with('\u{feff}') && !out.contains('\n'),
            "{out:?}"
        );
        // A syntax error is located in the text as given, the mark counted.
        assert_eq!(
            Document::parse("\u{feff}a: [").unwrap_err(),
            Error::Syntax {
                message: "unclosed bracket '['".to_owned(),
                offset: 6
            }
        );
    }

    #[test]
    fn items_after_a_leading_alias_in_a_sequence_at_its_parents_indentation_are_annotated() {
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n      - &p\n        name: a\n        in: query\n        schema: {type: string, format: date-time}\n      responses: {}\n  /b:\n    get:\n      parameters:\n      - *p\n      - name: b\n        in: query\n        schema: {type: string, format: date-time}\n      responses: {}\n";
        let out = annotated(text, &["dates"]);
        assert_eq!(out.matches("x-guidelines").count(), 3, "{out}");
        assert!(out.contains("      - *p\n      - name: b\n        in: query\n        schema: {type: string, format: date-time, \"x-guidelines\""), "{out}");
    }

    #[test]
    fn unresolved_references_are_warnings_and_their_topics_are_not_reported() {
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Okk'}\n        '404': {$ref: '#/components/responses/Loop'}\n        '409': {$ref: '#/components/responses/Self'}\n        '410': {$ref: 'https://example.com/r.yaml#/Gone'}\n        '412': {$ref: 'https://example.com/r.yaml#/Pre'}\n        '500': {$ref: 'errors.yaml#/Oops'}\ncomponents:\n  responses:\n    Ok: {description: ok}\n    Loop: {$ref: '#/components/responses/Back'}\n    Back: {$ref: '#/components/responses/Loop'}\n    Self: {$ref: '#/components/responses/Self'}\n";
        let description = description(text, &[]);
        let catalog = catalog(&[
            "http-methods-get",
            "http-status-200",
            "http-status-404",
            "http-status-409",
            "http-status-410",
            "http-status-412",
            "http-status-500",
        ]);
        let annotation = annotate(&description, &catalog, &rules(), Layout::Full).unwrap();
        let warnings: Vec<(usize, &str, Option<&str>)> = annotation
            .warnings()
            .iter()
            .map(|w| {
                assert_eq!(w.code, stylebook_core::Code::UnresolvedRef);
                (w.primary.span.start, w.message.as_str(), w.help.as_deref())
            })
            .collect();
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            warnings,
            [
                (
                    at("'#/components/responses/Okk'"),
                    "`#/components/responses/Okk` points to nothing: no `Okk` in `#/components/responses`",
                    Some("did you mean `Ok`?")
                ),
                (
                    at("'#/components/responses/Loop'}\n    Self"),
                    "`#/components/responses/Loop` closes a cycle of references: #/components/responses/Back -> #/components/responses/Loop -> #/components/responses/Back",
                    None
                ),
                (
                    text.rfind("'#/components/responses/Self'").unwrap(),
                    "`#/components/responses/Self` refers to the object it is written in",
                    None
                ),
                (
                    at("'https://example.com/r.yaml#/Gone'"),
                    "`https://example.com/r.yaml` is not followed: URLs are not fetched, so what it defines is not annotated",
                    Some("1 more `$ref` has the same fault")
                ),
                (
                    at("'errors.yaml#/Oops'"),
                    "`errors.yaml#/Oops` cannot be followed: there is no errors.yaml",
                    None
                ),
            ]
        );
        let report = annotation.report();
        assert!(
            report.contains("  http-methods-get  method GET\n\n"),
            "{report}"
        );
        assert!(!report.contains("http-status-"), "{report}");
        assert_eq!(
            annotation
                .to_document(None)
                .unwrap()
                .matches("x-guidelines")
                .count(),
            2
        );
    }

    #[test]
    fn fields_beside_a_path_items_reference_are_walked() {
        let text = "openapi: 3.1.0\npaths:\n  /a:\n    $ref: '#/components/pathItems/A'\n    parameters:\n      - name: since\n        in: query\n        schema: {type: string, format: date-time}\n    post:\n      responses: {}\ncomponents:\n  pathItems:\n    A:\n      get:\n        responses: {}\n";
        let out = annotated(text, &["http-methods-get", "http-methods-post", "dates"]);
        assert!(out.contains("        schema: {type: string, format: date-time, \"x-guidelines\": {\"topics\": [{\"id\": \"dates\""), "{out}");
        assert!(out.contains("    post:\n      responses: {}\n      x-guidelines:\n        topics:\n          - id: http-methods-post\n"), "{out}");
        assert!(
            out.contains("      get:\n        responses: {}\n        x-guidelines:\n"),
            "{out}"
        );
    }

    #[test]
    fn a_mapping_copied_by_aliases_is_targeted_at_every_place_by_the_overlay() {
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get: &op\n      responses:\n        '200': {description: ok}\n  /b:\n    get: *op\n  /c:\n    get: *op\n";
        let description = Description::new("api.yaml", Document::parse(text).unwrap());
        let catalog = catalog(&["http-methods-get", "http-status-200"]);
        let annotation = annotate(&description, &catalog, &rules(), Layout::Compact).unwrap();
        let overlay = annotation
            .to_overlay(Some("api.yaml"), Syntax::Yaml)
            .unwrap();
        let targets: Vec<&str> = overlay
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("- target: "))
            .collect();
        let mut expected = vec!["$".to_owned()];
        for path in ["/a", "/b", "/c"] {
            expected.push(format!("'$.paths[\"{path}\"].get[\"x-guidelines\"]'"));
            expected.push(format!("'$.paths[\"{path}\"].get'"));
        }
        for path in ["/a", "/b", "/c"] {
            expected.push(format!(
                "'$.paths[\"{path}\"].get.responses[\"200\"][\"x-guidelines\"]'"
            ));
            expected.push(format!("'$.paths[\"{path}\"].get.responses[\"200\"]'"));
        }
        assert_eq!(targets, expected, "{overlay}");
        // The document itself has the annotations once, at the anchor.
        let out = annotation.to_document(None).unwrap();
        assert_eq!(out.matches("x-guidelines").count(), 3, "{out}");
    }

    #[test]
    fn each_annotation_goes_to_the_file_that_holds_the_definition() {
        let root = "openapi: 3.0.0\npaths:\n  /books:\n    $ref: 'paths/books.yaml'\ncomponents:\n  schemas:\n    Book:\n      $ref: 'schemas.yaml#/Book'\n";
        let books = "get:\n  responses:\n    '200':\n      $ref: '../responses.yaml#/Ok'\n";
        let responses = "Ok:\n  description: ok\n  content:\n    application/json:\n      schema: {$ref: 'schemas.yaml#/Book'}\n";
        let schemas = "# Schemas\nBook:\n  type: object\n  properties:\n    at: {type: string, format: date-time}\n";
        let description = description(
            root,
            &[
                ("paths/books.yaml", books),
                ("responses.yaml", responses),
                ("schemas.yaml", schemas),
            ],
        );
        let names: Vec<&str> = description.files().map(|(_, n, _)| n).collect();
        assert_eq!(
            names,
            [
                "api.yaml",
                "paths/books.yaml",
                "schemas.yaml",
                "responses.yaml"
            ]
        );
        let catalog = catalog(&["http-methods-get", "http-status-200", "dates"]);
        let annotation = annotate(&description, &catalog, &rules(), Layout::Compact).unwrap();
        assert_eq!(annotation.warnings(), []);
        let files = annotation.to_documents().unwrap();
        assert_eq!(
            files,
            [
                (
                    "api.yaml",
                    format!("{root}x-guidelines:\n  definitions:\n    - id: dates\n      name: Name\n      category: C\n      references:\n        - guideline: g\n          company: Co\n          title: G\n          section: S\n          url: 'https://g.example/dates'\n    - id: http-methods-get\n      name: Name\n      category: C\n      references:\n        - guideline: g\n          company: Co\n          title: G\n          section: S\n          url: 'https://g.example/http-methods-get'\n    - id: http-status-200\n      name: Name\n      category: C\n      references:\n        - guideline: g\n          company: Co\n          title: G\n          section: S\n          url: 'https://g.example/http-status-200'\n  guidelines:\n    - id: g\n      title: G\n      company: Co\n      url: 'https://g.example/'\n      type: website\n")
                ),
                (
                    "paths/books.yaml",
                    "get:\n  responses:\n    '200':\n      $ref: '../responses.yaml#/Ok'\n  x-guidelines:\n    topics:\n      - http-methods-get\n".to_owned()
                ),
                (
                    "schemas.yaml",
                    "# Schemas\nBook:\n  type: object\n  properties:\n    at: {type: string, format: date-time, \"x-guidelines\": {\"topics\": [\"dates\"]}}\n".to_owned()
                ),
                (
                    "responses.yaml",
                    "Ok:\n  description: ok\n  content:\n    application/json:\n      schema: {$ref: 'schemas.yaml#/Book'}\n  x-guidelines:\n    topics:\n      - http-status-200\n".to_owned()
                ),
            ]
        );
        let report = annotation.report();
        assert!(report.starts_with("OpenAPI 3.0 (YAML) in 4 files: 1 operations, 1 with topics\n\nGET /books\n  http-methods-get  method GET\n  http-status-200   response 200\n"), "{report}");
        assert_eq!(
            annotation.to_overlay(None, Syntax::Yaml).unwrap_err(),
            Error::OverlayOfSeveralFiles(4)
        );
    }

    #[test]
    fn the_compact_layout_writes_the_topics_once_at_the_root() {
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n    put:\n      responses:\n        '200': {description: ok}\n";
        let out = annotated_in(
            text,
            &["http-methods-get", "http-status-200"],
            Layout::Compact,
        );
        assert_eq!(out.matches("- id: ").count(), 3, "{out}");
        assert_eq!(
            out.matches("\"topics\": [\"http-status-200\"]").count(),
            2,
            "{out}"
        );
        let full = run(text, &["http-methods-get", "http-status-200"], Layout::Full);
        assert!(full.len() > out.len());
        // Either layout replaces the other.
        assert_eq!(
            run(
                &full,
                &["http-methods-get", "http-status-200"],
                Layout::Compact
            ),
            out
        );
        assert_eq!(
            run(&out, &["http-methods-get", "http-status-200"], Layout::Full),
            full
        );
    }
}
