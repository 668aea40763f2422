#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (run as root): container tools, a local registry,
# the podman configuration that works without systemd, small real ONNX models from npm, and the gRPC client
# packages (@grpc/grpc-js, @grpc/proto-loader) that tests/Model.Runtime.Tests/Node/kserve-client.mjs runs on.
# catatonit: the pause process of the pods `podman kube play` makes (deploy manifest tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# gcc and libc6-dev: the native link of the runtime's NativeAOT publish (eng/publish-runtime.sh).
# libturbojpeg0: the runtime decodes JPEG with TurboJPEG (libjpeg-turbo with SIMD) when it can load it (Skia otherwise).
# python3-opencv: the typed-input tests compare the runtime's image tensors with cv2.dnn.blobFromImage (/usr/bin/python3).
# imagemagick and fonts-dejavu-core: text pictures for the real text-direction model (TextDirectionModelTests) and
# samples/TextOrientation/make-images.sh.
# The linux-arm64 runtime (eng/publish-runtime.sh linux-arm64) is a NativeAOT cross-compilation: clang-14 and
# llvm-objcopy-14 (llvm-14) with Debian's aarch64 cross toolchain and sysroot. qemu-user-static and binfmt-support run
# arm64 programs on amd64: the runtime's smoke check and the arm64 image test (podman run --arch arm64).
apt_packages=(podman runc catatonit skopeo umoci docker-registry apache2-utils busybox-static libturbojpeg0 python3-onnx python3-opencv imagemagick fonts-dejavu-core curl util-linux gcc libc6-dev
  clang-14 llvm-14 gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static binfmt-support)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# arm64 binaries through qemu: binfmt_misc mounted and the qemu-aarch64 handler enabled (the F flag of Debian's
# handler lets containers use it). A machine where this fails skips the arm64 image test, saying why.
if [ -x /usr/sbin/update-binfmts ]; then
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
  update-binfmts --enable qemu-aarch64 || echo "install-deps: could not enable qemu-aarch64 in binfmt_misc" >&2
fi
# Debian's arm64 .debs of the embedded base image (eng/build-base-image.sh downloads them with apt-get download).
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
  apt-get update -qq
fi

# podman as root here: runc and cgroupfs, no default ulimits (the sandbox refuses raising them).
if [ ! -f /etc/containers/containers.conf ] || ! grep -q 'cgroup_manager = "cgroupfs"' /etc/containers/containers.conf; then
  mkdir -p /etc/containers
  cat > /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
fi

# node and npm: fetch-test-models.sh and the node gRPC client test need them (Debian's packages when absent).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# The gRPC client we did not write, pinned, into artifacts/node-grpc/node_modules (no package scripts run).
grpc_js=1.14.7
proto_loader=0.8.1
node_grpc="$root/artifacts/node-grpc"
installed() { node -p "require('$node_grpc/node_modules/$1/package.json').version" 2>/dev/null; }
if [ "$(installed @grpc/grpc-js)" != "$grpc_js" ] || [ "$(installed @grpc/proto-loader)" != "$proto_loader" ]; then
  mkdir -p "$node_grpc"
  [ -f "$node_grpc/package.json" ] || echo '{"name":"node-grpc","private":true}' >"$node_grpc/package.json"
  npm install --prefix "$node_grpc" --ignore-scripts --no-audit --no-fund --save-exact --silent \
    "@grpc/grpc-js@$grpc_js" "@grpc/proto-loader@$proto_loader"
  echo "install-deps: @grpc/grpc-js@$grpc_js @grpc/proto-loader@$proto_loader in $node_grpc"
fi

# Validators for the deployment manifests (tests/Model.Sdk.IntegrationTests/Deploy/validate-manifests.mjs): the
# Kubernetes OpenAPI types (kubernetes-models), a JSON-schema validator for the KServe CRD schemas (ajv), a YAML
# reader (yaml); pinned, into artifacts/node-deploy/node_modules.
kubernetes_models=5.1.0
ajv=8.20.0
yaml_js=2.9.1
node_deploy="$root/artifacts/node-deploy"
deploy_installed() { node -p "require('$node_deploy/node_modules/$1/package.json').version" 2>/dev/null; }
if [ "$(deploy_installed kubernetes-models)" != "$kubernetes_models" ] || [ "$(deploy_installed ajv)" != "$ajv" ] ||
  [ "$(deploy_installed yaml)" != "$yaml_js" ]; then
  mkdir -p "$node_deploy"
  [ -f "$node_deploy/package.json" ] || echo '{"name":"node-deploy","private":true}' >"$node_deploy/package.json"
  npm install --prefix "$node_deploy" --ignore-scripts --no-audit --no-fund --save-exact --silent \
    "kubernetes-models@$kubernetes_models" "ajv@$ajv" "yaml@$yaml_js"
  echo "install-deps: kubernetes-models@$kubernetes_models ajv@$ajv yaml@$yaml_js in $node_deploy"
fi

dotnet tool restore >/dev/null
for script in eng/fetch-test-models.sh; do
  if [ -x "$script" ]; then "$script"; fi
done
