#!/usr/bin/env bash
# Checks that the serving runtime publish is reproducible: clones the committed HEAD into two temporary folders of
# different depth, runs eng/publish-runtime.sh in each and compares artifacts/runtime/<rid>/ file by file (sha256).
# Prints the files that differ and exits 1 if any does. Uncommitted changes are not part of the check.
# Usage: eng/check-runtime-reproducible.sh [linux-x64|linux-arm64]   (default linux-x64)
# KEEP=1 keeps the two clones (and their publishes) for a closer look at what differs.
set -euo pipefail

rid="${1:-linux-x64}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commit="$(git -C "$repo_root" rev-parse HEAD)"
work="$(mktemp -d)"
if [ "${KEEP:-0}" = 1 ]; then echo "clones kept in $work"; else trap 'rm -rf "$work"' EXIT; fi

# Different path lengths: a source or output path that leaks into the bytes shows up as a difference.
a="$work/a/x"
b="$work/b/some/other/deeper/path"
for clone in "$a" "$b"; do
  git clone -q "$repo_root" "$clone"
  git -C "$clone" -c advice.detachedHead=false checkout -q "$commit"
  "$clone/eng/publish-runtime.sh" "$rid"
done

list() { (cd "$1/artifacts/runtime/$rid" && find . -type f -printf '%P %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
if diff <(list "$a") <(list "$b") >"$work/diff"; then
  count=$(find "$a/artifacts/runtime/$rid" -type f | wc -l)
  echo "runtime publish for $rid is reproducible ($count identical files)"
else
  echo "error: the runtime publish for $rid differs between two clones (< $a, > $b):" >&2
  grep -E '^[<>]' "$work/diff" >&2
  exit 1
fi
