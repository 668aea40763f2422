#!/usr/bin/env bash
# Image assembly benchmark: a model folder with a 1 GiB model file, built onto the default base image.
# Compares: the SHA-256 floor (sha256sum and openssl of the file), a cold image build (no layer cache), a no-op
# rebuild (warm cache), a gzip image build, and 'umoci insert' of the same file (gzip, the usual tool path).
# Appends the table to bench/RESULTS.md under "Image assembly". Needs hyperfine, umoci, skopeo.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/artifacts/bench/image"
size_mib=${MODEL_SIZE_MIB:-1024}
mkdir -p "$work/model/files"
cd "$work"

if [ ! -f model/files/big.onnx ] || [ "$(stat -c %s model/files/big.onnx)" != $((size_mib * 1024 * 1024)) ]; then
  head -c $((size_mib * 1024 * 1024)) /dev/urandom >model/files/big.onnx
fi
printf '{"models":[],"modelDetails":[{"name":"big","file":"files/big.onnx","framework":"onnx","purpose":"custom","parameters":[]}],"package":{"name":"Big","version":"1.0.0"}}' >model/contract.json
printf 'name: big\n' >model/serving.yaml

base="$root/artifacts/base-image"
if [ ! -f "$base/index.json" ]; then "$root/eng/build-base-image.sh"; fi
dotnet build "$root/bench/image/ImageBench/ImageBench.csproj" -c Release -nologo -v:q -o "$work/bin" >/dev/null
bench="$work/bin/ImageBench"
cat model/files/big.onnx >/dev/null # warm the page cache so every command reads from memory

hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$work/results.md" \
  --prepare "true" -n "sha256sum (floor)" "sha256sum model/files/big.onnx" \
  --prepare "true" -n "openssl sha256" "openssl dgst -sha256 model/files/big.onnx" \
  --prepare "rm -rf out cache" -n "image build, cold" "$bench model $base out cache" \
  --prepare "true" -n "image build, no-op" "$bench model $base out cache" \
  --prepare "rm -rf outgz cachegz" -n "image build, gzip, cold" "$bench model $base outgz cachegz gzip" \
  --prepare "rm -rf umoci && cp -r $base umoci" -n "umoci insert (gzip)" "umoci insert --image umoci:model-sdk-base model/files/big.onnx /model/files/big.onnx"

{
  echo
  echo "## Image assembly"
  echo
  echo "bench/image/run.sh, ${size_mib} MiB random model file (incompressible), page cache warm, $(nproc) cores, $(date -u +%Y-%m-%d)."
  echo "'image build' is the library behind BuildModelImage (tar + SHA-256 in one streaming pass, uncompressed layers)."
  echo
  cat "$work/results.md"
} >>"$root/bench/RESULTS.md"
cat "$work/results.md"
