//! One catalog the server holds: its files in a [`Workspace`], what the last check of them
//! gave, and what was published for them. The server keeps them; the features answer from
//! them.

use std::collections::HashSet;

use stylebook_core::{FileId, Index, Loaded, Workspace};

use crate::roots::Root;

/// One catalog: its files, as last checked.
pub(crate) struct Catalog {
    /// Where it is, and which files it reads.
    pub(crate) root: Root,
    /// Its files, with the unsaved text of open documents.
    pub(crate) workspace: Workspace,
    /// What the last check gave.
    pub(crate) loaded: Loaded,
    /// Where ids are defined and used, as of the last check.
    pub(crate) index: Index,
    /// Files whose diagnostics were published non-empty, to be cleared when they have none.
    pub(crate) published: HashSet<FileId>,
    /// Files changed since the last check.
    pub(crate) dirty: bool,
}
