//! `stylebook schema`: the JSON Schemas of the files stylebook reads and writes, for editors
//! and other validators. Lists them, prints one, or writes them all into a folder.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use stylebook_core::schema;

use crate::inputs::ReadArgs;
use crate::output;

/// Shown after `stylebook schema --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  stylebook schema                     list the schemas and the files they apply to
  stylebook schema topics              print topics.schema.json
  stylebook schema --out schemas       write every schema and schema-catalog.json into schemas/
  stylebook schema --catalog data/ --out schemas
                                       the same, with data/'s topic ids where a topic is used
  stylebook schema --out schemas --base-url https://example.org/schemas/
                                       a catalog naming the schemas where they are published

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
    /// Enumerate this catalog's topic ids where a topic is used (a guideline's `topics` keys,
    /// a guideline page's `topic_id`, a rule's topics), for editors that complete and check
    /// with the schemas alone: pages, folders of pages, a source-layout root, or catalog JSON
    /// (repeatable). A catalog with errors is refused.
    #[arg(long = "catalog", value_name = "INPUT")]
    catalogs: Vec<PathBuf>,
    /// The https:// URL of the folder the schemas are published in: `schema-catalog.json`
    /// then names each schema by its absolute URL, as SchemaStore's catalog schema asks
    /// (without it, by a URL relative to the catalog, which works offline).
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<String>,
    #[command(flatten)]
    read: ReadArgs,
}

/// Accepts an `https://` URL with a host and no white space.
fn parse_base_url(text: &str) -> Result<String, String> {
    let host = text.strip_prefix("https://").unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || text.chars().any(char::is_whitespace) {
        return Err(format!(
            "`{text}` is not an https:// URL of a folder, such as https://example.org/schemas/"
        ));
    }
    Ok(text.to_owned())
}

/// Runs the command.
pub(crate) fn run(args: &SchemaArgs) -> Result<ExitCode> {
    let mut stdout = io::stdout().lock();
    // The folder is checked (and recovered) before the catalog is read.
    let out = match &args.out {
        Some(dir) => {
            let options = output::Options {
                owner: "schema",
                force: args.force,
                check: false,
            };
            Some((dir, output::OutputDir::open(dir, &args.catalogs, options)?))
        }
        None => None,
    };
    let files = if args.catalogs.is_empty() {
        schema::files_for(None, args.base_url.as_deref())
    } else {
        let Some(inputs) = crate::load_checked(&args.catalogs, &args.read, false)? else {
            eprintln!("no schema was written");
            return Ok(ExitCode::FAILURE);
        };
        schema::files_for(Some(&inputs.loaded.catalog), args.base_url.as_deref())
    };
    if let Some((dir, out)) = out {
        let outcome = out.write(|sink| {
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
