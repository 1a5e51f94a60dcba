//! `stylebook openapi`: annotate an OpenAPI description with `x-guidelines` from a catalog,
//! write the same as an Overlay, or report the API's coverage by the catalog.
//!
//! A description whose `$ref`s reach other files is read file by file (relative paths only,
//! URLs are not fetched) and written as a set into an output folder, owned and committed all
//! at once as `export` writes its folders.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use stylebook_core::openapi::{DEFAULT_RULES, Rules};
use stylebook_core::read_rules;
use stylebook_core::{SourceFile, Sources};
use stylebook_export::openapi::{Description, Document, Error, Layout, Syntax, annotate};

use crate::inputs::{self, ReadArgs};
use crate::interrupt::Interrupt;
use crate::output::{self, OutputDir, Written};
use crate::render;

/// Shown after `stylebook openapi --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  stylebook openapi api.yaml --catalog data/ --out api.annotated.yaml
  stylebook openapi api.json --catalog catalog.json > api.annotated.json
  stylebook openapi api.yaml --catalog data/ --out api.json        annotate and convert
  stylebook openapi api/openapi.yaml --catalog data/ --out annotated/   a description in
                                                                   several files
  stylebook openapi api.yaml --catalog data/ --full --out api.annotated.yaml
  stylebook openapi api.yaml --catalog data/ --overlay --out guidelines.overlay.yaml
  stylebook openapi api.yaml --catalog data/ --report              coverage of the API
  stylebook openapi api.yaml --catalog data/ --rules my-rules.yaml --out api.yaml

The rules say which topics apply to which elements; the built-in ones (openapi-rules.yaml in
the core crate's openapi module) use the API Stylebook's topic ids. A $ref that cannot be followed is a
warning (unresolved-ref). Exit status: 0 done, 1 the catalog or the rules have errors (or,
with --deny-warnings, the description has warnings), 2 usage or I/O problems, or SPEC is not
an OpenAPI document.";

/// The arguments of `stylebook openapi`.
#[derive(Debug, clap::Args)]
pub(crate) struct OpenapiArgs {
    /// The OpenAPI description: Swagger 2.0, OpenAPI 3.0 or 3.1, YAML or JSON; `-` reads
    /// standard input. Files its `$ref`s name by relative paths are read too.
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// The catalog: pages, folders of pages, a source-layout root, or catalog JSON (repeatable).
    #[arg(long = "catalog", required = true, value_name = "INPUT")]
    catalogs: Vec<PathBuf>,
    /// A rules file to use instead of the built-in rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Where to write. A file is replaced atomically and only when its contents change,
    /// through a symbolic link to its target (`.json`, `.yaml` or `.yml` picks the format,
    /// else the input's is kept); it may be SPEC itself (annotating in place), but not with
    /// `--overlay`, and never the catalog or the rules. A folder (one that exists, or any
    /// `--out` for a description spread over several files) receives every file of the
    /// description in its layout, all at once, and is owned as `export` owns its folders.
    /// `-` is standard output, the default.
    #[arg(long, value_name = "FILE|DIR|-")]
    out: Option<PathBuf>,
    /// Write an OpenAPI Overlay 1.0 document that adds the annotations, not the document
    /// (for a description in one file only).
    #[arg(long)]
    overlay: bool,
    /// Write each topic with all its references on every element it applies to, instead of
    /// once at the root with only ids on the elements.
    #[arg(long, conflicts_with = "compact")]
    full: bool,
    /// Write each topic with its references once, under the root's `x-guidelines`, and only
    /// topic ids on the elements (the default).
    #[arg(long)]
    compact: bool,
    /// Print the coverage report on standard output; the document (or overlay) is then
    /// written only if `--out` names a file or folder.
    #[arg(long)]
    report: bool,
    /// Write nothing, and exit 1, when a `$ref` cannot be followed.
    #[arg(long)]
    deny_warnings: bool,
    /// With a folder `--out`: write into a folder that holds files stylebook did not write,
    /// overwriting those of the same names (nothing is removed).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// Where the result goes.
enum Target {
    Stdout,
    File(PathBuf, PathBuf),
    Folder(PathBuf, OutputDir),
}

/// Runs the command.
pub(crate) fn run(args: &OpenapiArgs) -> Result<ExitCode> {
    let to_stdout = args.out.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if args.report && args.out.as_ref().is_some_and(|p| p.as_os_str() == "-") {
        bail!("--report prints to standard output: give --out a file for the document");
    }
    let from_stdin = args.spec.as_os_str() == "-";
    let spec_name = args.spec.display().to_string();
    let description = load_description(args)?;
    let several = description.len() > 1;
    if args.overlay && several {
        bail!(
            "{spec_name}: {}",
            Error::OverlayOfSeveralFiles(description.len())
        );
    }
    let folder = args
        .out
        .as_deref()
        .filter(|_| !to_stdout)
        .is_some_and(|out| several || out.is_dir());
    if folder && args.overlay {
        bail!("--overlay writes one file: give --out a file name");
    }
    let target = match args.out.as_deref().filter(|_| !to_stdout) {
        None if several && !args.report => bail!(
            "{spec_name} refers to {}: give --out a folder to write the annotated set into",
            render::plural(description.len() - 1, "other file")
        ),
        None => Target::Stdout,
        Some(out) if folder => {
            let mut inputs = vec![if several {
                spec_folder(&args.spec)
            } else {
                args.spec.clone()
            }];
            inputs.extend(args.catalogs.iter().cloned());
            inputs.extend(args.rules.iter().cloned());
            let dir = OutputDir::open(
                out,
                &inputs,
                output::Options {
                    owner: "openapi",
                    force: args.force,
                    check: false,
                },
            )?;
            Target::Folder(out.to_path_buf(), dir)
        }
        Some(out) => Target::File(out.to_path_buf(), check_out(args, out)?),
    };

    let Some(inputs) = crate::load_checked(&args.catalogs, &args.read, false)? else {
        writeln!(io::stderr(), "nothing was written")?;
        return Ok(ExitCode::from(1));
    };
    let Some(rules) = load_rules(args.rules.as_deref(), args.read.max_file_size)? else {
        writeln!(io::stderr(), "nothing was written")?;
        return Ok(ExitCode::from(1));
    };
    let layout = if args.full {
        Layout::Full
    } else {
        Layout::Compact
    };
    let annotation = annotate(&description, &inputs.loaded.catalog, &rules, layout)?;
    if !annotation.warnings().is_empty() {
        let mut sources = description.sources().clone();
        for (index, (id, name, _)) in description.files().enumerate() {
            sources.rename(id, shown_name(&args.spec, index, name));
        }
        let mut warnings = annotation.warnings().to_vec();
        render::sort(&mut warnings);
        render::human(
            &mut io::stderr().lock(),
            &sources,
            &warnings,
            render::Style::stderr(),
            "the description",
        )?;
        if args.deny_warnings {
            writeln!(io::stderr(), "nothing was written")?;
            return Ok(ExitCode::from(1));
        }
    }

    let format = match &target {
        Target::File(path, _) => format_of(path),
        _ => None,
    };
    let objects = render::plural(annotation.annotated_objects(), "object");
    match target {
        Target::Stdout if args.report => {}
        Target::Stdout | Target::File(..) => {
            let text = if args.overlay {
                let extends = match &target {
                    _ if from_stdin => None,
                    Target::File(path, _) => Some(overlay_extends(&args.spec, Some(path))?),
                    _ => Some(overlay_extends(&args.spec, None)?),
                };
                annotation.to_overlay(
                    extends.as_deref(),
                    format.unwrap_or(description.root().format()),
                )?
            } else {
                annotation.to_document(format)?
            };
            match target {
                Target::File(path, real) => {
                    let interrupt = Interrupt::catch().context("cannot catch Ctrl-C")?;
                    let written = output::write_file(&path, &real, text.as_bytes(), &interrupt)?;
                    writeln!(
                        io::stderr(),
                        "{} {}: {objects} annotated in {spec_name}",
                        match written {
                            Written::Written => "wrote",
                            Written::Unchanged => "unchanged",
                        },
                        path.display(),
                    )?;
                }
                _ => io::stdout().lock().write_all(text.as_bytes())?,
            }
        }
        Target::Folder(out, dir) => {
            let files = annotation.to_documents()?;
            let names = layout_names(
                &args.spec,
                &files.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            )?;
            let outcome = dir.write(|sink| {
                for ((_, text), name) in files.iter().zip(&names) {
                    sink.put(name.clone(), text.clone().into_bytes())?;
                }
                Ok(())
            })?;
            let changed = outcome.added.len() + outcome.changed.len();
            let what = match files.len() {
                1 => format!("{objects} annotated in {spec_name}"),
                n => format!(
                    "{objects} annotated in {spec_name} and the {} it refers to",
                    render::plural(n - 1, "file")
                ),
            };
            if changed == 0 && outcome.removed.is_empty() {
                writeln!(io::stderr(), "{} is up to date: {what}", out.display())?;
            } else {
                writeln!(
                    io::stderr(),
                    "wrote {} to {}: {what}",
                    render::plural(changed, "file"),
                    out.display()
                )?;
            }
        }
    }
    if args.report {
        io::stdout()
            .lock()
            .write_all(annotation.report().as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads and parses the root document and every file its `$ref`s name by a relative path,
/// following the references of each file read. A file that cannot be read is recorded as
/// such (its references are then warnings); one that does not parse stops the run.
fn load_description(args: &OpenapiArgs) -> Result<Description<'static>> {
    let name = args.spec.display().to_string();
    let text = read_spec(&args.spec, args.read.max_file_size)?;
    let root = Document::parse(&text)
        .map_err(|e| spec_error(&name, &text, &e))?
        .into_owned();
    let mut description = Description::new(name, root);
    let stdin = args.spec.as_os_str() == "-";
    while let Some(wanted) = description.next_wanted() {
        if stdin {
            description.unreadable(
                wanted,
                "SPEC is read from standard input, so no file is looked for beside it",
            );
            continue;
        }
        let path = beside(&args.spec, &wanted);
        let shown = path.display().to_string();
        if !path.is_file() {
            let why = if path.exists() {
                format!("{shown} is not a file")
            } else {
                format!("there is no {shown}")
            };
            description.unreadable(wanted, why);
            continue;
        }
        let text = match read_spec(&path, args.read.max_file_size) {
            Ok(text) => text,
            Err(e) => {
                description.unreadable(wanted, format!("{e:#}"));
                continue;
            }
        };
        let doc = Document::parse_part(&text)
            .map_err(|e| spec_error(&shown, &text, &e))?
            .into_owned();
        description.add(wanted, doc);
    }
    Ok(description)
}

/// The folder of SPEC, where the files of the description are looked for.
fn spec_folder(spec: &Path) -> PathBuf {
    match spec.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The file `name` of the description (relative to SPEC's folder), as a path from the working
/// folder.
fn beside(spec: &Path, name: &str) -> PathBuf {
    match spec.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(name),
        _ => PathBuf::from(name),
    }
}

/// A file of the description as messages show it: SPEC as typed, the others beside it.
fn shown_name(spec: &Path, index: usize, name: &str) -> String {
    if index == 0 {
        spec.display().to_string()
    } else {
        beside(spec, name).display().to_string()
    }
}

/// Where each file of the description goes in the output folder: the same layout, from the
/// highest folder any of them is in (SPEC's, unless a `$ref` reaches above it).
fn layout_names(spec: &Path, names: &[&str]) -> Result<Vec<String>> {
    let up = names
        .iter()
        .map(|n| n.split('/').take_while(|s| *s == "..").count())
        .max()
        .unwrap_or(0);
    if up == 0 {
        return Ok(names.iter().map(|n| (*n).to_owned()).collect());
    }
    let folder = spec_folder(spec);
    let real = folder
        .canonicalize()
        .with_context(|| format!("cannot read {}", folder.display()))?;
    let mut kept: Vec<String> = real
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if kept.len() < up {
        bail!("a $ref of {} reaches above the root folder", spec.display());
    }
    let kept = kept.split_off(kept.len() - up);
    Ok(names
        .iter()
        .map(|name| {
            let mut segments: Vec<&str> = kept.iter().map(String::as_str).collect();
            for segment in name.split('/') {
                if segment == ".." {
                    segments.pop();
                } else {
                    segments.push(segment);
                }
            }
            segments.join("/")
        })
        .collect())
}

/// The `extends` of an overlay: a URI reference to SPEC relative to the overlay's folder
/// (`out`), or to the working folder when the overlay goes to standard output.
fn overlay_extends(spec: &Path, out: Option<&Path>) -> Result<String> {
    let cwd = std::env::current_dir().context("cannot tell the working folder")?;
    let absolute = |p: &Path| normalize(&cwd.join(p));
    let spec = absolute(spec);
    let from = match out {
        Some(out) => absolute(out)
            .parent()
            .map_or_else(|| cwd.clone(), Path::to_path_buf),
        None => normalize(&cwd),
    };
    let spec_parts: Vec<Component> = spec.components().collect();
    let from_parts: Vec<Component> = from.components().collect();
    let common = spec_parts
        .iter()
        .zip(&from_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // No folder in common (another drive): an absolute file URI.
        let mut uri = String::from("file://");
        for part in &spec_parts {
            if let Component::Normal(s) = part {
                uri.push('/');
                uri.push_str(&encode_segment(&s.to_string_lossy()));
            }
        }
        return Ok(uri);
    }
    let mut segments: Vec<String> = vec!["..".to_owned(); from_parts.len() - common];
    segments.extend(
        spec_parts[common..]
            .iter()
            .map(|c| encode_segment(&c.as_os_str().to_string_lossy())),
    );
    let mut reference = segments.join("/");
    if segments.first().is_some_and(|s| s.contains(':')) {
        reference.insert_str(0, "./");
    }
    Ok(reference)
}

/// A path without `.` and `..` segments, worked out by its text.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path segment as RFC 3986 writes it: unreserved characters, sub-delimiters, `:` and `@`
/// as they are, every other byte percent-encoded.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
fn format_of(path: &Path) -> Option<Syntax> {
    match path
        .extension()?
        .to_string_lossy()
        .to_ascii_lowercase()
        .as_str()
    {
        "json" => Some(Syntax::Json),
        "yaml" | "yml" => Some(Syntax::Yaml),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn extends_is_a_uri_reference_from_the_overlay_to_the_spec() {
        let cwd = std::env::current_dir().unwrap();
        let spec = cwd.join("specs/my api#1.yaml");
        assert_eq!(
            overlay_extends(&spec, Some(&cwd.join("out/overlay.yaml"))).unwrap(),
            "../specs/my%20api%231.yaml"
        );
        assert_eq!(
            overlay_extends(Path::new("specs/./a/../api.yaml"), None).unwrap(),
            "specs/api.yaml"
        );
        assert_eq!(
            overlay_extends(Path::new("c:api.yaml"), Some(Path::new("o.yaml"))).unwrap(),
            "./c:api.yaml"
        );
        assert_eq!(encode_segment("é [x]%"), "%C3%A9%20%5Bx%5D%25");
    }
}
