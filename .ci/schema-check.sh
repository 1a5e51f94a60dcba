#!/usr/bin/env bash
# Proof by a second validator: Python's jsonschema (draft-07, format checker) reads the
# generated schemas in schemas/, accepts every page and source file of the reference corpus,
# the project's data/ and a catalog JSON exported from the corpus, and rejects planted faults.
# Usage: .ci/schema-check.sh SHARED (the shared folder holding corpus/). Skips when it is absent.
set -euo pipefail
shared="${1:?usage: schema-check.sh SHARED}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$shared/corpus" ]; then
  echo "skipped: no reference corpus at $shared/corpus"
  exit 0
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  python3 -m pip install --quiet jsonschema
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
  python3 -m pip install --quiet pyyaml
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --locked --manifest-path "$repo/Cargo.toml" -p stylebook-cli
bin="$repo/target/debug/stylebook"
catalogs=()
for year in "$shared"/corpus/*/; do
  name=$(basename "$year")
  "$bin" export --to json --out "$work/$name" "$year/source" >/dev/null 2>&1
  catalogs+=("$work/$name/catalog.json")
done
python3 "$repo/.ci/schema_check.py" "$repo" "$shared" "${catalogs[@]}"
