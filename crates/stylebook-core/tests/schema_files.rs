//! The committed `schemas/` folder holds exactly what `cargo xtask schema` generates: no file
//! stale, none missing, none extra. The same comparison as `cargo xtask schema --check`, so
//! that a plain `cargo test` catches drift too.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

#[test]
fn committed_schemas_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    let on_disk: BTreeMap<String, Option<String>> = fs::read_dir(&dir)
        .expect("schemas/ exists")
        .map(|entry| {
            let path = entry.expect("readable entry").path();
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(&path).ok())
        })
        .collect();
    let problems = stylebook_core::schema::drift(&on_disk);
    assert!(
        problems.is_empty(),
        "{}\nhint: run `cargo xtask schema`",
        problems.join("\n")
    );
}
