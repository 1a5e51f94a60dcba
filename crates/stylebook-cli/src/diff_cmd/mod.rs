//! `stylebook diff`: what changed between two versions of a catalog, as text for a person, one
//! JSON document for tools, or Markdown for a pull-request comment.
//!
//! Each side is read and checked as `validate` reads it; a side with errors is reported and
//! nothing is compared. With `--git REV`, the old side is the same path at a git revision
//! (`git.rs`). The comparison itself is `stylebook_core::diff`.

mod git;
mod human;
mod markdown;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::Value;
use stylebook_core::diff::CatalogDiff;
use stylebook_core::{Catalog, Sources};

use crate::inputs::{self, ReadArgs};
use crate::render;

/// Shown after `stylebook diff --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  stylebook diff old/data data                       what changed, summary first
  stylebook diff --git HEAD data                     data/ against its last commit
  stylebook diff --git main data --format markdown   a pull-request comment
  stylebook diff a.json b.json --format json         one JSON document for tools
  stylebook diff --exit-code --git HEAD data         exit 1 when data/ has changed

A topic id that disappears while exactly one new id has the same name and the same
references (the same guidelines citing the same URLs) is shown as a probable rename.
References are matched within a guideline and a topic by URL first, then by name.";

/// The arguments of `stylebook diff`.
#[derive(Debug, clap::Args)]
#[command(override_usage = "stylebook diff [OPTIONS] OLD NEW\n       \
                            stylebook diff [OPTIONS] --git REV PATH")]
pub(crate) struct DiffArgs {
    /// OLD and NEW: pages, folders of pages, source-layout roots or catalog JSON files. With
    /// `--git`, one PATH of a git working tree.
    #[arg(required = true, num_args = 1..=2, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Compare PATH with the same path at this git revision (a commit, branch or tag).
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Exit 1 when the catalogs differ, 0 when they do not (as `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// A summary, then the details; coloured on a terminal.
    Human,
    /// One JSON document.
    Json,
    /// A summary table, then collapsible details, for a pull-request comment.
    Markdown,
}

/// Runs the command.
pub(crate) fn run(args: &DiffArgs) -> Result<ExitCode> {
    let (old, new) = match (&args.git, args.paths.as_slice()) {
        (None, [old, new]) => (
            load(old, &args.read, "the old catalog", None)?,
            load(new, &args.read, "the new catalog", None)?,
        ),
        (Some(rev), [path]) => {
            let snapshot = git::snapshot(rev, path, args.read.max_file_size)?;
            match snapshot.skipped {
                0 => {}
                1 => note(&format!(
                    "did not read 1 symbolic link or submodule at {rev}"
                )),
                n => note(&format!(
                    "did not read {n} symbolic links or submodules at {rev}"
                )),
            }
            let subject = format!("the catalog at {rev}");
            (
                load(&snapshot.path(), &args.read, &subject, Some(&snapshot))?,
                load(path, &args.read, "the working catalog", None)?,
            )
        }
        (None, _) => bail!("give two catalogs to compare: stylebook diff OLD NEW"),
        (Some(_), _) => {
            bail!(
                "--git takes one catalog, compared with its version at REV: stylebook diff --git REV PATH"
            )
        }
    };
    let (Some(old), Some(new)) = (old, new) else {
        return Ok(ExitCode::from(1));
    };
    let changes = CatalogDiff::between(&old, &new);
    let code = if args.exit_code && !changes.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let written = match args.format {
        DiffFormat::Human => {
            let style = render::Style::detect(io::stdout().is_terminal());
            stdout.write_all(human::render(&changes, &old, &new, style).as_bytes())
        }
        // Streamed: a diff of large catalogs is a large document.
        DiffFormat::Json => serde_json::to_writer_pretty(&mut stdout, &changes)
            .map_err(io::Error::from)
            .and_then(|()| stdout.write_all(b"\n")),
        DiffFormat::Markdown => stdout.write_all(markdown::render(&changes, &old, &new).as_bytes()),
    };
    match written.and_then(|()| stdout.flush()) {
        // Piped into `head`: what was wanted has been read.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(code),
        other => Ok(other.map(|()| code)?),
    }
}

fn note(text: &str) {
    let _ = writeln!(io::stderr(), "note: {text}");
}

/// Reads one side and checks it as `validate` does. When it has errors, prints every
/// diagnostic about `subject` and returns `None`; warnings alone are counted in a note (they
/// are not what a diff is asked for). Files of a git snapshot are named `REV:path`.
fn load(
    path: &Path,
    read: &ReadArgs,
    subject: &str,
    snapshot: Option<&git::Snapshot>,
) -> Result<Option<Catalog>> {
    let mut inputs = inputs::load(&[path.to_path_buf()], read)?;
    let diags = &mut inputs.loaded.diagnostics;
    let (errors, warnings) = render::counts(diags);
    if errors == 0 {
        if warnings > 0 {
            note(&format!(
                "{subject} has {} (`stylebook validate` shows them)",
                render::plural(warnings, "warning")
            ));
        }
        return Ok(Some(inputs.loaded.catalog));
    }
    let sources = match snapshot {
        Some(snapshot) => {
            let mut named = Sources::new();
            for (_, file) in inputs.sources.iter() {
                named.add(snapshot.label(&file.name), file.text.clone());
            }
            named
        }
        None => inputs.sources,
    };
    render::sort(diags);
    render::human(
        &mut io::stderr().lock(),
        &sources,
        diags,
        render::Style::stderr(),
        subject,
    )?;
    Ok(None)
}

/// The counts of one kind of item, for the summaries.
struct Row {
    what: &'static str,
    old: usize,
    new: usize,
    added: usize,
    removed: usize,
    /// `None` where renames are not detected.
    renamed: Option<usize>,
    changed: usize,
}

fn rows(d: &CatalogDiff) -> [Row; 3] {
    [
        Row {
            what: "topics",
            old: d.old.topics,
            new: d.new.topics,
            added: d.topics.added.len(),
            removed: d.topics.removed.len(),
            renamed: Some(d.topics.renamed.len()),
            changed: d.topics.changed.len(),
        },
        Row {
            what: "guidelines",
            old: d.old.guidelines,
            new: d.new.guidelines,
            added: d.guidelines.added.len(),
            removed: d.guidelines.removed.len(),
            renamed: None,
            changed: d.guidelines.changed.len(),
        },
        Row {
            what: "references",
            old: d.old.references,
            new: d.new.references,
            added: d.references.added.len(),
            removed: d.references.removed.len(),
            renamed: None,
            changed: d.references.changed.len(),
        },
    ]
}

/// `coverage changed for 3 guidelines and 12 topics`, or `None` when it did not.
fn coverage_line(d: &CatalogDiff) -> Option<String> {
    let (g, t) = (d.coverage.guidelines.len(), d.coverage.topics.len());
    let parts: Vec<String> = [(g, "guideline"), (t, "topic")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| render::plural(n, what))
        .collect();
    (!parts.is_empty()).then(|| format!("coverage changed for {}", parts.join(" and ")))
}

/// `"text"` as JSON writes it (so that line breaks show), `(none)` for null, lists as JSON.
fn value(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_owned(),
        other => other.to_string(),
    }
}

/// `Name` of a topic or guideline for the detail lines: a topic's name, a guideline's title.
fn topic_name<'a>(catalog: &'a Catalog, id: &str) -> &'a str {
    catalog.topic(id).map_or("", |t| t.name.as_str())
}

fn guideline_title<'a>(catalog: &'a Catalog, id: &str) -> &'a str {
    catalog.guideline(id).map_or("", |g| g.title.as_str())
}
