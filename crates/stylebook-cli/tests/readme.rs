//! The README's console examples, run as they are written. [trycmd] reads every `console`
//! code block of `README.md`: `$ command`, then `? N` when the exit code is not 0, then what the
//! command prints (standard output and standard error together), then an empty line; `...` on
//! a line of its own and `[..]` in a line would stand for output that varies. The commands run
//! with colour off (and no proxy for 127.0.0.1) from a scratch folder that holds a copy of
//! `examples/`, as from the repository's root, so that what they write (`export --out dist`)
//! lands there; for the `stylebook links` example, `examples/links/site/` is served on
//! 127.0.0.1:8765 as `python3 -m http.server` serves it.
//!
//! `TRYCMD=overwrite cargo test -p stylebook-cli --test readme` rewrites the outputs in the
//! README from what the commands print (read the diff).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The port the README's links example names.
const PORT: u16 = 8765;

/// The only test of this binary: it moves the process into the scratch folder, which no other
/// test could share.
#[test]
fn readme_console_examples() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = repo.join("README.md").canonicalize().unwrap();
    let work = tempfile::tempdir().unwrap();
    copy_tree(&repo.join("examples"), &work.path().join("examples"));
    let requests = serve(repo.join("examples/links/site"));
    std::env::set_current_dir(work.path()).unwrap();

    trycmd::TestCases::new()
        .register_bin("stylebook", Path::new(env!("CARGO_BIN_EXE_stylebook")))
        .env("NO_COLOR", "1")
        .env("NO_PROXY", "127.0.0.1")
        .case(&readme)
        .run();

    // What the README says the server saw.
    let mut seen = requests.lock().unwrap().clone();
    seen.sort();
    assert_eq!(
        seen,
        [
            "GET /guide/",
            "GET /guide/errors.html",
            "HEAD /company",
            "HEAD /company/",
            "HEAD /guide/errors.html",
        ]
    );
}

/// Serves `root` on 127.0.0.1:[`PORT`] until the process ends, as `python3 -m http.server`
/// does for GET and HEAD: a folder named without its `/` is redirected (301) to the name with
/// it, a folder with it gives its `index.html`, a missing file 404; one request per connection.
/// Returns the `METHOD path` of every request, in arrival order. Waits up to a minute for the
/// port to be free (another run of this test may hold it).
fn serve(root: PathBuf) -> Arc<Mutex<Vec<String>>> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let listener = loop {
        match TcpListener::bind(("127.0.0.1", PORT)) {
            Ok(listener) => break listener,
            Err(e) if e.kind() == ErrorKind::AddrInUse && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("the links example needs 127.0.0.1:{PORT}: {e}"),
        }
    };
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer(stream, &root, &seen);
        }
    });
    log
}

fn answer(stream: TcpStream, root: &Path, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    // The rest of the head.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    log.lock().unwrap().push(format!("{method} {target}"));

    let path = target.split(['?', '#']).next().unwrap_or_default();
    let rel = Path::new(path.trim_start_matches('/'));
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let file = root.join(rel);
    let (status, headers, body) = if !safe {
        not_found()
    } else if file.is_dir() && !path.ends_with('/') {
        let location = format!("{path}/");
        (
            "301 Moved Permanently",
            vec![("Location", location)],
            Vec::new(),
        )
    } else {
        let file = if file.is_dir() {
            file.join("index.html")
        } else {
            file
        };
        match fs::read(&file) {
            Ok(body) => (
                "200 OK",
                vec![("Content-Type", "text/html".to_owned())],
                body,
            ),
            Err(_) => not_found(),
        }
    };
    let mut out = format!(
        "HTTP/1.0 {status}\r\nServer: SimpleHTTP/0.6\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if method != "HEAD" {
        bytes.extend_from_slice(&body);
    }
    let mut stream = stream;
    let _ = stream.write_all(&bytes);
}

fn not_found() -> (&'static str, Vec<(&'static str, String)>, Vec<u8>) {
    (
        "404 File not found",
        vec![("Content-Type", "text/html;charset=utf-8".to_owned())],
        b"<!DOCTYPE HTML>\n<html><body><h1>Error response</h1><p>Error code: 404</p></body></html>\n"
            .to_vec(),
    )
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}
