#!/usr/bin/env bash
# Builds the SDK's default base image into artifacts/base-image/ (an OCI layout the SDK package embeds).
# Layer 1: the Debian packages libc6, libgcc-s1, libstdc++6 (like distroless "cc"), /etc/passwd and /etc/group with
# the non-root user app (1000:1000), and /tmp. Layer 2, when artifacts/runtime/linux-x64/ exists: the serving runtime
# at /app/ with command (Cmd, no Entrypoint) /app/Model.Runtime. Without the runtime the command lists /model: a placeholder that
# shows what the image holds.
# KServe modelcar: the sidecar runs `sh -c 'ln -sf /proc/$$/root/models /mnt/models && sleep infinity'` in the image
# and reads the model under /models. So layer 1 also holds Debian's busybox-static (/bin/busybox, one static binary,
# no libraries) with only the applets that contract needs as links (sh, sleep, ln, ls, test; the runtime never
# runs a shell), and /models, a link to `model` (relative: a reader in another container resolves
# /proc/<pid>/root/models inside the modelcar's root; an absolute target would resolve in the reader's own root).
# It dangles in the base image and resolves once the model layer adds /model. The runtime is Cmd, not Entrypoint,
# because the sidecar sets only args, which replace Cmd (an Entrypoint would get them as arguments).
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

packages=(libc6 libgcc-s1 libstdc++6 busybox-static)
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
for applet in sh sleep ln ls test; do ln -s busybox "$rootfs/bin/$applet"; done
ln -s model "$rootfs/models"

args=("$rootfs" "$out")
if [ -x "$runtime/Model.Runtime" ]; then args+=("$runtime"); fi
dotnet run --project "$root/eng/BaseImageGen/BaseImageGen.csproj" -c Release -v:q -- "${args[@]}" >"$work/digest"

# The SBOM's view of the base (model-sdk-components.json beside the layout, embedded with it in the SDK package):
# every .deb used above (name, version, architecture, licence from its copyright file) and, with the runtime, the
# .NET runtime packs and NuGet packages from the runtime publish's deps.json. Builds read it; nothing here changes
# the base image's digest.
used_debs=()
for package in "${packages[@]}"; do used_debs+=("$(ls "$debs/${package}"_*.deb | head -n1)"); done
platform="linux/$(dpkg-deb -f "${used_debs[0]}" Architecture | sed 's/^all$/amd64/')"
distro="debian-$(. /etc/os-release && echo "${VERSION_ID:-unknown}")"
rid=$(basename "$runtime")
deps="${MODEL_SDK_RUNTIME_DEPS:-$root/artifacts/build/runtime-publish-$rid/bin/Model.Runtime/release_$rid/Model.Runtime.deps.json}"
components_args=("$out/model-sdk-components.json" "$platform" "$distro")
if [ -x "$runtime/Model.Runtime" ] && [ -f "$deps" ]; then components_args+=(--deps "$deps"); fi
dotnet run --project "$root/eng/BaseComponentsGen/BaseComponentsGen.csproj" -c Release -v:q -- "${components_args[@]}" "${used_debs[@]}"
echo "base image $(cat "$work/digest") -> $out ($(du -sh "$out" | cut -f1))"
