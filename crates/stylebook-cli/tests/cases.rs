//! CLI behaviour pinned by case folders: `tests/cases/<name>/` at the repository root holds
//! `cmd` (the arguments, one per line), any input files, and `expected` (exit code, standard
//! output and standard error). The binary runs with the case folder as its working directory,
//! with colour off.
//!
//! `UPDATE_EXPECT=1 cargo test --test cases` rewrites the expectations from the actual output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn cli_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.join("cmd").is_file())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() > 20,
        "expected the case folders, found {}",
        dirs.len()
    );
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for dir in &dirs {
        let actual = run_case(dir);
        let expected_path = dir.join("expected");
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if update {
                fs::write(&expected_path, &actual).expect("expectation written");
            } else {
                failures.push(format!(
                    "case {}:\n--- expected\n{expected}\n--- actual\n{actual}",
                    dir.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ (UPDATE_EXPECT=1 to accept):\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

fn run_case(dir: &Path) -> String {
    let cmd = fs::read_to_string(dir.join("cmd")).expect("cmd readable");
    let args: Vec<&str> = cmd.lines().filter(|l| !l.is_empty()).collect();
    let scratch = dir.join("out");
    if scratch.exists() {
        fs::remove_dir_all(&scratch).expect("old output removed");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("stylebook runs");
    let mut text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if scratch.exists() {
        text.push_str("--- files\n");
        for file in list(&scratch) {
            text.push_str(&file);
            text.push('\n');
        }
        fs::remove_dir_all(&scratch).expect("output removed");
    }
    text
}

fn list(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable output") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}
