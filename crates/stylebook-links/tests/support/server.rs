//! A small HTTP/1.1 server on 127.0.0.1 for tests and benches: an ephemeral port, a thread
//! per connection, keep-alive, and answers from a function of the request. It records every
//! request and the most requests it was answering at once.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// When its head had been read.
    pub at: Instant,
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
}

/// Requests under way, now and at most; may be shared by several servers.
#[derive(Debug, Default)]
pub struct Gauge {
    active: AtomicUsize,
    peak: AtomicUsize,
}

/// A running server; it stops accepting when dropped.
pub struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Request>>>,
    gauge: Arc<Gauge>,
    closed: Arc<AtomicBool>,
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Response {
    pub fn status(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn ok() -> Self {
        Response::status(200)
    }

    /// An HTML page.
    pub fn html(body: &str) -> Self {
        Response::ok()
            .header("Content-Type", "text/html; charset=utf-8")
            .body(body)
    }

    /// A redirect.
    pub fn redirect(status: u16, location: &str) -> Self {
        Response::status(status).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: &str) -> Self {
        self.body = body.as_bytes().to_vec();
        self
    }

    /// Answer only after this long.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

impl Gauge {
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        Server::with_gauge(Arc::new(Gauge::default()), handler)
    }

    /// A server that counts its requests under way in `gauge`.
    pub fn with_gauge(
        gauge: Arc<Gauge>,
        handler: impl Fn(&Request) -> Response + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let addr = listener.local_addr().expect("its address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (l, g, c) = (Arc::clone(&log), Arc::clone(&gauge), Arc::clone(&closed));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if c.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (l, g, h) = (Arc::clone(&l), Arc::clone(&g), Arc::clone(&handler));
                thread::spawn(move || serve(stream, &l, &g, &*h));
            }
        });
        Server {
            addr,
            log,
            gauge,
            closed,
        }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// `METHOD path` of every request so far.
    pub fn seen(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// The most requests answered at once.
    pub fn peak(&self) -> usize {
        self.gauge.peak()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Request>>, gauge: &Gauge, handler: &Handler) {
    let mut writer = stream.try_clone().expect("a second handle");
    let mut reader = BufReader::new(stream);
    loop {
        // A TLS client hello starts with 0x16: answer garbage so that the handshake fails.
        match reader.fill_buf() {
            Ok([0x16, ..]) => {
                let _ = writer.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
                return;
            }
            Ok([]) | Err(_) => return,
            Ok(_) => {}
        }
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end().to_owned();
            if line.is_empty() {
                break;
            }
            head.push(line);
        }
        let Some(first) = head.first() else { return };
        let mut parts = first.split(' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = head[1..]
            .iter()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let close = headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"));
        let request = Request {
            method,
            path,
            headers,
            at: Instant::now(),
        };
        let now = gauge.active.fetch_add(1, Ordering::SeqCst) + 1;
        gauge.peak.fetch_max(now, Ordering::SeqCst);
        log.lock().unwrap().push(request.clone());
        let response = handler(&request);
        thread::sleep(response.delay);
        // Counted as answered before the answer leaves, so that a client's next request can
        // never overlap this one in the count.
        gauge.active.fetch_sub(1, Ordering::SeqCst);
        let mut out = format!(
            "HTTP/1.1 {} X\r\nContent-Length: {}\r\n",
            response.status,
            response.body.len()
        );
        for (k, v) in &response.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        if request.method != "HEAD" {
            bytes.extend_from_slice(&response.body);
        }
        let written = writer.write_all(&bytes).and_then(|()| writer.flush());
        if written.is_err() || close {
            return;
        }
    }
}
