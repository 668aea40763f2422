#!/usr/bin/env bash
# The main job end to end on the sample model: pack the SDK and templates, build samples/Iris, show the outputs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

eng/pack.sh
dotnet run --project eng/ModelGen -c Release -- classifier samples/Iris/iris.onnx
# The samples' package cache is private to them: drop the old Model.Sdk so the fresh pack is used.
rm -rf artifacts/samples-packages/model.sdk
dotnet build samples/Iris/Iris.modelproj -c Release -nologo

out=samples/Iris/bin/Release
echo
echo "Outputs of samples/Iris:"
echo "  contract files: $out/model/"
ls -1 "$out/model" | sed 's/^/    /'
if [ -f "$out/image.digest" ]; then
  echo "  OCI image layout: $out/image/ (digest $(cat "$out/image.digest"))"
fi
