//! How long a check of 1,000 URLs on one local host takes when every answer comes after
//! 100 ms and the host gets 8 requests at a time: the floor is 1,000 x 100 ms / 8 = 12.5 s,
//! the target under 15 s. Run with `cargo bench -p stylebook-links --bench one_host`.

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../tests/support/server.rs"]
mod server;

use std::time::{Duration, Instant};

use server::{Response, Server};
use stylebook_links::{Checker, Config, Link, Status};

const URLS: usize = 1000;
const DELAY: Duration = Duration::from_millis(100);
const PER_HOST: usize = 8;
const RUNS: usize = 3;

fn main() {
    let mut times = Vec::new();
    for run in 1..=RUNS {
        let server = Server::start(|_| Response::ok().delay(DELAY));
        let links: Vec<Link> = (0..URLS)
            .map(|i| Link::new(server.url(&format!("/page/{i}"))))
            .collect();
        let config = Config::default().per_host(PER_HOST).proxy_from_env(false);
        let checker = Checker::new(config).unwrap();
        let started = Instant::now();
        let reports = checker.check(links, &());
        let elapsed = started.elapsed();
        assert_eq!(reports.len(), URLS);
        assert!(reports.iter().all(|r| r.status == Status::Ok));
        println!(
            "run {run}: {URLS} URLs in {:.2} s, {} requests, at most {} at once at the server",
            elapsed.as_secs_f64(),
            server.requests().len(),
            server.peak()
        );
        times.push(elapsed);
    }
    times.sort();
    let floor = DELAY.as_secs_f64() * URLS as f64 / PER_HOST as f64;
    println!(
        "{URLS} URLs, one host, {} ms per answer, {PER_HOST} per host: min {:.2} s, median {:.2} s (floor {floor:.2} s, target under 15 s)",
        DELAY.as_millis(),
        times[0].as_secs_f64(),
        times[RUNS / 2].as_secs_f64()
    );
}
