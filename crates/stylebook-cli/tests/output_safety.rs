//! Output that never destroys a person's files, and reading that never hangs: each scenario
//! runs the `stylebook` binary in a temporary folder laid out as people have theirs.
//!
//! Scenarios that need other file systems mount a tmpfs; they run where the tests run as root
//! and say that they were skipped elsewhere.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_stylebook");

/// Writes a source-layout catalog of `topics` topics into `dir`; `variant` changes every
/// description, so that every exported file changes with it.
fn catalog(dir: &Path, topics: usize, variant: &str) {
    fs::create_dir_all(dir.join("guidelines")).unwrap();
    let mut text = String::new();
    let mut refs = String::new();
    for i in 0..topics {
        text.push_str(&format!(
            "topic-{i}:\n  category: Category {}\n  name: Topic {i}\n  description: About \
             topic {i}, {variant}.\n",
            i % 7
        ));
        refs.push_str(&format!(
            "  topic-{i}:\n    - name: Section {i}\n      url: https://acme.example/guide#s{i}\n"
        ));
    }
    fs::write(dir.join("topics.yaml"), text).unwrap();
    fs::write(
        dir.join("guidelines/acme-guide.yaml"),
        format!(
            "id: acme-guide\ntitle: ACME Guide\ntype: website\nurl: https://acme.example/guide\n\
             company: ACME\ndate: 2020-03-01\ntopics:\n{refs}"
        ),
    )
    .unwrap();
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs a command that must be refused with exit 2 and returns its standard error.
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    stderr
}

/// Every file below `dir` with its contents, except the lock and the manifest.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else if rel != ".stylebook/lock" && rel != ".stylebook/manifest.json" {
                files.insert(rel, fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

fn tempdir() -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    fs::canonicalize(dir).unwrap()
}

#[test]
fn files_of_a_person_beside_the_export_are_kept() {
    let dir = tempdir();
    catalog(&dir.join("data"), 3, "one");
    // A Jekyll site whose design/ folder holds a logo of its own.
    fs::create_dir_all(dir.join("site/design/img")).unwrap();
    fs::write(dir.join("site/design/img/logo.png"), b"logo").unwrap();
    fs::write(dir.join("site/_config.yml"), b"title: x").unwrap();

    let stderr = refused(&dir, &["export", "--to", "pages", "--out", "site", "data"]);
    assert!(
        stderr.contains("holds files that stylebook did not write"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(
        !dir.join("site/.stylebook").exists(),
        "a refused run leaves nothing"
    );

    ok(
        &dir,
        &[
            "export", "--to", "pages", "--out", "site", "--force", "data",
        ],
    );
    assert_eq!(
        fs::read(dir.join("site/design/img/logo.png")).unwrap(),
        b"logo"
    );
    assert!(
        dir.join("site/design/topics/topic-0-guidelines.md")
            .exists()
    );

    // A re-export with fewer topics removes only the pages it wrote.
    catalog(&dir.join("data"), 2, "two");
    let out = ok(&dir, &["export", "--to", "pages", "--out", "site", "data"]);
    assert!(out.contains("removed 1 file"), "{out}");
    assert!(
        !dir.join("site/design/topics/topic-2-guidelines.md")
            .exists()
    );
    assert_eq!(
        fs::read(dir.join("site/design/img/logo.png")).unwrap(),
        b"logo"
    );
    assert_eq!(fs::read(dir.join("site/_config.yml")).unwrap(), b"title: x");
}

#[test]
fn a_file_a_person_changed_is_neither_overwritten_nor_removed() {
    let dir = tempdir();
    catalog(&dir.join("data"), 3, "one");
    ok(&dir, &["export", "--to", "json", "--out", "dist", "data"]);
    fs::write(dir.join("dist/catalog.json"), b"my notes").unwrap();

    catalog(&dir.join("data"), 3, "two");
    let stderr = refused(&dir, &["export", "--to", "json", "--out", "dist", "data"]);
    assert!(stderr.contains("refusing to overwrite 1 file"), "{stderr}");
    assert!(stderr.contains("catalog.json"), "{stderr}");
    assert_eq!(
        fs::read(dir.join("dist/catalog.json")).unwrap(),
        b"my notes"
    );

    // No longer produced: left in place, with a warning. A topic's file of the API tree,
    // changed by hand, whose topic is then gone:
    ok(&dir, &["export", "--to", "api", "--out", "dist", "data"]);
    fs::write(dir.join("dist/design/topics/topic-2.json"), b"my topic").unwrap();
    catalog(&dir.join("data"), 2, "two");
    let out = run(&dir, &["export", "--to", "api", "--out", "dist", "data"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: left design/topics/topic-2.json"),
        "{stderr}"
    );
    assert_eq!(
        fs::read(dir.join("dist/design/topics/topic-2.json")).unwrap(),
        b"my topic"
    );
    assert!(!dir.join("dist/design/topics/topic-2.yaml").exists());
    assert_eq!(
        fs::read(dir.join("dist/catalog.json")).unwrap(),
        b"my notes"
    );

    // --force overwrites it.
    ok(
        &dir,
        &["export", "--to", "json", "--out", "dist", "--force", "data"],
    );
    assert!(
        fs::read_to_string(dir.join("dist/catalog.json"))
            .unwrap()
            .contains("two")
    );
}

#[test]
fn inputs_roots_and_home_are_refused_as_outputs() {
    let dir = tempdir();
    catalog(&dir.join("data"), 2, "one");
    let before = files(&dir.join("data"));
    for (out, why) in [
        ("data", "it is an input"),
        ("data/dist", "inside an input"),
        (".", "holds an input"),
        ("/", "root of the file system"),
    ] {
        let stderr = refused(&dir, &["export", "--to", "source", "--out", out, "data"]);
        assert!(stderr.contains(why), "{out}: {stderr}");
    }
    // The home folder, wherever HOME points.
    fs::create_dir(dir.join("home")).unwrap();
    let out = Command::new(BIN)
        .args(["export", "--to", "json", "--out", "home", "data"])
        .current_dir(&dir)
        .env("HOME", dir.join("home"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("your home folder"));
    assert!(!dir.join("home/.stylebook").exists());
    assert_eq!(files(&dir.join("data")), before, "the input is untouched");

    // One page exported over a source layout that holds a whole catalog.
    ok(&dir, &["export", "--to", "pages", "--out", "pages", "data"]);
    let page = "pages/design/topics/topic-0-guidelines.md";
    let stderr = refused(&dir, &["export", "--to", "source", "--out", "data", page]);
    assert!(stderr.contains("did not write"), "{stderr}");
    assert_eq!(files(&dir.join("data")), before);
}

#[test]
fn an_unchanged_export_writes_nothing_and_check_says_so() {
    let dir = tempdir();
    catalog(&dir.join("data"), 5, "one");
    let out = ok(&dir, &["export", "--to", "all", "--out", "dist", "data"]);
    assert!(out.starts_with("wrote "), "{out}");
    let times: Vec<_> = files(&dir.join("dist"))
        .keys()
        .map(|f| {
            fs::metadata(dir.join("dist").join(f))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    let manifest = fs::read(dir.join("dist/.stylebook/manifest.json")).unwrap();
    let out = ok(&dir, &["export", "--to", "all", "--out", "dist", "data"]);
    assert!(out.contains("dist is up to date"), "{out}");
    let after: Vec<_> = files(&dir.join("dist"))
        .keys()
        .map(|f| {
            fs::metadata(dir.join("dist").join(f))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    assert_eq!(times, after, "no file was rewritten");
    assert_eq!(
        fs::read(dir.join("dist/.stylebook/manifest.json")).unwrap(),
        manifest
    );
    assert!(
        ok(
            &dir,
            &["export", "--to", "all", "--out", "dist", "--check", "data"]
        )
        .contains("up to date")
    );

    catalog(&dir.join("data"), 4, "two");
    let out = run(
        &dir,
        &["export", "--to", "all", "--out", "dist", "--check", "data"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("dist is out of date"), "{stdout}");
    assert!(
        stdout.contains("changed  api/design/guidelines/acme-guide/topics.json"),
        "{stdout}"
    );
    assert!(stdout.contains("changed  ... and 13 more"), "{stdout}");
    assert!(
        stdout.contains("removed  api/design/topics/topic-4.json"),
        "{stdout}"
    );
}

#[test]
fn a_second_export_to_the_same_folder_fails_at_once() {
    let dir = tempdir();
    catalog(&dir.join("data"), 2, "one");
    ok(&dir, &["export", "--to", "json", "--out", "dist", "data"]);
    let lock = fs::File::options()
        .write(true)
        .open(dir.join("dist/.stylebook/lock"))
        .unwrap();
    lock.lock().unwrap();
    let start = Instant::now();
    let stderr = refused(&dir, &["export", "--to", "json", "--out", "dist", "data"]);
    assert!(stderr.contains("another stylebook run"), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(10));
    drop(lock);
    ok(&dir, &["export", "--to", "json", "--out", "dist", "data"]);
}

#[test]
fn ctrl_c_leaves_the_previous_export_and_nothing_else() {
    let dir = tempdir();
    catalog(&dir.join("old"), 200, "old");
    catalog(&dir.join("new"), 200, "new");
    ok(&dir, &["export", "--to", "api", "--out", "dist", "old"]);
    let old = files(&dir.join("dist"));
    let start = Instant::now();
    ok(&dir, &["export", "--to", "api", "--out", "scratch", "new"]);
    let full = start.elapsed();
    let new = files(&dir.join("scratch"));
    // Signals that land while the catalog is read end the process at once (nothing is
    // written yet), and those that land after the commit are too late to stop it: try moments
    // all along an export until two runs were interrupted while writing.
    let mut interrupted = 0;
    for step in 0..40u32 {
        if interrupted == 2 {
            break;
        }
        let child = Command::new(BIN)
            .args(["export", "--to", "api", "--out", "dist", "new"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(full * (step % 8 + 1) / 9);
        // SIGINT, as Ctrl-C sends it.
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        let now = files(&dir.join("dist"));
        match out.status.code() {
            // Still reading the catalog: the signal's default action, nothing written yet.
            None => assert!(now == old, "a run killed while reading changed the output"),
            Some(130) => {
                interrupted += 1;
                assert!(
                    String::from_utf8_lossy(&out.stderr).contains("nothing was changed"),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(now == old, "an interrupted run left a mix or leftovers");
            }
            Some(0) => assert!(now == new, "a finished run left leftovers"),
            other => panic!("exit {other:?}: {}", String::from_utf8_lossy(&out.stderr)),
        }
        // Back to the old export for the next try.
        ok(&dir, &["export", "--to", "api", "--out", "dist", "old"]);
        assert!(files(&dir.join("dist")) == old);
    }
    assert!(interrupted > 0, "no run was interrupted");
}

#[test]
fn sigkill_at_any_moment_is_recovered_by_the_next_run() {
    let dir = tempdir();
    catalog(&dir.join("old"), 200, "old");
    catalog(&dir.join("new"), 150, "new");
    ok(&dir, &["export", "--to", "api", "--out", "dist", "old"]);
    let old = files(&dir.join("dist"));
    let start = Instant::now();
    ok(&dir, &["export", "--to", "api", "--out", "scratch", "new"]);
    let full = start.elapsed();
    let new = files(&dir.join("scratch"));
    for step in 0..=6u32 {
        let mut child = Command::new(BIN)
            .args(["export", "--to", "api", "--out", "dist", "new"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * step / 6);
        let _ = child.kill();
        let _ = child.wait();
        // Checking recovers first, and then compares.
        let check = run(
            &dir,
            &["export", "--to", "api", "--out", "dist", "--check", "new"],
        );
        let now = files(&dir.join("dist"));
        assert!(
            now == old || now == new,
            "after a kill at {step}/6: neither tree"
        );
        assert_eq!(check.status.code(), Some(if now == new { 0 } else { 1 }));
        ok(&dir, &["export", "--to", "api", "--out", "dist", "new"]);
        assert!(files(&dir.join("dist")) == new);
        ok(&dir, &["export", "--to", "api", "--out", "dist", "old"]);
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_out_writes_into_its_target_and_links_inside_are_refused() {
    use std::os::unix::fs::symlink;
    let dir = tempdir();
    catalog(&dir.join("data"), 2, "one");
    fs::create_dir(dir.join("target")).unwrap();
    symlink(dir.join("target"), dir.join("link")).unwrap();
    ok(&dir, &["export", "--to", "api", "--out", "link", "data"]);
    assert!(
        fs::symlink_metadata(dir.join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(dir.join("target/design/topics.json").exists());

    // design/ replaced by a link to elsewhere: writing through it could not be undone.
    fs::create_dir(dir.join("elsewhere")).unwrap();
    fs::write(dir.join("elsewhere/mine.txt"), b"mine").unwrap();
    fs::rename(dir.join("target/design"), dir.join("moved")).unwrap();
    symlink(dir.join("elsewhere"), dir.join("target/design")).unwrap();
    let stderr = refused(&dir, &["export", "--to", "api", "--out", "link", "data"]);
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(fs::read_dir(dir.join("elsewhere")).unwrap().count(), 1);
}

#[test]
fn openapi_out_may_not_be_the_spec_with_overlay_nor_the_catalog_or_rules() {
    let dir = tempdir();
    catalog(&dir.join("data"), 2, "one");
    let spec = "openapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n";
    fs::write(dir.join("api.yaml"), spec).unwrap();
    fs::write(dir.join("rules.yaml"), "").unwrap();
    let args = |out: &str| -> Vec<String> {
        [
            "openapi",
            "api.yaml",
            "--catalog",
            "data",
            "--overlay",
            "--out",
            out,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    };
    let a = args("api.yaml");
    let stderr = refused(&dir, &a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(stderr.contains("SPEC"), "{stderr}");
    let a = args("data/topics.yaml");
    let stderr = refused(&dir, &a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(stderr.contains("the catalog"), "{stderr}");
    let stderr = refused(
        &dir,
        &[
            "openapi",
            "api.yaml",
            "--catalog",
            "data",
            "--rules",
            "rules.yaml",
            "--out",
            "rules.yaml",
        ],
    );
    assert!(stderr.contains("the rules file"), "{stderr}");
    assert_eq!(fs::read_to_string(dir.join("api.yaml")).unwrap(), spec);
    // In place without --overlay is what people mean by annotating their spec.
    let out = run(
        &dir,
        &[
            "openapi",
            "api.yaml",
            "--catalog",
            "data",
            "--out",
            "api.yaml",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn reading_walks_no_link_loop_reads_no_fifo_and_reads_a_file_once() {
    use std::os::unix::fs::symlink;
    let dir = tempdir();
    catalog(&dir.join("data"), 3, "one");
    ok(&dir, &["export", "--to", "pages", "--out", "pages", "data"]);
    let pages = dir.join("pages/design");
    symlink(&pages, pages.join("topics/loop")).unwrap();
    symlink("/", pages.join("root")).unwrap();
    symlink("/dev/zero", pages.join("zero.md")).unwrap();
    let status = Command::new("mkfifo")
        .arg(pages.join("fifo.md"))
        .status()
        .unwrap();
    assert!(status.success());

    let start = Instant::now();
    let out = run(&dir, &["validate", "pages/design", "pages/design"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("did not follow 3 symbolic links"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped pages/design/fifo.md: not a regular file"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("in 4 files"));

    // Following links: the loop and the link to the root folder are each walked once... the
    // root folder is large, so follow only inside a folder without it.
    fs::remove_file(pages.join("root")).unwrap();
    let out = run(&dir, &["validate", "--follow", "pages/design"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("skipped pages/design/zero.md: not a regular file"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("in 4 files"));
    assert!(start.elapsed() < Duration::from_secs(20));

    // A device named on the command line is read up to the limit, no further.
    let stderr = refused(
        &dir,
        &[
            "validate",
            "--max-file-size",
            "1M",
            "/dev/zero",
            "--input-format",
            "pages",
        ],
    );
    assert!(
        stderr.contains("/dev/zero is larger than 1 MiB"),
        "{stderr}"
    );
    let stderr = refused(&dir, &["openapi", "/dev/zero", "--catalog", "data"]);
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");
    fs::write(
        dir.join("api.yaml"),
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let stderr = refused(
        &dir,
        &[
            "openapi",
            "api.yaml",
            "--catalog",
            "data",
            "--rules",
            "/dev/zero",
        ],
    );
    assert!(
        stderr.contains("/dev/zero is larger than 64 MiB"),
        "{stderr}"
    );
}

/// A tmpfs of `size`, unmounted when dropped; `None` (and a message) where mounting is not
/// allowed.
struct Mount(PathBuf);

impl Mount {
    fn new(at: &Path, size: &str) -> Option<Mount> {
        fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        Some(Mount(at.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn another_file_system_a_full_one_and_a_read_only_one() {
    let dir = tempdir();
    catalog(&dir.join("data"), 40, "one");
    let Some(mount) = Mount::new(&dir.join("mnt"), "2m") else {
        return;
    };
    // The output is the mount point itself: staging inside it keeps renames on one device.
    ok(&dir, &["export", "--to", "api", "--out", "mnt", "data"]);
    let old = files(&dir.join("mnt"));

    // Full: a much larger catalog does not fit; the previous export stays whole.
    catalog(&dir.join("data"), 400, "two");
    let stderr = refused(&dir, &["export", "--to", "api", "--out", "mnt", "data"]);
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(files(&dir.join("mnt")) == old);

    // Read-only.
    catalog(&dir.join("data"), 40, "three");
    mount.remount("ro");
    let stderr = refused(&dir, &["export", "--to", "api", "--out", "mnt", "data"]);
    assert!(stderr.to_lowercase().contains("read-only"), "{stderr}");
    mount.remount("rw");
    assert!(files(&dir.join("mnt")) == old);

    // A mount point inside the output: a rename cannot cross it, so it is refused.
    ok(&dir, &["export", "--to", "api", "--out", "mnt", "data"]);
    let Some(_inner) = Mount::new(&dir.join("mnt/design/topics"), "100k") else {
        return;
    };
    catalog(&dir.join("data"), 40, "four");
    let stderr = refused(&dir, &["export", "--to", "api", "--out", "mnt", "data"]);
    assert!(stderr.contains("on another file system"), "{stderr}");
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let dir = tempdir();
    // More than a pipe holds (64 KiB), so the writer is still writing when the pipe closes.
    catalog(&dir.join("data"), 3000, "one");
    // `stylebook coverage data | head -1`: the pipe closes after the first line.
    let mut child = Command::new(BIN)
        .args(["coverage", "data"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    let mut stdout = child.stdout.take().unwrap();
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn exports_of_two_kinds_share_a_folder_and_each_removes_only_its_own() {
    let dir = tempdir();
    catalog(&dir.join("data"), 3, "one");
    ok(&dir, &["export", "--to", "api", "--out", "site", "data"]);
    let out = ok(&dir, &["export", "--to", "pages", "--out", "site", "data"]);
    assert!(!out.contains("removed"), "{out}");
    assert!(dir.join("site/design/topics.json").exists());
    assert!(
        dir.join("site/design/topics/topic-2-guidelines.md")
            .exists()
    );

    // One topic fewer: the api export removes its files of it, and leaves the pages alone.
    catalog(&dir.join("data"), 2, "two");
    let out = ok(&dir, &["export", "--to", "api", "--out", "site", "data"]);
    assert!(out.contains("removed 4 files"), "{out}");
    assert!(!dir.join("site/design/topics/topic-2.json").exists());
    assert!(
        dir.join("site/design/topics/topic-2-guidelines.md")
            .exists()
    );
    let out = ok(&dir, &["export", "--to", "pages", "--out", "site", "data"]);
    assert!(out.contains("removed 1 file"), "{out}");
    assert!(
        !dir.join("site/design/topics/topic-2-guidelines.md")
            .exists()
    );
    // The folder the removed topic's files were in goes once empty.
    assert!(!dir.join("site/design/topics/topic-2").exists());
}
