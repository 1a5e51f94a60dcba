#!/usr/bin/env bash
# Annotated OpenAPI descriptions stay valid. First the repository's own: a description spread
# over several files (tests/openapi/split, its URL $ref taken out, since the validator would
# fetch it), a document starting with a byte-order mark and written with anchors and aliases
# (tests/openapi/specs/anchors.v30.yaml), in both layouts, checked by .ci/openapi_set_check.py
# (valid for openapi-spec-validator, which follows the files' $refs; every file strips back
# to the original with its key order; annotating again changes no byte); and that document's
# --overlay applied by a third-party tool, openapi-overlays-js from npm (which reads aliases
# as copies), which must give the data stylebook writes into the document.
#
# Then, where the shared folder is present, every document of its openapi/ is annotated with
# the reference corpus's 2019 catalog and with the project's own catalog in data/, in both
# layouts; tools/openapi_check.py checks that the result is valid OpenAPI, strips back to the
# original, keeps every key order and has no x-guidelines beside a $ref. Annotating the
# result again must give the same bytes.
#
# Usage: .ci/openapi-check.sh STYLEBOOK_BINARY SHARED_FOLDER
set -euo pipefail
bin="$1"
shared="$2"
if ! python3 -c 'import openapi_spec_validator, yaml' 2>/dev/null; then
  echo "installing openapi-spec-validator and pyyaml"
  python3 -m pip install --quiet openapi-spec-validator pyyaml
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
check="$shared/tools/openapi_check.py"
set_check="$repo/.ci/openapi_set_check.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fixtures="$repo/tests/openapi"

# A description over several files.
mkdir -p "$work/split"
cp -r "$fixtures/split/." "$work/split/"
python3 - "$work/split/api/openapi.yaml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text, n = re.subn(r"\n  /loans:\n    \$ref: [^\n]*", "", text)
assert n == 1, "the /loans path item is where it was"
open(path, "w", encoding="utf-8").write(text)
PY
for layout in compact full; do
  out="$work/split-$layout"
  printf -- '-- tests/openapi/split (%s): ' "$layout"
  if ! "$bin" openapi "$work/split/api/openapi.yaml" --catalog "$fixtures/catalog" \
      "--$layout" --deny-warnings --out "$out" 2>"$work/stderr"; then
    echo "annotation failed"; cat "$work/stderr"; failed=1; continue
  fi
  python3 "$set_check" set "$work/split" "$out" api/openapi.yaml || failed=1
  "$bin" openapi "$out/api/openapi.yaml" --catalog "$fixtures/catalog" "--$layout" \
    --out "$work/split-$layout-again" 2>/dev/null
  if ! diff -r -x .stylebook "$out" "$work/split-$layout-again" >/dev/null; then
    echo "   annotating the annotated set changed it"; failed=1
  fi
done

# A document with a byte-order mark, anchors and aliases, and its overlay applied by
# openapi-overlays-js.
overlay_tool=""
if command -v npm >/dev/null 2>&1; then
  if npm install --silent --no-audit --no-fund --prefix "$work/npm" openapi-overlays-js@0.2.0 \
      >"$work/npm.log" 2>&1; then
    overlay_tool="$work/npm/node_modules/.bin/overlayjs"
  else
    echo "could not install openapi-overlays-js:"; tail -n 5 "$work/npm.log"; failed=1
  fi
else
  echo "-- overlays: skipped, npm is not installed"
fi
spec="$fixtures/specs/anchors.v30.yaml"
mkdir -p "$work/bom/original"
cp "$spec" "$work/bom/original/"
for layout in compact full; do
  out="$work/bom/$layout"
  mkdir -p "$out"
  printf -- '-- anchors.v30.yaml, a byte-order mark and aliases (%s): ' "$layout"
  "$bin" openapi "$spec" --catalog "$fixtures/catalog" "--$layout" \
    --out "$out/anchors.v30.yaml" 2>/dev/null
  python3 "$set_check" set "$work/bom/original" "$out" anchors.v30.yaml || failed=1
  if [ -n "$overlay_tool" ]; then
    printf -- '-- its overlay applied by openapi-overlays-js (%s): ' "$layout"
    "$bin" openapi "$spec" --catalog "$fixtures/catalog" "--$layout" --overlay \
      --out "$work/bom/$layout.overlay.yaml" 2>/dev/null
    (cd "$work/npm" && "$overlay_tool" --openapi "$spec" --overlay "$work/bom/$layout.overlay.yaml") \
      >"$work/bom/$layout.applied.yaml"
    python3 "$set_check" same "$out/anchors.v30.yaml" "$work/bom/$layout.applied.yaml" || failed=1
  fi
done

if [ ! -d "$shared/openapi" ]; then
  echo "-- skipped: no OpenAPI documents at $shared/openapi"
  exit "$failed"
fi

catalogs=("corpus-2019=$shared/corpus/apistylebook-2019/source" "data=$repo/data")
for spec in "$shared"/openapi/*.yaml "$shared"/openapi/*.json; do
  [ -e "$spec" ] || continue
  name=$(basename "$spec")
  for entry in "${catalogs[@]}"; do
    label="${entry%%=*}"
    catalog="${entry#*=}"
    if [ ! -d "$catalog" ]; then
      echo "-- $name with $label: skipped, no catalog at $catalog"
      continue
    fi
    for layout in compact full; do
      out="$work/$label-$layout-$name"
      again="$work/$label-$layout-again-$name"
      printf -- '-- %s with %s (%s): ' "$name" "$label" "$layout"
      if ! "$bin" openapi "$spec" --catalog "$catalog" "--$layout" --out "$out" 2>"$work/stderr"; then
        echo "annotation failed"
        cat "$work/stderr"
        failed=1
        continue
      fi
      if ! python3 "$check" "$spec" "$out"; then
        failed=1
        continue
      fi
      "$bin" openapi "$out" --catalog "$catalog" "--$layout" --out "$again" 2>/dev/null
      if ! cmp -s "$out" "$again"; then
        echo "   annotating the annotated document changed it"
        diff "$out" "$again" | head -n 20
        failed=1
      fi
    done
  done
done

# The project's catalog attaches topics to every operation and every response of the
# petstore examples (a response's annotation may sit on the definition its $ref names).
for annotated in "$work"/data-*-petstore*; do
  [ -e "$annotated" ] || continue
  python3 - "$annotated" <<'PY' || failed=1
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        node_ = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            node_ = node_[part.replace("~1", "/").replace("~0", "~")]
        node = node_
    return node
methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
missing, total = [], 0
for path, item in doc["paths"].items():
    for method, op in item.items():
        if method not in methods:
            continue
        total += 1
        if "x-guidelines" not in op:
            missing.append(f"{method.upper()} {path}")
        for code, response in op.get("responses", {}).items():
            total += 1
            if "x-guidelines" not in resolve(response):
                missing.append(f"{method.upper()} {path} {code}")
name = sys.argv[1].rsplit("/", 1)[-1]
print(f"-- {name}: {total} operations and responses, {len(missing)} without topics")
for m in missing:
    print("   no topics:", m)
sys.exit(1 if missing else 0)
PY
done
exit "$failed"
