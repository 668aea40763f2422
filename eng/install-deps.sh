#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (run as root): container tools, a local registry,
# the podman configuration that works without systemd, small real ONNX models from npm, and the gRPC client
# packages (@grpc/grpc-js, @grpc/proto-loader) that tests/Model.Runtime.Tests/Node/kserve-client.mjs runs on.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# python3-opencv: the typed-input tests compare the runtime's image tensors with cv2.dnn.blobFromImage (/usr/bin/python3).
apt_packages=(podman runc skopeo umoci docker-registry apache2-utils busybox-static python3-onnx python3-opencv curl util-linux)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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

dotnet tool restore >/dev/null
for script in eng/fetch-test-models.sh; do
  if [ -x "$script" ]; then "$script"; fi
done
