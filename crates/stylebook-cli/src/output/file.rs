//! Writing one output file: through a symbolic link to its target, all at once, and only
//! when its contents change.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::interrupt::Interrupt;

/// What [`write_file`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    /// The file was created or replaced.
    Written,
    /// It held these bytes already and was left as it was.
    Unchanged,
}

/// Writes `bytes` to `path` (resolved as `real`, through any symbolic link): into a temporary
/// file in the target's own folder, renamed over the target, with the permissions of the file
/// it replaces. A run stopped by a signal before the rename leaves nothing behind.
pub(crate) fn write_file(
    path: &Path,
    real: &Path,
    bytes: &[u8],
    interrupt: &Interrupt,
) -> Result<Written> {
    let meta = match fs::metadata(real) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    if let Some(meta) = &meta {
        if meta.is_dir() {
            bail!("cannot write {}: it is a folder", path.display());
        }
        if !meta.is_file() {
            bail!(
                "cannot write {}: it is not a regular file (a device, FIFO or socket)",
                path.display()
            );
        }
        if meta.len() == bytes.len() as u64 && fs::read(real).is_ok_and(|old| old == bytes) {
            return Ok(Written::Unchanged);
        }
    }
    let parent = match real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".stylebook-");
    match &meta {
        Some(meta) => {
            builder.permissions(meta.permissions());
        }
        None => {
            // Temporary files are private; a new output file is not (the umask applies).
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        }
    }
    let mut file = builder
        .tempfile_in(&parent)
        .with_context(|| format!("cannot create a temporary file in {}", parent.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if interrupt.is_set() {
        // Dropping the temporary file removes it.
        return Err(Interrupt::error())
            .with_context(|| format!("{} was left as it was", path.display()));
    }
    file.persist(real)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Written::Written)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_its_target_gets_the_contents() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.yaml");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.yaml");
        symlink(&target, &link).unwrap();
        let real = super::super::paths::resolve(&link).unwrap();
        let written = write_file(&link, &real, b"new", &Interrupt::never()).unwrap();
        assert_eq!(written, Written::Written);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let mtime = fs::metadata(&target).unwrap().modified().unwrap();
        let again = write_file(&link, &real, b"new", &Interrupt::never()).unwrap();
        assert_eq!(again, Written::Unchanged);
        assert_eq!(fs::metadata(&target).unwrap().modified().unwrap(), mtime);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
    }
}
