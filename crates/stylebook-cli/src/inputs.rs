//! Finding and loading the input files named on the command line.
//!
//! A path may be a file (its kind comes from its name, or from `--input-format`), a source-layout
//! root (a folder holding `topics.yaml` and `guidelines/`), or any other folder, searched
//! recursively for pages. Files are read in sorted order so that runs are deterministic.
//!
//! Reading never hangs and never takes unbounded memory: folders are walked without following
//! symbolic links unless `--follow` is given (then with loop detection by device and inode, as
//! ripgrep and fd do); only regular files found in folders are read (a FIFO, socket or device
//! is reported and skipped); no file is read past `--max-file-size`; and a file reached twice,
//! by the same path given twice or through links, is read once. A path named on the command
//! line is read whatever it is (`<(...)` gives a pipe), up to the size limit.

use std::collections::HashSet;
use std::fs::{self, File, FileType};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use stylebook_core::FileKind;
use stylebook_core::layout;
use stylebook_core::{FileId, Loaded, Sources};

use crate::kind::InputFormat;

/// How to find and read inputs; shared by every command that reads a catalog.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ReadArgs {
    /// Read inputs as this form instead of telling it from their names and content.
    #[arg(long, value_enum)]
    pub(crate) input_format: Option<InputFormat>,
    /// Follow symbolic links found in folders (loops are detected).
    #[arg(long)]
    pub(crate) follow: bool,
    /// Refuse files larger than this: bytes, or with a K, M or G suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub(crate) max_file_size: u64,
}

/// The files of a run and what reading them gave.
pub(crate) struct Inputs {
    /// Every file read.
    pub(crate) sources: Sources,
    /// The catalog and the diagnostics.
    pub(crate) loaded: Loaded,
    /// Every file read and its kind, in reading order.
    pub(crate) files: Vec<(FileId, FileKind)>,
}

/// Finds, reads and loads every input, with the readers' checks and the JSON Schemas. I/O
/// problems (a missing path, an unreadable or oversized file) are errors of the run, not of
/// the data.
pub(crate) fn load(paths: &[PathBuf], read: &ReadArgs) -> Result<Inputs> {
    let mut walk = Walk {
        read,
        found: Vec::new(),
        files: HashSet::new(),
        dirs: HashSet::new(),
        links: 0,
    };
    for path in paths {
        walk.path(path)?;
    }
    if walk.links > 0 {
        let _ = writeln!(
            io::stderr(),
            "note: did not follow {} found in folders (--follow reads through them)",
            if walk.links == 1 {
                "1 symbolic link".to_owned()
            } else {
                format!("{} symbolic links", walk.links)
            }
        );
    }
    if walk.found.is_empty() {
        bail!(
            "no catalog files found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut sources = Sources::new();
    let mut inputs: Vec<(FileId, FileKind)> = Vec::with_capacity(walk.found.len());
    for (path, kind, bytes) in walk.found {
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => read_file(&path, read.max_file_size)?,
        };
        inputs.push((sources.add_bytes(display(&path), bytes), kind));
    }
    let loaded = stylebook_core::read(&sources, &inputs);
    Ok(Inputs {
        sources,
        loaded,
        files: inputs,
    })
}

/// Reads `path` (`-` is standard input), refusing more than `limit` bytes.
pub(crate) fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        if file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() > limit)
        {
            bail!("{}", too_large(path, limit));
        }
        file.take(limit + 1).read_to_end(&mut bytes)
    };
    read.with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > limit {
        bail!("{}", too_large(path, limit));
    }
    Ok(bytes)
}

fn too_large(path: &Path, limit: u64) -> String {
    let name = if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    format!(
        "{name} is larger than {} (--max-file-size raises the limit)",
        show_size(limit)
    )
}

/// Parses `64M`, `512K`, `1G` or a number of bytes.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => {
            return Err(format!(
                "`{text}` is not a size such as 64M, 512K or 1000000"
            ));
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 64M, 512K or 1000000"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

fn show_size(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

fn display(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map_or(text.clone(), str::to_owned)
}

/// The state of a walk over the paths of the command line.
struct Walk<'a> {
    read: &'a ReadArgs,
    /// The files to read, in order, with their contents when they were read to tell their
    /// kind.
    found: Vec<(PathBuf, FileKind, Option<Vec<u8>>)>,
    /// Files already found, by device and inode.
    files: HashSet<Key>,
    /// Folders already walked, by device and inode.
    dirs: HashSet<Key>,
    /// Symbolic links not followed.
    links: usize,
}

/// What identifies a file whatever the path: device and inode (the path elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

fn key(path: &Path, meta: &fs::Metadata) -> Key {
    #[cfg(unix)]
    {
        let _ = path;
        use std::os::unix::fs::MetadataExt;
        Key::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Key::Path(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

impl Walk<'_> {
    /// A path of the command line.
    fn path(&mut self, path: &Path) -> Result<()> {
        let meta = fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if !meta.is_dir() {
            if self.files.contains(&key(path, &meta)) {
                return Ok(());
            }
            // The kind may take the contents to tell: they are read once, and kept.
            let mut bytes = None;
            let kind = crate::kind::of_file(path, self.read.input_format, || {
                let read = read_file(path, self.read.max_file_size)?;
                let text = String::from_utf8_lossy(&read).into_owned();
                bytes = Some(read);
                Ok(text)
            })?;
            self.add(path.to_path_buf(), &meta, kind);
            if let Some(last) = self.found.last_mut() {
                last.2 = bytes;
            }
            return Ok(());
        }
        let topics = layout::TOPICS_FILES
            .iter()
            .map(|n| path.join(n))
            .find(|p| fs::symlink_metadata(p).is_ok());
        let as_source = match self.read.input_format {
            Some(InputFormat::Source) => true,
            Some(_) => false,
            None => topics.is_some(),
        };
        if as_source {
            let Some(topics) = topics else {
                bail!("{} has no topics.yaml", path.display());
            };
            let meta = fs::metadata(&topics)
                .with_context(|| format!("cannot read {}", topics.display()))?;
            if !meta.is_file() {
                bail!("{} is not a regular file", topics.display());
            }
            self.add(topics, &meta, FileKind::Topics);
            let dir = path.join(layout::GUIDELINES_FOLDER);
            if dir.is_dir() {
                for (file, file_type) in entries(&dir)? {
                    if layout::is_guideline_file(&file.to_string_lossy()) {
                        self.entry(file, file_type, FileKind::Guideline, &mut Vec::new())?;
                    }
                }
            }
            if let Some(rules) = crate::kind::rules_beside(path) {
                let meta = fs::metadata(&rules)
                    .with_context(|| format!("cannot read {}", rules.display()))?;
                self.add(rules, &meta, FileKind::Rules);
            }
            return Ok(());
        }
        let kind = match self.read.input_format {
            Some(InputFormat::Json) => FileKind::CatalogJson,
            Some(InputFormat::Rules) => FileKind::Rules,
            _ => FileKind::Page,
        };
        if !self.dirs.insert(key(path, &meta)) {
            // Given twice, or inside a folder given before.
            return Ok(());
        }
        let start = self.found.len();
        let mut stack = vec![path.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for (entry, file_type) in entries(&dir)? {
                let name = entry
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !layout::is_searched(&name) {
                    continue;
                }
                let wanted = FileKind::from_path(&name) == Some(kind)
                    // A link whose name says nothing may still lead to a folder.
                    || (file_type.is_symlink() && fs::metadata(&entry).is_ok_and(|m| m.is_dir()));
                if file_type.is_dir() || wanted {
                    self.entry(entry, file_type, kind, &mut stack)?;
                }
            }
        }
        // Pages are read in path order, whatever order the folders were walked in.
        self.found[start..].sort_by(|a, b| a.0.cmp(&b.0));
        Ok(())
    }

    /// An entry found in a folder: a folder is pushed on `stack`, a regular file of `kind`
    /// is added, a link is followed only with `--follow`, anything else is reported.
    fn entry(
        &mut self,
        path: PathBuf,
        file_type: FileType,
        kind: FileKind,
        stack: &mut Vec<PathBuf>,
    ) -> Result<()> {
        let meta = if file_type.is_symlink() {
            if !self.read.follow {
                self.links += 1;
                return Ok(());
            }
            match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(_) => {
                    warn(&path, "a symbolic link to nothing");
                    return Ok(());
                }
            }
        } else {
            fs::symlink_metadata(&path)
                .with_context(|| format!("cannot read {}", path.display()))?
        };
        if meta.is_dir() {
            if self.dirs.insert(key(&path, &meta)) {
                stack.push(path);
            }
        } else if meta.is_file() {
            self.add(path, &meta, kind);
        } else {
            warn(&path, "not a regular file (a FIFO, socket or device)");
        }
        Ok(())
    }

    fn add(&mut self, path: PathBuf, meta: &fs::Metadata, kind: FileKind) {
        if self.files.insert(key(&path, meta)) {
            self.found.push((path, kind, None));
        }
    }
}

fn warn(path: &Path, what: &str) {
    let _ = writeln!(io::stderr(), "warning: skipped {}: {what}", display(path));
}

/// The entries of a folder with their types (links not followed), sorted by path.
fn entries(dir: &Path) -> Result<Vec<(PathBuf, FileType)>> {
    let mut entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read folder {}", dir.display()))?
        .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?))))
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot read folder {}", dir.display()))?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999G").is_err());
        assert_eq!(show_size(64 << 20), "64 MiB");
        assert_eq!(show_size(1000), "1000 bytes");
    }
}
