//! The `stylebook` binary: argument parsing and glue between the filesystem and the crates.
//!
//! Exit codes: 0 success, 1 the catalog has errors (or warnings with `--deny-warnings`), 2 a
//! usage or I/O problem. Diagnostics go to standard error, results to standard output.

mod coverage;
mod diff_cmd;
mod inputs;
mod interrupt;
mod kind;
mod links_cmd;
mod lsp_cmd;
mod openapi_cmd;
mod output;
mod render;
mod schema_cmd;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use inputs::ReadArgs;

const EXAMPLES: &str = "\
Examples:
  stylebook validate data/                        check a source-layout catalog
  stylebook validate site/pages/ --deny-warnings  check pages; warnings fail too
  stylebook validate catalog.json --format json   machine-readable findings
  stylebook export --to all --out dist data/      every format into dist/
  stylebook export --to pages --out site pages/   pages from pages (or any form)
  stylebook coverage data/                        who covers what, as a table";

const EXPORT_EXAMPLES: &str = "\
Examples:
  stylebook export --to api --out public data/
  stylebook export --to csv --out reports data/ --raw-csv
  stylebook export --to all --out dist --base-url https://example.org data/
  stylebook export --to all --out dist --check data/     is dist/ up to date?

The output folder is stylebook's: it records what it wrote in DIR/.stylebook/manifest.json.
A re-export replaces and removes only files of that record, and writes only files whose
contents changed; files that stylebook did not write are never removed, and never
overwritten without --force. A folder that holds other files and no record is refused
without --force. The export is all or nothing: a failure or Ctrl-C leaves the previous
output as it was.

Formats:
  json    catalog.json, the normalized catalog
  yaml    catalog.yaml, the same in YAML
  api     design/: the static HAL API tree, in JSON and YAML
  pages   design/: topic and guideline pages (Markdown with YAML front matter)
  source  topics.yaml and guidelines/<id>.yaml
  csv     references.csv, coverage.csv, categories.csv
  xlsx    catalog.xlsx, a workbook: coverage heat map, categories, references,
          guidelines, topics
  all     catalog.json, catalog.yaml, catalog.xlsx, and api/, pages/, source/, csv/";

/// Read, check and export catalogs of API design guidelines.
#[derive(Debug, Parser)]
#[command(name = "stylebook", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check catalog files and report every problem with its file, line and column.
    #[command(after_help = EXAMPLES)]
    Validate(ValidateArgs),
    /// Write the catalog in another form; nothing is written when it has errors.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Annotate an OpenAPI document with `x-guidelines`, write it as an Overlay, or report
    /// the API's coverage by the catalog.
    #[command(after_help = openapi_cmd::EXAMPLES)]
    Openapi(openapi_cmd::OpenapiArgs),
    /// List the JSON Schemas of stylebook's files, print one, or write them all.
    #[command(after_help = schema_cmd::EXAMPLES)]
    Schema(schema_cmd::SchemaArgs),
    /// Check every URL of the catalog over HTTP: dead, moved, and missing anchors.
    #[command(after_help = links_cmd::EXAMPLES)]
    Links(links_cmd::LinksArgs),
    /// Show what changed between two versions of a catalog.
    #[command(after_help = diff_cmd::EXAMPLES)]
    Diff(diff_cmd::DiffArgs),
    /// Run the language server (over stdio) that checks catalog files as you type.
    #[command(after_help = lsp_cmd::EXAMPLES)]
    Lsp(lsp_cmd::LspArgs),
    /// Show which guidelines cover which topics, as a table.
    Coverage {
        /// Pages, folders of pages, source-layout roots, or catalog JSON files.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  stylebook completions bash > /etc/bash_completion.d/stylebook"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Pages, folders of pages, source-layout roots, or catalog JSON files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// The format to write.
    #[arg(long, value_enum)]
    to: ExportFormat,
    /// The output folder: stylebook replaces or removes only files it wrote there itself,
    /// all at once.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Write into a folder that holds files stylebook did not write, overwriting those of the
    /// same names (nothing is removed).
    #[arg(long)]
    force: bool,
    /// Write nothing: compare the output folder with what the export would write, and exit 1
    /// when they differ.
    #[arg(long, conflicts_with = "force")]
    check: bool,
    /// Prefix for the hrefs of the API tree and the pages.
    #[arg(long, value_name = "URL", default_value = "")]
    base_url: String,
    /// Write CSV cells as they are, without neutralizing formula-like text.
    #[arg(long)]
    raw_csv: bool,
    /// Start CSV files with a UTF-8 byte-order mark, which Excel needs to read them as UTF-8.
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    csv_bom: bool,
    /// Refuse to export when there are warnings too.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    read: ReadArgs,
    /// Pages, folders of pages, source-layout roots, or catalog JSON files.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// catalog.json.
    Json,
    /// catalog.yaml.
    Yaml,
    /// The HAL API tree.
    Api,
    /// Topic and guideline pages.
    Pages,
    /// The source layout.
    Source,
    /// CSV reports.
    Csv,
    /// The workbook.
    Xlsx,
    /// Everything.
    All,
}

impl From<ExportFormat> for stylebook_export::Format {
    fn from(f: ExportFormat) -> Self {
        use stylebook_export::Format;
        match f {
            ExportFormat::Json => Format::Json,
            ExportFormat::Yaml => Format::Yaml,
            ExportFormat::Api => Format::Api,
            ExportFormat::Pages => Format::Pages,
            ExportFormat::Source => Format::Source,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Xlsx => Format::Xlsx,
            ExportFormat::All => Format::All,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// rustc-style text on standard error.
    Human,
    /// One JSON document on standard output.
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        // The reader of the output went away (`stylebook coverage data | head -1`): what it
        // wanted it has, as ripgrep treats it.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let style = render::Style::stderr();
            let _ = writeln!(io::stderr(), "{} {e:#}", style.paint("1;31", "error:"));
            if e.downcast_ref::<output::Interrupted>().is_some() {
                ExitCode::from(130)
            } else {
                ExitCode::from(2)
            }
        }
    }
}

/// Whether `error` comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate(&args),
        Command::Export(args) => export(&args),
        Command::Openapi(args) => openapi_cmd::run(&args),
        Command::Schema(args) => schema_cmd::run(&args),
        Command::Links(args) => links_cmd::run(&args),
        Command::Diff(args) => diff_cmd::run(&args),
        Command::Lsp(args) => lsp_cmd::run(&args),
        Command::Coverage { inputs, read } => {
            let Some(inputs) = load_checked(&inputs, &read, false)? else {
                return Ok(ExitCode::from(1));
            };
            let table = coverage::table(
                &inputs.loaded.catalog,
                render::Style::detect(io::IsTerminal::is_terminal(&io::stdout())),
            );
            io::stdout().write_all(table.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "stylebook", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let (inputs, usable) = check_inputs(&args.paths, &args.read, args.deny_warnings, args.format)?;
    if !usable {
        return Ok(ExitCode::from(1));
    }
    if args.format == OutputFormat::Human {
        writeln!(
            io::stdout(),
            "ok: {} in {}",
            summary(&inputs.loaded.catalog),
            render::plural(inputs.sources.len(), "file")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the inputs and prints their diagnostics as text; `None` when the catalog may not be
/// used.
pub(crate) fn load_checked(
    paths: &[PathBuf],
    read: &ReadArgs,
    deny_warnings: bool,
) -> Result<Option<inputs::Inputs>> {
    let (inputs, usable) = check_inputs(paths, read, deny_warnings, OutputFormat::Human)?;
    Ok(usable.then_some(inputs))
}

/// Loads the inputs, checks them (the readers' checks and the JSON Schemas), and prints the
/// diagnostics in `format`. The flag says whether the catalog may be used: no errors, and no
/// warnings either with `deny_warnings`.
fn check_inputs(
    paths: &[PathBuf],
    read: &ReadArgs,
    deny_warnings: bool,
    format: OutputFormat,
) -> Result<(inputs::Inputs, bool)> {
    let mut inputs = inputs::load(paths, read)?;
    let diags = &mut inputs.loaded.diagnostics;
    render::sort(diags);
    match format {
        OutputFormat::Human => render::human(
            &mut io::stderr().lock(),
            &inputs.sources,
            diags,
            render::Style::stderr(),
            "the catalog",
        )?,
        OutputFormat::Json => render::json(&mut io::stdout().lock(), &inputs.sources, diags)?,
    }
    let (errors, warnings) = render::counts(diags);
    let usable = errors == 0 && !(deny_warnings && warnings > 0);
    Ok((inputs, usable))
}

fn export(args: &ExportArgs) -> Result<ExitCode> {
    // Before anything else: a previous run killed half-way is completed or rolled back.
    let out = output::OutputDir::open(
        &args.out,
        &args.inputs,
        output::Options {
            owner: stylebook_export::Format::from(args.to).name(),
            force: args.force,
            check: args.check,
        },
    )?;
    let Some(inputs) = load_checked(&args.inputs, &args.read, args.deny_warnings)? else {
        let _ = writeln!(
            io::stderr(),
            "nothing was written to {}",
            args.out.display()
        );
        return Ok(ExitCode::from(1));
    };
    let options = stylebook_export::Options {
        base_url: args.base_url.clone(),
        raw_csv: args.raw_csv,
        csv_bom: args.csv_bom,
    };
    let catalog = &inputs.loaded.catalog;
    let outcome =
        out.write(|sink| stylebook_export::export(catalog, args.to.into(), &options, sink))?;
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    for kept in &outcome.kept {
        writeln!(
            stderr,
            "warning: left {kept} in {}: the export no longer writes it, and it changed since \
             stylebook wrote it",
            args.out.display()
        )?;
    }
    if args.check {
        return report_check(&mut stdout, &args.out, &outcome);
    }
    let written = outcome.added.len() + outcome.changed.len();
    let what = if written == outcome.files && outcome.removed.is_empty() {
        format!("wrote {}", render::plural(outcome.files, "file"))
    } else if written == 0 && outcome.removed.is_empty() {
        writeln!(
            stdout,
            "{} is up to date: {} unchanged ({})",
            args.out.display(),
            render::plural(outcome.files, "file"),
            summary(catalog)
        )?;
        return Ok(ExitCode::SUCCESS);
    } else {
        let mut what = format!("wrote {written} of {} files", outcome.files);
        if !outcome.removed.is_empty() {
            what.push_str(&format!(
                ", removed {}",
                render::plural(outcome.removed.len(), "file")
            ));
        }
        what
    };
    writeln!(
        stdout,
        "{what} to {} ({})",
        args.out.display(),
        summary(catalog)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Prints what `export --check` found: exit 0 when the folder is up to date, 1 when not.
fn report_check(
    out: &mut impl Write,
    dir: &std::path::Path,
    outcome: &output::Outcome,
) -> Result<ExitCode> {
    let lists = [
        ("new", &outcome.added),
        ("changed", &outcome.changed),
        ("removed", &outcome.removed),
    ];
    let differences: usize = lists.iter().map(|(_, l)| l.len()).sum();
    if differences == 0 {
        writeln!(
            out,
            "{} is up to date: {}",
            dir.display(),
            render::plural(outcome.files, "file")
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} is out of date: {} would change ({} new, {} changed, {} removed)",
        dir.display(),
        render::plural(differences, "file"),
        outcome.added.len(),
        outcome.changed.len(),
        outcome.removed.len()
    )?;
    const SHOWN: usize = 20;
    for (label, list) in lists {
        for path in list.iter().take(SHOWN) {
            writeln!(out, "  {label:<8} {path}")?;
        }
        if list.len() > SHOWN {
            writeln!(out, "  {label:<8} ... and {} more", list.len() - SHOWN)?;
        }
    }
    Ok(ExitCode::from(1))
}

/// `97 topics, 9 guidelines, 774 references`.
fn summary(catalog: &stylebook_core::Catalog) -> String {
    format!(
        "{}, {}, {}",
        render::plural(catalog.topics().len(), "topic"),
        render::plural(catalog.guidelines().len(), "guideline"),
        render::plural(catalog.reference_count(), "reference")
    )
}
