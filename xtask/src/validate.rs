//! `cargo xtask validate`: checks the project's own catalog in `data/`, with the built-in
//! OpenAPI rules read beside it, with `stylebook validate` (the readers' checks and the JSON
//! Schemas); warnings fail too.

use anyhow::{Result, bail};

/// Runs the check; extra arguments are not accepted.
pub(crate) fn run(args: &[String]) -> Result<()> {
    if let Some(extra) = args.first() {
        bail!("`cargo xtask validate` takes no arguments (got `{extra}`)");
    }
    crate::stylebook(&["validate", "--deny-warnings", "data", BUILTIN_RULES])
}

/// The built-in OpenAPI rules, checked against the project's catalog.
pub(crate) const BUILTIN_RULES: &str = "crates/stylebook-core/src/openapi/openapi-rules.yaml";
