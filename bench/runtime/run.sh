#!/usr/bin/env bash
# Serving benchmark: Model.Runtime (REST JSON, REST binary tensor data, gRPC; batching on and off) beside ONNX Runtime
# in-process (the floor) and a minimal onnxruntime-node HTTP server, at concurrency 1, 8 and 32, on loopback. Each
# cell is time-bounded (warm-up, then a measured window); the whole table runs several times and each cell reports
# the median with min–max. Then start-to-ready (10 starts, small model) and the runtime and base image sizes.
# Usage: bench/runtime/run.sh [RuntimeBench options: --warmup S --duration S --runs N --starts N --concurrency 1,8,32]
#   Defaults: --warmup 1 --duration 5 --runs 3 --starts 10. A smoke run: bench/runtime/run.sh --duration 1 --runs 1 --starts 2
#   BENCH_BEFORE=DIR also measures the runtime of a clone made by bench/runtime/publish-commit.sh (labelled with
#   its commit), in the same runs, interleaved cell by cell with this work tree's runtime.
#   BENCH_SKIP_PUBLISH=1 reuses artifacts/runtime/linux-x64 when it exists (else eng/publish-runtime.sh runs first).
# The report is printed and written to artifacts/bench/runtime-<UTC time>.md; copy it into bench/RESULTS.md by hand.
# Builds run under `nice -n 10`; the measurement itself at the priority this script was started with.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
out_dir="$repo_root/artifacts/bench"
mkdir -p "$out_dir"
report="$out_dir/runtime-$(date -u +%Y%m%dT%H%M%SZ).md"

if [[ "${BENCH_SKIP_PUBLISH:-}" != 1 || ! -x "$repo_root/artifacts/runtime/linux-x64/Model.Runtime" ]]; then
  nice -n 10 "$repo_root/eng/publish-runtime.sh"
fi
# Labelled with the last commit that changed the runtime or its publish script.
runtimes=(--runtime "after ($(git -C "$repo_root" log -1 --format=%h -- runtime eng/publish-runtime.sh))=$repo_root/artifacts/runtime/linux-x64")
if [[ -n "${BENCH_BEFORE:-}" ]]; then
  runtimes=(--runtime "before ($(git -C "$BENCH_BEFORE" rev-parse --short HEAD))=$BENCH_BEFORE/artifacts/runtime/linux-x64" "${runtimes[@]}")
fi

# The peer: onnxruntime-node (the version npm serves here) installed without package scripts.
node_dir="$out_dir/node"
if [[ ! -d "$node_dir/node_modules/onnxruntime-node" ]]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm init -y >/dev/null && npm install --silent --ignore-scripts --no-audit --no-fund onnxruntime-node@1.30.0)
fi
cp "$here/node-server.mjs" "$node_dir/node-server.mjs"

nice -n 10 dotnet build "$here/RuntimeBench/RuntimeBench.csproj" -c Release --nologo -v:q
dotnet "$here/RuntimeBench/bin/Release/net10.0/RuntimeBench.dll" \
  "${runtimes[@]}" --node "$node_dir/node-server.mjs" --out "$report" "$@"

# Base image (Debian libc layer + runtime layer, gzip) for each runtime, built by this work tree's script so that
# only the runtime layer differs.
{
  echo
  echo "| base image with runtime | OS layer MB | runtime layer MB | total MB (gzip) |"
  echo "|---|---:|---:|---:|"
} >>"$report"
for entry in "${runtimes[@]}"; do
  [[ "$entry" == --runtime ]] && continue
  label="${entry%%=*}"
  image="$(mktemp -d)/image"
  MODEL_SDK_RUNTIME_DIR="${entry#*=}" MODEL_SDK_BASE_IMAGE_OUT="$image" nice -n 10 "$repo_root/eng/build-base-image.sh" >/dev/null
  python3 - "$image" "$label" >>"$report" <<'PY'
import json, os, sys
layout, label = sys.argv[1], sys.argv[2]
blob = lambda d: os.path.join(layout, "blobs", *d.split(":"))
manifest = json.load(open(blob(json.load(open(os.path.join(layout, "index.json")))["manifests"][0]["digest"])))
sizes = [l["size"] / 1e6 for l in manifest["layers"]]
print(f"| {label} | {sizes[0]:.1f} | {sum(sizes[1:]):.1f} | {sum(sizes):.1f} |")
PY
  rm -rf "$(dirname "$image")"
done
tail -n 4 "$report"
echo "report: $report"
