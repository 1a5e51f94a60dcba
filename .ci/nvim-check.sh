#!/usr/bin/env bash
# A real editor as the client of `stylebook lsp`: headless Neovim, with the configuration of
# docs/editors.md (editors/nvim/stylebook.lua), opens a topic page with a planted mistake (a
# misspelt key) beside a guideline page, and must show the diagnostic on the planted line.
# Usage: .ci/nvim-check.sh STYLEBOOK (the binary). Skips when nvim cannot be had.
set -euo pipefail
bin="${1:?usage: nvim-check.sh STYLEBOOK}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) \
      >/dev/null 2>&1 || true
  fi
fi
if ! command -v nvim >/dev/null 2>&1; then
  echo "skipped: nvim is not installed and could not be installed"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site/topics" "$work/site/guidelines"
cat > "$work/site/topics/http-status-409-guidelines.md" <<'PAGE'
---
layout: topic
topic_id: http-status-409
topic_category: HTTP Status User Error
topic_name: 409 Conflict
topic_description: When a request clashes with the state of the resource.
guidelines:
  - guideline_id: acme-api-guide
    guideline_title: ACME API Guide
    guideline_type: website
    guideline_url: https://acme.example/api-guide
    guideline_company: ACME
    references:
      - nmae: Conflicts
        url: https://acme.example/api-guide#conflicts
---
PAGE
out="$work/diagnostics.txt"
NVIM_CHECK_OUT="$out" timeout 120 nvim --headless --clean \
  -c "let g:stylebook_cmd = ['$bin', 'lsp']" \
  -c "luafile $repo/editors/nvim/stylebook.lua" \
  -c "edit $work/site/topics/http-status-409-guidelines.md" \
  -c "luafile $repo/.ci/nvim_check.lua" >/dev/null 2>&1 || true
echo "nvim $(nvim --version | head -1 | cut -d' ' -f2) showed:"
cat "$out" 2>/dev/null || true
if ! grep -q '^14:9 unknown-field unknown field `nmae` in reference$' "$out" 2>/dev/null; then
  echo "error: expected the unknown field on line 14, column 9" >&2
  exit 1
fi
echo "ok: the planted mistake is shown on its line"
