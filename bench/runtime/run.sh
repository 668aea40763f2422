#!/usr/bin/env bash
# Serving benchmark: Model.Runtime (REST and gRPC, batching on and off) beside ONNX Runtime in-process (the floor)
# and a minimal onnxruntime-node HTTP server, at concurrency 1, 8 and 32, on loopback with bounded request counts.
# Appends a "Serving runtime" section to bench/RESULTS.md.
# Usage: bench/runtime/run.sh [small requests per cell] [medium requests per cell]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"

"$repo_root/eng/publish-runtime.sh"

# The peer: onnxruntime-node 1.30.0 installed without package scripts into bench/runtime/node/ (git-ignored).
node_dir="$here/node"
if [[ ! -d "$node_dir/node_modules/onnxruntime-node" ]]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm init -y >/dev/null && npm install --silent --ignore-scripts --no-audit --no-fund onnxruntime-node@1.30.0)
fi
cp "$here/node-server.mjs" "$node_dir/node-server.mjs"

dotnet build "$here/RuntimeBench/RuntimeBench.csproj" -c Release --nologo -v:q
dotnet "$here/RuntimeBench/bin/Release/net10.0/RuntimeBench.dll" \
  "$repo_root/artifacts/runtime/linux-x64" "$node_dir/node-server.mjs" "$repo_root/bench/RESULTS.md" "${1:-2000}" "${2:-400}"
