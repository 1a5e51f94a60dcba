//! Staging: the sink the writers hand their files to, and the plan made from what they wrote.
//!
//! Each file is compared with what the output folder holds: unchanged files (same contents as
//! the manifest records, still on disk as written) are not staged at all; new and changed ones
//! are written into the transaction's staging folders; files that stylebook did not write are
//! conflicts, overwritten only with `--force`. Nothing outside `.stylebook/txn/` is touched
//! until the commit.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use stylebook_export::Sink;

use super::manifest::{Entry, Manifest, hash};
use super::txn::{Op, Plan, Txn};
use crate::interrupt::Interrupt;

/// What becomes of one file the export produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fate {
    /// The folder holds it already, as it would be written.
    Unchanged,
    /// New, inside the folder `top`, which does not exist yet and is staged whole.
    InNewFolder {
        /// The top-most missing folder.
        top: String,
    },
    /// New, in a folder that exists.
    New,
    /// Replaces a file of the previous export.
    Changed,
    /// Replaces a file that stylebook did not write, or that was changed since.
    Foreign,
}

/// The sink of an export into an owned folder.
pub(super) struct Stager<'a> {
    out: &'a Path,
    txn: &'a Txn,
    old: &'a Manifest,
    /// The kind of export writing (see [`Entry`]).
    owner: &'a str,
    /// Whether to write staged files (not when only checking).
    stage: bool,
    interrupt: &'a Interrupt,
    /// The device of the output folder: a folder inside it on another device is a mount
    /// point, which a rename cannot cross.
    #[cfg(unix)]
    device: u64,
    /// Whether each folder below the output exists, by relative path.
    dirs: Mutex<HashMap<String, bool>>,
    /// Folders made inside `tree/`.
    made: Mutex<HashSet<PathBuf>>,
    next: AtomicU64,
    produced: Mutex<Vec<Produced>>,
}

/// One file the export produced.
struct Produced {
    path: String,
    fate: Fate,
    /// Its number in the transaction's `files/`.
    n: u64,
    /// Its entry in the new manifest.
    entry: Option<Entry>,
}

/// What an export would change, and how.
pub(super) struct Staged {
    /// The commit.
    pub(super) plan: Plan,
    /// The manifest after the commit.
    pub(super) manifest: Manifest,
    /// Every produced file with its fate, sorted by path.
    pub(super) fates: Vec<(String, Fate)>,
    /// Files of the previous export that the export no longer produces and removes.
    pub(super) removed: Vec<String>,
    /// Files of the previous export that it no longer produces but that were changed since,
    /// so are left in place.
    pub(super) kept: Vec<String>,
}

impl<'a> Stager<'a> {
    /// A sink for an export into `out` (resolved), against its previous manifest `old`.
    pub(super) fn new(
        out: &'a Path,
        txn: &'a Txn,
        old: &'a Manifest,
        owner: &'a str,
        stage: bool,
        interrupt: &'a Interrupt,
    ) -> io::Result<Self> {
        #[cfg(unix)]
        let device = std::os::unix::fs::MetadataExt::dev(&fs::metadata(out)?);
        #[cfg(not(unix))]
        fs::metadata(out)?;
        Ok(Stager {
            out,
            txn,
            old,
            owner,
            stage,
            interrupt,
            #[cfg(unix)]
            device,
            dirs: Mutex::new(HashMap::new()),
            made: Mutex::new(HashSet::new()),
            next: AtomicU64::new(0),
            produced: Mutex::new(Vec::new()),
        })
    }

    /// The top-most folder of `path` that does not exist in the output, if any; an error when
    /// one of them is not a plain folder of the output's file system.
    fn missing_folder(&self, path: &str) -> io::Result<Option<String>> {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i;
            let dir = &path[..end];
            end += 1;
            let known = lock(&self.dirs).get(dir).copied();
            let exists = match known {
                Some(exists) => exists,
                None => {
                    let exists = self.check_folder(dir)?;
                    lock(&self.dirs).insert(dir.to_owned(), exists);
                    exists
                }
            };
            if !exists {
                return Ok(Some(dir.to_owned()));
            }
        }
        Ok(None)
    }

    /// Whether `dir` exists as a folder the export may write into.
    fn check_folder(&self, dir: &str) -> io::Result<bool> {
        let full = self.out.join(dir);
        let meta = match fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        let refuse = |why: &str| {
            Err(io::Error::other(format!(
                "{} {why}; stylebook writes only into plain folders of the output",
                full.display()
            )))
        };
        if meta.file_type().is_symlink() {
            return refuse("is a symbolic link");
        }
        if !meta.is_dir() {
            return refuse("is in the way: the export puts a folder there");
        }
        #[cfg(unix)]
        if std::os::unix::fs::MetadataExt::dev(&meta) != self.device {
            return refuse(
                "is on another file system (a mount point), which cannot be replaced atomically",
            );
        }
        Ok(true)
    }

    /// What becomes of a file with these contents at `path`, which is in an existing folder.
    fn fate(&self, path: &str, full: &Path, hashed: &str) -> io::Result<(Fate, Option<Entry>)> {
        let meta = match fs::symlink_metadata(full) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Fate::New, None)),
            Err(e) => return Err(e),
        };
        if meta.is_dir() {
            return Err(io::Error::other(format!(
                "{} is a folder, where the export writes a file",
                full.display()
            )));
        }
        match self.old.files.get(path) {
            Some(entry) if self.old.holds(entry, full, &meta)? => {
                if entry.hash == hashed {
                    let mut entry = entry.clone();
                    self.owner.clone_into(&mut entry.owner);
                    Ok((Fate::Unchanged, Some(entry)))
                } else {
                    Ok((Fate::Changed, None))
                }
            }
            _ => Ok((Fate::Foreign, None)),
        }
    }

    /// Writes a staged file and returns its manifest entry.
    fn write_staged(&self, staged: &Path, hashed: String, contents: &[u8]) -> io::Result<Entry> {
        if let Some(parent) = staged.parent() {
            let mut made = lock(&self.made);
            if !made.contains(parent) {
                fs::create_dir_all(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        let mut file = File::create(staged)?;
        file.write_all(contents)?;
        Ok(Entry::new(self.owner, hashed, &file.metadata()?))
    }

    /// The plan, the new manifest and the fates, once the writers are done.
    pub(super) fn finish(self, transaction: &str) -> io::Result<Staged> {
        let mut produced = self
            .produced
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        produced.sort_by(|a, b| a.path.cmp(&b.path));
        if let Some(w) = produced.windows(2).find(|w| w[0].path == w[1].path) {
            return Err(io::Error::other(format!(
                "the export wrote {} twice",
                w[0].path
            )));
        }
        let mut plan = Plan {
            transaction: transaction.to_owned(),
            ..Plan::default()
        };
        let mut manifest = Manifest::new(transaction.to_owned());
        let mut tops = BTreeSet::new();
        for p in &produced {
            match &p.fate {
                Fate::Unchanged => {}
                Fate::InNewFolder { top } => {
                    if tops.insert(top.clone()) {
                        plan.ops.push(Op::Tree { path: top.clone() });
                    }
                }
                Fate::New | Fate::Changed | Fate::Foreign => plan.ops.push(Op::Put {
                    path: p.path.clone(),
                    n: p.n,
                }),
            }
            if let Some(entry) = &p.entry {
                manifest.files.insert(p.path.clone(), entry.clone());
            }
        }
        let paths: HashSet<&str> = produced.iter().map(|p| p.path.as_str()).collect();
        let mut removed = Vec::new();
        let mut kept = Vec::new();
        for (path, entry) in &self.old.files {
            if paths.contains(path.as_str()) {
                continue;
            }
            let full = self.out.join(path);
            let meta = match fs::symlink_metadata(&full) {
                Ok(meta) => meta,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            if entry.owner != self.owner {
                // Another kind of export wrote it: it stays, and stays theirs.
                manifest.files.insert(path.clone(), entry.clone());
            } else if self.old.holds(entry, &full, &meta)? {
                plan.ops.push(Op::Remove {
                    path: path.clone(),
                    n: self.next.fetch_add(1, Ordering::Relaxed),
                });
                removed.push(path.clone());
            } else {
                kept.push(path.clone());
            }
        }
        // The folders of every file still recorded; those stylebook made (before, or now, as a
        // new folder moved in whole) stay its, and its others are removed once empty.
        let mut used_dirs = BTreeSet::new();
        for path in manifest
            .files
            .keys()
            .map(String::as_str)
            .chain(paths.iter().copied())
        {
            for dir in ancestors(path).skip(1) {
                if !used_dirs.insert(dir.to_owned()) {
                    break;
                }
            }
        }
        manifest.dirs = used_dirs
            .iter()
            .filter(|d| self.old.dirs.contains(*d) || ancestors(d).any(|a| tops.contains(a)))
            .cloned()
            .collect();
        let mut prune: Vec<String> = self
            .old
            .dirs
            .iter()
            .filter(|d| !used_dirs.contains(*d))
            .cloned()
            .collect();
        // Deepest first, so a folder is emptied before its parent is tried.
        prune.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        plan.prune = prune;
        Ok(Staged {
            plan,
            manifest,
            fates: produced.into_iter().map(|p| (p.path, p.fate)).collect(),
            removed,
            kept,
        })
    }
}

impl Sink for Stager<'_> {
    fn put(&self, path: String, contents: Vec<u8>) -> io::Result<()> {
        if self.interrupt.is_set() {
            return Err(Interrupt::error());
        }
        let rel = Path::new(&path);
        if path.is_empty()
            || path.contains('\\')
            || !rel.components().all(|c| matches!(c, Component::Normal(_)))
            || path
                .split('/')
                .any(|part| part.is_empty() || part == ".stylebook")
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {path}"),
            ));
        }
        let hashed = hash(&contents);
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let (fate, entry) = match self.missing_folder(&path)? {
            Some(top) => {
                let entry = if self.stage {
                    Some(self.write_staged(&self.txn.tree(&path), hashed, &contents)?)
                } else {
                    None
                };
                (Fate::InNewFolder { top }, entry)
            }
            None => {
                let full = self.out.join(&path);
                match self.fate(&path, &full, &hashed)? {
                    (Fate::Unchanged, entry) => (Fate::Unchanged, entry),
                    (fate, _) if self.stage => {
                        let entry = self.write_staged(&self.txn.file(n), hashed, &contents)?;
                        (fate, Some(entry))
                    }
                    (fate, _) => (fate, None),
                }
            }
        };
        lock(&self.produced).push(Produced {
            path,
            fate,
            n,
            entry,
        });
        Ok(())
    }
}

/// `path` and the folders above it, deepest first: `a/b/c`, `a/b`, `a`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(path), |p| p.rfind('/').map(|i| &p[..i]))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
