//! `stylebook schema`: the JSON Schemas of the files stylebook reads and writes, for editors
//! and other validators. Lists them, prints one, or writes them all into a folder.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use stylebook_core::schema;

use crate::output;

/// Shown after `stylebook schema --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  stylebook schema                     list the schemas and the files they apply to
  stylebook schema topics              print topics.schema.json
  stylebook schema --out schemas       write every schema and schema-catalog.json into schemas/

The schemas are draft-07, which editors' YAML support reads: put
`# yaml-language-server: $schema=<path to topics.schema.json>` at the top of topics.yaml.";

/// The arguments of `stylebook schema`.
#[derive(Debug, clap::Args)]
pub(crate) struct SchemaArgs {
    /// Print this schema (`topics`, `guideline`, `topic-page`, `guideline-page`, `catalog`,
    /// `openapi-rules`, `x-guidelines`, with or without `.schema.json`).
    #[arg(value_name = "NAME", conflicts_with = "out")]
    name: Option<String>,
    /// Write every schema, and `schema-catalog.json`, into this folder, all at once; as with
    /// `export`, only files stylebook wrote there are ever replaced or removed.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// With `--out`: write into a folder that holds files stylebook did not write, overwriting
    /// those of the same names (nothing is removed).
    #[arg(long, requires = "out")]
    force: bool,
}

/// Runs the command.
pub(crate) fn run(args: &SchemaArgs) -> Result<ExitCode> {
    let files = schema::files();
    let mut stdout = io::stdout().lock();
    if let Some(dir) = &args.out {
        let options = output::Options {
            owner: "schema",
            force: args.force,
            check: false,
        };
        let outcome = output::OutputDir::open(dir, &[], options)?.write(|sink| {
            files
                .iter()
                .try_for_each(|(name, text)| sink.put(name.clone(), text.clone().into_bytes()))
        })?;
        let written = outcome.added.len() + outcome.changed.len();
        writeln!(
            stdout,
            "wrote {written} of {} files to {}",
            outcome.files,
            dir.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(name) = &args.name {
        let wanted = format!("{}.schema.json", name.trim_end_matches(".schema.json"));
        let Some((_, text)) = files.iter().find(|(n, _)| *n == wanted) else {
            let names: Vec<&str> = schema::all().iter().map(|(n, _)| *n).collect();
            bail!("no schema `{name}`: the schemas are {}", names.join(", "));
        };
        stdout.write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    for (name, schema) in schema::all() {
        let title = schema
            .get("title")
            .and_then(|t| t.as_str())
            .unwrap_or_default();
        let globs = schema::file_match(name);
        let applies = if globs.is_empty() {
            String::new()
        } else {
            format!(" ({})", globs.join(", "))
        };
        writeln!(stdout, "{name:<28}{title}{applies}")?;
    }
    Ok(ExitCode::SUCCESS)
}
