#!/usr/bin/env python3
"""The editor path, proven: yaml-language-server (the engine of VS Code's YAML extension) is
driven headless over stdio on the project's catalog files and on copies with planted faults.

Usage: yaml-ls-check.py REPO [SERVER]

SERVER is the `yaml-language-server` executable; without it, the npm package is installed into a
temporary folder (skipped, with a message, when npm is missing).

Two ways to attach a schema are checked, as editors use them:
- the modeline `# yaml-language-server: $schema=...` at the top of every file in REPO/data/: each
  such file, copied with `schemas/` to a scratch tree at the same relative place, must get no
  diagnostic, and a copy with a planted fault (a misspelt key, a `javascript:` URL, a bad id)
  must get a diagnostic on the faulty line;
- `yaml.schemas` sent with workspace/didChangeConfiguration, as in .vscode/settings.json: a
  guideline file without a modeline, with a planted fault, must get a diagnostic too;
- a topic page (`---`, front matter, `---`) opened as YAML and mapped to the topic page schema
  with `yaml.schemas`: the server sees an empty second document after the front matter, which
  must not be an error; a misspelt key must be.
"""

# A topic page as the pages layout writes it: front matter only.
PAGE = """---
layout: topic
title: 412 Precondition Failed
permalink: /design/topics/http-status-412
sort: HTTP Status User Error_412 Precondition Failed
topic_id: http-status-412
topic_category: HTTP Status User Error
topic_name: 412 Precondition Failed
topic_description: When a conditional request's precondition does not hold.
guidelines:
  - guideline_id: acme-api-guide
    guideline_title: ACME API Guide
    guideline_type: website
    guideline_url: 'https://acme.example/api-guide'
    guideline_company: ACME
    guideline_date: '2020-03-01T00:00:00.000Z'
    guideline_language: english
    references:
      - name: Optimistic locking
        url: 'https://acme.example/api-guide#locking'
---
"""

import json
import os
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time


class Server:
    """A language server over stdio, answering the requests it sends to the client."""

    def __init__(self, command, settings):
        self.settings = settings
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def receive(self, timeout):
        """The next message that is not a request from the server (those are answered here)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                return None
            if "method" in message and "id" in message:
                self.answer(message)
                continue
            return message

    def answer(self, request):
        result = None
        if request["method"] == "workspace/configuration":
            result = [
                self.settings.get(item.get("section", ""), None)
                for item in request["params"]["items"]
            ]
        self.send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def diagnostics(self, uri, text, settle=1.5, timeout=30):
        """Opens a document and returns the diagnostics published for it once they settle."""
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        latest = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            wait = settle if latest is not None else deadline - time.monotonic()
            message = self.receive(wait)
            if message is None:
                break
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
            ):
                latest = message["params"]["diagnostics"]
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return latest

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# Planted faults: (what, pattern, replacement, the text of the line the diagnostic must be on).
FAULTS = [
    ("misspelt key", r"(?m)^title:", "titel:", "titel:"),
    ("javascript: url", r"(?m)^(\s+)url:.*$", r"\1url: javascript:alert(1)", "javascript:alert(1)"),
    ("bad id", r"(?m)^id:.*$", "id: ../x", "id: ../x"),
    ("wrong type", r"(?m)^company:.*$", "company: [ACME]", "company: [ACME]"),
]


def server_command(argv):
    if len(argv) > 2:
        return [argv[2], "--stdio"], None
    if shutil.which("npm") is None:
        print("skipped: npm is not installed")
        sys.exit(0)
    home = tempfile.mkdtemp(prefix="yaml-ls-")
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", home,
         "yaml-language-server"],
        check=True,
    )
    return [os.path.join(home, "node_modules", ".bin", "yaml-language-server"), "--stdio"], home


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    repo = pathlib.Path(sys.argv[1]).resolve()
    command, installed = server_command(sys.argv)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tree = pathlib.Path(tmp)
        shutil.copytree(repo / "schemas", tree / "schemas")
        plain = tree / "plain" / "guidelines"
        plain.mkdir(parents=True)
        settings = {
            "yaml": {
                "validate": True,
                "schemaStore": {"enable": False},
                "schemas": {
                    (tree / "schemas" / "guideline.schema.json").as_uri(): ["**/plain/guidelines/*.yaml"],
                    (tree / "schemas" / "topic-page.schema.json").as_uri(): ["**/pages/topics/*.md"],
                },
            },
            "http": {},
        }
        server = Server(command, settings)
        server.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": tree.as_uri(),
                "workspaceFolders": [{"uri": tree.as_uri(), "name": "scratch"}],
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {"publishDiagnostics": {}},
                },
            },
        )
        while True:
            message = server.receive(60)
            if message is None:
                sys.exit("the server did not answer initialize")
            if message.get("id") == 1:
                break
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": settings})

        files = [repo / "data" / "topics.yaml"] + sorted((repo / "data" / "guidelines").glob("*.yaml"))
        if (repo / "data" / "openapi-rules.yaml").exists():
            files.append(repo / "data" / "openapi-rules.yaml")
        counts = {"clean files without diagnostics": 0, "planted faults reported": 0}
        for path in files:
            rel = path.relative_to(repo)
            copy = tree / rel
            copy.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8")
            if "yaml-language-server: $schema=" not in text.split("\n", 1)[0]:
                failures.append(f"{rel}: no modeline on its first line")
            copy.write_text(text, encoding="utf-8")
            found = server.diagnostics(copy.as_uri(), text)
            if found is None or found:
                failures.append(f"{rel}: expected no diagnostics, got {found}")
            else:
                counts["clean files without diagnostics"] += 1
        guideline = next((p for p in files if p.parent.name == "guidelines"), None)
        targets = []
        if guideline is not None:
            text = guideline.read_text(encoding="utf-8")
            targets.append(("modeline", tree / "data" / "guidelines" / "planted.yaml", text))
            no_modeline = "\n".join(l for l in text.split("\n") if "yaml-language-server" not in l)
            targets.append(("yaml.schemas", plain / "planted.yaml", no_modeline))
        for how, copy, text in targets:
            for what, pattern, replacement, marker in FAULTS:
                planted, hits = re.subn(pattern, replacement, text, count=1)
                if not hits:
                    failures.append(f"{how}: could not plant {what}")
                    continue
                line = next(i for i, l in enumerate(planted.split("\n")) if marker in l)
                copy.write_text(planted, encoding="utf-8")
                uri = copy.with_name(f"{what.replace(' ', '-').replace(':', '')}.yaml").as_uri()
                found = server.diagnostics(uri, planted) or []
                on_line = [d["message"] for d in found if d["range"]["start"]["line"] == line]
                if on_line:
                    counts["planted faults reported"] += 1
                    print(f"  {how}, {what}: line {line + 1}: {on_line[0]!r}")
                else:
                    failures.append(f"{how}: {what} not reported on line {line + 1}: {found}")
        pages = tree / "pages" / "topics"
        pages.mkdir(parents=True)
        clean = pages / "http-status-412.md"
        clean.write_text(PAGE, encoding="utf-8")
        found = server.diagnostics(clean.as_uri(), PAGE)
        if found is None or found:
            failures.append(f"topic page: expected no diagnostics, got {found}")
        else:
            counts["clean files without diagnostics"] += 1
        planted = PAGE.replace("topic_name:", "topic_nme:")
        line = planted.split("\n").index("topic_nme: 412 Precondition Failed")
        found = server.diagnostics((pages / "misspelt.md").as_uri(), planted) or []
        on_line = [d["message"] for d in found if d["range"]["start"]["line"] == line]
        if on_line:
            counts["planted faults reported"] += 1
            print(f"  topic page, misspelt key: line {line + 1}: {on_line[0]!r}")
        else:
            failures.append(f"topic page: misspelt key not reported on line {line + 1}: {found}")
        server.close()
    if installed:
        shutil.rmtree(installed, ignore_errors=True)
    for what, count in counts.items():
        print(f"  {count:5} {what}")
    if failures:
        print(f"{len(failures)} failures:")
        for failure in failures:
            print(f"  {failure}")
        sys.exit(1)
    print("ok: yaml-language-server validates catalog files against the schemas as they are typed")


if __name__ == "__main__":
    main()
