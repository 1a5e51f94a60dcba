//! The core of stylebook: the catalog model, readers for every input form, validation, and
//! diagnostics with spans.
//!
//! This crate does no I/O and prints nothing: it takes file names and texts (see
//! [`diag::Sources`]) and returns values and diagnostics. The CLI and the xtask own the
//! filesystem.

pub mod diag;
pub mod diff;
pub mod model;
pub mod openapi;
pub mod read;
pub mod schema;
pub mod yaml;

pub use diag::{Code, Diagnostic, FileId, Severity, SourceFile, Sources};
pub use diff::{CatalogDiff, diff};
pub use model::{
    Author, Catalog, Coverage, Guideline, GuidelineField, Reference, ReferenceField, Timestamp,
    Topic,
};
pub use read::{FileKind, Loaded, read};
