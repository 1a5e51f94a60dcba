//! Fuzzes the page reader: any bytes as a topic or guideline page.
//!
//! Reading must not panic, every diagnostic must point inside the file on character
//! boundaries, and a page that reads without errors must survive `export --to pages` and read
//! back to the same catalog.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stylebook_core::{FileKind, Sources};

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    let name = if data.first().is_some_and(|b| b % 2 == 0) {
        "topic-guidelines.md"
    } else {
        "guide-topics.md"
    };
    let file = sources.add_bytes(name, data.to_vec());
    let loaded = stylebook_core::read(&sources, &[(file, FileKind::Page)]);
    stylebook_fuzz::spans_inside(&sources, &loaded.diagnostics);
    if !loaded.has_errors() {
        stylebook_fuzz::pages_round_trip(&loaded.catalog);
    }
});
