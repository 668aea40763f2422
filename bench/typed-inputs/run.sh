#!/usr/bin/env bash
# Typed-input cost against a MobileNetV1-shaped 224x224 classifier (generated, random weights), with cv2.imdecode of
# the same JPEGs as a peer: bench/typed-inputs/run.sh [runs]. Needs Debian's python3-onnx and python3-opencv
# (eng/install-deps.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/mobilenet_like.py" "$work/mobilenet_like.onnx"
dotnet run -c Release --project "$here/TypedInputBench.csproj" -- "$work/mobilenet_like.onnx" "${1:-30}" "$work"
/usr/bin/python3 "$here/cv2_decode.py" "$work" "${1:-30}"
