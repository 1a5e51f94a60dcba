//! `stylebook openapi`: annotate an OpenAPI document with `x-guidelines` from a catalog, write
//! the same as an Overlay, or report the API's coverage by the catalog.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use stylebook_core::openapi::{DEFAULT_RULES, Rules, read_rules};
use stylebook_core::{SourceFile, Sources};
use stylebook_export::openapi::{Document, Error, Format, annotate};

use crate::inputs::InputFormat;
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
    /// Where to write: a file, replaced atomically (`.json`, `.yaml` or `.yml` picks the
    /// format, else the input's is kept), or `-` for standard output, the default.
    #[arg(long, value_name = "FILE|-")]
    out: Option<PathBuf>,
    /// Write an OpenAPI Overlay 1.0 document that adds the annotations, not the document.
    #[arg(long)]
    overlay: bool,
    /// Print the coverage report on standard output; the document (or overlay) is then
    /// written only if `--out` names a file.
    #[arg(long)]
    report: bool,
    /// Read catalog inputs as this form instead of telling it from their names and content.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
}

/// Runs the command.
pub(crate) fn run(args: &OpenapiArgs) -> Result<ExitCode> {
    let to_stdout = args.out.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if args.report && args.out.as_ref().is_some_and(|p| p.as_os_str() == "-") {
        bail!("--report prints to standard output: give --out a file for the document");
    }
    let spec_name = args.spec.display().to_string();
    let spec_text = read_spec(&args.spec)?;
    let doc = Document::parse(&spec_text).map_err(|e| spec_error(&spec_name, &spec_text, &e))?;

    let Some(inputs) = crate::load_checked(&args.catalogs, args.input_format, false)? else {
        writeln!(io::stderr(), "nothing was written")?;
        return Ok(ExitCode::from(1));
    };
    let Some(rules) = load_rules(args.rules.as_deref())? else {
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
        match args.out.as_deref().filter(|_| !to_stdout) {
            Some(path) => {
                write_atomically(path, text.as_bytes())?;
                writeln!(
                    io::stderr(),
                    "wrote {}: {} annotated in {spec_name}",
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

fn read_spec(path: &Path) -> Result<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        bytes
    } else {
        fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
    };
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
fn load_rules(path: Option<&Path>) -> Result<Option<Rules>> {
    let (name, text) = match path {
        Some(path) => (
            path.display().to_string(),
            fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
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

/// Writes a temporary file beside `path`, then renames it into place. The file gets the
/// permissions of the one it replaces, or those of a new file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".stylebook-");
    match fs::metadata(path) {
        Ok(meta) => {
            builder.permissions(meta.permissions());
        }
        Err(_) => {
            // Temporary files are private; a new output file is not (the umask applies).
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        }
    }
    let mut file = builder
        .tempfile_in(&parent)
        .with_context(|| format!("cannot create a temporary file in {}", parent.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
