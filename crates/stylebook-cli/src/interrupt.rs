//! Ctrl-C and termination while files are being written.
//!
//! A command that writes turns SIGINT, SIGTERM and SIGHUP into a flag, which the writers check
//! between files, so that it can undo its work before it exits. A second signal ends the
//! process at once (exit 130); the next run then finds what it left and rolls it back (see
//! `output`). Elsewhere the signals keep their default action: a run that has written nothing
//! has nothing to undo.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a termination signal has arrived since [`Interrupt::catch`].
#[derive(Clone)]
pub(crate) struct Interrupt {
    flag: Arc<AtomicBool>,
}

impl Interrupt {
    /// Starts catching the signals, for the rest of the process.
    pub(crate) fn catch() -> io::Result<Self> {
        let flag = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        for signal in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            // Registered first, so it sees the flag as the previous signal left it: the
            // first signal only sets the flag, the second exits.
            signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag))?;
            signal_hook::flag::register(signal, Arc::clone(&flag))?;
        }
        Ok(Interrupt { flag })
    }

    /// A flag that no signal sets, for runs that must not be interrupted half-way (and tests).
    pub(crate) fn never() -> Self {
        Interrupt {
            flag: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether a signal has arrived.
    pub(crate) fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// An error for a write stopped by a signal.
    pub(crate) fn error() -> io::Error {
        io::Error::new(io::ErrorKind::Interrupted, "interrupted")
    }
}
