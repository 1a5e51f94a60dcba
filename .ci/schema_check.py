#!/usr/bin/env python3
"""Proof by a second validator: the generated JSON Schemas, read by Python's `jsonschema`
(draft-07, with its format checker), accept every real catalog file and reject planted faults.

Usage: schema_check.py REPO SHARED [CATALOG_JSON...]

- Every page of the reference corpus (SHARED/corpus/*/pages/**/*.md): its front matter must pass
  the topic-page or guideline-page schema (by its layout).
- Every source-layout file of the corpus (SHARED/corpus/*/source/) and of REPO/data/ must pass the
  topics or guideline schema; REPO/crates/stylebook-core/src/openapi/openapi-rules.yaml the rules schema. Files of
  `source-as-published/` that differ from their repaired copy in `source/` must fail.
- Each CATALOG_JSON (catalog.json written by `stylebook export --to json`) must pass.
- Copies with one planted fault each (a misspelt key, a wrong type, a bad id `../x`, a
  `javascript:` URL) of a sample of every kind of file, written to a temporary folder and read
  back, must each be rejected.

YAML is read the way YAML-to-JSON tools read it: an unquoted date becomes its ISO text, and only
`true`/`false` are booleans (as in the readers, which follow js-yaml, not YAML 1.1's `yes`/`no`).
"""

import datetime
import json
import pathlib
import re
import sys
import tempfile

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader with booleans limited to true/false, like js-yaml's default schema."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def to_json(value):
    """Dates and timestamps become ISO text, as YAML-to-JSON tools write them."""
    if isinstance(value, datetime.datetime):
        text = value.isoformat()
        return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def front_matter(text):
    """The YAML between the first line `---` and the next line `---` or `...`."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise ValueError("no front matter")
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:i])
    raise ValueError("front matter never closed")


def load(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = front_matter(text)
    if path.suffix == ".json":
        return json.loads(text)
    return to_json(yaml.load(text, Loader=Loader))


class Schemas:
    def __init__(self, folder):
        self.validators = {}
        for path in sorted(folder.glob("*.schema.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            jsonschema.Draft7Validator.check_schema(schema)
            self.validators[path.name] = jsonschema.Draft7Validator(
                schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
            )

    def for_file(self, path, document):
        if path.suffix == ".md":
            layout = document.get("layout") if isinstance(document, dict) else None
            name = {"topic": "topic-page", "guideline": "guideline-page"}.get(layout)
        elif path.suffix == ".json":
            name = "catalog"
        elif path.name.startswith("openapi-rules."):
            name = "openapi-rules"
        elif path.name in ("topics.yaml", "topics.yml"):
            name = "topics"
        else:
            name = "guideline"
        return self.validators.get(f"{name}.schema.json") if name else None

    def errors(self, path):
        """The schema errors of a file, as `pointer: message` lines."""
        try:
            document = load(path)
        except (ValueError, yaml.YAMLError) as e:
            return [f"unreadable: {e}"]
        validator = self.for_file(path, document)
        if validator is None:
            return [f"no schema for {path.name}"]
        return [
            "/" + "/".join(map(str, e.absolute_path)) + ": " + e.message[:200]
            for e in validator.iter_errors(document)
        ]


# Planted faults by kind of file: (what, pattern, replacement), applied to the first match.
FAULTS = {
    "topic-page": [
        ("misspelt key", r"(?m)^topic_name:", "topic_nmae:"),
        ("wrong type", r"(?m)^topic_name:.*$", "topic_name: 409"),
        ("bad id", r"(?m)^topic_id:.*$", "topic_id: ../x"),
        ("javascript: url", r"(?m)^(\s+)url:.*$", r"\1url: 'javascript:alert(1)'"),
    ],
    "guideline-page": [
        ("misspelt key", r"(?m)^guideline_title:", "guideline_titel:"),
        ("wrong type", r"(?m)^guideline_title:.*$", "guideline_title: 42"),
        ("bad id", r"(?m)^guideline_id:.*$", "guideline_id: ../x"),
        ("javascript: url", r"(?m)^guideline_url:.*$", "guideline_url: 'javascript:alert(1)'"),
    ],
    "topics": [
        ("misspelt key", r"(?m)^(\s+)category:", r"\1categroy:"),
        ("wrong type", r"(?m)^(\s+)name:.*$", r"\1name: 404"),
        ("bad id", r"(?m)^[a-z0-9][a-z0-9-]*:", "../x:"),
    ],
    "guideline": [
        ("misspelt key", r"(?m)^title:", "titel:"),
        ("wrong type", r"(?m)^title:.*$", "title: 42"),
        ("bad id", r"(?m)^id:.*$", "id: ../x"),
        ("javascript: url", r"(?m)^(\s+)url:.*$", r"\1url: javascript:alert(1)"),
    ],
}


# How many files of each kind get planted faults.
SAMPLE = 12


def kind_of(path):
    if path.suffix == ".md":
        return "topic-page" if path.name.endswith("-guidelines.md") else "guideline-page"
    return "topics" if path.name in ("topics.yaml", "topics.yml") else "guideline"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    repo = pathlib.Path(sys.argv[1])
    shared = pathlib.Path(sys.argv[2])
    catalogs = [pathlib.Path(p) for p in sys.argv[3:]]
    schemas = Schemas(repo / "schemas")
    failures = []
    counts = {}

    def expect_valid(path, what):
        errors = schemas.errors(path)
        counts[what] = counts.get(what, 0) + 1
        if errors:
            failures.append(f"{path}: rejected: {errors[:3]}")

    corpus = shared / "corpus"
    pages = sorted(corpus.glob("*/pages/**/*.md"))
    sources = sorted(corpus.glob("*/source/topics.yaml")) + sorted(
        corpus.glob("*/source/guidelines/*.yaml")
    )
    data = [repo / "data" / "topics.yaml"] + sorted((repo / "data" / "guidelines").glob("*.yaml"))
    data = [p for p in data if p.exists()]
    for path in pages:
        expect_valid(path, "corpus pages")
    for path in sources:
        expect_valid(path, "corpus source files")
    for path in data:
        expect_valid(path, "data/ files")
    rules = repo / "crates" / "stylebook-core" / "src" / "openapi" / "openapi-rules.yaml"
    if rules.exists() and "openapi-rules.schema.json" in schemas.validators:
        expect_valid(rules, "openapi rules files")
    for path in catalogs:
        expect_valid(path, "catalog JSON files")

    # The published defects: every file that had to be repaired fails the schema as published.
    for published in sorted(corpus.glob("*/source-as-published/**/*.yaml")):
        repaired = corpus / published.relative_to(corpus).as_posix().replace(
            "source-as-published", "source", 1
        )
        defective = not repaired.exists() or repaired.read_bytes() != published.read_bytes()
        errors = schemas.errors(published)
        what = "published defects rejected" if defective else "published files accepted"
        counts[what] = counts.get(what, 0) + 1
        if defective and not errors:
            failures.append(f"{published}: the published defect passes the schema")
        if not defective and errors:
            failures.append(f"{published}: rejected: {errors[:3]}")

    # Planted faults, one per copy, into an evenly spread sample of each kind of file.
    by_kind = {}
    for path in pages + sources + data:
        by_kind.setdefault(kind_of(path), []).append(path)
    sample = [p for paths in by_kind.values() for p in paths[:: max(1, len(paths) // SAMPLE)]]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for n, path in enumerate(sample):
            text = path.read_text(encoding="utf-8")
            for what, pattern, replacement in FAULTS[kind_of(path)]:
                planted, hits = re.subn(pattern, replacement, text, count=1)
                if hits == 0:
                    continue
                copy = tmp / f"{n}-{what.replace(' ', '-').replace(':', '')}" / path.name
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(planted, encoding="utf-8")
                counts[f"planted: {what}"] = counts.get(f"planted: {what}", 0) + 1
                if not schemas.errors(copy):
                    failures.append(f"{path}: planted {what} is accepted")

    checked = sorted(jsonschema.Draft7Validator.FORMAT_CHECKER.checkers)
    print(f"python jsonschema, draft-07; formats checked here: {', '.join(checked)}")
    for what, count in counts.items():
        print(f"  {count:5} {what}")
    if failures:
        print(f"{len(failures)} failures:")
        for failure in failures[:50]:
            print(f"  {failure}")
        sys.exit(1)
    print("ok: every file passes its schema, every planted fault is rejected")


if __name__ == "__main__":
    main()
