#!/usr/bin/env bash
# `stylebook diff` on the reference corpus: 2017 against 2019 and back, checked against counts
# established by hand and against a second comparison written in Python (diff_check.py, PyYAML,
# none of stylebook's code); the same from pages; and 2019 against an edited copy holding every
# kind of change (a rename, reference URL, name and quote changes, a removed guideline, ...).
# Usage: .ci/diff-check.sh BIN SHARED. Skips when the shared folder is absent.
set -euo pipefail
bin="$1"
shared="$2"
corpus="$shared/corpus"
if [ ! -d "$corpus" ]; then
  echo "skipped: no reference corpus at $corpus"
  exit 0
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
  python3 -m pip install --quiet pyyaml
fi
check="$(cd "$(dirname "$0")" && pwd)/diff_check.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
old="$corpus/apistylebook-2017/source"
new="$corpus/apistylebook-2019/source"

echo "-- 2017 against 2019"
"$bin" diff "$old" "$new" 2>/dev/null | sed -n '1,5p'
"$bin" diff --format json "$old" "$new" >"$work/forward.json" 2>/dev/null
# Established by hand from the reference builder's API output (design/topics.json,
# design/guidelines.json, design/guidelines/*/topics.json) and by `cmp` of the guideline files:
# the twelve guides of 2017 are byte-identical in 2019.
python3 "$check" compare "$old" "$new" "$work/forward.json" '{
  "old.topics": 95, "old.guidelines": 12, "old.references": 698,
  "new.topics": 100, "new.guidelines": 16, "new.references": 1040,
  "topics.added": 5, "topics.removed": 0, "topics.renamed": 0, "topics.changed": 1,
  "guidelines.added": 4, "guidelines.removed": 0, "guidelines.changed": 0,
  "references.added": 342, "references.removed": 0, "references.changed": 0,
  "coverage.guidelines": 0, "coverage.topics": 81}'

echo "-- 2019 against 2017"
"$bin" diff --format json "$new" "$old" >"$work/back.json" 2>/dev/null
python3 "$check" compare "$new" "$old" "$work/back.json" '{
  "topics.added": 0, "topics.removed": 5, "topics.changed": 1,
  "guidelines.removed": 4, "references.removed": 342, "coverage.topics": 81}'

echo "-- 2017 against 2019, from pages: the same document"
"$bin" diff --format json "$corpus/apistylebook-2017/pages" "$corpus/apistylebook-2019/pages" \
  >"$work/pages.json" 2>/dev/null
cmp "$work/forward.json" "$work/pages.json"

echo "-- --exit-code: 1 with differences, 0 without"
set +e
"$bin" diff --exit-code --format json "$old" "$new" >/dev/null 2>&1
differ=$?
"$bin" diff --exit-code "$new" "$corpus/apistylebook-2019/pages" >/dev/null 2>&1
same=$?
set -e
if [ "$differ" -ne 1 ] || [ "$same" -ne 0 ]; then
  echo "expected exit 1 and 0, got $differ and $same"
  exit 1
fi

echo "-- 2019 against an edited copy"
python3 "$check" edit "$new" "$work/edited"
"$bin" diff --format json "$new" "$work/edited" >"$work/edited.json" 2>/dev/null
# By construction (see `edit` in diff_check.py): the White House guide cites 24 references on
# 22 topics, none of them `collection` or `http-status-409`.
python3 "$check" compare "$new" "$work/edited" "$work/edited.json" '{
  "topics.added": 1, "topics.removed": 0, "topics.renamed": 1, "topics.changed": 1,
  "guidelines.added": 0, "guidelines.removed": 1, "guidelines.changed": 2,
  "references.added": 2, "references.removed": 25, "references.changed": 3,
  "coverage.guidelines": 2, "coverage.topics": 23}'
