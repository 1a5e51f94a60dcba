//! `stylebook openapi`: annotate an OpenAPI document with `x-guidelines` from a catalog, write
//! the same as an Overlay, or report the API's coverage by the catalog.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use stylebook_core::openapi::{DEFAULT_RULES, Rules, read_rules};
use stylebook_core::{SourceFile, Sources};
use stylebook_export::openapi::{Document, Error, Format, annotate};

use crate::inputs::{self, ReadArgs};
use crate::interrupt::Interrupt;
use crate::output::{self, Written};
use crate::render;

/// Shown after `stylebook openapi --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  stylebook openapi api.yaml --catalog data/ --out api.annotated.yaml
  stylebook openapi api.json --catalog catalog.json > api.annotated.json
  stylebook openapi api.yaml --catalog data/ --out api.json        annotate and convert
  stylebook openapi api.yaml --catalog data/ --overlay --out guidelines.overlay.yaml
  stylebook openapi api.yaml --catalog data/ --report              coverage of the API
  stylebook openapi api.yaml --catalog data/ --rules my-rules.yaml --out api.yaml

The rules say which topics apply to which elements; the built-in ones (data/openapi-rules.yaml
in the repository) use the API Stylebook's topic ids. Exit status: 0 done, 1 the catalog or the
rules have errors, 2 usage or I/O problems, or SPEC is not an OpenAPI document.";

/// The arguments of `stylebook openapi`.
#[derive(Debug, clap::Args)]
pub(crate) struct OpenapiArgs {
    /// The OpenAPI document: Swagger 2.0, OpenAPI 3.0 or 3.1, YAML or JSON; `-` reads
    /// standard input.
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// The catalog: pages, folders of pages, a source-layout root, or catalog JSON (repeatable).
    #[arg(long = "catalog", required = true, value_name = "INPUT")]
    catalogs: Vec<PathBuf>,
    /// A rules file to use instead of the built-in rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Where to write: a file, replaced atomically and only when its contents change, through
    /// a symbolic link to its target (`.json`, `.yaml` or `.yml` picks the format, else the
    /// input's is kept), or `-` for standard output, the default. It may be SPEC itself
    /// (annotating in place), but not with `--overlay`, and never the catalog or the rules.
    #[arg(long, value_name = "FILE|-")]
    out: Option<PathBuf>,
    /// Write an OpenAPI Overlay 1.0 document that adds the annotations, not the document.
    #[arg(long)]
    overlay: bool,
    /// Print the coverage report on standard output; the document (or overlay) is then
    /// written only if `--out` names a file.
    #[arg(long)]
    report: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// Runs the command.
pub(crate) fn run(args: &OpenapiArgs) -> Result<ExitCode> {
    let to_stdout = args.out.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if args.report && args.out.as_ref().is_some_and(|p| p.as_os_str() == "-") {
        bail!("--report prints to standard output: give --out a file for the document");
    }
    let out = match args.out.as_deref().filter(|_| !to_stdout) {
        Some(path) => Some((path, check_out(args, path)?)),
        None => None,
    };
    let spec_name = args.spec.display().to_string();
    let spec_text = read_spec(&args.spec, args.read.max_file_size)?;
    let doc = Document::parse(&spec_text).map_err(|e| spec_error(&spec_name, &spec_text, &e))?;

    let Some(inputs) = crate::load_checked(&args.catalogs, &args.read, false)? else {
        writeln!(io::stderr(), "nothing was written")?;
        return Ok(ExitCode::from(1));
    };
    let Some(rules) = load_rules(args.rules.as_deref(), args.read.max_file_size)? else {
        writeln!(io::stderr(), "nothing was written")?;
        return Ok(ExitCode::from(1));
    };
    let annotation = annotate(&doc, &inputs.loaded.catalog, &rules)?;

    let format = args.out.as_deref().and_then(format_of);
    if !(args.report && to_stdout) {
        let text = if args.overlay {
            annotation.to_overlay(&spec_name, format.unwrap_or(doc.format()))
        } else {
            annotation.to_document(format)?
        };
        match out {
            Some((path, real)) => {
                let interrupt = Interrupt::catch().context("cannot catch Ctrl-C")?;
                let written = output::write_file(path, &real, text.as_bytes(), &interrupt)?;
                writeln!(
                    io::stderr(),
                    "{} {}: {} annotated in {spec_name}",
                    match written {
                        Written::Written => "wrote",
                        Written::Unchanged => "unchanged",
                    },
                    path.display(),
                    plural(annotation.annotated_objects(), "object")
                )?;
            }
            None => io::stdout().lock().write_all(text.as_bytes())?,
        }
    }
    if args.report {
        io::stdout()
            .lock()
            .write_all(annotation.report().as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The output file resolved through symbolic links, after refusing the files it may not be:
/// the catalog, the rules, and the spec when the output is an overlay.
fn check_out(args: &OpenapiArgs, path: &Path) -> Result<PathBuf> {
    let real = output::resolve(path).with_context(|| format!("cannot use {}", path.display()))?;
    if args.overlay && args.spec.as_os_str() != "-" {
        output::refuse_file(
            &real,
            path,
            &[&args.spec],
            "SPEC, which --overlay leaves as it is",
        )?;
    }
    let catalogs: Vec<&Path> = args.catalogs.iter().map(PathBuf::as_path).collect();
    output::refuse_file(&real, path, &catalogs, "the catalog")?;
    if let Some(rules) = &args.rules {
        output::refuse_file(&real, path, &[rules], "the rules file")?;
    }
    Ok(real)
}

fn read_spec(path: &Path, limit: u64) -> Result<String> {
    let bytes = inputs::read_file(path, limit)?;
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", path.display()))
}

/// The error for a document that cannot be annotated, located when it is a syntax error.
fn spec_error(name: &str, text: &str, error: &Error) -> anyhow::Error {
    match error {
        Error::Syntax { offset, .. } => {
            let (line, col) =
                SourceFile::new(name, text.get(..*offset).unwrap_or(text)).line_col(*offset);
            anyhow::anyhow!("{name}:{line}:{col}: {error}")
        }
        _ => anyhow::anyhow!("{name}: {error}"),
    }
}

/// The rules from `path`, or the built-in ones; `None` after printing their errors.
fn load_rules(path: Option<&Path>, limit: u64) -> Result<Option<Rules>> {
    let (name, text) = match path {
        Some(path) => (
            path.display().to_string(),
            String::from_utf8(inputs::read_file(path, limit)?)
                .with_context(|| format!("{} is not UTF-8 text", path.display()))?,
        ),
        None => (
            "openapi-rules.yaml (built in)".to_owned(),
            DEFAULT_RULES.to_owned(),
        ),
    };
    let mut sources = Sources::new();
    let file = sources.add(name, text);
    let (rules, mut diags) = read_rules(file, &sources.get(file).text);
    render::sort(&mut diags);
    render::human(
        &mut io::stderr().lock(),
        &sources,
        &diags,
        render::Style::stderr(),
        "the rules file",
    )?;
    let (errors, _) = render::counts(&diags);
    Ok((errors == 0).then_some(rules))
}

/// The format an output file name asks for.
fn format_of(path: &Path) -> Option<Format> {
    match path
        .extension()?
        .to_string_lossy()
        .to_ascii_lowercase()
        .as_str()
    {
        "json" => Some(Format::Json),
        "yaml" | "yml" => Some(Format::Yaml),
        _ => None,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
