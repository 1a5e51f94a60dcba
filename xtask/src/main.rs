//! Project automation, run as `cargo xtask <task>`.
//!
//! - `export`: validate the catalog in `data/` and write every format into `dist/`.
//! - `bench`: time the release binary on synthetic catalogs (see `bench.rs`).
//! - `bench-lsp`: time `stylebook lsp` from a change to its diagnostics (`lsp_bench.rs`).
//! - `crash`: kill exports at random moments and check what the next run leaves (`crash.rs`).
//! - `schema [--check]`: write the generated JSON Schemas into `schemas/`, or check them.
//! - `validate`: check the catalog in `data/` (readers and schemas; warnings fail too).
//!
//! Tasks call the crates or the `stylebook` binary; they hold no format logic of their own.

mod bench;
mod crash;
mod export;
mod r#gen;
mod js_yaml;
mod lsp_bench;
mod schema;
mod validate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  export            validate data/ and write every format into dist/
  bench             time every stage on synthetic catalogs (--help for options)
  bench-lsp         time the language server from a change to its diagnostics
  crash             kill exports at random moments; the output must stay whole (--help)
  schema [--check]  write schemas/*.schema.json, or check that they are up to date
  validate          check data/ against the readers and the schemas";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("export") => export::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-lsp") => lsp_bench::run(&args[1..]),
        Some("crash") => crash::run(&args[1..]),
        Some("schema") => schema::run(&args[1..]),
        Some("validate") => validate::run(&args[1..]),
        // Hidden: the parse-only floor that `bench` times reading against.
        Some("parse-only") => bench::parse_only(&args[1..]),
        // Hidden: the differential check against js-yaml 3 that `.ci/js-yaml-check.sh` runs.
        Some("js-yaml-check") => js_yaml::run(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Runs the `stylebook` binary (built in release mode) with `args`, from the workspace root.
pub(crate) fn stylebook(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!(
        "running stylebook {} (built in release mode first)",
        args.join(" ")
    );
    let status = std::process::Command::new(cargo)
        .current_dir(root())
        .args([
            "run",
            "--release",
            "--package",
            "stylebook-cli",
            "--bin",
            "stylebook",
            "--",
        ])
        .args(args)
        .status()?;
    if !status.success() {
        bail!("stylebook {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Builds the release binaries of `stylebook` and the xtask, and returns their folder.
pub(crate) fn build_release() -> Result<PathBuf> {
    let root = root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("building the release binaries");
    let status = std::process::Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--release",
            "--package",
            "stylebook-cli",
            "--package",
            "xtask",
        ])
        .status()?;
    if !status.success() {
        bail!("cargo build --release failed ({status})");
    }
    Ok(root.join("target").join("release"))
}

/// The `--flag value` pairs of a task's arguments; `None` when `--help` was asked for (the
/// usage is printed then).
pub(crate) fn flags<'a>(
    args: &'a [String],
    usage: &str,
) -> Result<Option<Vec<(&'a str, &'a str)>>> {
    let mut pairs = Vec::new();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{usage}");
            return Ok(None);
        }
        let Some(value) = args.next() else {
            bail!("{flag} needs a value\n\n{usage}");
        };
        pairs.push((flag.as_str(), value.as_str()));
    }
    Ok(Some(pairs))
}

/// The value of `flag` as a number.
pub(crate) fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| anyhow::anyhow!("{flag} takes a number, not `{value}`"))
}
