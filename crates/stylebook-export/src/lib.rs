//! Every writer of stylebook: the normalized catalog (JSON, YAML), the HAL API tree and the
//! pages byte-identical to the reference builder's, the source layout, CSV, the workbook (with
//! the `xlsx` feature), and OpenAPI annotation ([`openapi`]).
//!
//! Writers do no I/O of their own: [`export`] hands each file to a [`Sink`] (the CLI's stages
//! them in the output folder and commits them all at once; [`MemorySink`] keeps files in
//! memory). Paths are relative, `/`-separated, and built only from validated ids.
//!
//! ```
//! use stylebook_core::{FileKind, Sources, read};
//! use stylebook_export::{Format, MemorySink, Options, export};
//!
//! let mut sources = Sources::new();
//! let file = sources.add(
//!     "catalog.json",
//!     r#"{"topics": [{"id": "http-status-409", "category": "HTTP Status User Error",
//!         "name": "409 Conflict", "description": "A conflict."}],
//!       "guidelines": [{"id": "acme-api-guide", "title": "ACME API Guide", "type": "website",
//!         "url": "https://acme.example/api-guide", "company": "ACME", "topics": [
//!         {"topic": "http-status-409", "references": [
//!           {"name": "Conflicts", "url": "https://acme.example/api-guide#conflicts"}]}]}]}"#,
//! );
//! let loaded = read(&sources, &[(file, FileKind::CatalogJson)]);
//! assert!(!loaded.has_errors());
//!
//! let sink = MemorySink::new();
//! export(&loaded.catalog, Format::Pages, &Options::default(), &sink).unwrap();
//! let files = sink.into_files();
//! let page = String::from_utf8(files["design/topics/http-status-409-guidelines.md"].clone());
//! assert!(page.unwrap().starts_with("---\n"));
//! ```
//!
//! The document model the writers build ([`Value`], [`MapBuilder`]) and its two serializers,
//! [`to_json`] (what `JSON.stringify(v, null, 2)` writes) and [`to_yaml`] (what js-yaml 3
//! `dump` writes), are public too, for writing other documents the way the reference
//! builder's tools would.

mod api;
mod catalog;
mod csv;
mod document;
mod json_writer;
pub mod openapi;
#[cfg(feature = "xlsx")]
mod xlsx;
mod yaml_writer;

pub use document::{MapBuilder, Value};
pub use json_writer::to_json;
#[cfg(feature = "xlsx")]
pub use xlsx::{WorkbookError, workbook};
pub use yaml_writer::to_yaml;

use std::collections::BTreeMap;
use std::io;
use std::sync::Mutex;

use stylebook_core::Catalog;

/// Where writers put their files. Implementations must accept calls from several threads.
pub trait Sink: Sync {
    /// Stores one file at a relative `/`-separated path.
    fn put(&self, path: String, contents: Vec<u8>) -> io::Result<()>;
}

/// A sink that keeps every file in memory, sorted by path.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> Self {
        MemorySink::default()
    }

    /// The files written so far.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: String, contents: Vec<u8>) -> io::Result<()> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path, contents);
        Ok(())
    }
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `catalog.json`.
    Json,
    /// `catalog.yaml`.
    Yaml,
    /// The HAL API tree `design/...` in JSON and YAML.
    Api,
    /// Topic and guideline pages `design/...`.
    Pages,
    /// The source layout `topics.yaml` + `guidelines/`.
    Source,
    /// `references.csv`, `coverage.csv`, `categories.csv`.
    Csv,
    /// `catalog.xlsx`, the workbook for spreadsheet analysis.
    #[cfg(feature = "xlsx")]
    Xlsx,
    /// Everything: `catalog.json`, `catalog.yaml`, `catalog.xlsx` (with the `xlsx` feature),
    /// and `api/`, `pages/`, `source/`, `csv/`.
    All,
}

impl Format {
    /// The format's name, as the command line spells it (`json`, `api`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Api => "api",
            Format::Pages => "pages",
            Format::Source => "source",
            Format::Csv => "csv",
            #[cfg(feature = "xlsx")]
            Format::Xlsx => "xlsx",
            Format::All => "all",
        }
    }
}

/// Settings shared by the writers.
#[derive(Debug, Clone)]
pub struct Options {
    /// Prefix of every href in the API tree and pages (the reference uses none).
    pub base_url: String,
    /// Write CSV cells as they are, without neutralizing formula-like text.
    pub raw_csv: bool,
    /// Start each CSV file with a UTF-8 byte-order mark (the default), so that spreadsheets
    /// that go by it read the file as UTF-8.
    pub csv_bom: bool,
}

impl Default for Options {
    /// No base URL, neutralized CSV cells, a byte-order mark.
    fn default() -> Self {
        Options {
            base_url: String::new(),
            raw_csv: false,
            csv_bom: true,
        }
    }
}

/// Writes `catalog` in `format` into `sink`.
pub fn export(
    catalog: &Catalog,
    format: Format,
    options: &Options,
    sink: &dyn Sink,
) -> io::Result<()> {
    let root = options.base_url.trim_end_matches('/');
    match format {
        Format::Json => catalog::write_json(catalog, sink),
        Format::Yaml => catalog::write_yaml(catalog, sink),
        Format::Api => api::write_api(catalog, root, sink),
        Format::Pages => api::write_pages(catalog, root, sink),
        Format::Source => catalog::write_source(catalog, sink),
        Format::Csv => csv::write_csv(catalog, options, sink),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => xlsx::write_xlsx(catalog, sink),
        Format::All => {
            catalog::write_json(catalog, sink)?;
            catalog::write_yaml(catalog, sink)?;
            #[cfg(feature = "xlsx")]
            xlsx::write_xlsx(catalog, sink)?;
            api::write_api(
                catalog,
                root,
                &Prefixed {
                    prefix: "api/",
                    sink,
                },
            )?;
            api::write_pages(
                catalog,
                root,
                &Prefixed {
                    prefix: "pages/",
                    sink,
                },
            )?;
            catalog::write_source(
                catalog,
                &Prefixed {
                    prefix: "source/",
                    sink,
                },
            )?;
            csv::write_csv(
                catalog,
                options,
                &Prefixed {
                    prefix: "csv/",
                    sink,
                },
            )
        }
    }
}

/// A sink that puts every file under a folder of another sink.
struct Prefixed<'a> {
    prefix: &'static str,
    sink: &'a dyn Sink,
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: String, contents: Vec<u8>) -> io::Result<()> {
        self.sink.put(format!("{}{path}", self.prefix), contents)
    }
}
