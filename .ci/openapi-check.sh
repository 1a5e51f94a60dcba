#!/usr/bin/env bash
# Real OpenAPI documents stay valid after annotation. Every document in the shared folder's
# openapi/ is annotated with the reference corpus's 2019 catalog and with the project's own
# catalog in data/; tools/openapi_check.py then checks that the result is valid OpenAPI
# (openapi-spec-validator), strips back to the original, keeps every key order and has no
# x-guidelines beside a $ref. Annotating the result again must give the same bytes.
#
# Usage: .ci/openapi-check.sh STYLEBOOK_BINARY SHARED_FOLDER
# Skips when the shared folder is absent.
set -euo pipefail
bin="$1"
shared="$2"
if [ ! -d "$shared/openapi" ]; then
  echo "skipped: no OpenAPI documents at $shared/openapi"
  exit 0
fi
if ! python3 -c 'import openapi_spec_validator, yaml' 2>/dev/null; then
  echo "installing openapi-spec-validator and pyyaml"
  python3 -m pip install --quiet openapi-spec-validator pyyaml
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
check="$shared/tools/openapi_check.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

catalogs=("corpus-2019=$shared/corpus/apistylebook-2019/source" "data=$repo/data")
failed=0
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
    out="$work/$label-$name"
    again="$work/$label-again-$name"
    printf -- '-- %s with %s: ' "$name" "$label"
    if ! "$bin" openapi "$spec" --catalog "$catalog" --out "$out" 2>"$work/stderr"; then
      echo "annotation failed"
      cat "$work/stderr"
      failed=1
      continue
    fi
    if ! python3 "$check" "$spec" "$out"; then
      failed=1
      continue
    fi
    "$bin" openapi "$out" --catalog "$catalog" --out "$again" 2>/dev/null
    if ! cmp -s "$out" "$again"; then
      echo "   annotating the annotated document changed it"
      diff "$out" "$again" | head -n 20
      failed=1
    fi
  done
done

# The project's catalog attaches topics to every operation and every response of the
# petstore examples (a response's annotation may sit on the definition its $ref names).
for annotated in "$work"/data-petstore*; do
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
