//! Which kind of catalog file an input is: `--input-format` when given, else what
//! `stylebook_core::FileKind` tells from the file's name and, when the name does not settle
//! it, its content.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::ValueEnum;
use stylebook_core::FileKind;

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

/// The kind of the file at `path`, read as `format` if given; `text` reads its contents,
/// when the name does not settle it.
pub(crate) fn of_file(
    path: &Path,
    format: Option<InputFormat>,
    mut text: impl FnMut() -> Result<String>,
) -> Result<FileKind> {
    let name = path.to_string_lossy();
    let kind = match format {
        Some(InputFormat::Pages) => Some(FileKind::Page),
        Some(InputFormat::Json) => Some(FileKind::CatalogJson),
        Some(InputFormat::Rules) => Some(FileKind::Rules),
        Some(InputFormat::Source) => Some(match FileKind::from_name(&name) {
            Some(FileKind::Topics) => FileKind::Topics,
            _ if FileKind::from_text(&text()?) == Some(FileKind::Topics) => FileKind::Topics,
            _ => FileKind::Guideline,
        }),
        None => match FileKind::from_name(&name) {
            Some(kind) => Some(kind),
            None => FileKind::detect(&name, &text()?),
        },
    };
    let Some(kind) = kind else {
        bail!(
            "cannot tell what kind of catalog file {} is: give it with --input-format \
             (pages, source, json or rules)",
            path.display()
        );
    };
    Ok(kind)
}

/// The OpenAPI rules file of a source-layout root, if it has one: checked with the catalog.
pub(crate) fn rules_beside(root: &Path) -> Option<PathBuf> {
    stylebook_core::layout::RULES_FILES
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
}
