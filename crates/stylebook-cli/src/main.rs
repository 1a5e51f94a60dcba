//! The `stylebook` binary: argument parsing and glue between the filesystem and the crates.
//!
//! Exit codes: 0 success, 1 the catalog has errors (or warnings with `--deny-warnings`), 2 a
//! usage or I/O problem. Diagnostics go to standard error, results to standard output.

mod inputs;
mod render;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use inputs::InputFormat;

const EXAMPLES: &str = "\
Examples:
  stylebook validate data/                       check a source-layout catalog
  stylebook validate site/pages/ --deny-warnings  check pages; warnings fail too
  stylebook validate catalog.json --format json   machine-readable findings";

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
    /// Read inputs as this form instead of guessing from their names.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
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
        Err(e) => {
            let style = render::Style::stderr();
            let _ = writeln!(io::stderr(), "{} {e:#}", style.paint("1;31", "error:"));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "stylebook", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let mut inputs = inputs::load(&args.paths, args.input_format)?;
    let diags = &mut inputs.loaded.diagnostics;
    render::sort(diags);
    match args.format {
        OutputFormat::Human => {
            render::human(
                &mut io::stderr().lock(),
                &inputs.sources,
                diags,
                render::Style::stderr(),
            )?;
        }
        OutputFormat::Json => render::json(&mut io::stdout().lock(), &inputs.sources, diags)?,
    }
    let (errors, warnings) = render::counts(diags);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        return Ok(ExitCode::from(1));
    }
    if args.format == OutputFormat::Human {
        let c = &inputs.loaded.catalog;
        writeln!(
            io::stdout(),
            "ok: {} topics, {} guidelines, {} references in {} files",
            c.topics.len(),
            c.guidelines.len(),
            c.reference_count(),
            inputs.sources.len()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
