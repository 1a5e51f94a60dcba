#!/usr/bin/env bash
# Differential check of the YAML typing and writing against js-yaml 3, the library the
# reference builder read and wrote its files with: every string of up to five characters over
# fifteen that decide numbers and quoting, every string of up to three over a wider alphabet,
# and longer dates and numbers. js-yaml 3 (3.14/3.15, not the builder's pinned 3.11) is
# installed into a temporary folder, never into the repository; skipped when node or npm is
# missing. Usage: .ci/js-yaml-check.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "skipped: node and npm are needed to run js-yaml"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --silent --no-audit --no-fund --prefix "$work" 'js-yaml@>=3.14 <4' >/dev/null
node "$repo/.ci/js-yaml-oracle.js" "$work" > "$work/oracle.jsonl"
cargo run --quiet --locked --manifest-path "$repo/Cargo.toml" -p xtask -- js-yaml-check "$work/oracle.jsonl"
