//! End-to-end tests of `stylebook openapi`, pinned by files under `tests/openapi/` at the
//! repository root: `specs/<name>.<ext>` are the inputs (every version and format) and
//! `specs/<name>.annotated.<ext>` (the compact layout, the default), `.full.<ext>` (the full
//! layout), `.overlay.<ext>`, `.report.txt`, `.converted.<ext>` the expected outputs beside
//! them; `split/` is a description spread over several files; `catalog/` is the catalog they are annotated with, and
//! `bad/` holds inputs that must be refused, with `<name>.expected` (exit code and standard
//! error).
//!
//! `UPDATE_EXPECT=1 cargo test --test openapi` rewrites the expectations from the actual output.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use stylebook_core::openapi::XGuidelines;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/openapi")
}

/// Runs the binary in `tests/openapi/`, colour off.
fn stylebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(args)
        .current_dir(dir())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Runs the binary and returns its standard output, which must be a success.
fn ok(args: &[&str]) -> String {
    let out = stylebook(args);
    assert!(
        out.status.success(),
        "stylebook {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Compares `actual` with the file at `path` (relative to `tests/openapi/`), or rewrites the
/// file when `UPDATE_EXPECT` is set.
fn check(path: &str, actual: &str) {
    let full = dir().join(path);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(&full, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&full).unwrap_or_default();
    assert!(
        expected == actual,
        "{path} differs (UPDATE_EXPECT=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

/// The input specs: `specs/<name>.<ext>` without a second suffix, as (path, stem, ext).
fn specs() -> Vec<(String, String, String)> {
    let mut specs: Vec<(String, String, String)> = fs::read_dir(dir().join("specs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            ![
                ".annotated.",
                ".full.",
                ".overlay.",
                ".report.",
                ".converted.",
            ]
            .iter()
            .any(|s| name.contains(s))
        })
        .map(|name| {
            let (stem, ext) = name.rsplit_once('.').unwrap();
            (format!("specs/{name}"), stem.to_owned(), ext.to_owned())
        })
        .collect();
    specs.sort();
    assert!(specs.len() >= 7, "the specs are there: {specs:?}");
    specs
}

#[test]
fn every_spec_is_annotated_as_expected() {
    for (path, stem, ext) in specs() {
        let annotated = ok(&["openapi", &path, "--catalog", "catalog"]);
        check(&format!("specs/{stem}.annotated.{ext}"), &annotated);
        let full = ok(&["openapi", &path, "--catalog", "catalog", "--full"]);
        check(&format!("specs/{stem}.full.{ext}"), &full);
    }
}

#[test]
fn annotating_twice_changes_nothing() {
    for (_, stem, ext) in specs() {
        for (kind, layout) in [("annotated", "--compact"), ("full", "--full")] {
            let once = format!("specs/{stem}.{kind}.{ext}");
            let twice = ok(&["openapi", &once, "--catalog", "catalog", layout]);
            assert_eq!(
                twice,
                fs::read_to_string(dir().join(&once)).unwrap(),
                "{once}"
            );
        }
    }
}

#[test]
fn no_rules_give_back_the_original_bytes() {
    for (path, stem, ext) in specs() {
        let annotated = format!("specs/{stem}.annotated.{ext}");
        let stripped = ok(&[
            "openapi",
            &annotated,
            "--catalog",
            "catalog",
            "--rules",
            "no-rules.yaml",
        ]);
        let original = ok(&[
            "openapi",
            &path,
            "--catalog",
            "catalog",
            "--rules",
            "no-rules.yaml",
        ]);
        assert_eq!(stripped, original, "{annotated}");
        if stem != "stale.v30" {
            assert_eq!(
                original,
                fs::read_to_string(dir().join(&path)).unwrap(),
                "{path}"
            );
        }
    }
}

#[test]
fn other_rules_replace_stale_annotations() {
    for (path, stem, ext) in specs() {
        let annotated = format!("specs/{stem}.annotated.{ext}");
        let args = ["--catalog", "catalog", "--rules", "rules.yaml"];
        let again = ok(&[&["openapi", annotated.as_str()][..], &args].concat());
        let fresh = ok(&[&["openapi", path.as_str()][..], &args].concat());
        assert_eq!(again, fresh, "{annotated}");
    }
}

#[test]
fn overlays_apply_the_same_annotations() {
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    for (path, stem, ext) in specs() {
        let overlay = ok(&["openapi", &path, "--catalog", "catalog", "--overlay"]);
        check(&format!("specs/{stem}.overlay.{ext}"), &overlay);
        if stem == "stale.v30" {
            continue;
        }
        // Apply the overlay (as JSON) to the document (as JSON): it must give the annotated
        // document.
        let (original, annotated, overlay) = (
            out("original.json"),
            out("annotated.json"),
            out("overlay.json"),
        );
        let base = ["--catalog", "catalog"];
        ok(&[
            &[
                "openapi",
                path.as_str(),
                "--rules",
                "no-rules.yaml",
                "--out",
                original.as_str(),
            ][..],
            &base,
        ]
        .concat());
        ok(&[
            &["openapi", path.as_str(), "--out", annotated.as_str()][..],
            &base,
        ]
        .concat());
        ok(&[
            &[
                "openapi",
                path.as_str(),
                "--overlay",
                "--out",
                overlay.as_str(),
            ][..],
            &base,
        ]
        .concat());
        let read =
            |p: &str| -> Value { serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap() };
        let mut doc = read(&original);
        let overlay = read(&overlay);
        assert_eq!(overlay["overlay"], "1.0.0");
        // `extends` is relative to the overlay's folder.
        let extends = overlay["extends"].as_str().unwrap();
        assert!(extends.starts_with("../"), "{extends}");
        assert_eq!(
            tmp.path().join(extends).canonicalize().unwrap(),
            dir().join(&path).canonicalize().unwrap()
        );
        for action in overlay["actions"].as_array().unwrap() {
            let target = action["target"].as_str().unwrap();
            if action["remove"] == Value::Bool(true) {
                // Removals name an `x-guidelines` member, which may not be there.
                let parent = target
                    .strip_suffix("['x-guidelines']")
                    .or_else(|| target.strip_suffix("[\"x-guidelines\"]"))
                    .unwrap();
                if let Some(Value::Object(map)) = select(&mut doc, parent) {
                    map.remove("x-guidelines");
                }
                continue;
            }
            let node = select(&mut doc, target)
                .unwrap_or_else(|| panic!("{path}: {target} selects nothing"));
            for (k, v) in action["update"].as_object().unwrap() {
                node.as_object_mut().unwrap().insert(k.clone(), v.clone());
            }
        }
        let annotated = read(&annotated);
        assert_eq!(doc, annotated, "{path}");
        assert!(shapes_hold(&annotated) > 0, "{path}");
    }
}

/// Checks every `x-guidelines` value against the documented type; returns how many there are.
fn shapes_hold(value: &Value) -> usize {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                if k == "x-guidelines" {
                    let parsed = serde_json::from_value::<XGuidelines>(v.clone());
                    assert!(parsed.is_ok(), "{parsed:?}: {v}");
                    1
                } else {
                    shapes_hold(v)
                }
            })
            .sum(),
        Value::Array(items) => items.iter().map(shapes_hold).sum(),
        _ => 0,
    }
}

/// The node a JSONPath of the overlay's form selects: `$`, `.name`, `['name']`, `["name"]`,
/// `[index]`.
fn select<'v>(mut node: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut rest = path.strip_prefix('$')?;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            match after.chars().next()? {
                quote @ ('\'' | '"') => {
                    let mut name = String::new();
                    let mut chars = after[1..].char_indices();
                    let end = loop {
                        match chars.next()? {
                            (i, c) if c == quote => break i,
                            (_, '\\') => name.push(match chars.next()?.1 {
                                'n' => '\n',
                                't' => '\t',
                                c => c,
                            }),
                            (_, c) => name.push(c),
                        }
                    };
                    rest = after[end + 2..].strip_prefix(']')?;
                    node = node.get_mut(&name)?;
                }
                _ => {
                    let end = after.find(']')?;
                    node = node.get_mut(after[..end].parse::<usize>().ok()?)?;
                    rest = &after[end + 1..];
                }
            }
        } else {
            let after = rest.strip_prefix('.')?;
            let end = after.find(['.', '[']).unwrap_or(after.len());
            node = node.get_mut(&after[..end])?;
            rest = &after[end..];
        }
    }
    Some(node)
}

#[test]
fn layout_variants_round_trip() {
    // Line breaks, a missing final line break, trailing comments: every variant annotates,
    // annotates again to the same bytes, and strips back to itself.
    let tmp = tempfile::tempdir().unwrap();
    let catalog = dir().join("catalog").to_string_lossy().into_owned();
    let no_rules = dir().join("no-rules.yaml").to_string_lossy().into_owned();
    for (path, stem, ext) in specs() {
        if stem == "stale.v30" {
            continue;
        }
        let text = fs::read_to_string(dir().join(&path)).unwrap();
        let mut variants = vec![
            ("crlf", text.replace('\n', "\r\n")),
            ("cr", text.replace('\n', "\r")),
            ("bare", text.trim_end().to_owned()),
        ];
        if ext == "yaml" {
            variants.push(("comment", format!("{text}  # the end\n")));
        }
        if !text.starts_with('\u{feff}') {
            variants.push(("bom", format!("\u{feff}{text}")));
        }
        for (name, variant) in variants {
            let input = tmp.path().join(format!("{stem}.{name}.{ext}"));
            fs::write(&input, &variant).unwrap();
            let input = input.to_string_lossy().into_owned();
            let once = ok(&["openapi", &input, "--catalog", &catalog]);
            let again = tmp.path().join(format!("{stem}.{name}.once.{ext}"));
            fs::write(&again, &once).unwrap();
            let again = again.to_string_lossy().into_owned();
            let twice = ok(&["openapi", &again, "--catalog", &catalog]);
            assert_eq!(twice, once, "{stem} {name}: not idempotent");
            let stripped = ok(&[
                "openapi",
                &again,
                "--catalog",
                &catalog,
                "--rules",
                &no_rules,
            ]);
            assert_eq!(stripped, variant, "{stem} {name}: not stripped back");
        }
    }
}

#[test]
fn the_report_shows_coverage_per_operation() {
    for (stem, ext) in [
        ("bookshop.v2", "yaml"),
        ("library.v30", "yaml"),
        ("petstore.v2", "json"),
    ] {
        let spec = format!("specs/{stem}.{ext}");
        let report = ok(&["openapi", &spec, "--catalog", "catalog", "--report"]);
        check(&format!("specs/{stem}.report.txt"), &report);
    }
}

#[test]
fn the_output_name_chooses_the_format() {
    let tmp = tempfile::tempdir().unwrap();
    for (input, output, expected) in [
        (
            "specs/library.v30.yaml",
            "library.json",
            "specs/library.v30.converted.json",
        ),
        (
            "specs/petstore.v2.json",
            "petstore.yml",
            "specs/petstore.v2.converted.yml",
        ),
    ] {
        let out = tmp.path().join(output);
        let err = stylebook(&[
            "openapi",
            input,
            "--catalog",
            "catalog",
            "--out",
            &out.to_string_lossy(),
        ]);
        assert!(err.status.success());
        assert!(String::from_utf8_lossy(&err.stderr).contains("annotated in"));
        check(expected, &fs::read_to_string(&out).unwrap());
    }
    // Written atomically: nothing else is left in the folder.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
}

#[test]
fn the_report_and_the_document_can_go_together_and_stdin_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("petstore.json");
    let report = ok(&[
        "openapi",
        "specs/petstore.v2.json",
        "--catalog",
        "catalog",
        "--report",
        "--out",
        &out.to_string_lossy(),
    ]);
    check("specs/petstore.v2.report.txt", &report);
    check(
        "specs/petstore.v2.annotated.json",
        &fs::read_to_string(&out).unwrap(),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(["openapi", "-", "--catalog", "catalog"])
        .current_dir(dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let spec = fs::read(dir().join("specs/events.v31.yaml")).unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &spec).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    check(
        "specs/events.v31.annotated.yaml",
        &String::from_utf8(output.stdout).unwrap(),
    );
    // An overlay of standard input names no document it extends.
    let mut child = Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(["openapi", "-", "--catalog", "catalog", "--overlay"])
        .current_dir(dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &spec).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let overlay = String::from_utf8(output.stdout).unwrap();
    assert!(overlay.starts_with("overlay: 1.0.0\ninfo:\n"), "{overlay}");
    assert!(!overlay.contains("extends"), "{overlay}");
}

#[test]
fn bad_inputs_are_refused() {
    let cases: &[(&str, &[&str])] = &[
        (
            "not-openapi",
            &["openapi", "bad/not-openapi.yaml", "--catalog", "catalog"],
        ),
        (
            "broken",
            &["openapi", "bad/broken.json", "--catalog", "catalog"],
        ),
        (
            "swagger-1.2",
            &["openapi", "bad/swagger-1.2.json", "--catalog", "catalog"],
        ),
        (
            "broken-part",
            &[
                "openapi",
                "bad/refers-to-broken.yaml",
                "--catalog",
                "catalog",
                "--out",
                "unused",
            ],
        ),
        (
            "missing-spec",
            &["openapi", "bad/nothing.yaml", "--catalog", "catalog"],
        ),
        (
            "bad-rules",
            &[
                "openapi",
                "specs/minified.v31.json",
                "--catalog",
                "catalog",
                "--rules",
                "bad/rules.yaml",
            ],
        ),
        (
            "bad-catalog",
            &[
                "openapi",
                "specs/minified.v31.json",
                "--catalog",
                "bad/catalog",
            ],
        ),
        (
            "report-to-stdout",
            &[
                "openapi",
                "specs/minified.v31.json",
                "--catalog",
                "catalog",
                "--report",
                "--out",
                "-",
            ],
        ),
        ("no-catalog", &["openapi", "specs/minified.v31.json"]),
    ];
    for (name, args) in cases {
        let out = stylebook(args);
        let actual = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        check(&format!("bad/{name}.expected"), &actual);
    }
}

/// The files of a folder, by their `/`-separated paths under it, the control folder left out.
fn tree(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() == ".stylebook" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(root).unwrap().to_string_lossy();
                files.push((name.replace('\\', "/"), fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_description_over_several_files_is_written_as_a_set() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let shown = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes).replace(&tmp.path().to_string_lossy().into_owned(), "TMP")
    };
    let run = |extra: &[&str]| {
        let mut args = vec!["openapi", "split/api/openapi.yaml", "--catalog", "catalog"];
        args.extend(extra);
        stylebook(&args)
    };
    let out_arg = out.to_string_lossy().into_owned();
    let first = run(&["--out", &out_arg, "--report"]);
    assert!(first.status.success());
    check("split.report.txt", &String::from_utf8_lossy(&first.stdout));
    check("split.stderr.txt", &shown(&first.stderr));
    let written = tree(&out);
    let original = tree(&dir().join("split"));
    assert_eq!(
        written.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        original.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
    );
    for (name, text) in &written {
        check(&format!("split.annotated/{name}"), text);
    }
    // Once more: nothing changes.
    let again = run(&["--out", &out_arg]);
    assert!(again.status.success());
    assert!(
        shown(&again.stderr).contains(
            "TMP/out is up to date: 17 objects annotated in split/api/openapi.yaml and the 4 files it refers to"
        ),
        "{}",
        shown(&again.stderr)
    );
    // The annotated set annotates to itself, and strips back to the original set.
    let twice = tmp.path().join("twice");
    let stripped = tmp.path().join("stripped");
    let annotated_root = out.join("api/openapi.yaml").to_string_lossy().into_owned();
    ok(&[
        "openapi",
        &annotated_root,
        "--catalog",
        "catalog",
        "--out",
        &twice.to_string_lossy(),
    ]);
    assert_eq!(tree(&twice), written);
    ok(&[
        "openapi",
        &annotated_root,
        "--catalog",
        "catalog",
        "--rules",
        "no-rules.yaml",
        "--out",
        &stripped.to_string_lossy(),
    ]);
    assert_eq!(tree(&stripped), original);
    // What cannot be done is said.
    for (extra, expected) in [
        (vec![], "split.no-out.expected"),
        (
            vec!["--overlay", "--out", "x.yaml"],
            "split.overlay.expected",
        ),
        (
            vec!["--out", "split/api/annotated"],
            "split.inside.expected",
        ),
        (
            vec!["--out", &out_arg, "--deny-warnings"],
            "split.deny-warnings.expected",
        ),
    ] {
        let output = run(&extra);
        let actual = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            output.status.code().unwrap_or(-1),
            shown(&output.stdout),
            shown(&output.stderr)
        );
        check(expected, &actual);
    }
}

#[test]
fn unresolved_references_are_located_warnings() {
    let output = stylebook(&["openapi", "bad/unresolved.yaml", "--catalog", "catalog"]);
    assert!(output.status.success());
    check(
        "bad/unresolved.stderr.txt",
        &String::from_utf8_lossy(&output.stderr),
    );
    let denied = stylebook(&[
        "openapi",
        "bad/unresolved.yaml",
        "--catalog",
        "catalog",
        "--deny-warnings",
    ]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(denied.stdout.is_empty());
    let report = ok(&[
        "openapi",
        "bad/unresolved.yaml",
        "--catalog",
        "catalog",
        "--report",
    ]);
    check("bad/unresolved.report.txt", &report);
}
