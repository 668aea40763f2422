#!/usr/bin/env bash
# Publishes the serving runtime of another commit for a before/after benchmark: clones this repository at COMMIT
# into DIR (which must not exist) and runs that commit's own eng/publish-runtime.sh there (whatever it needs, e.g.
# an ONNX Runtime fetch from npm for the hand-written binding). The runtime lands in DIR/artifacts/runtime/linux-x64.
# Usage: bench/runtime/publish-commit.sh COMMIT DIR     then: BENCH_BEFORE=DIR bench/runtime/run.sh
set -euo pipefail
commit="$1"
dir="$2"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ ! -e "$dir" ]] || { echo "error: $dir exists; give a new folder" >&2; exit 1; }
git clone -q --no-checkout "$repo_root" "$dir"
git -C "$dir" checkout -q --detach "$commit"
nice -n 10 "$dir/eng/publish-runtime.sh"
