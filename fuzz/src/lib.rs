//! Checks shared by the fuzz targets: diagnostics stay inside their files, and exports read
//! back to the catalog they were written from.

use stylebook_core::{Catalog, Diagnostic, FileKind, Sources};
use stylebook_export::{Format, MemorySink, Options};

/// Every diagnostic's places lie inside their file, on character boundaries.
pub fn spans_inside(sources: &Sources, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.secondary) {
            let text = &sources.get(label.file).text;
            let span = &label.span;
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{:?} {span:?} outside a file of {} bytes",
                d.code,
                text.len()
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{:?} {span:?} splits a character",
                d.code
            );
        }
    }
}

/// Exports `format`, reads every written file of `kind` back and returns the catalog.
fn export_and_read(
    catalog: &Catalog,
    format: Format,
    kind: impl Fn(&str) -> Option<FileKind>,
) -> Catalog {
    let sink = MemorySink::new();
    stylebook_export::export(catalog, format, &Options::default(), &sink).expect("export");
    let mut sources = Sources::new();
    let mut inputs = Vec::new();
    for (path, bytes) in sink.into_files() {
        if let Some(k) = kind(&path) {
            inputs.push((sources.add_bytes(path, bytes), k));
        }
    }
    let loaded = stylebook_core::read(&sources, &inputs);
    assert!(
        !loaded.has_errors(),
        "exported files do not read back: {:?}",
        loaded.diagnostics
    );
    loaded.catalog
}

/// Pages written from a catalog read back to the same catalog.
pub fn pages_round_trip(catalog: &Catalog) {
    let back = export_and_read(catalog, Format::Pages, |p| {
        p.ends_with(".md").then_some(FileKind::Page)
    });
    assert_eq!(&back, catalog, "pages do not round-trip");
}

/// The source layout written from a catalog reads back to the same catalog.
pub fn source_round_trip(catalog: &Catalog) {
    let back = export_and_read(catalog, Format::Source, FileKind::from_path);
    assert_eq!(&back, catalog, "the source layout does not round-trip");
}
