//! The checker against a local server on 127.0.0.1: every status, redirects, retries,
//! time-outs, limits on concurrency, fragments. Nothing here leaves the loopback interface.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stylebook_links::{Checker, Config, Link, Observer, Place, Redirect, Report, Status};
use support::server::{Gauge, Request, Response, Server};

/// Settings for tests: short waits, no proxy from the environment.
fn config() -> Config {
    Config::default()
        .timeout(Duration::from_secs(5))
        .backoff(Duration::from_millis(10))
        .proxy_from_env(false)
        .user_agent("stylebook-links-test/1")
}

fn check_with(config: Config, urls: &[String]) -> Vec<Report> {
    let links = urls.iter().map(Link::new).collect();
    Checker::new(config).unwrap().check(links, &())
}

fn check(urls: &[String]) -> Vec<Report> {
    check_with(config(), urls)
}

fn one(url: String) -> Report {
    check(&[url]).remove(0)
}

const PAGE: &str = r#"<!doctype html><h2 id="paging">Paging</h2><a name="legacy"></a>
<script type="application/json">{"richText":"<h3 tabindex=\"-1\" id=\"user-content-error-handling\">"}</script>"#;

#[test]
fn a_page_that_answers_is_ok_with_one_head_request() {
    let server = Server::start(|_| Response::html("<p>hello"));
    let report = one(server.url("/guide"));
    assert_eq!(report.status, Status::Ok);
    assert_eq!(report.http_status, Some(200));
    assert_eq!(report.final_url, None);
    assert_eq!(report.detail, None);
    assert!(!report.cached);
    assert_eq!(server.seen(), ["HEAD /guide"]);
}

#[test]
fn the_user_agent_names_the_tool() {
    let server = Server::start(|_| Response::ok());
    one(server.url("/"));
    let agent = server.requests()[0].header("user-agent").map(str::to_owned);
    assert_eq!(agent.as_deref(), Some("stylebook-links-test/1"));
    let default = Config::default();
    let server = Server::start(|_| Response::ok());
    check_with(default.proxy_from_env(false), &[server.url("/")]);
    let agent = server.requests()[0].header("user-agent").map(str::to_owned);
    assert_eq!(
        agent,
        Some(format!("stylebook-links/{}", env!("CARGO_PKG_VERSION")))
    );
}

#[test]
fn a_user_agent_that_is_no_header_is_refused() {
    let err = Checker::new(Config::default().user_agent("tool\n1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "user agent `tool\n1` cannot be sent in a header: use visible ASCII characters and spaces"
    );
}

#[test]
fn head_refused_or_mishandled_falls_back_to_get() {
    let server = Server::start(|r| match (r.method.as_str(), r.path.as_str()) {
        ("HEAD", "/405") => Response::status(405),
        ("HEAD", "/404-on-head") => Response::status(404),
        ("HEAD", "/500-on-head") => Response::status(500),
        _ => Response::ok(),
    });
    let reports = check(&[
        server.url("/405"),
        server.url("/404-on-head"),
        server.url("/500-on-head"),
    ]);
    for report in &reports {
        assert_eq!(report.status, Status::Ok, "{report:?}");
        assert_eq!(report.http_status, Some(200));
    }
    let mut seen = server.seen();
    seen.sort();
    assert_eq!(
        seen,
        [
            "GET /404-on-head",
            "GET /405",
            "GET /500-on-head",
            "HEAD /404-on-head",
            "HEAD /405",
            "HEAD /500-on-head"
        ]
    );
}

#[test]
fn client_errors_are_broken_without_retries() {
    let server = Server::start(|r| match r.path.as_str() {
        "/gone" => Response::status(410),
        _ => Response::status(404),
    });
    let reports = check(&[server.url("/missing"), server.url("/gone")]);
    assert_eq!(reports[0].status, Status::Broken);
    assert_eq!(reports[0].http_status, Some(404));
    assert_eq!(reports[0].detail.as_deref(), Some("404 Not Found"));
    assert_eq!(reports[1].http_status, Some(410));
    assert_eq!(reports[1].detail.as_deref(), Some("410 Gone"));
    assert_eq!(server.requests().len(), 4, "HEAD then GET, each once");
}

#[test]
fn server_errors_are_retried_before_they_count_as_broken() {
    let calls = AtomicUsize::new(0);
    let server = Server::start(move |r| match r.path.as_str() {
        "/flaky" if calls.fetch_add(1, Ordering::SeqCst) < 2 => Response::status(502),
        "/flaky" => Response::ok(),
        _ => Response::status(500),
    });
    let reports = check(&[server.url("/down"), server.url("/flaky")]);
    assert_eq!(reports[0].status, Status::Broken);
    assert_eq!(reports[0].http_status, Some(500));
    assert_eq!(
        reports[0].detail.as_deref(),
        Some("still 500 Internal Server Error after 2 retries")
    );
    assert_eq!(reports[1].status, Status::Ok);
    let down: Vec<String> = server
        .seen()
        .into_iter()
        .filter(|s| s.ends_with("/down"))
        .collect();
    assert_eq!(down, ["HEAD /down", "GET /down", "GET /down", "GET /down"]);
}

#[test]
fn too_many_requests_waits_as_long_as_retry_after_says() {
    for status in [429, 503] {
        let calls = AtomicUsize::new(0);
        let server = Server::start(move |_| {
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                Response::status(status).header("Retry-After", "1")
            } else {
                Response::ok()
            }
        });
        let report = one(server.url("/busy"));
        assert_eq!(report.status, Status::Ok, "{status}");
        let requests = server.requests();
        assert_eq!(requests.len(), 2, "{status}");
        let waited = requests[1].at - requests[0].at;
        assert!(
            waited >= Duration::from_millis(950),
            "{status}: asked again after {waited:?}"
        );
    }
}

#[test]
fn a_host_that_asked_for_a_pause_gets_no_other_request_meanwhile() {
    let first = Mutex::new(None::<Instant>);
    let server = Server::start(move |r| {
        let mut first = first.lock().unwrap();
        if r.path == "/a" && first.is_none() {
            *first = Some(Instant::now());
            return Response::status(429).header("Retry-After", "1");
        }
        Response::ok()
    });
    let config = config().per_host(1).concurrency(1);
    check_with(
        config,
        &[server.url("/a"), server.url("/b"), server.url("/c")],
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for later in &requests[1..] {
        let gap = later.at - requests[0].at;
        assert!(
            gap >= Duration::from_millis(950),
            "{} after {gap:?}",
            later.path
        );
    }
}

#[test]
fn a_retry_after_beyond_the_limit_is_broken_at_once() {
    let server = Server::start(|_| Response::status(429).header("Retry-After", "3600"));
    let report = one(server.url("/later"));
    assert_eq!(report.status, Status::Broken);
    assert_eq!(report.http_status, Some(429));
    assert_eq!(
        report.detail.as_deref(),
        Some("asked to retry after 3600 s, more than the 60 s allowed")
    );
    assert_eq!(server.requests().len(), 1);
}

fn redirects(r: &Request) -> Response {
    match r.path.as_str() {
        "/a" => Response::redirect(301, "b"),
        "/b" => Response::redirect(308, "/c"),
        "/t" => Response::redirect(302, "/c"),
        "/mixed" => Response::redirect(301, "/t"),
        "/c" | "/page" => Response::html(PAGE),
        "/x" => Response::redirect(307, "/y"),
        "/y" => Response::redirect(307, "/x"),
        "/moved-away" => Response::redirect(301, "/missing"),
        "/old" => Response::redirect(301, "/page"),
        "/elsewhere" => Response::redirect(301, "/page#legacy"),
        "/no-location" => Response::status(302),
        "/mail" => Response::redirect(302, "mailto:someone@example.org"),
        path => match path.strip_prefix("/n/").and_then(|n| n.parse::<u32>().ok()) {
            Some(n) => Response::redirect(302, &format!("/n/{}", n + 1)),
            None => Response::status(404),
        },
    }
}

#[test]
fn redirect_chains_report_every_hop_and_whether_they_are_permanent() {
    let server = Server::start(redirects);
    let reports = check(&[server.url("/a"), server.url("/t"), server.url("/mixed")]);
    let a = &reports[0];
    assert_eq!(a.status, Status::Redirected);
    assert_eq!(a.redirect, Some(Redirect::Permanent));
    assert_eq!(a.http_status, Some(200));
    assert_eq!(a.final_url, Some(server.url("/c")));
    let hops: Vec<(u16, String)> = a.hops.iter().map(|h| (h.status, h.url.clone())).collect();
    assert_eq!(hops, [(301, server.url("/b")), (308, server.url("/c"))]);
    assert_eq!(reports[1].redirect, Some(Redirect::Temporary));
    assert_eq!(reports[1].final_url, Some(server.url("/c")));
    assert_eq!(
        reports[2].redirect,
        Some(Redirect::Temporary),
        "one temporary hop"
    );
    assert_eq!(reports[2].hops.len(), 2);
}

#[test]
fn redirect_loops_and_endless_chains_are_broken() {
    let server = Server::start(redirects);
    let reports = check(&[
        server.url("/x"),
        server.url("/n/0"),
        server.url("/no-location"),
        server.url("/mail"),
    ]);
    assert_eq!(reports[0].status, Status::Broken);
    assert_eq!(reports[0].detail.as_deref(), Some("redirect loop"));
    assert_eq!(reports[0].hops.len(), 2);
    assert_eq!(reports[1].status, Status::Broken);
    assert_eq!(reports[1].detail.as_deref(), Some("more than 10 redirects"));
    assert_eq!(reports[1].hops.len(), 11);
    let chain = server
        .seen()
        .iter()
        .filter(|s| s.starts_with("HEAD /n/"))
        .count();
    assert_eq!(chain, 11, "ten redirects followed, the eleventh refused");
    assert_eq!(reports[2].status, Status::Broken);
    assert_eq!(reports[2].detail.as_deref(), Some("302 without a Location"));
    assert_eq!(reports[3].status, Status::Broken);
    assert_eq!(
        reports[3].detail.as_deref(),
        Some("redirected to a URL that is not http(s)")
    );
}

#[test]
fn a_redirect_to_a_missing_page_is_broken_with_its_final_url() {
    let server = Server::start(redirects);
    let report = one(server.url("/moved-away"));
    assert_eq!(report.status, Status::Broken);
    assert_eq!(report.http_status, Some(404));
    assert_eq!(report.final_url, Some(server.url("/missing")));
}

#[test]
fn fragments_are_looked_up_among_the_anchors_of_one_fetch() {
    let server = Server::start(redirects);
    let reports = check(&[
        server.url("/page#paging"),
        server.url("/page#legacy"),
        server.url("/page#error-handling"),
        server.url("/page#missing"),
        server.url("/page#top"),
        server.url("/page"),
    ]);
    let statuses: Vec<Status> = reports.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Ok,
            Status::Ok,
            Status::Ok,
            Status::FragmentMissing,
            Status::Ok,
            Status::Ok
        ]
    );
    assert_eq!(
        reports[3].detail.as_deref(),
        Some("no anchor #missing in the page")
    );
    assert_eq!(server.seen(), ["GET /page"], "one request for the page");
}

#[test]
fn fragments_follow_redirects() {
    let server = Server::start(redirects);
    let reports = check(&[
        server.url("/old#paging"),
        server.url("/old#nowhere"),
        server.url("/elsewhere#ignored"),
    ]);
    assert_eq!(reports[0].status, Status::Redirected);
    assert_eq!(reports[0].final_url, Some(server.url("/page#paging")));
    assert_eq!(reports[1].status, Status::FragmentMissing);
    assert_eq!(reports[1].final_url, Some(server.url("/page#nowhere")));
    assert_eq!(
        reports[2].status,
        Status::Redirected,
        "the Location's own fragment replaces the link's"
    );
    assert_eq!(reports[2].final_url, Some(server.url("/page#legacy")));
}

#[test]
fn fragments_of_other_documents_than_html_are_not_looked_up() {
    let server = Server::start(|_| Response::ok().header("Content-Type", "application/pdf"));
    let report = one(server.url("/guide.pdf#page=3"));
    assert_eq!(report.status, Status::Ok);
    assert_eq!(
        report.detail.as_deref(),
        Some("fragment not checked: the page is application/pdf")
    );
}

#[test]
fn slow_answers_within_the_timeout_are_ok_and_slower_ones_unreachable() {
    let server = Server::start(|r| match r.path.as_str() {
        "/slow" => Response::ok().delay(Duration::from_millis(200)),
        _ => Response::ok().delay(Duration::from_secs(3)),
    });
    let config = config().timeout(Duration::from_millis(800));
    let started = Instant::now();
    let reports = check_with(config, &[server.url("/slow"), server.url("/stuck")]);
    assert_eq!(reports[0].status, Status::Ok);
    assert_eq!(reports[1].status, Status::Unreachable);
    assert_eq!(reports[1].detail.as_deref(), Some("timed out after 0.8 s"));
    assert_eq!(reports[1].http_status, None);
    assert!(started.elapsed() < Duration::from_millis(2500));
}

#[test]
fn refused_connections_and_failed_handshakes_are_unreachable() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let server = Server::start(|_| Response::ok());
    let tls = server.url("/").replace("http://", "https://");
    let reports = check(&[format!("http://127.0.0.1:{port}/"), tls]);
    assert_eq!(reports[0].status, Status::Unreachable);
    assert_eq!(reports[0].detail.as_deref(), Some("connection refused"));
    assert_eq!(reports[1].status, Status::Unreachable);
    let detail = reports[1].detail.clone().unwrap_or_default();
    assert!(detail.starts_with("tls"), "{detail}");
}

#[test]
fn other_schemes_and_site_paths_are_skipped_without_a_request() {
    let reports = check(&[
        "mailto:someone@example.org".to_owned(),
        "/img/logo.png".to_owned(),
        "ftp://example.org/file".to_owned(),
    ]);
    for report in &reports {
        assert_eq!(report.status, Status::Skipped);
        assert_eq!(report.detail.as_deref(), Some("not an http(s) URL"));
    }
}

#[test]
fn the_per_host_limit_is_never_exceeded() {
    let server = Server::start(|_| Response::ok().delay(Duration::from_millis(40)));
    let urls: Vec<String> = (0..30).map(|i| server.url(&format!("/{i}"))).collect();
    let reports = check_with(config().concurrency(16).per_host(3), &urls);
    assert!(reports.iter().all(|r| r.status == Status::Ok));
    assert_eq!(server.peak(), 3);
}

#[test]
fn the_total_limit_is_never_exceeded_over_several_hosts() {
    let gauge = Arc::new(Gauge::default());
    let servers: Vec<Server> = (0..4)
        .map(|_| {
            Server::with_gauge(Arc::clone(&gauge), |_| {
                Response::ok().delay(Duration::from_millis(40))
            })
        })
        .collect();
    let urls: Vec<String> = (0..40)
        .map(|i| servers[i % 4].url(&format!("/{i}")))
        .collect();
    let reports = check_with(config().concurrency(5).per_host(4), &urls);
    assert_eq!(reports.len(), 40);
    assert_eq!(gauge.peak(), 5);
}

#[test]
fn places_of_a_url_given_twice_are_merged() {
    let server = Server::start(|_| Response::ok());
    let place = |line| Place {
        file: "g.yaml".to_owned(),
        line,
        column: 8,
        group: "g".to_owned(),
        field: "url".to_owned(),
    };
    let links = vec![
        Link::new(server.url("/x")).with_place(place(1)),
        Link::new(server.url("/y")).with_place(place(2)),
        Link::new(server.url("/x")).with_place(place(3)),
    ];
    let reports = Checker::new(config()).unwrap().check(links, &());
    assert_eq!(reports.len(), 2);
    let lines: Vec<usize> = reports[0].places.iter().map(|p| p.line).collect();
    assert_eq!(lines, [1, 3]);
    assert_eq!(server.requests().len(), 2);
}

/// Counts reports and stops after the first.
#[derive(Default)]
struct StopAfterOne {
    seen: AtomicUsize,
    urls: Mutex<HashMap<String, Status>>,
}

impl Observer for StopAfterOne {
    fn checked(&self, report: &Report) {
        self.seen.fetch_add(1, Ordering::SeqCst);
        self.urls
            .lock()
            .unwrap()
            .insert(report.url.clone(), report.status);
    }

    fn stop(&self) -> bool {
        self.seen.load(Ordering::SeqCst) >= 1
    }
}

#[test]
fn an_observer_sees_each_report_and_can_stop_the_run() {
    let server = Server::start(|_| Response::ok().delay(Duration::from_millis(20)));
    let urls: Vec<String> = (0..20).map(|i| server.url(&format!("/{i}"))).collect();
    let observer = StopAfterOne::default();
    let links = urls.iter().map(Link::new).collect();
    let checker = Checker::new(config().concurrency(1)).unwrap();
    let reports = checker.check(links, &observer);
    assert_eq!(reports.len(), 1);
    assert_eq!(observer.seen.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests().len(), 1);
}
