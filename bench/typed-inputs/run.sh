#!/usr/bin/env bash
# Typed-input cost against a MobileNetV1-shaped 224x224 classifier (generated, random weights):
# bench/typed-inputs/run.sh [runs]. Needs Debian's python3-onnx (eng/install-deps.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
model="$(mktemp -d)/mobilenet_like.onnx"
trap 'rm -rf "$(dirname "$model")"' EXIT
/usr/bin/python3 "$here/mobilenet_like.py" "$model"
dotnet run -c Release --project "$here/TypedInputBench.csproj" -- "$model" "${1:-30}"
