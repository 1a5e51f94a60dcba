//! Finding and loading the input files named on the command line.
//!
//! A path may be a file (its kind comes from its name, or from `--input-format`), a source-layout
//! root (a folder holding `topics.yaml` and `guidelines/`), or any other folder, searched
//! recursively for pages. Files are read in sorted order so that runs are deterministic.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use stylebook_core::read::FileKind;
use stylebook_core::schema::check::Validators;
use stylebook_core::{FileId, Loaded, Sources};

/// How to read an input when its name does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    /// Topic and guideline pages (Markdown with YAML front matter).
    Pages,
    /// The source layout: `topics.yaml` and `guidelines/<id>.yaml`.
    Source,
    /// A catalog as written by `stylebook export --to json` or `--to yaml`.
    #[value(alias = "catalog")]
    Json,
    /// An OpenAPI rules file (`openapi-rules.yaml`).
    Rules,
}

/// The files of a run and what reading them gave.
pub(crate) struct Inputs {
    /// Every file read.
    pub(crate) sources: Sources,
    /// The catalog and the diagnostics.
    pub(crate) loaded: Loaded,
}

/// Finds, reads and loads every input, with the readers' checks and the JSON Schemas. I/O problems (a missing path, an unreadable file) are
/// errors of the run, not of the data.
pub(crate) fn load(paths: &[PathBuf], format: Option<InputFormat>) -> Result<Inputs> {
    let mut files = Vec::new();
    for path in paths {
        discover(path, format, &mut files)?;
    }
    if files.is_empty() {
        bail!(
            "no catalog files found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut sources = Sources::new();
    let mut inputs: Vec<(FileId, FileKind)> = Vec::with_capacity(files.len());
    for (path, kind) in files {
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        inputs.push((sources.add_bytes(display(&path), bytes), kind));
    }
    let loaded = Validators::new().read(&sources, &inputs);
    Ok(Inputs { sources, loaded })
}

fn display(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map_or(text.clone(), str::to_owned)
}

fn discover(
    path: &Path,
    format: Option<InputFormat>,
    out: &mut Vec<(PathBuf, FileKind)>,
) -> Result<()> {
    let meta = fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_file() {
        out.push((path.to_path_buf(), crate::kind::of_file(path, format)?));
        return Ok(());
    }
    let topics = ["topics.yaml", "topics.yml"]
        .iter()
        .map(|n| path.join(n))
        .find(|p| p.is_file());
    let as_source = match format {
        Some(InputFormat::Source) => true,
        Some(_) => false,
        None => topics.is_some(),
    };
    if as_source {
        let Some(topics) = topics else {
            bail!("{} has no topics.yaml", path.display());
        };
        out.push((topics, FileKind::Topics));
        let dir = path.join("guidelines");
        if dir.is_dir() {
            for file in sorted_entries(&dir)? {
                let name = file.to_string_lossy();
                if file.is_file() && (name.ends_with(".yaml") || name.ends_with(".yml")) {
                    out.push((file, FileKind::Guideline));
                }
            }
        }
        if let Some(rules) = crate::kind::rules_beside(path) {
            out.push((rules, FileKind::Rules));
        }
        return Ok(());
    }
    let kind = match format {
        Some(InputFormat::Json) => FileKind::CatalogJson,
        Some(InputFormat::Rules) => FileKind::Rules,
        _ => FileKind::Page,
    };
    let mut stack = vec![path.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in sorted_entries(&dir)? {
            let name = entry
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if entry.is_dir() {
                stack.push(entry);
            } else if FileKind::from_path(&name) == Some(kind) {
                found.push(entry);
            }
        }
    }
    found.sort();
    out.extend(found.into_iter().map(|p| (p, kind)));
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read folder {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot read folder {}", dir.display()))?;
    entries.sort();
    Ok(entries)
}
