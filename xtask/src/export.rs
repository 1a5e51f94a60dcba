//! `cargo xtask export`: the main job. Validates `data/` (warnings fail too) and writes every
//! format into `dist/`.

use anyhow::{Result, bail};

/// Runs the export; extra arguments are not accepted.
pub(crate) fn run(args: &[String]) -> Result<()> {
    if let Some(extra) = args.first() {
        bail!("`cargo xtask export` takes no arguments (got `{extra}`)");
    }
    crate::stylebook(&[
        "validate",
        "--deny-warnings",
        "data",
        crate::validate::BUILTIN_RULES,
    ])?;
    crate::stylebook(&["export", "--to", "all", "--out", "dist", "data"])
}
