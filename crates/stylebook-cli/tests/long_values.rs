//! Values echoed in messages are cut to a readable length and their control characters are
//! escaped: a catalog with 20 MB values and terminal escape sequences gives a short report that
//! is safe to print.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::process::Command;

/// 20 MB.
const HUGE: usize = 20 * 1024 * 1024;

#[test]
fn huge_values_and_escape_sequences_give_a_short_safe_report() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("cat");
    fs::create_dir_all(root.join("guidelines")).unwrap();
    let long = "x".repeat(HUGE);
    fs::write(
        root.join("topics.yaml"),
        "http-status-409:\n  category: HTTP Status User Error\n  name: 409 Conflict\n  \
         description: The request clashes with the current state.\n",
    )
    .unwrap();
    fs::write(
        root.join("guidelines/acme-api-guide.yaml"),
        format!(
            "id: Bad-{long}\ntitle: \"ACME {long} \"\ntype: \"web\\e]0;owned\\asite\"\n\
             url: https://acme.example/\ncompany: ACME\ndate: 2020-01-0{long}\n\
             topics:\n  http-status-409:\n    - name: Conflicts\n      url: ftp://{long}\n"
        ),
    )
    .unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(["validate", "--max-file-size", "128M", "cat"])
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for code in [
        "error[invalid-id]",
        "warning[whitespace]",
        "error[invalid-value]",
        "error[invalid-date]",
        "error[invalid-url]",
    ] {
        assert!(stderr.contains(code), "{code}:\n{stderr}");
    }
    assert!(stderr.len() < 8 * 1024, "{} bytes:\n{stderr}", stderr.len());
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the output:\n{stderr:?}"
    );
    assert!(
        stderr.contains("\\u{1b}"),
        "the escape is shown escaped:\n{stderr}"
    );
    assert!(
        stderr.contains("\\u{7}"),
        "the bell is shown escaped:\n{stderr}"
    );

    let json = Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(["validate", "--format", "json", "cat"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(json.stdout.len() < 16 * 1024, "{} bytes", json.stdout.len());
}
