//! The checker: one worker per unit of concurrency, each fetching documents from the queue.
//!
//! Links are grouped by document (the URL without its fragment), so that a page linked with
//! ten different fragments is fetched once. A document is asked for with `HEAD`, or with
//! `GET` when one of its links has a fragment to look up; a `HEAD` answered with a 4xx or 5xx
//! status (other than `429` and `503`, which ask the client to slow down) is asked again with
//! `GET` at once, since many servers refuse or mishandle `HEAD`, and so are retries. Redirects
//! are followed here, hop by hop, so that each is reported and loops are caught.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use crate::anchors;
use crate::config::Config;
use crate::error::Error;
use crate::link::Link;
use crate::queue::{Job, Queue, Slot};
use crate::report::{Hop, Redirect, Report, Status};
use crate::time::parse_retry_after;
use crate::uri;

/// Follows a run: told of each result as it comes, and asked whether to stop.
///
/// Both methods are called from the worker threads. `()` is an observer that watches
/// nothing and never stops.
pub trait Observer: Sync {
    /// A URL's report is ready (reports come in no particular order).
    fn checked(&self, report: &Report) {
        let _ = report;
    }

    /// Whether to stop: no request starts once this returns `true`; requests under way
    /// finish (within the time-out), and the links not checked get no report.
    fn stop(&self) -> bool {
        false
    }
}

impl Observer for () {}

/// Checks links over HTTP. Build it once and use it for any number of runs: it keeps
/// connections open between requests to the same host.
#[derive(Debug)]
pub struct Checker {
    agent: ureq::Agent,
    config: Config,
}

/// A document to fetch and the links to it.
struct Doc {
    /// The URL without fragment, percent-encoded for the request line.
    url: String,
    /// Whether the page is needed (some link has a fragment to look up).
    body: bool,
    /// Indexes of the links to it.
    links: Vec<usize>,
}

/// What fetching a document gave.
struct Fetched {
    outcome: Outcome,
    http_status: Option<u16>,
    hops: Vec<Hop>,
    /// The fragment of the last `Location` that had one: it replaces the link's own.
    location_fragment: Option<String>,
}

enum Outcome {
    /// A success status; the anchors when the page was read and is HTML, else its type.
    Answered {
        anchors: Option<HashSet<String>>,
        content_type: Option<String>,
        truncated: bool,
    },
    Broken(String),
    Unreachable(String),
}

/// What a worker does with a job after one go at it.
enum Step {
    Done(Fetched),
    /// Try again after `wait`; `host` is to be left alone meanwhile (it asked for it).
    Retry {
        wait: Duration,
        host: Option<String>,
    },
}

impl Checker {
    /// A checker with these settings.
    ///
    /// # Errors
    ///
    /// [`Error::UserAgent`] when the user agent cannot be sent in a header.
    pub fn new(config: Config) -> Result<Self, Error> {
        if config.user_agent.is_empty()
            || !config
                .user_agent
                .bytes()
                .all(|b| b == b' ' || b.is_ascii_graphic())
        {
            return Err(Error::UserAgent(config.user_agent.clone()));
        }
        let proxy = if config.proxy_from_env {
            ureq::Proxy::try_from_env()
        } else {
            None
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(config.timeout))
            .user_agent(config.user_agent.as_str())
            .accept("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
            .proxy(proxy)
            .max_idle_connections(config.concurrency.max(config.per_host))
            .max_idle_connections_per_host(config.per_host)
            .build()
            .new_agent();
        Ok(Checker { agent, config })
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Checks every link and returns one report per distinct URL, in the order the URLs
    /// first appear (the places of a URL given twice are merged). With a stop from the
    /// `observer`, the links not checked are left out.
    pub fn check(&self, links: Vec<Link>, observer: &dyn Observer) -> Vec<Report> {
        let links = merge(links);
        let mut reports: Vec<Option<Report>> = vec![None; links.len()];
        let mut docs: Vec<Doc> = Vec::new();
        let mut doc_index: HashMap<String, usize> = HashMap::new();
        let mut jobs = Vec::new();
        for (i, link) in links.iter().enumerate() {
            let (doc_url, fragment) = uri::split_fragment(link.url());
            let scheme = uri::scheme(doc_url);
            if !matches!(scheme.as_deref(), Some("http" | "https")) {
                reports[i] = Some(alone(link, Status::Skipped, "not an http(s) URL"));
                continue;
            }
            let doc_url = uri::encode(doc_url);
            let Some(host) = uri::host_key(&doc_url) else {
                reports[i] = Some(alone(link, Status::Broken, "not a valid URL: no host"));
                continue;
            };
            let wants_body = fragment.is_some_and(anchors::is_checkable);
            let d = *doc_index.entry(doc_url.clone()).or_insert_with(|| {
                docs.push(Doc {
                    url: doc_url,
                    body: false,
                    links: Vec::new(),
                });
                jobs.push(Job {
                    doc: docs.len() - 1,
                    host,
                    attempt: 0,
                    not_before: None,
                });
                docs.len() - 1
            });
            docs[d].body |= wants_body;
            docs[d].links.push(i);
        }
        for report in reports.iter().flatten() {
            observer.checked(report);
        }
        let workers = self.config.concurrency.min(jobs.len());
        let queue = Queue::new(jobs, self.config.per_host);
        let reports = Mutex::new(reports);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| self.work(&queue, &docs, &links, &reports, observer));
            }
        });
        let reports = reports.into_inner().unwrap_or_else(|e| e.into_inner());
        links
            .into_iter()
            .zip(reports)
            .filter_map(|(link, report)| {
                report.map(|mut r| {
                    r.places = link.into_places();
                    r
                })
            })
            .collect()
    }

    /// A worker: takes jobs until there are none left.
    fn work(
        &self,
        queue: &Queue,
        docs: &[Doc],
        links: &[Link],
        reports: &Mutex<Vec<Option<Report>>>,
        observer: &dyn Observer,
    ) {
        while let Some((mut job, slot)) = queue.next(&|| observer.stop()) {
            let doc = &docs[job.doc];
            match self.fetch(doc, slot, queue, job.attempt) {
                Step::Done(fetched) => {
                    let now = SystemTime::now();
                    for &i in &doc.links {
                        let report = report(&links[i], &fetched, &self.config, now);
                        observer.checked(&report);
                        reports.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(report);
                    }
                    queue.finish();
                }
                Step::Retry { wait, host } => {
                    let until = Instant::now()
                        .checked_add(wait)
                        .unwrap_or_else(Instant::now);
                    if let Some(host) = host {
                        queue.back_off(&host, until);
                    }
                    job.attempt += 1;
                    job.not_before = Some(until);
                    queue.retry(job);
                }
            }
        }
    }

    /// One go at a document: the request, and the redirects that follow.
    fn fetch<'q>(&self, doc: &Doc, mut slot: Slot<'q>, queue: &'q Queue, attempt: u32) -> Step {
        let config = &self.config;
        let mut url = doc.url.clone();
        let mut seen = HashSet::from([url.clone()]);
        let mut fetched = Fetched {
            outcome: Outcome::Unreachable(String::new()),
            http_status: None,
            hops: Vec::new(),
            location_fragment: None,
        };
        // A retry asks with GET at once: HEAD gave an error status the first time.
        let mut get = doc.body || attempt > 0;
        loop {
            let result = if get {
                self.agent.get(url.as_str()).call()
            } else {
                self.agent.head(url.as_str()).call()
            };
            let response = match result {
                Ok(response) => response,
                Err(e) => {
                    fetched.outcome = failure(&e, url.starts_with("https:"), config.timeout);
                    return Step::Done(fetched);
                }
            };
            let status = response.status().as_u16();
            fetched.http_status = Some(status);
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let Some(location) = header(&response, "location") else {
                    fetched.outcome = Outcome::Broken(format!("{status} without a Location"));
                    return Step::Done(fetched);
                };
                drop(response);
                let next = uri::resolve(&url, &location);
                let (next_doc, fragment) = uri::split_fragment(&next);
                if let Some(fragment) = fragment {
                    fetched.location_fragment = Some(fragment.to_owned());
                }
                let next_doc = uri::encode(next_doc);
                fetched.hops.push(Hop {
                    status,
                    url: next.clone(),
                });
                if !seen.insert(next_doc.clone()) {
                    fetched.outcome = Outcome::Broken("redirect loop".to_owned());
                    return Step::Done(fetched);
                }
                if fetched.hops.len() > config.max_redirects {
                    fetched.outcome =
                        Outcome::Broken(format!("more than {} redirects", config.max_redirects));
                    return Step::Done(fetched);
                }
                let host = match uri::scheme(&next_doc).as_deref() {
                    Some("http" | "https") => uri::host_key(&next_doc),
                    _ => None,
                };
                let Some(host) = host else {
                    fetched.outcome =
                        Outcome::Broken("redirected to a URL that is not http(s)".to_owned());
                    return Step::Done(fetched);
                };
                if host != slot.host() {
                    drop(slot);
                    slot = queue.slot(&host);
                }
                url = next_doc;
                continue;
            }
            match status {
                429 | 503 => {
                    let asked = header(&response, "retry-after")
                        .and_then(|v| parse_retry_after(&v, SystemTime::now()));
                    let wait = asked.unwrap_or_else(|| config.backoff_for(attempt));
                    if attempt < config.retries && wait <= config.max_retry_wait {
                        let host =
                            (status == 429 || asked.is_some()).then(|| slot.host().to_owned());
                        return Step::Retry { wait, host };
                    }
                    fetched.outcome = Outcome::Broken(match asked {
                        Some(wait) if wait > config.max_retry_wait => format!(
                            "asked to retry after {}, more than the {} allowed",
                            seconds(wait),
                            seconds(config.max_retry_wait)
                        ),
                        _ => still(status, config.retries),
                    });
                }
                400..=599 if !get => {
                    // HEAD refused or mishandled: ask again with GET.
                    get = true;
                    continue;
                }
                500..=599 if attempt < config.retries => {
                    return Step::Retry {
                        wait: config.backoff_for(attempt),
                        host: None,
                    };
                }
                500..=599 => fetched.outcome = Outcome::Broken(still(status, config.retries)),
                400..=499 => fetched.outcome = Outcome::Broken(reason(status)),
                200..=299 => fetched.outcome = read_page(response, doc.body, config),
                _ => fetched.outcome = Outcome::Broken(format!("unexpected {}", reason(status))),
            }
            return Step::Done(fetched);
        }
    }
}

/// Links with the same URL merged into the first, places in order.
fn merge(links: Vec<Link>) -> Vec<Link> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut merged: Vec<Link> = Vec::with_capacity(links.len());
    for link in links {
        match index.get(link.url()) {
            Some(&i) => {
                for place in link.into_places() {
                    merged[i].add_place(place);
                }
            }
            None => {
                index.insert(link.url().to_owned(), merged.len());
                merged.push(link);
            }
        }
    }
    merged
}

/// A report made without a request.
fn alone(link: &Link, status: Status, detail: &str) -> Report {
    Report {
        url: link.url().to_owned(),
        status,
        http_status: None,
        final_url: None,
        redirect: None,
        hops: Vec::new(),
        detail: Some(detail.to_owned()),
        checked_at: SystemTime::now(),
        cached: false,
        places: Vec::new(),
    }
}

/// The report of one link to a fetched document.
fn report(link: &Link, fetched: &Fetched, config: &Config, now: SystemTime) -> Report {
    let own_fragment = uri::split_fragment(link.url()).1;
    let fragment = fetched.location_fragment.as_deref().or(own_fragment);
    let final_url =
        fetched
            .hops
            .last()
            .map(|hop| match (uri::split_fragment(&hop.url).1, fragment) {
                (None, Some(fragment)) => format!("{}#{fragment}", hop.url),
                _ => hop.url.clone(),
            });
    let answered = if fetched.hops.is_empty() {
        Status::Ok
    } else {
        Status::Redirected
    };
    let (status, detail) = match &fetched.outcome {
        Outcome::Broken(detail) => (Status::Broken, Some(detail.clone())),
        Outcome::Unreachable(detail) => (Status::Unreachable, Some(detail.clone())),
        Outcome::Answered {
            anchors,
            content_type,
            truncated,
        } => match (fragment.filter(|f| anchors::is_checkable(f)), anchors) {
            (Some(fragment), Some(anchors)) if !anchors::has_anchor(anchors, fragment) => {
                let mut detail = format!("no anchor #{fragment} in the page");
                if *truncated {
                    detail.push_str(&format!(
                        " (only its first {} bytes were read)",
                        config.max_body
                    ));
                }
                (Status::FragmentMissing, Some(detail))
            }
            (Some(_), None) => (
                answered,
                Some(format!(
                    "fragment not checked: the page is {}",
                    content_type.as_deref().unwrap_or("not HTML")
                )),
            ),
            _ => (answered, None),
        },
    };
    Report {
        url: link.url().to_owned(),
        status,
        http_status: fetched.http_status,
        final_url,
        redirect: Redirect::of(&fetched.hops),
        hops: fetched.hops.clone(),
        detail,
        checked_at: now,
        cached: false,
        places: Vec::new(),
    }
}

/// A success answer: its anchors, when the page is wanted and is HTML.
fn read_page(response: ureq::http::Response<ureq::Body>, wanted: bool, config: &Config) -> Outcome {
    let content_type = response.body().mime_type().map(str::to_owned);
    let html = content_type
        .as_deref()
        .is_none_or(|t| matches!(t, "text/html" | "application/xhtml+xml"));
    if !wanted || !html {
        return Outcome::Answered {
            anchors: None,
            content_type,
            truncated: false,
        };
    }
    let mut bytes = Vec::new();
    let read = response
        .into_body()
        .into_reader()
        .take(config.max_body.saturating_add(1))
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        return match e.kind() {
            std::io::ErrorKind::TimedOut => Outcome::Unreachable(format!(
                "timed out after {} while reading the page",
                seconds(config.timeout)
            )),
            _ => Outcome::Unreachable(format!("the page could not be read: {e}")),
        };
    }
    let truncated = bytes.len() as u64 > config.max_body;
    bytes.truncate(usize::try_from(config.max_body).unwrap_or(usize::MAX));
    Outcome::Answered {
        anchors: Some(anchors::anchors(&String::from_utf8_lossy(&bytes))),
        content_type,
        truncated,
    }
}

/// A request that got no answer (`tls`: over HTTPS).
fn failure(e: &ureq::Error, tls: bool, timeout: Duration) -> Outcome {
    use std::io::ErrorKind;
    let unreachable = |text: &str| Outcome::Unreachable(text.to_owned());
    match e {
        ureq::Error::Timeout(_) => unreachable(&format!("timed out after {}", seconds(timeout))),
        ureq::Error::HostNotFound => unreachable("host not found"),
        ureq::Error::ConnectionFailed => unreachable("connection failed"),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => unreachable("connection refused"),
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
                unreachable("connection reset by the server")
            }
            ErrorKind::TimedOut => unreachable(&format!("timed out after {}", seconds(timeout))),
            ErrorKind::UnexpectedEof => unreachable("the server closed the connection"),
            // The standard library's words for a name the resolver does not know.
            _ if io.to_string().contains("failed to lookup address") => {
                unreachable(&format!("host not found ({io})"))
            }
            // What the TLS layer could not make sense of.
            ErrorKind::InvalidData if tls => unreachable(&format!("tls: {io}")),
            _ => unreachable(&io.to_string()),
        },
        ureq::Error::Tls(text) => unreachable(&format!("tls: {text}")),
        ureq::Error::Rustls(e) => unreachable(&format!("tls: {e}")),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
            Outcome::Broken(format!("not a valid URL: {e}"))
        }
        ureq::Error::Protocol(e) => unreachable(&format!("not an HTTP answer: {e}")),
        other => unreachable(&other.to_string()),
    }
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// `404 Not Found`.
fn reason(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

/// `still 503 Service Unavailable after 2 retries`.
fn still(status: u16, retries: u32) -> String {
    match retries {
        0 => reason(status),
        1 => format!("still {} after 1 retry", reason(status)),
        n => format!("still {} after {n} retries", reason(status)),
    }
}

/// `10 s`, `0.25 s`.
pub(crate) fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} s", d.as_secs_f64())
    }
}
