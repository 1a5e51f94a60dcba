//! Transactions on an output folder: commit a staged export all at once, roll it back on
//! failure, and recover what a killed run left.
//!
//! Everything happens inside the folder's `.stylebook/txn/`, on the output's own file system,
//! so every move is a `rename` that cannot cross devices:
//!
//! ```text
//! .stylebook/txn/plan.json      what the commit does, written before it starts
//! .stylebook/txn/tree/<path>    new folders, staged whole
//! .stylebook/txn/files/<n>      new contents of files whose folder exists
//! .stylebook/txn/backup/<n>     what a replaced or removed file held
//! .stylebook/txn/manifest.json  the new manifest
//! ```
//!
//! The commit applies the plan's operations, then renames the new manifest over the old one:
//! that rename is the commit point. Each operation can be undone from what is on disk alone
//! (a staged entry that is gone was moved into place; a backup that exists holds the old
//! file), so a rollback works after a failure, after Ctrl-C, and after SIGKILL at any moment,
//! and doing it twice does no harm. A run that finds a transaction first compares its
//! identifier with the manifest's: equal means committed (only the clean-up is left), anything
//! else is rolled back.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::manifest::Manifest;

/// What a commit does.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Plan {
    /// The transaction's identifier, also written into the new manifest.
    pub(crate) transaction: String,
    /// The moves, in order.
    pub(crate) ops: Vec<Op>,
    /// Folders of the old manifest that become empty, deepest first: removed after the commit.
    pub(crate) prune: Vec<String>,
}

/// One move of a commit. Paths are relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) enum Op {
    /// A folder that does not exist yet, moved in whole from `tree/<path>`.
    Tree {
        /// The folder.
        path: String,
    },
    /// A file written from `files/<n>`; what was there before goes to `backup/<n>`.
    Put {
        /// The file.
        path: String,
        /// Its number in `files/` and `backup/`.
        n: u64,
    },
    /// A file removed into `backup/<n>`.
    Remove {
        /// The file.
        path: String,
        /// Its number in `backup/`.
        n: u64,
    },
}

/// The paths of a transaction in an output folder.
pub(crate) struct Txn {
    /// The output folder.
    out: PathBuf,
    /// `.stylebook/`.
    control: PathBuf,
    /// `.stylebook/txn/`.
    pub(crate) dir: PathBuf,
}

/// What [`Txn::recover`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recovered {
    /// No transaction was left.
    Nothing,
    /// A transaction killed while staging was removed: nothing in place had changed.
    Discarded,
    /// A transaction killed while moving files into place was undone.
    RolledBack,
    /// A committed transaction's clean-up was finished.
    Completed,
}

impl Txn {
    /// The transaction paths of the output folder `out`, whose control folder is `control`.
    pub(crate) fn new(out: &Path, control: &Path) -> Self {
        Txn {
            out: out.to_path_buf(),
            control: control.to_path_buf(),
            dir: control.join("txn"),
        }
    }

    /// Where a new folder is staged.
    pub(crate) fn tree(&self, path: &str) -> PathBuf {
        self.dir.join("tree").join(path)
    }

    /// Where a new file is staged.
    pub(crate) fn file(&self, n: u64) -> PathBuf {
        self.dir.join("files").join(n.to_string())
    }

    fn backup(&self, n: u64) -> PathBuf {
        self.dir.join("backup").join(n.to_string())
    }

    fn manifest(&self) -> PathBuf {
        self.control.join("manifest.json")
    }

    /// Starts a transaction: an empty `txn/` with its staging folders.
    pub(crate) fn begin(&self) -> io::Result<()> {
        fs::create_dir(&self.dir)?;
        for sub in ["tree", "files", "backup"] {
            fs::create_dir(self.dir.join(sub))?;
        }
        Ok(())
    }

    /// Commits `plan` and makes `manifest` the folder's manifest. On failure everything done
    /// is undone, and the error says whether that worked.
    pub(crate) fn commit(&self, plan: &Plan, manifest: &mut Manifest) -> io::Result<()> {
        durable_write(&self.dir.join("plan.json"), &to_json(plan))?;
        let applied = plan
            .ops
            .iter()
            .try_for_each(|op| self.apply(op))
            .and_then(|()| {
                let staged = self.dir.join("manifest.json");
                durable_write(&staged, &manifest.stamped_json())?;
                // The commit point.
                fs::rename(&staged, self.manifest())
            });
        if let Err(e) = applied {
            return Err(match self.roll_back(plan) {
                Ok(()) => e,
                Err(undo) => io::Error::new(
                    e.kind(),
                    format!(
                        "{e}; undoing the partial export failed too ({undo}): the next export \
                         to this folder finishes undoing it"
                    ),
                ),
            });
        }
        self.finish(plan)
    }

    /// Removes the transaction without committing it (nothing of it was moved into place).
    pub(crate) fn discard(&self) -> io::Result<()> {
        // The plan goes last: while it exists, a run that finds the transaction knows whether
        // the commit had started.
        for sub in ["tree", "files", "backup"] {
            remove_dir_all_if_exists(&self.dir.join(sub))?;
        }
        remove_file_if_exists(&self.dir.join("manifest.json"))?;
        remove_file_if_exists(&self.dir.join("plan.json"))?;
        remove_dir_all_if_exists(&self.dir)
    }

    /// Finds a transaction a killed run left and completes or undoes it.
    pub(crate) fn recover(&self) -> io::Result<Recovered> {
        if !self.dir.exists() {
            return Ok(Recovered::Nothing);
        }
        let plan: Option<Plan> = match fs::read(self.dir.join("plan.json")) {
            Ok(text) => Some(serde_json::from_slice(&text).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} is damaged ({e}); nothing was changed",
                        self.dir.join("plan.json").display()
                    ),
                )
            })?),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let Some(plan) = plan else {
            // Killed while staging, before anything was moved into place, or while removing a
            // finished transaction after its plan: the staged files are all there is.
            let staged = ["tree", "files"].iter().any(|sub| {
                fs::read_dir(self.dir.join(sub)).is_ok_and(|mut entries| entries.next().is_some())
            });
            self.discard()?;
            return Ok(if staged {
                Recovered::Discarded
            } else {
                Recovered::Nothing
            });
        };
        let committed = Manifest::load(&self.manifest())
            .ok()
            .flatten()
            .is_some_and(|m| m.transaction == plan.transaction);
        if committed {
            self.finish(&plan)?;
            Ok(Recovered::Completed)
        } else {
            self.roll_back(&plan)?;
            Ok(Recovered::RolledBack)
        }
    }

    fn apply(&self, op: &Op) -> io::Result<()> {
        match op {
            Op::Tree { path } => fs::rename(self.tree(path), self.out.join(path)),
            Op::Put { path, n } => {
                let dest = self.out.join(path);
                match fs::rename(&dest, self.backup(*n)) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
                fs::rename(self.file(*n), dest)
            }
            Op::Remove { path, n } => fs::rename(self.out.join(path), self.backup(*n)),
        }
    }

    /// Undoes whatever part of `plan` was applied, then removes the transaction.
    fn roll_back(&self, plan: &Plan) -> io::Result<()> {
        for op in plan.ops.iter().rev() {
            match op {
                Op::Tree { path } => {
                    let dest = self.out.join(path);
                    if !self.tree(path).exists() && dest.exists() {
                        fs::rename(dest, self.tree(path))?;
                    }
                }
                Op::Put { path, n } => {
                    let dest = self.out.join(path);
                    if self.backup(*n).exists() {
                        fs::rename(self.backup(*n), dest)?;
                    } else if !self.file(*n).exists() {
                        remove_file_if_exists(&dest)?;
                    }
                }
                Op::Remove { path, n } => {
                    if self.backup(*n).exists() {
                        fs::rename(self.backup(*n), self.out.join(path))?;
                    }
                }
            }
        }
        self.discard()
    }

    /// After the commit point: removes the folders that became empty and the transaction.
    fn finish(&self, plan: &Plan) -> io::Result<()> {
        for dir in &plan.prune {
            // Not empty (someone put a file there) or already gone: left as it is.
            let _ = fs::remove_dir(self.out.join(dir));
        }
        self.discard()
    }
}

/// Writes `bytes` to `path` and flushes them to the disk before returning.
fn durable_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn to_json(plan: &Plan) -> Vec<u8> {
    serde_json::to_vec(plan).unwrap_or_default()
}

fn remove_file_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes a folder and everything in it, if it exists.
pub(crate) fn remove_dir_all_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A folder with an old export, and a transaction that replaces `a`, removes `b`, adds
    /// `c` and a new folder `d/`.
    fn setup() -> (tempfile::TempDir, Txn, Plan) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let control = out.join(".stylebook");
        fs::create_dir(&control).unwrap();
        fs::write(out.join("a"), "old a").unwrap();
        fs::write(out.join("b"), "old b").unwrap();
        let mut old = Manifest::new("old".to_owned());
        fs::write(control.join("manifest.json"), old.stamped_json()).unwrap();
        let txn = Txn::new(out, &control);
        txn.begin().unwrap();
        fs::write(txn.file(0), "new a").unwrap();
        fs::write(txn.file(2), "new c").unwrap();
        fs::create_dir_all(txn.tree("d")).unwrap();
        fs::write(txn.tree("d").join("e"), "new e").unwrap();
        let plan = Plan {
            transaction: "new".to_owned(),
            ops: vec![
                Op::Put {
                    path: "a".to_owned(),
                    n: 0,
                },
                Op::Remove {
                    path: "b".to_owned(),
                    n: 1,
                },
                Op::Put {
                    path: "c".to_owned(),
                    n: 2,
                },
                Op::Tree {
                    path: "d".to_owned(),
                },
            ],
            prune: Vec::new(),
        };
        (dir, txn, plan)
    }

    fn tree(out: &Path) -> Vec<(String, String)> {
        let mut files = Vec::new();
        let mut stack = vec![out.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let rel = path
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if rel == ".stylebook/manifest.json" {
                    let m = Manifest::load(&path).unwrap().unwrap();
                    files.push((rel, m.transaction));
                } else if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push((rel, fs::read_to_string(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    fn old_tree() -> Vec<(String, String)> {
        vec![
            (".stylebook/manifest.json".into(), "old".into()),
            ("a".into(), "old a".into()),
            ("b".into(), "old b".into()),
        ]
    }

    fn new_tree() -> Vec<(String, String)> {
        vec![
            (".stylebook/manifest.json".into(), "new".into()),
            ("a".into(), "new a".into()),
            ("c".into(), "new c".into()),
            ("d/e".into(), "new e".into()),
        ]
    }

    #[test]
    fn commit_moves_everything_into_place() {
        let (dir, txn, plan) = setup();
        txn.commit(&plan, &mut Manifest::new("new".to_owned()))
            .unwrap();
        assert_eq!(tree(dir.path()), new_tree());
    }

    /// Stops a commit after each number of moves, as SIGKILL would, then recovers.
    #[test]
    fn recovery_after_a_crash_at_every_step_gives_the_old_or_the_new_tree() {
        for steps in 0..=plan_len() + 1 {
            let (dir, txn, plan) = setup();
            fs::write(txn.dir.join("plan.json"), to_json(&plan)).unwrap();
            for op in plan.ops.iter().take(steps) {
                txn.apply(op).unwrap();
            }
            // Half-way through an operation too: the first rename of a replacement.
            if steps == 0 {
                fs::rename(dir.path().join("a"), txn.backup(0)).unwrap();
            }
            let committed = steps > plan_len();
            if committed {
                let mut m = Manifest::new("new".to_owned());
                fs::write(txn.manifest(), m.stamped_json()).unwrap();
            }
            let recovered = txn.recover().unwrap();
            let expected = if committed { new_tree() } else { old_tree() };
            assert_eq!(tree(dir.path()), expected, "after {steps} steps");
            assert_eq!(
                recovered,
                if committed {
                    Recovered::Completed
                } else {
                    Recovered::RolledBack
                }
            );
            // Recovering twice changes nothing.
            assert_eq!(txn.recover().unwrap(), Recovered::Nothing);
            assert_eq!(tree(dir.path()), expected);
        }
    }

    fn plan_len() -> usize {
        4
    }

    #[test]
    fn a_failed_commit_rolls_back() {
        let (dir, txn, mut plan) = setup();
        // The staged file of a later move is missing: the commit fails there.
        plan.ops.push(Op::Put {
            path: "f".to_owned(),
            n: 9,
        });
        let err = txn
            .commit(&plan, &mut Manifest::new("new".to_owned()))
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert_eq!(tree(dir.path()), old_tree());
    }

    #[test]
    fn staging_without_a_plan_is_discarded() {
        let (dir, txn, _) = setup();
        assert_eq!(txn.recover().unwrap(), Recovered::Discarded);
        assert_eq!(tree(dir.path()), old_tree());
    }
}
