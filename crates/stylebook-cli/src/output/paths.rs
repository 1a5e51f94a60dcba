//! Where output may go: resolving an output path through symbolic links, and refusing the
//! places no one means (the root of the file system, the home folder, an input, or a folder
//! inside or around one).

use std::env;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

/// `path` made absolute with every symbolic link resolved, including where it does not exist
/// yet: the existing part is resolved and the rest appended.
pub(crate) fn resolve(path: &Path) -> io::Result<PathBuf> {
    match fs::canonicalize(path) {
        Ok(real) => return Ok(real),
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        Err(_) => {}
    }
    let absolute = env::current_dir()?.join(path);
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if fs::symlink_metadata(base).is_ok() {
            // It exists (canonicalize failed below it), or it is a link to nothing.
            let real = fs::canonicalize(base).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("{} is a symbolic link to nothing", base.display()),
                )
            })?;
            return Ok(rest.iter().rev().fold(real, |p, part| p.join(part)));
        }
        match (base.components().next_back(), base.parent()) {
            (Some(Component::Normal(name)), Some(parent)) => {
                rest.push(name.to_owned());
                base = parent;
            }
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "cannot resolve {}: `..` after a folder that does not exist",
                        path.display()
                    ),
                ));
            }
        }
    }
}

/// Refuses an output folder (resolved as `real`, typed as `given`) that is the root of a file
/// system, the home folder, or equal to, inside or above one of `inputs`.
pub(crate) fn refuse_folder(real: &Path, given: &Path, inputs: &[PathBuf]) -> Result<()> {
    if real.parent().is_none() {
        bail!(
            "refusing to write into {}: it is the root of the file system; give --out a folder \
             of its own",
            given.display()
        );
    }
    if home().is_some_and(|home| home == real) {
        bail!(
            "refusing to write into {}: it is your home folder; give --out a folder of its own",
            given.display()
        );
    }
    for input in inputs {
        let Ok(input_real) = fs::canonicalize(input) else {
            continue;
        };
        let why = if input_real == real {
            "it is an input"
        } else if real.starts_with(&input_real) {
            "it is inside an input, whose next reading would take in the export"
        } else if input_real.starts_with(real) {
            "it holds an input, which the export could overwrite"
        } else {
            continue;
        };
        bail!(
            "refusing to write into {}: {why} ({}); give --out a folder apart from the inputs",
            given.display(),
            input.display()
        );
    }
    Ok(())
}

/// Refuses an output file (resolved as `real`, typed as `given`) that is one of `inputs` or
/// inside one of them; `what` names the inputs (`the catalog`).
pub(crate) fn refuse_file(real: &Path, given: &Path, inputs: &[&Path], what: &str) -> Result<()> {
    for input in inputs {
        let Ok(input_real) = fs::canonicalize(input) else {
            continue;
        };
        if input_real == real {
            bail!(
                "refusing to write {}: it is {what} ({}), which would be lost",
                given.display(),
                input.display()
            );
        }
        if real.starts_with(&input_real) {
            bail!(
                "refusing to write {}: it is inside {what} ({}), whose next reading would take \
                 it in",
                given.display(),
                input.display()
            );
        }
    }
    Ok(())
}

fn home() -> Option<PathBuf> {
    let home = env::var_os("HOME").filter(|h| !h.is_empty())?;
    fs::canonicalize(home).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_does_not_exist_resolves_through_the_part_that_does() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir(real.join("target")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(real.join("target"), real.join("link")).unwrap();
        #[cfg(unix)]
        assert_eq!(
            resolve(&real.join("link/a/b")).unwrap(),
            real.join("target/a/b")
        );
        assert!(resolve(&real.join("missing/../x")).is_err());
    }

    #[test]
    fn roots_inputs_and_their_surroundings_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        let data = real.join("data");
        fs::create_dir(&data).unwrap();
        let inputs = [data.clone()];
        let refused = |out: &Path| refuse_folder(out, out, &inputs).unwrap_err().to_string();
        assert!(refused(Path::new("/")).contains("root of the file system"));
        assert!(refused(&data).contains("it is an input"));
        assert!(refused(&data.join("dist")).contains("inside an input"));
        assert!(refused(&real).contains("holds an input"));
        refuse_folder(&real.join("dist"), Path::new("dist"), &inputs).unwrap();
    }
}
