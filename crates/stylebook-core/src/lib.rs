//! The core of stylebook: the catalog model, readers for every input form, validation, and
//! diagnostics with spans.
//!
//! This crate does no I/O and prints nothing: it takes file names and texts ([`Sources`]) and
//! returns values and [`Diagnostic`]s. A program finds the files; [`FileKind`] tells what each
//! one is; [`read`] reads them all into one [`Catalog`], with every fault located.
//!
//! ```
//! use stylebook_core::{FileKind, Sources, read};
//!
//! let mut sources = Sources::new();
//! let topics = sources.add(
//!     "topics.yaml",
//!     "http-status-409:\n  category: HTTP Status User Error\n  name: 409 Conflict\n  \
//!      description: The request clashes with the resource's current state.\n",
//! );
//! let guide = sources.add(
//!     "guidelines/acme-api-guide.yaml",
//!     "id: acme-api-guide\ntitle: ACME API Guide\ntype: website\n\
//!      url: https://acme.example/api-guide\ncompany: ACME\ndate: 2020-03-01\n\
//!      topics:\n  http-status-409:\n    - name: Conflicts\n      \
//!      url: https://acme.example/api-guide#conflicts\n",
//! );
//! let loaded = read(&sources, &[(topics, FileKind::Topics), (guide, FileKind::Guideline)]);
//! assert!(!loaded.has_errors());
//! let catalog = &loaded.catalog;
//! assert_eq!(catalog.topics()[0].name, "409 Conflict");
//! assert_eq!(catalog.guidelines()[0].references("http-status-409").map(<[_]>::len), Some(1));
//!
//! // A fault is reported with its place, and the rest is still read.
//! let bad = sources.add(
//!     "topics.yaml",
//!     "http-status-409:\n  category: x\n  name: 409\n  description: A conflict.\n",
//! );
//! let loaded = read(&sources, &[(bad, FileKind::Topics)]);
//! let d = &loaded.diagnostics[0];
//! assert_eq!(d.code.as_str(), "wrong-type");
//! assert_eq!(sources.get(d.primary.file).line_col(d.primary.span.start), (3, 9));
//! ```
//!
//! Beside the catalog: [`CoverageMatrix`] counts who covers what, [`find_urls`] lists every URL
//! with its place, [`openapi`] holds the rules of OpenAPI annotation, [`schema`] the JSON
//! Schemas of every file kind, [`yaml`] the span-keeping YAML tree the readers are built on,
//! [`diff`] the changes between two catalogs, and [`parallel`] the thread pool the readers and
//! the export's writers share.
//!
//! Cargo feature `schema-check` (on by default) makes [`read`] also check every file against
//! its JSON Schema (with the `jsonschema` crate); without it the readers' own checks, which
//! cover the same rules, are all that runs.

mod diag;
pub mod diff;
mod index;
pub mod layout;
mod matrix;
mod model;
pub mod openapi;
pub mod parallel;
mod read;
pub mod schema;
mod urls;
mod workspace;
pub mod yaml;

pub use diag::{Code, Diagnostic, FileId, Label, Severity, SourceFile, Sources, did_you_mean};
pub use index::{IdKind, IdPlace, Index, Role};
pub use matrix::{CategoryCoverage, CoverageMatrix};
pub use model::{
    Author, AuthorField, Catalog, FieldValue, GUIDELINE_TYPES, Guideline, GuidelineField,
    Reference, ReferenceField, Timestamp, Topic, TopicField, TopicReferences,
};
pub use read::frontmatter::{FrontMatter, FrontMatterError, split as split_front_matter};
pub use read::{FileKind, Loaded, read_rules};
pub use urls::{UrlField, UrlUse, find as find_urls};
pub use workspace::Workspace;

/// Reads every given file and builds one catalog from all of them: each file is parsed,
/// checked (keys, types, ids, URLs, dates; with the `schema-check` feature, its JSON Schema
/// too) and lowered; then the files are checked against each other (a topic defined twice,
/// a guideline described differently, undefined and unused topics, ...).
///
/// The catalog holds everything that could be read, in normal form; the diagnostics are in
/// reading order. Large inputs are parsed on every core; results never depend on it.
pub fn read(sources: &Sources, inputs: &[(FileId, FileKind)]) -> Loaded {
    #[cfg(feature = "schema-check")]
    {
        schema::check::read(sources, inputs)
    }
    #[cfg(not(feature = "schema-check"))]
    {
        read::read_unchecked(sources, inputs)
    }
}
