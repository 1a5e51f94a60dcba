//! Fuzzes the source-layout and catalog JSON readers.
//!
//! The first byte picks the form: a `topics.yaml` plus a guideline file (the rest split at the
//! first NUL byte), or a catalog JSON file. Reading must not panic, every diagnostic must point
//! inside its file on character boundaries, and a catalog that reads without errors must
//! survive `export --to source` and read back to the same catalog.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stylebook_core::{FileKind, Sources};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut sources = Sources::new();
    let inputs = if selector % 4 == 0 {
        vec![(
            sources.add_bytes("catalog.json", rest.to_vec()),
            FileKind::CatalogJson,
        )]
    } else {
        let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        let (topics, guideline) = rest.split_at(split);
        let guideline = guideline.get(1..).unwrap_or_default();
        vec![
            (
                sources.add_bytes("topics.yaml", topics.to_vec()),
                FileKind::Topics,
            ),
            (
                sources.add_bytes("guidelines/g.yaml", guideline.to_vec()),
                FileKind::Guideline,
            ),
        ]
    };
    let loaded = stylebook_core::read(&sources, &inputs);
    stylebook_fuzz::spans_inside(&sources, &loaded.diagnostics);
    if !loaded.has_errors() {
        stylebook_fuzz::source_round_trip(&loaded.catalog);
    }
});
