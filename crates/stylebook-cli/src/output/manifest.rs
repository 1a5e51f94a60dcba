//! The manifest: which files of an output folder stylebook wrote, with their contents' hash.
//!
//! It is `.stylebook/manifest.json` inside the output folder. Each file is recorded with the
//! export that wrote it, the hash of what was written and its size, modification time and inode at the time: a file
//! whose metadata still matches is known unchanged without reading it, as git's index does;
//! any other is read and hashed. A file written less than [`RACY`] before the manifest is
//! always read, since a change made in the same clock tick would not move its time.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How close to the manifest's own time a file's time must be for its metadata not to be
/// trusted (coarse file-system clocks tick every 2 s at worst).
const RACY: Duration = Duration::from_secs(2);

/// The version of the manifest's format.
const VERSION: u32 = 1;

/// What an output folder holds of stylebook's.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    /// The format's version.
    version: u32,
    /// The transaction that wrote this manifest (see `txn`).
    pub(crate) transaction: String,
    /// When the manifest was written, in nanoseconds since the Unix epoch.
    written: u128,
    /// Every file written, by `/`-separated path relative to the folder.
    pub(crate) files: BTreeMap<String, Entry>,
    /// The folders stylebook created, which it removes again once they are empty.
    pub(crate) dirs: BTreeSet<String>,
}

/// One file as it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    /// The export that wrote it (`api`, `pages`, `schema`, ...): a run removes only files of
    /// its own kind that it no longer writes.
    pub(crate) owner: String,
    /// The xxh3-128 hash of the contents, in hex.
    pub(crate) hash: String,
    /// The size in bytes.
    size: u64,
    /// The modification time, in nanoseconds since the Unix epoch.
    mtime: u128,
    /// The inode number (0 where there is none).
    inode: u64,
}

impl Manifest {
    /// A manifest for `transaction`, with no files yet.
    pub(crate) fn new(transaction: String) -> Self {
        Manifest {
            version: VERSION,
            transaction,
            ..Manifest::default()
        }
    }

    /// Reads the manifest at `path`; `None` when there is none.
    pub(crate) fn load(path: &Path) -> io::Result<Option<Manifest>> {
        let text = match fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} is damaged ({e})", path.display()),
            )
        })?;
        if manifest.version != VERSION {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{} has format version {}, which this stylebook does not know",
                    path.display(),
                    manifest.version
                ),
            ));
        }
        Ok(Some(manifest))
    }

    /// The manifest as JSON, stamped with the current time.
    pub(crate) fn stamped_json(&mut self) -> Vec<u8> {
        self.written = nanos(SystemTime::now());
        let mut json = serde_json::to_vec_pretty(self).unwrap_or_default();
        json.push(b'\n');
        json
    }

    /// Whether the file at `path`, whose metadata is `meta`, still holds what `entry` records.
    pub(crate) fn holds(&self, entry: &Entry, path: &Path, meta: &Metadata) -> io::Result<bool> {
        if !meta.is_file() || meta.len() != entry.size {
            return Ok(false);
        }
        let (mtime, inode) = stamp(meta);
        let racy = mtime + RACY.as_nanos() >= self.written;
        if mtime == entry.mtime && inode == entry.inode && !racy {
            return Ok(true);
        }
        Ok(hash_file(path)? == entry.hash)
    }
}

impl Entry {
    /// The entry for a file written by `owner`, holding contents hashed as `hash`, whose
    /// metadata is `meta`.
    pub(crate) fn new(owner: &str, hash: String, meta: &Metadata) -> Self {
        let (mtime, inode) = stamp(meta);
        Entry {
            owner: owner.to_owned(),
            hash,
            size: meta.len(),
            mtime,
            inode,
        }
    }
}

/// The hash of `bytes`, as recorded in entries.
pub(crate) fn hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

fn hash_file(path: &Path) -> io::Result<String> {
    let mut bytes = Vec::new();
    File::open(path)?.read_to_end(&mut bytes)?;
    Ok(hash(&bytes))
}

fn stamp(meta: &Metadata) -> (u128, u64) {
    let mtime = meta.modified().map(nanos).unwrap_or(0);
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0;
    (mtime, inode)
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_just_before_the_manifest_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        fs::write(&path, b"one").unwrap();
        let mut manifest = Manifest::new("t".to_owned());
        let entry = Entry::new("json", hash(b"one"), &fs::metadata(&path).unwrap());
        let _ = manifest.stamped_json();
        // Same size, same time, same inode: only reading the contents can tell.
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, b"two").unwrap();
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(before)
            .unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert!(!manifest.holds(&entry, &path, &meta).unwrap());
        fs::write(&path, b"one").unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert!(manifest.holds(&entry, &path, &meta).unwrap());
    }

    #[test]
    fn damaged_and_unknown_manifests_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        assert!(Manifest::load(&path).unwrap().is_none());
        fs::write(&path, b"{").unwrap();
        let err = Manifest::load(&path).unwrap_err();
        assert!(err.to_string().contains("is damaged"), "{err}");
        let mut manifest = Manifest::new("t".to_owned());
        manifest.version = 9;
        fs::write(&path, manifest.stamped_json()).unwrap();
        let err = Manifest::load(&path).unwrap_err();
        assert!(err.to_string().contains("format version 9"), "{err}");
    }
}
