#!/usr/bin/env bash
# Batch prediction throughput (issue 11): "Model.Runtime predict" over JSONL records (cheap to decode) against ONNX
# Runtime in-process with the same batch size, on a generated MLP (64 -> 1024 -> 1024 -> 10). The predict time is the
# whole process (start-up, model load, JSON in and out); the floor is session.Run over pre-made tensors. Wall and CPU
# (user + sys, from /usr/bin/time for the command) are both reported.
# Usage: bench/predict/run.sh [rows=20000] [batch sizes="1 32"]
# Runs the Release build of runtime/Model.Runtime unless MODEL_RUNTIME_EXE names a published executable
# (artifacts/runtime/linux-x64/Model.Runtime).
set -euo pipefail
rows="${1:-20000}"
batches="${2:-1 32}"
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${MODEL_RUNTIME_EXE:-}" ]; then
  runtime=("$MODEL_RUNTIME_EXE")
else
  dotnet build "$root/runtime/Model.Runtime/Model.Runtime.csproj" -c Release --nologo -v:q >/dev/null
  runtime=(dotnet "$root/runtime/Model.Runtime/bin/Release/net10.0/Model.Runtime.dll")
fi
dotnet build "$root/bench/predict/PredictBench/PredictBench.csproj" -c Release --nologo -v:q >/dev/null
echo "| rows | batch | in-process ORT (s) | rows/s | predict command (s) | rows/s | ratio | ORT CPU (s) | predict CPU (s) | CPU ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for b in $batches; do
  dotnet "$root/bench/predict/PredictBench/bin/Release/net10.0/PredictBench.dll" "$work/$b" "$rows" "$b" "${runtime[@]}"
done
