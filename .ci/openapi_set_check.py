#!/usr/bin/env python3
"""Check an OpenAPI description annotated by `stylebook openapi`, in one file or several.

Usage:
  openapi_set_check.py set ORIGINAL_DIR ANNOTATED_DIR ROOT
      ROOT (a path relative to both folders) and the files it reaches are valid OpenAPI
      (openapi-spec-validator, following the relative $refs), and every file of ANNOTATED_DIR,
      its x-guidelines taken out, equals the file of the same name in ORIGINAL_DIR, keys in
      the same order; no x-guidelines stands beside a $ref; some file has one.
  openapi_set_check.py same EXPECTED ACTUAL
      The two documents hold the same data (YAML or JSON), and ACTUAL is valid OpenAPI: an
      overlay applied by another tool gave what stylebook writes into the document.

Exit status 0 when every check holds; otherwise the first failure is printed.
"""
import json
import os
import sys

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return json.load(f) if path.endswith(".json") else yaml.safe_load(f)


def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k != "x-guidelines"}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x


def orders(x, acc):
    if isinstance(x, dict):
        acc.append([k for k in x if k != "x-guidelines"])
        for k, v in x.items():
            if k != "x-guidelines":
                orders(v, acc)
    elif isinstance(x, list):
        for v in x:
            orders(v, acc)
    return acc


def annotated(x, where):
    """How many x-guidelines there are; fails on one beside a $ref."""
    if isinstance(x, dict):
        count = 0
        if "x-guidelines" in x:
            if "$ref" in x:
                sys.exit(f"x-guidelines beside a $ref at {where}")
            count = 1
        return count + sum(annotated(v, f"{where}/{k}") for k, v in x.items() if k != "x-guidelines")
    if isinstance(x, list):
        return sum(annotated(v, f"{where}/{i}") for i, v in enumerate(x))
    return 0


def valid(path):
    spec, base_uri = read_from_filename(os.path.abspath(path))
    try:
        validate(spec, base_uri=base_uri)
    except Exception as e:  # the validator raises several kinds
        sys.exit(f"{path}: not valid OpenAPI: {str(e)[:300]}")


def files(root):
    for folder, _, names in os.walk(root):
        if ".stylebook" in folder.split(os.sep):
            continue
        for name in names:
            yield os.path.relpath(os.path.join(folder, name), root)


def check_set(original_dir, annotated_dir, root):
    valid(os.path.join(annotated_dir, root))
    originals = sorted(files(original_dir))
    written = sorted(files(annotated_dir))
    if originals != written:
        sys.exit(f"the files differ: {originals} written as {written}")
    total = 0
    for name in written:
        before, after = load(os.path.join(original_dir, name)), load(os.path.join(annotated_dir, name))
        if strip(after) != before:
            sys.exit(f"{name}: the annotation changed more than x-guidelines")
        if orders(before, []) != orders(after, []):
            sys.exit(f"{name}: the key order of some object changed")
        total += annotated(after, f"{name}#")
    if total == 0:
        sys.exit("no x-guidelines anywhere")
    print(f"ok: {len(written)} files valid, {total} annotated objects")


def check_same(expected, actual):
    valid(actual)
    if load(expected) != load(actual):
        sys.exit(f"{actual} does not hold the data of {expected}")
    print(f"ok: {annotated(load(actual), '#')} annotated objects, the same as stylebook's")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "set":
        check_set(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "same":
        check_same(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
