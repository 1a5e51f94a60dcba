//! Output that never destroys a person's files: stylebook deletes or replaces only what it
//! wrote itself.
//!
//! The policy, for every command that writes a folder (`export`, `schema --out`):
//!
//! - **An output folder is owned through a manifest.** `.stylebook/manifest.json` inside it
//!   lists every file stylebook wrote there, with the kind of export that wrote it and the
//!   hash of its contents (`manifest`). A re-export replaces the files of the manifest, removes
//!   those that an export of its kind wrote and it no longer produces (an `api` export leaves
//!   the files of a `pages` export into the same folder), and touches nothing else. A file of the manifest that was changed since it was
//!   written is no longer counted as stylebook's: it is not overwritten without `--force`, and
//!   never removed. A file the manifest does not list is never removed, and overwritten only
//!   with `--force`. A non-empty folder with no manifest is refused without `--force`.
//! - **All or nothing.** Files are staged inside the folder (`.stylebook/txn/`, so on the
//!   output's own file system, where renames cannot fail for crossing devices), then moved
//!   into place; the manifest's rename is the commit point. A failure rolls back what was
//!   moved, Ctrl-C (SIGINT, SIGTERM, SIGHUP) stops the run and rolls back, and after SIGKILL
//!   the next run finds the transaction and completes or rolls it back before anything else
//!   (`txn`). A folder inside the output that is a symbolic link or a mount point is refused,
//!   since nothing written through it could be rolled back.
//! - **One run at a time.** `.stylebook/lock` is locked (an advisory lock the system releases
//!   when the process ends, however it ends) for the whole run; a second run fails at once.
//! - **Only what changed is written.** A file whose new contents hash as the manifest records,
//!   and which is still as written, is not touched: its modification time stays.
//! - **No place that cannot be meant.** The root of a file system, the home folder, and an
//!   input or a folder inside or around one are refused (`paths`).
//!
//! Single output files (`openapi --out`) are written through symbolic links into a temporary
//! file beside their target, then renamed over it (`file`).

mod file;
mod manifest;
mod paths;
mod stage;
mod txn;

use std::fs::{self, File, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use stylebook_export::Sink;

pub(crate) use file::{Written, write_file};
pub(crate) use paths::{refuse_file, resolve};

use crate::interrupt::Interrupt;
use manifest::Manifest;
use stage::{Fate, Stager};
use txn::{Recovered, Txn};

/// The name of the folder stylebook keeps inside an output folder.
pub(crate) const CONTROL: &str = ".stylebook";

/// How to write into an output folder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// The kind of export writing (`api`, `pages`, `schema`, ...): a run removes only the
    /// files that a run of the same kind wrote and it no longer writes.
    pub(crate) owner: &'static str,
    /// Overwrite files that stylebook did not write, and write into a non-empty folder that
    /// has no manifest.
    pub(crate) force: bool,
    /// Compare only: write nothing, report what would change.
    pub(crate) check: bool,
}

/// An output folder, resolved and checked, and locked when it holds a previous export.
pub(crate) struct OutputDir {
    /// As typed, for messages.
    given: PathBuf,
    /// With symbolic links resolved.
    real: PathBuf,
    options: Options,
    /// The lock of `.stylebook/lock`, once taken.
    lock: Option<File>,
}

/// What a write did (or, when checking, would do).
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Files the export produced.
    pub(crate) files: usize,
    /// New files.
    pub(crate) added: Vec<String>,
    /// Files whose contents changed.
    pub(crate) changed: Vec<String>,
    /// Files of the previous export that it no longer produces, removed.
    pub(crate) removed: Vec<String>,
    /// Files of the previous export that it no longer produces, left in place because they
    /// were changed since they were written.
    pub(crate) kept: Vec<String>,
}

/// The error of a write stopped by Ctrl-C or a termination signal, after it undid its work.
#[derive(Debug)]
pub(crate) struct Interrupted {
    /// The output folder, as typed.
    pub(crate) out: PathBuf,
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "interrupted: nothing was changed in {}",
            self.out.display()
        )
    }
}

impl std::error::Error for Interrupted {}

impl OutputDir {
    /// Resolves and checks `out` against `inputs`, and, when it holds an export, locks it and
    /// completes or rolls back whatever a killed run left there. Call it before reading the
    /// inputs: nothing else may happen to a folder before its recovery, and a folder that will
    /// be refused is refused before the inputs are read.
    pub(crate) fn open(out: &Path, inputs: &[PathBuf], options: Options) -> Result<Self> {
        let real = resolve(out).with_context(|| format!("cannot use {}", out.display()))?;
        paths::refuse_folder(&real, out, inputs)?;
        if real.exists() && !real.is_dir() {
            bail!("{} exists and is not a folder", out.display());
        }
        let mut dir = OutputDir {
            given: out.to_path_buf(),
            real,
            options,
            lock: None,
        };
        if dir.control().is_dir() {
            dir.lock_and_recover()?;
        }
        if !options.check && dir.real.is_dir() {
            dir.refuse_foreign()?;
        }
        Ok(dir)
    }

    /// Runs `write` against a sink that stages its files, then commits them (see the module
    /// docs); when checking, only compares.
    pub(crate) fn write(
        mut self,
        write: impl FnOnce(&dyn Sink) -> io::Result<()>,
    ) -> Result<Outcome> {
        let options = self.options;
        if options.check {
            let old = self.load_manifest()?;
            let txn = Txn::new(&self.real, &self.control());
            let never = Interrupt::never();
            if !self.real.is_dir() {
                // Nothing there yet: everything would be new.
                let sink = Counter::default();
                write(&sink).context("cannot render the export")?;
                return Ok(sink.outcome());
            }
            let stager = Stager::new(&self.real, &txn, &old, options.owner, false, &never)?;
            write(&stager).context("cannot render the export")?;
            let staged = stager.finish("check")?;
            return Ok(outcome(&staged));
        }
        let interrupt = Interrupt::catch().context("cannot catch Ctrl-C")?;
        let created = self.prepare()?;
        let result = self.write_locked(options, &interrupt, write);
        if result.is_err() {
            self.clean_up_failure(&created);
            if interrupt.is_set() {
                return Err(Interrupted {
                    out: self.given.clone(),
                }
                .into());
            }
        }
        result
    }

    fn write_locked(
        &self,
        options: Options,
        interrupt: &Interrupt,
        write: impl FnOnce(&dyn Sink) -> io::Result<()>,
    ) -> Result<Outcome> {
        let old = self.load_manifest()?;
        let txn = Txn::new(&self.real, &self.control());
        txn.begin()
            .with_context(|| format!("cannot stage the export in {}", self.control().display()))?;
        let staged = (|| {
            let stager = Stager::new(&self.real, &txn, &old, options.owner, true, interrupt)?;
            write(&stager)?;
            stager.finish(&transaction_id())
        })();
        let mut staged = match staged {
            Ok(staged) => staged,
            Err(e) => {
                let _ = txn.discard();
                return Err(e).with_context(|| {
                    format!(
                        "cannot write the export into {}; nothing was changed",
                        self.given.display()
                    )
                });
            }
        };
        let foreign: Vec<&str> = staged
            .fates
            .iter()
            .filter(|(_, fate)| *fate == Fate::Foreign)
            .map(|(path, _)| path.as_str())
            .collect();
        if !foreign.is_empty() && !options.force {
            let _ = txn.discard();
            bail!(
                "refusing to overwrite {} in {} that stylebook did not write (or that changed \
                 since it wrote them): {}; nothing was changed (--force overwrites them)",
                crate::render::plural(foreign.len(), "file"),
                self.given.display(),
                list(&foreign)
            );
        }
        if interrupt.is_set() {
            let _ = txn.discard();
            return Err(Interrupt::error().into());
        }
        let outcome = outcome(&staged);
        if staged.plan.ops.is_empty()
            && staged.manifest.files == old.files
            && staged.manifest.dirs == old.dirs
        {
            txn.discard()
                .with_context(|| format!("cannot clean up {}", self.control().display()))?;
            return Ok(outcome);
        }
        txn.commit(&staged.plan, &mut staged.manifest)
            .with_context(|| {
                format!(
                    "cannot write the export into {}; the previous contents were restored",
                    self.given.display()
                )
            })?;
        Ok(outcome)
    }

    /// The folder's control folder, `.stylebook/`.
    fn control(&self) -> PathBuf {
        self.real.join(CONTROL)
    }

    /// Takes the folder's lock, then completes or rolls back a transaction left there.
    fn lock_and_recover(&mut self) -> Result<()> {
        let path = self.control().join("lock");
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            // A read-only file system: checking still works, and writing fails further on
            // with the reason.
            .or_else(|_| File::open(&path))
            .with_context(|| format!("cannot open {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                bail!(
                    "another stylebook run{} is writing to {}; nothing was changed (try again \
                     when it is done)",
                    if holder.is_empty() {
                        String::new()
                    } else {
                        format!(" (process {holder})")
                    },
                    self.given.display()
                );
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        // Who holds the lock, for the message of a run that finds it taken.
        let _ = file
            .set_len(0)
            .and_then(|()| file.write_all(std::process::id().to_string().as_bytes()));
        self.lock = Some(file);
        let txn = Txn::new(&self.real, &self.control());
        let recovered = txn.recover().with_context(|| {
            format!(
                "{} holds an interrupted export that could not be undone",
                self.given.display()
            )
        })?;
        let said = match recovered {
            Recovered::Nothing => return Ok(()),
            Recovered::Discarded => "had changed nothing; its staged files were removed",
            Recovered::RolledBack => "was rolled back",
            Recovered::Completed => "was completed",
        };
        let _ = writeln!(
            io::stderr(),
            "note: an interrupted export to {} {said}",
            self.given.display()
        );
        Ok(())
    }

    /// Creates the folder and its control folder as needed, locks it, and refuses a non-empty
    /// folder that holds no export unless `--force`. Returns the folders it created, top first.
    fn prepare(&mut self) -> Result<Vec<PathBuf>> {
        let mut created = Vec::new();
        let mut missing = self.real.as_path();
        while !missing.exists() {
            created.push(missing.to_path_buf());
            match missing.parent() {
                Some(parent) => missing = parent,
                None => break,
            }
        }
        created.reverse();
        if !created.is_empty() {
            fs::create_dir_all(&self.real)
                .with_context(|| format!("cannot create {}", self.given.display()))?;
        }
        self.refuse_foreign()?;
        if self.lock.is_none() {
            match fs::create_dir(self.control()) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot create {}", self.control().display()));
                }
            }
            self.lock_and_recover()?;
        }
        Ok(created)
    }

    /// Refuses a non-empty folder that holds no export, unless `--force`.
    fn refuse_foreign(&self) -> Result<()> {
        if self.options.force || self.control().join("manifest.json").exists() {
            return Ok(());
        }
        let mut others = fs::read_dir(&self.real)
            .with_context(|| format!("cannot read {}", self.given.display()))?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name() != CONTROL)
            .map(|e| e.file_name().to_string_lossy().into_owned());
        if let Some(first) = others.next() {
            bail!(
                "refusing to write into {}: it holds files that stylebook did not write (such \
                 as {first}); give --out an empty or new folder, or use --force to write beside \
                 them (files of the same names are overwritten, nothing is removed)",
                self.given.display()
            );
        }
        Ok(())
    }

    fn load_manifest(&self) -> Result<Manifest> {
        let path = self.control().join("manifest.json");
        Ok(Manifest::load(&path)
            .with_context(|| {
                format!(
                    "cannot tell what stylebook wrote in {} (remove {} and use --force)",
                    self.given.display(),
                    path.display()
                )
            })?
            .unwrap_or_default())
    }

    /// After a failed first export, removes the control folder and the folders the run
    /// created, so nothing is left behind.
    fn clean_up_failure(&self, created: &[PathBuf]) {
        if self.control().join("manifest.json").exists() {
            return;
        }
        let _ = txn::remove_dir_all_if_exists(&self.control());
        for dir in created.iter().rev() {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// A sink that only counts, for checking against a folder that does not exist.
#[derive(Default)]
struct Counter {
    paths: std::sync::Mutex<Vec<String>>,
}

impl Counter {
    fn outcome(self) -> Outcome {
        let mut added = self.paths.into_inner().unwrap_or_else(|e| e.into_inner());
        added.sort();
        Outcome {
            files: added.len(),
            added,
            ..Outcome::default()
        }
    }
}

impl Sink for Counter {
    fn put(&self, path: String, _: Vec<u8>) -> io::Result<()> {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path);
        Ok(())
    }
}

fn outcome(staged: &stage::Staged) -> Outcome {
    let mut outcome = Outcome {
        files: staged.fates.len(),
        removed: staged.removed.clone(),
        kept: staged.kept.clone(),
        ..Outcome::default()
    };
    for (path, fate) in &staged.fates {
        match fate {
            Fate::Unchanged => {}
            Fate::InNewFolder { .. } | Fate::New => outcome.added.push(path.clone()),
            Fate::Changed | Fate::Foreign => outcome.changed.push(path.clone()),
        }
    }
    outcome
}

/// A transaction identifier no other run uses: the time and the process.
fn transaction_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{:x}", std::process::id())
}

/// The first few of `paths`, for a message.
pub(crate) fn list(paths: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut text = paths
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}
