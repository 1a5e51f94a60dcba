//! A path as it was at a git revision, copied into a temporary folder with the `git` program
//! (no library): `git ls-tree` lists the files below the path at the revision, and one
//! `git cat-file --batch` process streams their contents.
//!
//! Regular files are copied; symbolic links and submodules are skipped, as folders are read
//! without following links. The copy keeps the paths of the repository, so a diagnostic about
//! one of its files can be named `REV:path/in/repository`, as git names it.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// The files below a path at a revision, in a temporary folder removed on drop.
pub(crate) struct Snapshot {
    dir: tempfile::TempDir,
    /// The path inside the repository (`data`, `site/pages/x.md`; empty for the root).
    inner: PathBuf,
    /// The revision as the user wrote it.
    rev: String,
    /// Symbolic links and submodules not copied.
    pub(crate) skipped: usize,
}

impl Snapshot {
    /// Where the path is in the copy.
    pub(crate) fn path(&self) -> PathBuf {
        self.dir.path().join(&self.inner)
    }

    /// The name of a file of the copy as git writes it, `REV:path`; other names unchanged.
    pub(crate) fn label(&self, name: &str) -> String {
        let root = self.dir.path().to_string_lossy();
        match name
            .strip_prefix(root.as_ref())
            .and_then(|rest| rest.strip_prefix(std::path::MAIN_SEPARATOR))
        {
            Some(rest) => format!("{}:{}", self.rev, rest.replace('\\', "/")),
            None => name.to_owned(),
        }
    }
}

/// Copies `path` (a file or folder of the working tree) as it was at `rev`, refusing files
/// larger than `limit` bytes.
pub(crate) fn snapshot(rev: &str, path: &Path, limit: u64) -> Result<Snapshot> {
    let is_dir = path.is_dir();
    let (dir, spec) = if is_dir {
        (path.to_path_buf(), PathBuf::from("."))
    } else {
        let name = path
            .file_name()
            .with_context(|| format!("{} names no file or folder", path.display()))?;
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        (parent.to_path_buf(), PathBuf::from(name))
    };
    if !dir.is_dir() {
        bail!("cannot read {}: no such folder", dir.display());
    }
    let git = |args: &[&str]| -> Result<std::process::Output> {
        Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .context("cannot run git (is it installed?)")
    };
    let prefix = git(&["rev-parse", "--show-prefix"])?;
    if !prefix.status.success() {
        bail!("{} is not in a git repository", path.display());
    }
    let prefix = String::from_utf8_lossy(&prefix.stdout)
        .trim_end()
        .trim_end_matches('/')
        .to_owned();
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &format!("{rev}^{{commit}}"),
    ])?;
    if !commit.status.success() {
        bail!(
            "unknown revision `{rev}` in the repository of {}",
            path.display()
        );
    }
    let commit = String::from_utf8_lossy(&commit.stdout).trim().to_owned();

    let listing = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["ls-tree", "-r", "-z", "--full-name", &commit, "--"])
        .arg(&spec)
        .stdin(Stdio::null())
        .output()
        .context("cannot run git (is it installed?)")?;
    if !listing.status.success() {
        bail!(
            "git ls-tree failed: {}",
            String::from_utf8_lossy(&listing.stderr).trim()
        );
    }
    let mut files = Vec::new();
    let mut skipped = 0;
    for entry in listing.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        // `<mode> SP <type> SP <object> TAB <path>`
        let Some((meta, name)) = entry.split_once('\t') else {
            bail!("unexpected output of git ls-tree: {entry}");
        };
        let mut meta = meta.split(' ');
        let (mode, kind, object) = (meta.next(), meta.next(), meta.next());
        match (mode, kind, object) {
            (Some("100644" | "100755"), Some("blob"), Some(object)) => {
                files.push((object.to_owned(), safe_relative(name)?));
            }
            _ => skipped += 1,
        }
    }
    let mut inner = PathBuf::from(&prefix);
    if !is_dir {
        inner.push(&spec);
    }
    if files.is_empty() {
        bail!(
            "{} has no files at {rev}",
            if inner.as_os_str().is_empty() {
                "the repository".to_owned()
            } else {
                inner.display().to_string()
            }
        );
    }
    let dir_copy = tempfile::Builder::new()
        .prefix("stylebook-diff-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    write_blobs(&dir, &files, dir_copy.path(), limit)
        .with_context(|| format!("cannot read {} at {rev}", path.display()))?;
    Ok(Snapshot {
        dir: dir_copy,
        inner,
        rev: rev.to_owned(),
        skipped,
    })
}

/// A path from git as a relative path of plain names; anything else is refused.
fn safe_relative(name: &str) -> Result<PathBuf> {
    let path = PathBuf::from(name);
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(path)
    } else {
        bail!("git listed a path that is not inside the repository: {name}")
    }
}

/// Streams the blobs through one `git cat-file --batch` into `out`.
fn write_blobs(repo: &Path, files: &[(String, PathBuf)], out: &Path, limit: u64) -> Result<()> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git (is it installed?)")?;
    let mut stdin = child.stdin.take().context("no pipe to git cat-file")?;
    let objects: String = files.iter().map(|(o, _)| format!("{o}\n")).collect();
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(objects.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().context("no pipe from git cat-file")?);
    let result = read_blobs(&mut reader, files, out, limit);
    drop(reader);
    let written = writer.join();
    let status = child.wait().context("git cat-file did not finish")?;
    result?;
    if !matches!(written, Ok(Ok(()))) || !status.success() {
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        bail!("git cat-file failed: {}", stderr.trim());
    }
    Ok(())
}

fn read_blobs(
    reader: &mut impl BufRead,
    files: &[(String, PathBuf)],
    out: &Path,
    limit: u64,
) -> Result<()> {
    let mut header = String::new();
    for (object, path) in files {
        header.clear();
        reader.read_line(&mut header)?;
        // `<object> SP <type> SP <size> LF <contents> LF`
        let size = match header.trim_end().split(' ').collect::<Vec<_>>()[..] {
            [o, "blob", size] if o == object => size.parse::<usize>().ok(),
            _ => None,
        }
        .with_context(|| format!("unexpected answer of git cat-file: {}", header.trim_end()))?;
        if size as u64 > limit {
            bail!(
                "{} is larger than {limit} bytes (--max-file-size raises the limit)",
                path.display()
            );
        }
        let mut contents = vec![0; size];
        reader.read_exact(&mut contents)?;
        let mut newline = [0; 1];
        reader.read_exact(&mut newline)?;
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&target, contents)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}
