//! What a check gives: one report per URL.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::link::Place;

/// The verdict on one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The page answered with a success status (and holds the fragment, if any).
    Ok,
    /// The page answered after one or more redirects; see [`Report::redirect`] and
    /// [`Report::final_url`].
    Redirected,
    /// A client or server error (4xx, or 5xx after retries), a redirect loop, too many
    /// redirects, or a URL that cannot be requested.
    Broken,
    /// The page answered, but holds no anchor named by the URL's fragment.
    FragmentMissing,
    /// No answer: the name did not resolve, the connection or TLS failed, or time ran out.
    Unreachable,
    /// Not checked: the URL is not `http` or `https` (a site path, `mailto:`, ...).
    Skipped,
}

/// How a redirected URL moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Redirect {
    /// Every hop was permanent (301, 308): the final URL is the one to write.
    Permanent,
    /// At least one hop was temporary (302, 303, 307).
    Temporary,
}

/// One redirect: the status that sent the client on, and where.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Hop {
    /// The redirect status (301, 302, 303, 307 or 308).
    pub status: u16,
    /// The URL it pointed to, resolved against the URL that answered.
    pub url: String,
}

/// The result of checking one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// The URL, as given.
    pub url: String,
    /// The verdict.
    pub status: Status,
    /// The status of the last answer, when there was one.
    pub http_status: Option<u16>,
    /// Where redirects led (with the fragment carried over), when there were any.
    pub final_url: Option<String>,
    /// Whether the redirects were permanent, when there were any.
    pub redirect: Option<Redirect>,
    /// Every redirect followed, in order.
    pub hops: Vec<Hop>,
    /// Why, in a few words, where the status alone does not say (`timed out after 10 s`,
    /// `redirect loop`, `no anchor #paging`).
    pub detail: Option<String>,
    /// When the URL was checked.
    pub checked_at: SystemTime,
    /// Whether the report comes from a cache rather than a request made now.
    pub cached: bool,
    /// Every place that uses the URL.
    pub places: Vec<Place>,
}

impl Report {
    /// When the URL was checked, in RFC 3339 form and UTC: `2026-11-30T10:25:23Z`.
    pub fn checked_at_utc(&self) -> String {
        crate::time::format_rfc3339(self.checked_at)
    }
}

impl Status {
    /// The name used in output: `ok`, `redirected`, `broken`, `fragment-missing`,
    /// `unreachable`, `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Redirected => "redirected",
            Status::Broken => "broken",
            Status::FragmentMissing => "fragment-missing",
            Status::Unreachable => "unreachable",
            Status::Skipped => "skipped",
        }
    }

    /// Every status, in the order of the variants.
    pub const ALL: [Status; 6] = [
        Status::Ok,
        Status::Redirected,
        Status::Broken,
        Status::FragmentMissing,
        Status::Unreachable,
        Status::Skipped,
    ];

    /// Whether the status fails a check: `broken` and `fragment-missing` always,
    /// `unreachable` when `strict`.
    pub fn fails(self, strict: bool) -> bool {
        match self {
            Status::Broken | Status::FragmentMissing => true,
            Status::Unreachable => strict,
            Status::Ok | Status::Redirected | Status::Skipped => false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Redirect {
    /// `permanent` or `temporary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Redirect::Permanent => "permanent",
            Redirect::Temporary => "temporary",
        }
    }

    /// The kind of a chain of redirects: permanent when every hop is.
    pub(crate) fn of(hops: &[Hop]) -> Option<Self> {
        if hops.is_empty() {
            None
        } else if hops.iter().all(|h| matches!(h.status, 301 | 308)) {
            Some(Redirect::Permanent)
        } else {
            Some(Redirect::Temporary)
        }
    }
}

impl fmt::Display for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
