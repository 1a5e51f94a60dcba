//! Checks links over HTTP and says which are dead, which moved, and which point at an anchor
//! a page no longer has, without hammering anyone's server.
//!
//! The input is a list of [`Link`]s: a URL and the [`Place`]s that use it. The output is one
//! [`Report`] per distinct URL, with a [`Status`]: `ok`, `redirected` (with every hop and
//! whether the move is permanent), `broken`, `fragment-missing`, `unreachable` or `skipped`.
//! The crate knows nothing of what the links come from.
//!
//! How a run behaves:
//!
//! - At most [`Config::concurrency`] requests are under way at once, and at most
//!   [`Config::per_host`] to any one host.
//! - A page is asked for once, however many links with different fragments point into it:
//!   with `HEAD`, or `GET` when a fragment is to be looked up among its `id` and `name`
//!   anchors (GitHub's `user-content-` heading ids included). A `HEAD` answered with an error
//!   status is asked again with `GET`.
//! - Redirects are followed one by one, up to [`Config::max_redirects`]; loops are caught.
//! - `429` and `503` are retried after the `Retry-After` the server names (the host gets no
//!   other request meanwhile), other 5xx after a back-off.
//! - The user agent names the tool ([`Config::user_agent`]).
//!
//! A [`Cache`] keeps reports between runs so that a second run asks only for what is new or
//! stale.
//!
//! # Example
//!
//! ```no_run
//! use stylebook_links::{Checker, Config, Link, Place, Status};
//!
//! let place = Place {
//!     file: "guidelines/acme.yaml".to_owned(),
//!     line: 12,
//!     column: 12,
//!     group: "acme-api-guide".to_owned(),
//!     field: "url".to_owned(),
//! };
//! let links = vec![Link::new("https://example.org/guide#paging").with_place(place)];
//! let checker = Checker::new(Config::default().per_host(4).user_agent("my-tool/1.0"))?;
//! for report in checker.check(links, &()) {
//!     if report.status.fails(false) {
//!         println!("{}: {} ({:?})", report.url, report.status, report.detail);
//!     }
//!     assert_ne!(report.status, Status::Skipped);
//! }
//! # Ok::<(), stylebook_links::Error>(())
//! ```

mod anchors;
mod cache;
mod check;
mod config;
mod error;
mod link;
mod queue;
mod report;
mod time;
mod uri;

pub use cache::{Cache, Reuse};
pub use check::{Checker, Observer};
pub use config::Config;
pub use error::Error;
pub use link::{Link, Place};
pub use report::{Hop, Redirect, Report, Status};
