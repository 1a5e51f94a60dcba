//! `cargo xtask bench-lsp`: the language server's latency, from a change typed in the editor
//! to the diagnostics of the whole catalog, on a generated catalog (3,000 topics and 30
//! guidelines by default, the size of `bench`'s main stage).
//!
//! It builds the release binary, starts `stylebook lsp`, opens the first guideline file and
//! times the first diagnostics (reading every file), then sends changes to that file's
//! unsaved text, each planting or removing a misspelt topic id (an `undefined-topic` error
//! and an `unused-topic` error in `topics.yaml`: a cross-file check each time), and times each
//! change from the moment it is written to the server's standard input to the moment the
//! diagnostics of that version are read back.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// The options, for `--help` and errors.
const USAGE: &str = "\
usage: cargo xtask bench-lsp [--topics N] [--guidelines M] [--changes C]

  --topics N       topics of the generated catalog (default 3000)
  --guidelines M   guidelines of the generated catalog (default 30)
  --changes C      changes timed after the first diagnostics (default 40)";

/// Runs the benchmark and prints its table.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut topics = 3000;
    let mut guidelines = 30;
    let mut changes = 40;
    let Some(flags) = crate::flags(args, USAGE)? else {
        return Ok(());
    };
    for (flag, value) in flags {
        match flag {
            "--topics" => topics = crate::number::<usize>(flag, value)?.max(1),
            "--guidelines" => guidelines = crate::number::<usize>(flag, value)?.max(1),
            "--changes" => changes = crate::number::<usize>(flag, value)?.max(1),
            _ => bail!("unknown option `{flag}`\n\n{USAGE}"),
        }
    }
    let bin = crate::build_release()?.join("stylebook");
    let work = crate::root().join("target/bench/lsp");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    let generated = crate::r#gen::generate(topics, guidelines, 1);
    generated.write(&work)?;
    let (name, text) = generated
        .files
        .iter()
        .find(|(p, _)| p.starts_with("guidelines/"))
        .context("no guideline generated")?;
    let path = work.canonicalize()?.join(name);
    let uri = format!("file://{}", path.display());
    // The first topic key of the guideline, misspelt and back.
    let key_line = text
        .lines()
        .find(|l| l.starts_with("  topic-"))
        .context("no topic in the guideline")?;
    let typo = text.replacen(key_line, &key_line.replacen("topic-", "topic-x", 1), 1);

    let mut child = Command::new(&bin)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", bin.display()))?;
    let mut stdin = child.stdin.take().context("no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().context("no stdout")?);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    )?;
    read_until(&mut stdout, |m| m["id"] == 1)?;
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    )?;

    let start = Instant::now();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}),
    )?;
    read_until(&mut stdout, |m| published(m, &uri, 1))?;
    let open = start.elapsed();

    let mut times = Vec::with_capacity(changes);
    for i in 0..changes {
        let version = i as i64 + 2;
        let body = if i % 2 == 0 { &typo } else { text };
        let start = Instant::now();
        send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": body}]}}),
        )?;
        let message = read_until(&mut stdout, |m| published(m, &uri, version))?;
        times.push(start.elapsed());
        let errors = message["params"]["diagnostics"]
            .as_array()
            .map_or(0, Vec::len);
        if errors != usize::from(i % 2 == 0) {
            bail!("version {version}: {errors} diagnostics in the guideline");
        }
    }
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    )?;
    read_until(&mut stdout, |m| m["id"] == 2)?;
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}))?;
    child.wait()?;
    std::fs::remove_dir_all(&work)?;

    times.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "stylebook lsp, {topics} topics x {guidelines} guidelines ({} files, {:.1} MB), {changes} changes to {name} ({} KB):\n",
        generated.files.len(),
        generated.bytes() as f64 / 1e6,
        text.len() / 1000
    );
    println!("| | min | median | max |\n|---|---:|---:|---:|");
    println!(
        "| open: every file read, diagnostics published | {} | | |",
        ms(open)
    );
    println!(
        "| change: diagnostics of the new version published | {} | {} | {} |",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    Ok(())
}

fn published(message: &Value, uri: &str, version: i64) -> bool {
    message["method"] == "textDocument/publishDiagnostics"
        && message["params"]["uri"] == uri
        && message["params"]["version"] == version
}

fn send(stdin: &mut ChildStdin, message: &Value) -> Result<()> {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    stdin.flush()?;
    Ok(())
}

/// Reads messages until one satisfies `wanted`, and returns it.
fn read_until(
    stdout: &mut BufReader<ChildStdout>,
    wanted: impl Fn(&Value) -> bool,
) -> Result<Value> {
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line)? == 0 {
                bail!("the server closed its output");
            }
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse()?;
            }
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body)?;
        let message: Value = serde_json::from_slice(&body)?;
        if wanted(&message) {
            return Ok(message);
        }
    }
}
