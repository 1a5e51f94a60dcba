//! A language server for stylebook catalogs: every catalog file checked as you type, with
//! completion, hover, go to definition, find references and quick fixes.
//!
//! The server speaks the Language Server Protocol over standard input and output
//! ([`run_stdio`]) or any [`lsp_server::Connection`] ([`serve`]). When the editor opens a
//! catalog file, the server finds the catalog it belongs to on disk (its source layout, its
//! folder of pages, or the file alone) as `stylebook validate` finds it, reads every file of it
//! into a [`stylebook_core::Workspace`], and publishes the diagnostics of every file; the
//! unsaved text of open files replaces what is on disk. A change reads the changed file again
//! and runs the checks across files, so the diagnostics are those of `stylebook validate`:
//! same codes, messages and places.
//!
//! The protocol stack is rust-analyzer's `lsp-server` (a synchronous loop over channels) with
//! `lsp-types`: no async runtime, since every request is answered from memory in far less time
//! than a keystroke takes.
//!
//! ```no_run
//! fn main() -> Result<(), stylebook_lsp::Error> {
//!     stylebook_lsp::run_stdio()
//! }
//! ```

mod catalog;
mod cursor;
mod features;
mod roots;
mod schemas;
mod server;
mod text;

use lsp_server::Connection;

/// What stops the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client broke the protocol: no `initialize` first, a message that is not JSON-RPC.
    #[error("language server protocol")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// Standard input or output failed.
    #[error("language server i/o")]
    Io(#[from] std::io::Error),
    /// The connection to the client closed before `exit`.
    #[error("the client went away without `exit`")]
    Disconnected,
    /// The client said `exit` without asking for `shutdown` first (the protocol wants the
    /// server to exit with a failure then).
    #[error("the client said `exit` before `shutdown`")]
    ExitWithoutShutdown,
}

/// Serves one client over standard input and output until it says `exit`.
pub fn run_stdio() -> Result<(), Error> {
    let (connection, threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    threads.join()?;
    Ok(())
}

/// Serves one client over `connection`: answers `initialize`, then every request and
/// notification, until `shutdown` and `exit`.
pub fn serve(connection: &Connection) -> Result<(), Error> {
    let capabilities = serde_json::to_value(server::capabilities())
        .map_err(|e| Error::Io(std::io::Error::other(e)))?;
    let params = connection.initialize(capabilities)?;
    let watch = params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    server::Server::new(connection).run(watch)
}
