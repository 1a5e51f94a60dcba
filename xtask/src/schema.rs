//! `cargo xtask schema [--check]`: writes the generated JSON Schemas into `schemas/`, or checks
//! that the committed ones are up to date.
//!
//! The files come from `stylebook_core::schema::files`; `--check` fails when one is stale or
//! missing, or when `schemas/` holds a file that is not generated.

use std::collections::BTreeMap;
use std::fs;

use anyhow::{Context, Result, bail};

/// Runs the task: `--check` compares, no argument writes.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("usage: cargo xtask schema [--check]"),
    };
    let dir = crate::root().join("schemas");
    let files = stylebook_core::schema::files();
    if !check {
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (name, text) in &files {
            let path = dir.join(name);
            if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                println!("wrote schemas/{name}");
            }
        }
    }
    let mut on_disk = BTreeMap::new();
    let entries = fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        on_disk.insert(name, fs::read_to_string(&path).ok());
    }
    let problems = stylebook_core::schema::drift(&on_disk);
    if !problems.is_empty() {
        bail!(
            "{}\nhint: run `cargo xtask schema` (and remove files that are not generated)",
            problems.join("\n")
        );
    }
    if check {
        println!("schemas/ is up to date ({} files)", files.len());
    }
    Ok(())
}
