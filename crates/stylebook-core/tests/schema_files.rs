//! The committed `schemas/` folder holds exactly what `cargo xtask schema` generates: no file
//! stale, none missing, none extra. The same comparison as `cargo xtask schema --check`, so
//! that a plain `cargo test` catches drift too.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

#[test]
fn committed_schemas_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    let files = stylebook_core::schema::files();
    let mut problems = Vec::new();
    for (name, text) in &files {
        match fs::read_to_string(dir.join(name)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => problems.push(format!("schemas/{name} is stale")),
            Err(_) => problems.push(format!("schemas/{name} is missing")),
        }
    }
    let generated: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for entry in fs::read_dir(&dir).expect("schemas/ exists") {
        let name = entry
            .expect("readable entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !generated.contains(name.as_str()) {
            problems.push(format!("schemas/{name} is not a generated schema"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nhint: run `cargo xtask schema`",
        problems.join("\n")
    );
}
