#!/usr/bin/env bash
# Memory under large JSON requests (issue #8, item 9): starts Model.Runtime on a generated identity model
# (y = x, FP32 [n]), sends one ~57 MB JSON request N times with curl (then two at once), samples VmRSS of the
# process from /proc/<pid>/status every 50 ms, and prints idle, peak and settled (10 s after the last request) RSS.
# Usage: bench/runtime/memory.sh [requests=5] [approximate body MB=57]
# Runs the Release build (dotnet build runtime/Model.Runtime -c Release) unless MODEL_RUNTIME_EXE names a
# published executable (artifacts/runtime/linux-x64/Model.Runtime). Extra runtime settings pass through the
# environment (e.g. DOTNET_GCgen0size=...); MODEL_MAX_REQUEST_BYTES is left at its default (64 MiB).
set -euo pipefail

requests="${1:-5}"
megabytes="${2:-57}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
pid=""
sampler=""
cleanup() {
  [[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null || true
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# ONNX Runtime comes from the Microsoft.ML.OnnxRuntime package (runtimes/linux-x64/native/ beside the build).
if [[ -n "${MODEL_RUNTIME_EXE:-}" ]]; then
  command=("$MODEL_RUNTIME_EXE")
else
  nice -n 10 dotnet build "$repo_root/runtime/Model.Runtime/Model.Runtime.csproj" -c Release --nologo -v:q >/dev/null
  command=(dotnet "$repo_root/runtime/Model.Runtime/bin/Release/net10.0/Model.Runtime.dll")
fi

# files/identity.onnx: y = Identity(x), x FP32 [n] (IR 8, opset 17); the same model eng/publish-runtime.sh smokes.
mkdir -p "$work/files"
echo 'CAgSD3B1Ymxpc2gtcnVudGltZTpBChQKAXgSAXkaAm4wIghJZGVudGl0eRIFc21va2VaEAoBeBILCgkIARIFCgMSAW5iEAoBeRILCgkIARIFCgMSAW5CBAoAEBE=' \
  | base64 -d >"$work/files/identity.onnx"
cat >"$work/contract.json" <<'JSON'
{"formatVersion":1,"models":[{"name":"identity","versions":["1"],"platform":"onnx_onnxv1",
 "inputs":[{"name":"x","datatype":"FP32","shape":[-1]}],"outputs":[{"name":"y","datatype":"FP32","shape":[-1]}]}],
 "modelDetails":[{"name":"identity","file":"files/identity.onnx"}]}
JSON

# About <megabytes> MB of FP32 values, 10 bytes each ("0.1234567,"), deterministic.
python3 - "$work/request.json" "$megabytes" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
n = mb * 1000 * 1000 // 10
values = ",".join("0.%07d" % ((i * 7919) % 10000000) for i in range(n))
with open(path, "w") as f:
    f.write('{"inputs":[{"name":"x","datatype":"FP32","shape":[%d],"data":[%s]}]}' % (n, values))
PY
body_bytes=$(stat -c %s "$work/request.json")

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
MODEL_CONTRACT="$work/contract.json" MODEL_PORT="$port" MODEL_GRPC_PORT="$((port + 1))" MODEL_BIND_ADDRESS=127.0.0.1 \
  "${command[@]}" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  curl -sf "http://127.0.0.1:$port/v2/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done

rss_mib() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status"; }
sample() {
  while kill -0 "$pid" 2>/dev/null; do
    echo "$(date +%s.%N) $(rss_mib)" >>"$work/samples"
    sleep 0.05
  done
}
# Warm up with a small request so "idle" includes a loaded, once-used server.
curl -s -o /dev/null -X POST "http://127.0.0.1:$port/v2/models/identity/infer" -H 'content-type: application/json' \
  -d '{"inputs":[{"name":"x","datatype":"FP32","shape":[2],"data":[1.5,-2]}]}'
sleep 2
idle=$(rss_mib)
sample &
sampler=$!

post() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}s\n' -X POST "http://127.0.0.1:$port/v2/models/identity/infer" \
    -H 'content-type: application/json' --data-binary "@$work/request.json"
}
peak_since() { awk -v t="$1" '$1 >= t && $2 > p { p = $2 } END { print p + 0 }' "$work/samples"; }

echo "body: $body_bytes bytes; idle RSS: $idle MiB"
start=$(date +%s.%N)
for i in $(seq 1 "$requests"); do
  echo "request $i: $(post)"
done
echo "after $requests sequential requests: peak $(peak_since "$start") MiB, now $(rss_mib) MiB"
sleep 10
echo "settled 10 s after: $(rss_mib) MiB"

start=$(date +%s.%N)
post >"$work/a" &
other=$!
post >"$work/b"
wait "$other"
echo "two at once: $(cat "$work/a") / $(cat "$work/b"); peak $(peak_since "$start") MiB"
sleep 10
echo "settled 10 s after: $(rss_mib) MiB (idle was $idle MiB)"
