#!/usr/bin/env bash
# Conformance with the reference corpus: validation results for both years in both forms, the
# published defects all found, and byte parity of the API tree and pages with the reference
# builder's output from either input form. Skips when the shared folder is absent.
set -euo pipefail
bin="$1"
shared="$2"
corpus="$shared/corpus"
if [ ! -d "$corpus" ]; then
  echo "skipped: no reference corpus at $corpus"
  exit 0
fi
parity="$shared/tools/parity.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for year in apistylebook-2017 apistylebook-2019; do
  for form in source pages; do
    echo "-- $year/$form validates"
    "$bin" validate "$corpus/$year/$form" 2>/dev/null
    "$bin" export --to all --out "$work/$year-$form" "$corpus/$year/$form" 2>/dev/null
    echo "-- $year api from $form"
    python3 "$parity" "$work/$year-$form/api" "$corpus/$year/api" | tail -n 1
    echo "-- $year pages from $form"
    python3 "$parity" "$work/$year-$form/pages/design" "$corpus/$year/pages" | tail -n 1
  done
  echo "-- $year: pages and source give equal catalogs"
  cmp "$work/$year-source/catalog.json" "$work/$year-pages/catalog.json"
  echo "-- $year: pages -> source -> pages"
  "$bin" export --to pages --out "$work/$year-roundtrip" "$work/$year-pages/source" 2>/dev/null
  python3 "$parity" "$work/$year-roundtrip/design" "$corpus/$year/pages" | tail -n 1

  echo "-- $year/source-as-published: every published defect reported, exit 1"
  set +e
  "$bin" validate --format json "$corpus/$year/source-as-published" >"$work/defects.json"
  status=$?
  set -e
  if [ "$status" -ne 1 ]; then
    echo "expected exit 1, got $status"
    exit 1
  fi
  python3 - "$work/defects.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
for d in errors:
    print(f'   {d["file"].rsplit("/", 1)[-1]}:{d["line"]}:{d["column"]}: {d["code"]}: {d["message"]}')
assert len(errors) == 12, f"expected the 12 published defects, found {len(errors)}"
assert all(d["line"] > 0 for d in errors)
PY
done
