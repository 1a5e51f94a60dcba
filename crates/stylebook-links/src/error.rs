//! The errors of this crate.

/// Why a checker could not be built or a cache could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The user agent holds characters an HTTP header cannot carry.
    #[error("user agent `{0}` cannot be sent in a header: use visible ASCII characters and spaces")]
    UserAgent(String),
    /// The text is not a cache written by this crate.
    #[error("not a link cache: {0}")]
    Cache(String),
}
