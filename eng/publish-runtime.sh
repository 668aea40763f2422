#!/usr/bin/env bash
# Publishes the serving runtime for Linux with NativeAOT (one native executable, no .NET runtime files) into
# artifacts/runtime/<rid>/, with libonnxruntime.so (from the Microsoft.ML.OnnxRuntime package, for that RID) beside
# the executable Model.Runtime. That folder is the image's runtime layer (/app).
# Usage: eng/publish-runtime.sh [linux-x64|linux-arm64]   (default linux-x64)
# Needs a C toolchain for the native link (gcc or clang, and libc6-dev: eng/install-deps.sh installs them).
# Why NativeAOT: 44 MiB published (16 MiB executable + 28 MiB ONNX Runtime) instead of 75 MiB for trimmed +
# ReadyToRun, and it starts without a JIT. Numbers and method: bench/RESULTS.md, "Serving runtime".
# linux-arm64 on an x64 host is a NativeAOT cross-compilation: clang-14 --target=aarch64-linux-gnu links against
# Debian's arm64 cross sysroot (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, binutils-aarch64-linux-gnu), and the
# smoke check runs the arm64 executable under qemu-aarch64-static with QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
# (eng/install-deps.sh installs all of them).
set -euo pipefail

rid="${1:-linux-x64}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/artifacts/runtime/$rid"

# One publish at a time: concurrent runs would race on runtime/*/obj.
mkdir -p "$repo_root/artifacts"
exec 9>"$repo_root/artifacts/.publish-runtime.lock"
flock 9

staging="$(mktemp -d "$repo_root/artifacts/.runtime-publish.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

target=(-r "$rid" --self-contained -p:PublishAot=true)
run=()
if [ "$rid" = linux-arm64 ]; then
  # The RID goes in through the project (see Model.Runtime.csproj): no net8.0 linux-arm64 runtime pack is served.
  target=(-p:ModelRuntimePublishRid=linux-arm64)
  if [ "$(uname -m)" != aarch64 ]; then
    target+=(-p:CppCompilerAndLinker=clang-14 -p:ObjCopyName=llvm-objcopy-14)
    run=(env QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64-static)
  fi
fi

# A RID-specific restore must not rewrite the solution build's obj/ (tests may be building it): own artifacts path.
# Deterministic output: no PDBs, no source paths, invariant globalization (no ICU in the image), and no commit hash
# in the informational version (it would change the runtime layer, so the base image digest, on every commit).
dotnet publish "$repo_root/runtime/Model.Runtime/Model.Runtime.csproj" \
  -c Release "${target[@]}" \
  -p:DebugType=none -p:DebugSymbols=false \
  -p:ContinuousIntegrationBuild=true -p:IncludeSourceRevisionInInformationalVersion=false \
  -p:GenerateDocumentationFile=false \
  --artifacts-path "$repo_root/artifacts/build/runtime-publish-$rid" \
  -o "$staging/app" --nologo -v:q

# Only the CPU provider is used: the shared-provider bridge is for GPU execution providers.
rm -f "$staging/app/libonnxruntime_providers_shared.so"
[ -f "$staging/app/libonnxruntime.so" ] || { echo "error: libonnxruntime.so missing from the publish" >&2; exit 1; }
rm -f "$staging/app/"*.pdb "$staging/app/"*.dbg "$staging/app/web.config" "$staging/app/"*.staticwebassets.endpoints.json
# Files that identify the build machine or clock are not produced by this publish; fix modes for the layer.
find "$staging/app" -type f -exec chmod 0644 {} +
chmod 0755 "$staging/app/Model.Runtime"

# Smoke check before replacing the previous output: the native app starts, loads a model through
# the libonnxruntime.so beside it, answers an inference, and exits 0 on SIGTERM.
smoke="$staging/smoke"
mkdir -p "$smoke/files"
# files/identity.onnx: y = Identity(x), x FP32 [n] (IR 8, opset 17).
echo 'CAgSD3B1Ymxpc2gtcnVudGltZTpBChQKAXgSAXkaAm4wIghJZGVudGl0eRIFc21va2VaEAoBeBILCgkIARIFCgMSAW5iEAoBeRILCgkIARIFCgMSAW5CBAoAEBE=' \
  | base64 -d > "$smoke/files/identity.onnx"
cat > "$smoke/contract.json" <<'JSON'
{"formatVersion":1,"models":[{"name":"identity","versions":["1"],"platform":"onnx_onnxv1",
 "inputs":[{"name":"x","datatype":"FP32","shape":[-1]}],"outputs":[{"name":"y","datatype":"FP32","shape":[-1]}]}],
 "modelDetails":[{"name":"identity","file":"files/identity.onnx"}]}
JSON
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
MODEL_CONTRACT="$smoke/contract.json" MODEL_PORT="$port" MODEL_GRPC_PORT="$((port + 1))" MODEL_BIND_ADDRESS=127.0.0.1 \
  "${run[@]}" "$staging/app/Model.Runtime" >"$smoke/log" 2>&1 &
pid=$!
answer=""
for _ in $(seq 1 600); do
  if answer="$(curl -sf -X POST "http://127.0.0.1:$port/v2/models/identity/infer" \
      -H 'content-type: application/json' \
      -d '{"inputs":[{"name":"x","datatype":"FP32","shape":[2],"data":[1.5,-2]}]}' 2>/dev/null)"; then
    break
  fi
  sleep 0.1
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
if [[ "$answer" != *'"data":[1.5,-2]'* || "$status" != 0 ]]; then
  echo "error: the published runtime failed its smoke check (answer: ${answer:-none}, exit $status):" >&2
  cat "$smoke/log" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$staging/app" "$out"
size=$(du -sb "$out" | cut -f1)
echo "runtime published to $out ($((size / 1024 / 1024)) MiB with libonnxruntime.so)"
