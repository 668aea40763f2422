#!/usr/bin/env bash
# Batch prediction throughput (issue 11): "Model.Runtime predict" over JSONL records against ONNX Runtime in-process
# with the same batch size, on generated MLPs 64 -> hidden -> hidden -> 10 (hidden 1024: ~13 us a row, where reading
# 64 numbers of JSON is not cheap next to the model; 2048: ~4x the work a row). The predict time is the whole process
# (start-up, model load, JSON in and out); "steady" leaves start-up out (see PredictBench/Program.cs); the floor is
# session.Run over pre-made tensors. Wall and CPU (user + sys, from /usr/bin/time for the command) are both reported.
# Usage: bench/predict/run.sh [rows=20000] [batch sizes="1 32"] [hidden widths="1024 2048"]
# Runs the NativeAOT runtime that `dotnet run` uses (artifacts/runtime/linux-x64/Model.Runtime, made by
# eng/publish-runtime.sh) when it is there or MODEL_RUNTIME_EXE names one, else the Release build (JIT).
set -euo pipefail
rows="${1:-20000}"
batches="${2:-1 32}"
widths="${3:-1024 2048}"
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -z "${MODEL_RUNTIME_EXE:-}" ] && [ -x "$root/artifacts/runtime/linux-x64/Model.Runtime" ] &&
  MODEL_RUNTIME_EXE="$root/artifacts/runtime/linux-x64/Model.Runtime"
if [ -n "${MODEL_RUNTIME_EXE:-}" ]; then
  runtime=("$MODEL_RUNTIME_EXE")
else
  dotnet build "$root/runtime/Model.Runtime/Model.Runtime.csproj" -c Release --nologo -v:q >/dev/null
  runtime=(dotnet "$root/runtime/Model.Runtime/bin/Release/net10.0/Model.Runtime.dll")
fi
dotnet build "$root/bench/predict/PredictBench/PredictBench.csproj" -c Release --nologo -v:q >/dev/null
echo "runtime: ${runtime[*]}"
echo "| hidden | rows | batch | ORT load (s) | ORT runs (s) | rows/s | predict (s) | predict, 1% of rows (s) | rows/s | ratio, whole | ratio, steady | ORT CPU (s) | predict CPU (s) | CPU ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for h in $widths; do
  for b in $batches; do
    dotnet "$root/bench/predict/PredictBench/bin/Release/net10.0/PredictBench.dll" "$work/$h-$b" "$rows" "$b" "$h" "${runtime[@]}"
  done
done
