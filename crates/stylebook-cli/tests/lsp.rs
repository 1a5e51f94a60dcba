//! `stylebook lsp` driven over stdio as an editor drives it: diagnostics on open and on every
//! unsaved change (a cross-file one included), completion, hover, go to definition, find
//! references, and a quick fix.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

const TOPICS: &str = "\
http-status-409:
  category: HTTP Status User Error
  name: 409 Conflict
  description: When the request clashes with the resource's state.
collection-pagination:
  category: Collection Resources
  name: Pagination
  description: How a long list is served a page at a time.
";

const GUIDE: &str = "\
id: acme-api-guide
title: ACME API Guide
type: website
url: https://acme.example/api-guide
company: ACME
date: 2021-02-01
topics:
  http-status-490:
    - name: Conflicts
      url: https://acme.example/api-guide#conflicts
  collection-pagination:
    - name: Paging
      url: https://acme.example/api-guide#paging
";

/// An editor's end of the connection.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    /// The diagnostics last published for each file.
    published: HashMap<String, Vec<Value>>,
}

impl Client {
    fn start(root: &Path) -> Result<Client, Box<dyn std::error::Error>> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stylebook"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (sender, messages) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(message) = serde_json::from_slice(&body) else {
                    return;
                };
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
            published: HashMap::new(),
        };
        let uri = format!("file://{}", root.display());
        client.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri, "capabilities": {} }),
        )?;
        client.notify("initialized", json!({}))?;
        Ok(client)
    }

    fn send(&mut self, message: &Value) -> std::io::Result<()> {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.stdin.flush()
    }

    fn notify(&mut self, method: &str, params: Value) -> std::io::Result<()> {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
    }

    /// Takes the next message from the server, keeping what it publishes.
    fn receive(&mut self) -> Result<Value, Box<dyn std::error::Error>> {
        let message = self.messages.recv_timeout(Duration::from_secs(30))?;
        if message["method"] == "textDocument/publishDiagnostics" {
            let params = &message["params"];
            let diagnostics = params["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let uri = params["uri"].as_str().unwrap_or_default().to_owned();
            self.published.insert(uri, diagnostics);
        }
        Ok(message)
    }

    /// Sends a request and waits for its result.
    fn request(
        &mut self,
        method: &str,
        params: Value,
    ) -> Result<Value, Box<dyn std::error::Error>> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))?;
        loop {
            let message = self.receive()?;
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    return Err(format!("{method}: {error}").into());
                }
                return Ok(message["result"].clone());
            }
        }
    }

    /// Waits until the diagnostics last published for `uri` have the codes `codes`, and
    /// returns them.
    fn diagnostics(
        &mut self,
        uri: &str,
        codes: &[&str],
    ) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
        loop {
            if let Some(diagnostics) = self.published.get(uri) {
                let found: Vec<&str> = diagnostics
                    .iter()
                    .filter_map(|d| d["code"].as_str())
                    .collect();
                if found == codes {
                    return Ok(diagnostics.clone());
                }
            }
            self.receive()?;
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.request("shutdown", Value::Null);
        let _ = self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn at(line: u64, character: u64) -> Value {
    json!({ "line": line, "character": character })
}

#[test]
fn an_editor_session() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().canonicalize()?;
    fs::create_dir_all(root.join("data/guidelines"))?;
    fs::write(root.join("data/topics.yaml"), TOPICS)?;
    let guide_path = root.join("data/guidelines/acme-api-guide.yaml");
    fs::write(&guide_path, GUIDE)?;
    let (guide, topics) = (uri(&guide_path), uri(&root.join("data/topics.yaml")));
    let mut client = Client::start(&root)?;
    let open = json!({ "textDocument": {
        "uri": guide, "languageId": "yaml", "version": 1, "text": GUIDE } });
    client.notify("textDocument/didOpen", open)?;

    // On open: the misspelt topic, and in the file not open, the topic it leaves unused.
    let found = client.diagnostics(&guide, &["undefined-topic"])?;
    assert_eq!(found[0]["range"]["start"], at(7, 2));
    assert_eq!(
        found[0]["message"],
        "guideline `acme-api-guide` names topic `http-status-490`, which is not defined"
    );
    let unused = client.diagnostics(&topics, &["unused-topic"])?;
    assert_eq!(unused[0]["range"]["start"], at(0, 0));

    // The quick fix applies the suggestion.
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": guide },
                "range": { "start": at(7, 4), "end": at(7, 4) },
                "context": { "diagnostics": [] } }),
    )?;
    let edit = &actions[0]["edit"]["changes"][&guide][0];
    assert_eq!(edit["newText"], "http-status-409");
    assert_eq!(
        edit["range"],
        json!({ "start": at(7, 2), "end": at(7, 17) })
    );

    // An unsaved change: fixed, and the other file's diagnostic goes too; then a date that
    // does not exist.
    let fixed = GUIDE.replace("http-status-490", "http-status-409");
    let change = |version: u64, text: &str| {
        json!({ "textDocument": { "uri": guide, "version": version },
                "contentChanges": [{ "text": text }] })
    };
    client.notify("textDocument/didChange", change(2, &fixed))?;
    client.diagnostics(&guide, &[])?;
    client.diagnostics(&topics, &[])?;
    let bad_date = fixed.replace("2021-02-01", "2021-02-30");
    client.notify("textDocument/didChange", change(3, &bad_date))?;
    let found = client.diagnostics(&guide, &["invalid-date"])?;
    assert_eq!(found[0]["range"]["start"], at(5, 6));
    client.notify("textDocument/didChange", change(4, &fixed))?;
    client.diagnostics(&guide, &[])?;

    // Completion of topic ids where a topic id goes, and of keys where a key goes.
    let typing = format!("{fixed}  coll\n");
    client.notify("textDocument/didChange", change(5, &typing))?;
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": guide }, "position": at(13, 6) }),
    )?;
    let labels: Vec<&str> = items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(labels, ["collection-pagination", "http-status-409"]);
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": guide }, "position": at(4, 0) }),
    )?;
    let labels: Vec<&str> = items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"reviewDate") && labels.contains(&"githubUrl"),
        "{labels:?}"
    );
    client.notify("textDocument/didChange", change(6, &fixed))?;

    // Hover: a topic id shows the topic and who covers it; a key, what the schema says.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": guide }, "position": at(7, 5) }),
    )?;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        shown.contains("**409 Conflict** · HTTP Status User Error"),
        "{shown}"
    );
    assert!(
        shown.contains("ACME API Guide (ACME, 1 reference)"),
        "{shown}"
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": guide }, "position": at(5, 1) }),
    )?;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("published"), "{shown}");

    // Go to definition and find references.
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": guide }, "position": at(7, 5) }),
    )?;
    assert_eq!(definition[0]["uri"], topics);
    assert_eq!(definition[0]["range"]["start"], at(0, 0));
    let references = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": topics }, "position": at(4, 3),
                "context": { "includeDeclaration": true } }),
    )?;
    let places: Vec<(&str, &Value)> = references
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| Some((l["uri"].as_str()?, &l["range"]["start"])))
        .collect();
    assert_eq!(
        places,
        [(topics.as_str(), &at(4, 0)), (guide.as_str(), &at(10, 2))]
    );
    Ok(())
}

#[test]
fn a_page_is_checked_with_the_pages_beside_it() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().canonicalize()?;
    fs::create_dir_all(root.join("site/topics"))?;
    let page = "---\nlayout: topic\ntopic_id: http-status-409\ntopic_category: C\n\
                topic_name: 409 Conflict\ntopic_description: d\nguidelines:\n\
                \x20 - guideline_id: acme\n    guideline_title: ACME\n    guideline_type: website\n\
                \x20   guideline_url: https://acme.example/\n    guideline_company: ACME\n\
                \x20   references:\n      - nmae: Conflicts\n        url: https://acme.example/#c\n---\n";
    let path = root.join("site/topics/http-status-409-guidelines.md");
    fs::write(&path, page)?;
    let mut client = Client::start(&root)?;
    let page_uri = uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": page_uri, "languageId": "markdown", "version": 1,
                                  "text": page } }),
    )?;
    let found = client.diagnostics(&page_uri, &["unknown-field"])?;
    assert_eq!(found[0]["range"]["start"], at(13, 8));
    let help = found[0]["relatedInformation"][0]["message"].as_str();
    assert_eq!(help, Some("help: did you mean `name`?"));
    Ok(())
}

#[test]
fn a_clean_file_is_published_clean_with_its_version() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().canonicalize()?;
    fs::create_dir_all(root.join("data/guidelines"))?;
    fs::write(root.join("data/topics.yaml"), TOPICS)?;
    let fixed = GUIDE.replace("http-status-490", "http-status-409");
    let path = root.join("data/guidelines/acme-api-guide.yaml");
    fs::write(&path, &fixed)?;
    let guide = uri(&path);
    let mut client = Client::start(&root)?;
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": guide, "languageId": "yaml", "version": 7,
                                  "text": fixed } }),
    )?;
    // An editor clears what it showed for the file when it hears of it with no diagnostic.
    loop {
        let message = client.receive()?;
        let params = &message["params"];
        if message["method"] == "textDocument/publishDiagnostics" && params["uri"] == guide {
            assert_eq!(params["diagnostics"], json!([]));
            assert_eq!(params["version"], 7);
            break;
        }
    }
    Ok(())
}

#[test]
fn a_guideline_opened_before_its_topics_joins_the_catalog_and_other_files_are_left_alone()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().canonicalize()?;
    fs::create_dir_all(root.join("data/guidelines"))?;
    let fixed = GUIDE.replace("http-status-490", "http-status-409");
    let path = root.join("data/guidelines/acme-api-guide.yaml");
    fs::write(&path, &fixed)?;
    let guide = uri(&path);
    let package = root.join("package.json");
    let package_text = "{\"name\": \"app\", \"version\": \"1.0.0\"}\n";
    fs::write(&package, package_text)?;
    let mut client = Client::start(&root)?;
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(&package), "languageId": "json", "version": 1,
                                  "text": package_text } }),
    )?;
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": guide, "languageId": "yaml", "version": 1,
                                  "text": fixed } }),
    )?;
    // Alone, the guideline names topics nobody defines.
    client.diagnostics(&guide, &["undefined-topic", "undefined-topic"])?;
    // topics.yaml appears on disk, and the editor says so: the guideline is in its catalog.
    fs::write(root.join("data/topics.yaml"), TOPICS)?;
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&root.join("data/topics.yaml")), "type": 1 }] }),
    )?;
    client.diagnostics(&guide, &[])?;
    // Hover answers from the catalog it is in now.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": guide }, "position": at(7, 5) }),
    )?;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("409 Conflict"), "{shown}");
    // Nothing was ever said about package.json.
    assert!(!client.published.contains_key(&uri(&package)));
    Ok(())
}

#[test]
fn exit_succeeds_after_shutdown_and_fails_without_it() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut polite = Client::start(dir.path())?;
    polite.request("shutdown", Value::Null)?;
    polite.notify("exit", Value::Null)?;
    assert_eq!(polite.child.wait()?.code(), Some(0));

    let mut abrupt = Client::start(dir.path())?;
    abrupt.notify("exit", Value::Null)?;
    assert_eq!(abrupt.child.wait()?.code(), Some(1));
    Ok(())
}

#[test]
fn a_file_on_disk_with_invalid_utf8_is_reported_as_validate_reports_it()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().canonicalize()?;
    fs::create_dir_all(root.join("data/guidelines"))?;
    fs::write(root.join("data/topics.yaml"), TOPICS)?;
    let path = root.join("data/guidelines/acme-api-guide.yaml");
    let mut bytes = GUIDE
        .replace("http-status-490", "http-status-409")
        .into_bytes();
    let title = GUIDE.find("ACME API Guide").ok_or("no title")?;
    bytes[title + 1] = 0xe9;
    fs::write(&path, bytes)?;
    let topics = root.join("data/topics.yaml");
    let mut client = Client::start(&root)?;
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(&topics), "languageId": "yaml", "version": 1,
                                  "text": TOPICS } }),
    )?;
    let found = client.diagnostics(&uri(&path), &["invalid-utf8", "not-checked"])?;
    assert_eq!(found[0]["range"]["start"], at(1, 8));
    Ok(())
}
