#!/usr/bin/env bash
# The main job end to end on the sample model: pack the SDK and templates, build samples/Iris, show the outputs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The pack needs apt-installed tools on a fresh machine (the NativeAOT link for linux-x64 and the linux-arm64 cross
# toolchain, qemu for the arm64 runtime's smoke check); install-deps.sh installs them (and the test tools) once.
eng/install-deps.sh
eng/pack.sh
dotnet run --project eng/ModelGen -c Release -- classifier samples/Iris/iris.onnx
# The samples' package cache is private to them: drop the old Model.Sdk so the fresh pack is used.
rm -rf artifacts/samples-packages/model.sdk
dotnet build samples/Iris/Iris.modelproj -c Release -nologo -p:ContainerArchiveOutputPath=bin/Release/iris.tar

out=samples/Iris/bin/Release
echo
echo "Outputs of samples/Iris:"
echo "  contract files: $out/model/"
ls -1 "$out/model" | sed 's/^/    /'
echo "  OCI image layout: $out/image/ (digest $(cat "$out/image.digest"))"
echo "  OCI archive: $out/iris.tar"
echo
echo "Serve it (Open Inference Protocol on 127.0.0.1:8080):"
echo "  podman load -i $out/iris.tar && podman run --rm -p 127.0.0.1:8080:8080 iris:1.2.0"
echo "  curl -s localhost:8080/v2/models/Iris/infer -d '{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}'"
