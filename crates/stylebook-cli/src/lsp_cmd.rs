//! `stylebook lsp`: the language server of `stylebook-lsp`, over standard input and output.

use std::process::ExitCode;

use anyhow::{Context, Result};

/// Shown after `stylebook lsp --help`.
pub(crate) const EXAMPLES: &str = "\
The server speaks the Language Server Protocol over standard input and output; an editor
starts it. It checks every file of the catalog of each file you open (its source layout, or
its folder of pages) as you type, with the diagnostics of `stylebook validate`, and offers
completion of topic ids, hover, go to definition, find references and quick fixes.
Set-up for VS Code, Neovim, Helix and Zed: docs/editors.md.";

/// The arguments of `stylebook lsp`.
#[derive(Debug, clap::Args)]
pub(crate) struct LspArgs {
    /// Accepted for editors that pass it (VS Code's client does): stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

/// Serves one editor until it says `exit`: exit status 0 after `shutdown`, 1 for an `exit`
/// without it (as the protocol asks), 2 when the connection failed.
pub(crate) fn run(args: &LspArgs) -> Result<ExitCode> {
    let _ = args.stdio;
    match stylebook_lsp::run_stdio() {
        Err(stylebook_lsp::Error::ExitWithoutShutdown) => {
            eprintln!("stylebook lsp: the client said `exit` before `shutdown`");
            Ok(ExitCode::FAILURE)
        }
        done => {
            done.context("the language server stopped")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
