#!/usr/bin/env bash
# Builds the SDK's default base image into artifacts/base-image/ (an OCI layout the SDK package embeds): an image
# index with one image per platform, linux-x64 (amd64) and linux-arm64 (MODEL_SDK_BASE_IMAGE_RIDS overrides the list;
# one RID writes a single image). Each platform's image is built from that architecture's .debs and runtime.
# Layer 1: the Debian packages libc6, libgcc-s1, libstdc++6 (like distroless "cc"), libturbojpeg0 (libjpeg-turbo's
# TurboJPEG with SIMD: the runtime decodes JPEG inputs with it, ~2x faster than SkiaSharp's bundled copy), /etc/passwd and /etc/group with
# the non-root user app (1000:1000), and /tmp. Layer 2, when artifacts/runtime/linux-x64/ exists: the serving runtime
# (artifacts/runtime/<rid>/) at /app/ with command (Cmd, no Entrypoint) /app/Model.Runtime. Without the runtime the command lists /model: a placeholder that
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
# Overrides: MODEL_SDK_BASE_IMAGE_OUT (output folder), MODEL_SDK_RUNTIME_DIR (linux-x64 runtime folder),
# MODEL_SDK_BASE_IMAGE_RIDS (platforms, default "linux-x64 linux-arm64").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="${MODEL_SDK_BASE_IMAGE_OUT:-$root/artifacts/base-image}"
debs="$root/artifacts/base-image-debs"
rids=(${MODEL_SDK_BASE_IMAGE_RIDS:-linux-x64 linux-arm64})
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

packages=(libc6 libgcc-s1 libstdc++6 libturbojpeg0 busybox-static)
mkdir -p "$debs"
args=()
for rid in "${rids[@]}"; do
  case "$rid" in
    linux-x64) arch=amd64 ;;
    linux-arm64) arch=arm64 ;;
    *) echo "error: no base image for $rid (linux-x64, linux-arm64)" >&2; exit 1 ;;
  esac
  # arm64 .debs on an amd64 machine: dpkg must know the architecture before apt-get can download its packages.
  if [ "$arch" != "$(dpkg --print-architecture)" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    dpkg --add-architecture "$arch"
    apt-get update >/dev/null
  fi
  for package in "${packages[@]}"; do
    if ! ls "$debs/${package}"_*_"$arch".deb >/dev/null 2>&1; then
      (cd "$debs" && apt-get download "$package:$arch" >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get download "$package:$arch"))
    fi
  done

  rootfs="$work/rootfs-$arch"
  mkdir -p "$rootfs"
  for package in "${packages[@]}"; do
    dpkg-deb -x "$(ls "$debs/${package}"_*_"$arch".deb | head -n1)" "$rootfs"
  done
  # Documentation and package metadata are not needed at run time.
  rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/lintian" "$rootfs/usr/share/info" "$rootfs/usr/share/gdb" "$rootfs/usr/share/bug"
  mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/app"
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000:app:/home/app:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  for applet in sh sleep ln ls test; do ln -s busybox "$rootfs/bin/$applet"; done
  ln -s model "$rootfs/models"

  runtime="$root/artifacts/runtime/$rid"
  if [ "$rid" = linux-x64 ] && [ -n "${MODEL_SDK_RUNTIME_DIR:-}" ]; then runtime="$MODEL_SDK_RUNTIME_DIR"; fi
  if [ -x "$runtime/Model.Runtime" ]; then args+=("$rid=$rootfs,$runtime"); else args+=("$rid=$rootfs"); fi
done

dotnet run --project "$root/eng/BaseImageGen/BaseImageGen.csproj" -c Release -v:q -- "$out" "${args[@]}" >"$work/digest"

# The SBOM's view of the base, one file per platform beside the layout (model-sdk-components.<rid>.json, embedded with
# it in the SDK package): every .deb used above (name, version, architecture, licence from its copyright file) and,
# with the runtime, the .NET runtime packs and NuGet packages from the runtime publish's deps.json. Builds read them;
# nothing here changes the base image's digest.
distro="debian-$(. /etc/os-release && echo "${VERSION_ID:-unknown}")"
rm -f "$out"/model-sdk-components*.json
for rid in "${rids[@]}"; do
  case "$rid" in linux-x64) arch=amd64 ;; linux-arm64) arch=arm64 ;; esac
  used_debs=()
  for package in "${packages[@]}"; do used_debs+=("$(ls "$debs/${package}"_*_"$arch".deb | head -n1)"); done
  runtime="$root/artifacts/runtime/$rid"
  if [ "$rid" = linux-x64 ] && [ -n "${MODEL_SDK_RUNTIME_DIR:-}" ]; then runtime="$MODEL_SDK_RUNTIME_DIR"; fi
  deps="$root/artifacts/build/runtime-publish-$rid/bin/Model.Runtime/release_$rid/Model.Runtime.deps.json"
  if [ "$rid" = linux-x64 ] && [ -n "${MODEL_SDK_RUNTIME_DEPS:-}" ]; then deps="$MODEL_SDK_RUNTIME_DEPS"; fi
  components_args=("$out/model-sdk-components.$rid.json" "linux/$arch" "$distro")
  if [ -x "$runtime/Model.Runtime" ] && [ -f "$deps" ]; then components_args+=(--deps "$deps"); fi
  dotnet run --project "$root/eng/BaseComponentsGen/BaseComponentsGen.csproj" -c Release -v:q -- "${components_args[@]}" "${used_debs[@]}"
done
echo "base image $(cat "$work/digest") (${rids[*]}) -> $out ($(du -sh "$out" | cut -f1))"
