//! Atomic output: everything is written into a temporary folder beside the destination, then
//! renamed into place.
//!
//! A run that fails half-way leaves the previous output exactly as it was. Each top-level entry
//! the export produces (`design/`, `catalog.json`, ...) replaces its namesake as a whole, so a
//! re-export leaves no stale files behind, and files in the destination that this export does
//! not produce are left alone.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use stylebook_export::Sink;

/// A sink writing below a folder, refusing any path that would leave it.
pub(crate) struct DirSink {
    root: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    /// Files written so far.
    files: AtomicUsize,
}

impl DirSink {
    fn new(root: PathBuf) -> Self {
        DirSink {
            root,
            made: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
        }
    }
}

impl Sink for DirSink {
    fn put(&self, path: String, contents: Vec<u8>) -> io::Result<()> {
        let rel = Path::new(&path);
        if rel.as_os_str().is_empty()
            || !rel.components().all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {path}"),
            ));
        }
        let full = self.root.join(rel);
        if let Some(parent) = full.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(parent) {
                fs::create_dir_all(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        fs::write(&full, contents)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Runs `write` against a temporary folder next to `out`, then moves what it wrote into `out`.
pub(crate) fn write_atomically(
    out: &Path,
    write: impl FnOnce(&dyn Sink) -> io::Result<()>,
) -> Result<usize> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".stylebook-new-")
        .tempdir_in(&parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
    let sink = DirSink::new(staging.path().to_path_buf());
    write(&sink).with_context(|| format!("cannot write the export for {}", out.display()))?;
    let count = sink.files.load(Ordering::Relaxed);
    if !out.exists() {
        let staged = staging.keep();
        fs::rename(&staged, out)
            .with_context(|| format!("cannot move the export to {}", out.display()))?;
        return Ok(count);
    }
    if !out.is_dir() {
        anyhow::bail!("{} exists and is not a folder", out.display());
    }
    let old = tempfile::Builder::new()
        .prefix(".stylebook-old-")
        .tempdir_in(out)
        .with_context(|| format!("cannot create a temporary folder in {}", out.display()))?;
    for entry in fs::read_dir(staging.path())? {
        let entry = entry?;
        let name = entry.file_name();
        let dest = out.join(&name);
        if dest.exists() {
            fs::rename(&dest, old.path().join(&name))
                .with_context(|| format!("cannot replace {}", dest.display()))?;
        }
        fs::rename(entry.path(), &dest)
            .with_context(|| format!("cannot write {}", dest.display()))?;
    }
    Ok(count)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let sink = DirSink::new(dir.path().to_path_buf());
        for bad in ["../x", "/etc/x", "a/../../x", ""] {
            assert!(sink.put(bad.to_owned(), Vec::new()).is_err(), "{bad}");
        }
        sink.put("a/b.txt".to_owned(), b"x".to_vec()).unwrap();
        assert_eq!(fs::read(dir.path().join("a/b.txt")).unwrap(), b"x");
    }

    #[test]
    fn failure_leaves_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_atomically(&out, |s| s.put("f.txt".to_owned(), b"one".to_vec())).unwrap();
        let err = write_atomically(&out, |s| {
            s.put("f.txt".to_owned(), b"two".to_vec())?;
            Err(io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(out.join("f.txt")).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary folders are cleaned up");
    }

    #[test]
    fn reexport_replaces_top_level_entries_and_keeps_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_atomically(&out, |s| {
            s.put("design/a.json".to_owned(), b"a".to_vec())?;
            s.put("keep.txt".to_owned(), b"k".to_vec())
        })
        .unwrap();
        write_atomically(&out, |s| s.put("design/b.json".to_owned(), b"b".to_vec())).unwrap();
        assert!(!out.join("design/a.json").exists());
        assert!(out.join("design/b.json").exists());
        assert!(out.join("keep.txt").exists());
        let names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
