//! `stylebook diff --git REV PATH` against temporary git repositories made here: the same
//! result as comparing the two folders, from the repository's root or a subfolder, for a
//! folder or a single file; diagnostics of the old side named `REV:path`; clear errors outside
//! a repository, for an unknown revision, and for a path the revision does not have.
//!
//! Needs the `git` program, as the command does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/diff")
}

/// Runs git in `dir` with no user or system configuration.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .envs(hermetic(dir))
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Environment that keeps git away from the user's configuration and from repositories above
/// `dir`.
fn hermetic(dir: &Path) -> Vec<(&'static str, String)> {
    let ceiling = dir.parent().unwrap_or(dir).to_string_lossy().into_owned();
    vec![
        ("GIT_CONFIG_GLOBAL", "/dev/null".to_owned()),
        ("GIT_CONFIG_NOSYSTEM", "1".to_owned()),
        ("GIT_CEILING_DIRECTORIES", ceiling),
        ("GIT_AUTHOR_NAME", "Test".to_owned()),
        ("GIT_AUTHOR_EMAIL", "test@example.com".to_owned()),
        ("GIT_COMMITTER_NAME", "Test".to_owned()),
        ("GIT_COMMITTER_EMAIL", "test@example.com".to_owned()),
    ]
}

fn stylebook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stylebook"))
        .args(args)
        .current_dir(dir)
        .envs(hermetic(dir))
        .env("NO_COLOR", "1")
        .output()
        .expect("stylebook runs")
}

fn copy_dir(from: &Path, to: &Path) {
    if to.exists() {
        fs::remove_dir_all(to).unwrap();
    }
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A repository whose last commit holds the old catalog in `catalog/` and whose working tree
/// holds the new one; the commit before holds a catalog with an error.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    git(root, &["init", "-q"]);
    let catalog = root.join("catalog");
    copy_dir(&fixtures().join("old"), &catalog);
    let broken = catalog.join("guidelines/acme-api-guide.yaml");
    let text = fs::read_to_string(&broken).unwrap();
    fs::write(
        &broken,
        text.replace("- name: Conflicts", "- nmae: Conflicts"),
    )
    .unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "broken"]);
    copy_dir(&fixtures().join("old"), &catalog);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "old"]);
    copy_dir(&fixtures().join("new"), &catalog);
    repo
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_revision_compares_as_the_folder_it_had() {
    let repo = repository();
    let fixtures = fixtures();
    let expected = stylebook(&fixtures, &["diff", "--format", "json", "old", "new"]);
    assert!(expected.status.success(), "{}", stderr(&expected));
    assert!(stdout(&expected).contains("\"renamed\""));

    let from_root = stylebook(
        repo.path(),
        &["diff", "--git", "HEAD", "catalog", "--format", "json"],
    );
    assert_eq!(from_root.status.code(), Some(0), "{}", stderr(&from_root));
    assert_eq!(stdout(&from_root), stdout(&expected));

    let from_inside = stylebook(
        &repo.path().join("catalog/guidelines"),
        &["diff", "--git", "HEAD", "..", "--format", "json"],
    );
    assert_eq!(
        stdout(&from_inside),
        stdout(&expected),
        "{}",
        stderr(&from_inside)
    );

    let exit = stylebook(
        repo.path(),
        &["diff", "--git", "HEAD", "catalog", "--exit-code"],
    );
    assert_eq!(exit.status.code(), Some(1));
    assert!(
        stdout(&exit).starts_with("            old  new  added"),
        "{}",
        stdout(&exit)
    );
}

#[test]
fn a_single_file_compares_with_its_version_at_the_revision() {
    let repo = repository();
    let root = repo.path();
    let before = stylebook(root, &["export", "--to", "json", "--out", "a", "catalog"]);
    assert!(before.status.success(), "{}", stderr(&before));
    fs::rename(root.join("a/catalog.json"), root.join("catalog.json")).unwrap();
    git(root, &["add", "catalog.json"]);
    git(root, &["commit", "-q", "-m", "json"]);
    let output = stylebook(
        root,
        &["diff", "--git", "HEAD", "catalog.json", "--exit-code"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "no differences: 5 topics, 3 guidelines, 8 references\n"
    );
}

#[test]
fn errors_at_the_revision_are_named_rev_and_path() {
    let repo = repository();
    let output = stylebook(repo.path(), &["diff", "--git", "HEAD~1", "catalog"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "HEAD~1:catalog/guidelines/acme-api-guide.yaml:14:7: error[unknown-field]: \
             unknown field `nmae` in reference\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("error: the catalog at HEAD~1 has errors (1 error, 0 warnings)\n"),
        "{err}"
    );
}

#[test]
fn outside_a_repository_or_at_an_unknown_revision_the_error_says_so() {
    let repo = repository();
    let unknown = stylebook(repo.path(), &["diff", "--git", "no-such-branch", "catalog"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        stderr(&unknown),
        "error: unknown revision `no-such-branch` in the repository of catalog\n"
    );

    fs::create_dir_all(repo.path().join("later")).unwrap();
    copy_dir(&fixtures().join("new"), &repo.path().join("later"));
    let missing = stylebook(repo.path(), &["diff", "--git", "HEAD", "later"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stderr(&missing), "error: later has no files at HEAD\n");

    let outside = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("new"), &outside.path().join("catalog"));
    let output = stylebook(outside.path(), &["diff", "--git", "HEAD", "catalog"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: catalog is not in a git repository\n"
    );
}
