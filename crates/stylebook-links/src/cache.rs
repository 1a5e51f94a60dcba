//! Results kept between runs: URL -> report and the time it was made, as JSON.
//!
//! The file looks like this (one entry shown):
//!
//! ```json
//! {
//!   "format": "stylebook-links-cache/1",
//!   "links": {
//!     "https://example.org/guide#paging": {
//!       "checked_at": "2026-11-30T10:25:23Z",
//!       "status": "redirected",
//!       "http_status": 200,
//!       "final_url": "https://example.org/guide/#paging",
//!       "redirect": "permanent",
//!       "hops": [{ "status": 301, "url": "https://example.org/guide/" }],
//!       "detail": null
//!     }
//!   }
//! }
//! ```
//!
//! Reading and writing the file is the caller's business; this module only turns a cache
//! into text and back, and decides which links need a request.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::link::Link;
use crate::report::{Hop, Redirect, Report, Status};
use crate::time::{format_rfc3339, parse_rfc3339};

const FORMAT: &str = "stylebook-links-cache/1";

/// Reports of earlier runs, by URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cache {
    entries: BTreeMap<String, Entry>,
}

/// Which cached reports a run may use instead of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Reports younger than this age, except `unreachable` ones (which say more about the
    /// network at the time than about the link): every other URL is checked.
    Fresh(Duration),
    /// Every cached report, whatever its age and status: only URLs absent from the cache are
    /// checked.
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    links: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    checked_at: String,
    status: Status,
    http_status: Option<u16>,
    final_url: Option<String>,
    redirect: Option<Redirect>,
    #[serde(default)]
    hops: Vec<Hop>,
    detail: Option<String>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Cache::default()
    }

    /// Reads a cache from the JSON that [`Cache::to_json`] writes.
    ///
    /// # Errors
    ///
    /// [`Error::Cache`] when the text is not such a cache.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let file: File = serde_json::from_str(text).map_err(|e| Error::Cache(e.to_string()))?;
        if file.format != FORMAT {
            return Err(Error::Cache(format!(
                "format `{}` is not `{FORMAT}`",
                file.format
            )));
        }
        if let Some((url, _)) = file
            .links
            .iter()
            .find(|(_, e)| parse_rfc3339(&e.checked_at).is_none())
        {
            return Err(Error::Cache(format!("the time of {url} is not a UTC time")));
        }
        Ok(Cache {
            entries: file.links,
        })
    }

    /// The cache as JSON, URLs sorted, with a final newline.
    pub fn to_json(&self) -> String {
        let file = File {
            format: FORMAT.to_owned(),
            links: self.entries.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// How many URLs the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Splits `links` into the reports the cache may answer for (marked `cached`, with the
    /// links' places) and the links that need a request, each in the order given.
    pub fn split(
        &self,
        links: Vec<Link>,
        reuse: Reuse,
        now: SystemTime,
    ) -> (Vec<Report>, Vec<Link>) {
        let mut cached = Vec::new();
        let mut unknown = Vec::new();
        for link in links {
            match self.usable(link.url(), reuse, now) {
                Some(mut report) => {
                    report.places = link.places().to_vec();
                    cached.push(report);
                }
                None => unknown.push(link),
            }
        }
        (cached, unknown)
    }

    /// Records reports made by requests (cached and skipped ones are left out).
    pub fn record(&mut self, reports: &[Report]) {
        for report in reports {
            if report.cached || report.status == Status::Skipped {
                continue;
            }
            self.entries.insert(
                report.url.clone(),
                Entry {
                    checked_at: format_rfc3339(report.checked_at),
                    status: report.status,
                    http_status: report.http_status,
                    final_url: report.final_url.clone(),
                    redirect: report.redirect,
                    hops: report.hops.clone(),
                    detail: report.detail.clone(),
                },
            );
        }
    }

    fn usable(&self, url: &str, reuse: Reuse, now: SystemTime) -> Option<Report> {
        let entry = self.entries.get(url)?;
        let checked_at = parse_rfc3339(&entry.checked_at)?;
        if let Reuse::Fresh(max_age) = reuse {
            // A time in the future (a clock set back) counts as now.
            let age = now.duration_since(checked_at).unwrap_or(Duration::ZERO);
            if age > max_age || entry.status == Status::Unreachable {
                return None;
            }
        }
        Some(Report {
            url: url.to_owned(),
            status: entry.status,
            http_status: entry.http_status,
            final_url: entry.final_url.clone(),
            redirect: entry.redirect,
            hops: entry.hops.clone(),
            detail: entry.detail.clone(),
            checked_at,
            cached: true,
            places: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn report(url: &str, status: Status, at: u64) -> Report {
        Report {
            url: url.to_owned(),
            status,
            http_status: Some(200),
            final_url: None,
            redirect: None,
            hops: Vec::new(),
            detail: None,
            checked_at: UNIX_EPOCH + Duration::from_secs(at),
            cached: false,
            places: Vec::new(),
        }
    }

    fn urls(links: &[Link]) -> Vec<&str> {
        links.iter().map(Link::url).collect()
    }

    #[test]
    fn fresh_reports_are_reused_and_old_or_unreachable_ones_are_not() {
        let mut cache = Cache::new();
        cache.record(&[
            report("https://a.example/fresh", Status::Ok, 10_000),
            report("https://a.example/old", Status::Broken, 1_000),
            report("https://a.example/down", Status::Unreachable, 10_000),
            report("https://a.example/skip", Status::Skipped, 10_000),
        ]);
        assert_eq!(cache.len(), 3, "skipped reports are not kept");
        let links = ["fresh", "old", "down", "skip", "new"]
            .map(|p| Link::new(format!("https://a.example/{p}")));
        let now = UNIX_EPOCH + Duration::from_secs(10_500);
        let (cached, unknown) =
            cache.split(links.to_vec(), Reuse::Fresh(Duration::from_secs(3600)), now);
        assert_eq!(cached.len(), 1);
        assert!(cached[0].cached);
        assert_eq!(cached[0].url, "https://a.example/fresh");
        assert_eq!(
            urls(&unknown),
            [
                "https://a.example/old",
                "https://a.example/down",
                "https://a.example/skip",
                "https://a.example/new"
            ]
        );
        let (cached, unknown) = cache.split(links.to_vec(), Reuse::Any, now);
        assert_eq!(cached.len(), 3);
        assert_eq!(
            urls(&unknown),
            ["https://a.example/skip", "https://a.example/new"]
        );
    }

    #[test]
    fn json_round_trips_and_strangers_are_refused() {
        let mut cache = Cache::new();
        let mut moved = report("https://a.example/x#f", Status::Redirected, 1_764_498_323);
        moved.hops = vec![Hop {
            status: 301,
            url: "https://b.example/x".to_owned(),
        }];
        moved.redirect = Some(Redirect::Permanent);
        moved.final_url = Some("https://b.example/x#f".to_owned());
        cache.record(&[moved]);
        let text = cache.to_json();
        assert!(
            text.contains("\"checked_at\": \"2025-11-30T10:25:23Z\""),
            "{text}"
        );
        assert!(text.contains("\"redirect\": \"permanent\""), "{text}");
        assert_eq!(Cache::from_json(&text).ok(), Some(cache));
        for bad in [
            "",
            "[]",
            r#"{"format": "other/1", "links": {}}"#,
            r#"{"format": "stylebook-links-cache/1", "links": {}, "extra": 1}"#,
            r#"{"format": "stylebook-links-cache/1", "links": {"u": {"checked_at": "yesterday", "status": "ok", "http_status": null, "final_url": null, "redirect": null, "detail": null}}}"#,
        ] {
            assert!(Cache::from_json(bad).is_err(), "{bad}");
        }
    }
}
