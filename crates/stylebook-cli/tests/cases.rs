//! CLI behaviour pinned by [trycmd] cases, one per file in `tests/cmd/` at the repository root:
//! `<name>.toml` (the arguments, the exit code, and `fs.sandbox = true` for a command that may
//! write), `<name>.stdout` and `<name>.stderr` (the exact output), `<name>.in/` (the inputs, and
//! the working folder of the run), and for a case that writes, `<name>.out/` (every file the
//! run writes, with its contents; `[..]` and `...` stand for what differs from run to run, such
//! as the times in `.stylebook/manifest.json`). Each case runs and is reported on its own, with
//! colour off and no proxy for 127.0.0.1; a case that may write runs in a scratch copy of its
//! inputs.
//!
//! `TRYCMD=overwrite cargo test -p stylebook-cli --test cases` rewrites the expectations from
//! the actual output (read the diff); `cargo test -p stylebook-cli --test cases -- cli_cases
//! trycmd=NAME` runs only the cases whose file names hold NAME.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_stylebook");

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("stylebook", Path::new(BIN))
        .env("NO_COLOR", "1")
        // The links cases reach 127.0.0.1 directly, whatever proxy the environment names.
        .env("NO_PROXY", "127.0.0.1")
        .case("../../tests/cmd/*.toml");
}

/// trycmd checks that a case writes every file of its `.out/` tree as shown there; this checks
/// the converse: a case that may write writes nothing else (and nothing at all without an
/// `.out/` tree, as when an export is refused).
#[test]
fn cases_write_only_what_their_out_tree_shows() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases() {
        let spec = fs::read_to_string(&case)
            .unwrap()
            .parse::<toml_edit::DocumentMut>()
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let sandbox = spec.get("fs").and_then(|fs| fs.get("sandbox"));
        if sandbox.and_then(|s| s.as_bool()) != Some(true) {
            continue;
        }
        let args: Vec<&str> = spec
            .get("args")
            .and_then(|a| a.as_array())
            .unwrap_or_else(|| panic!("{}: `args` is not a list", case.display()))
            .iter()
            .map(|a| a.as_str().expect("every argument is a string"))
            .collect();
        let work = tempfile::tempdir().unwrap();
        copy_tree(&case.with_extension("in"), work.path());
        let before = files(work.path());
        Command::new(BIN)
            .args(&args)
            .current_dir(work.path())
            .env("NO_COLOR", "1")
            .env("NO_PROXY", "127.0.0.1")
            .output()
            .unwrap();
        let written: BTreeSet<String> = files(work.path()).difference(&before).cloned().collect();
        let shown = files(&case.with_extension("out"));
        let name = case.file_stem().unwrap().to_string_lossy();
        for extra in written.difference(&shown) {
            failures.push(format!(
                "{name}: wrote {extra}, which {name}.out/ does not show"
            ));
        }
        for missing in shown.difference(&written) {
            failures.push(format!("{name}: did not write {missing}"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 5, "only {checked} cases may write");
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cmd")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() > 20, "found only {} cases", cases.len());
    cases
}

/// The files under `root` as relative paths with `/`, `.keep` placeholders left out; none when
/// `root` does not exist.
fn files(root: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != ".keep") {
                let rel = path.strip_prefix(root).unwrap();
                let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
                out.insert(parts.join("/"));
            }
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for rel in files(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(from.join(&rel), dest).unwrap();
    }
}
