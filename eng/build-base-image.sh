#!/usr/bin/env bash
# Builds the SDK's default base image into artifacts/base-image/ (an OCI layout the SDK package embeds).
# Layer 1: the Debian packages libc6, libgcc-s1, libstdc++6 (like distroless "cc"), /etc/passwd and /etc/group with
# the non-root user app (1000:1000), and /tmp. Layer 2, when artifacts/runtime/linux-x64/ exists: the serving runtime
# at /app/ with entrypoint /app/Model.Runtime. Without the runtime, busybox (Debian busybox-static) is added to layer 1
# and the entrypoint lists /model: a placeholder that shows what the image holds.
# Deterministic: the same .deb files (and runtime files) give the same digest. Debs are cached in
# artifacts/base-image-debs/; delete that folder to pick up newer Debian packages.
# Overrides: MODEL_SDK_BASE_IMAGE_OUT (output folder), MODEL_SDK_RUNTIME_DIR (runtime folder).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="${MODEL_SDK_BASE_IMAGE_OUT:-$root/artifacts/base-image}"
debs="$root/artifacts/base-image-debs"
runtime="${MODEL_SDK_RUNTIME_DIR:-$root/artifacts/runtime/linux-x64}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

packages=(libc6 libgcc-s1 libstdc++6)
[ -x "$runtime/Model.Runtime" ] || packages+=(busybox-static)
mkdir -p "$debs"
for package in "${packages[@]}"; do
  if ! ls "$debs/${package}"_*.deb >/dev/null 2>&1; then
    (cd "$debs" && apt-get download "$package:amd64" >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get download "$package:amd64"))
  fi
done

rootfs="$work/rootfs"
mkdir -p "$rootfs"
for package in "${packages[@]}"; do
  dpkg-deb -x "$(ls "$debs/${package}"_*.deb | head -n1)" "$rootfs"
done
# Documentation and package metadata are not needed at run time.
rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/lintian" "$rootfs/usr/share/info" "$rootfs/usr/share/gdb" "$rootfs/usr/share/bug"
mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/app"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000:app:/home/app:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
if [ -x "$rootfs/bin/busybox" ] && [ ! -x "$runtime/Model.Runtime" ]; then ln -s busybox "$rootfs/bin/sh"; fi

args=("$rootfs" "$out")
if [ -x "$runtime/Model.Runtime" ]; then args+=("$runtime"); fi
dotnet run --project "$root/eng/BaseImageGen/BaseImageGen.csproj" -c Release -v:q -- "${args[@]}" >"$work/digest"
echo "base image $(cat "$work/digest") -> $out ($(du -sh "$out" | cut -f1))"
