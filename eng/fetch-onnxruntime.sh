#!/usr/bin/env bash
# Extracts libonnxruntime.so.1 (linux x64 and arm64) from the npm package onnxruntime-node into
# artifacts/onnxruntime/linux-<arch>/. Installs nothing and runs no package scripts. Idempotent.
set -euo pipefail

version="${ORT_VERSION:-1.30.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/artifacts/onnxruntime"
stamp="$out/.version"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$version" && -f "$out/linux-x64/libonnxruntime.so.1" ]]; then
  echo "onnxruntime $version already in $out"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent --ignore-scripts "onnxruntime-node@$version" >/dev/null)
tarball="$(ls "$work"/onnxruntime-node-*.tgz)"

for arch in x64 arm64; do
  member="package/bin/napi-v6/linux/$arch/libonnxruntime.so.1"
  tar -xzf "$tarball" -C "$work" "$member"
  mkdir -p "$out/linux-$arch"
  # Move through a temporary name so an interrupted run never leaves half a library.
  cp "$work/$member" "$out/linux-$arch/.libonnxruntime.so.1.tmp"
  chmod 0644 "$out/linux-$arch/.libonnxruntime.so.1.tmp"
  mv -f "$out/linux-$arch/.libonnxruntime.so.1.tmp" "$out/linux-$arch/libonnxruntime.so.1"
done
printf '%s' "$version" > "$stamp"
echo "onnxruntime $version extracted to $out"
