#!/usr/bin/env bash
# Packs Model.Sdk and Model.Templates (version from eng/Version.props) into artifacts/packages, or into $1.
# Before packing it builds what the SDK package embeds when the scripts for it exist: the serving runtime (linux-x64
# and linux-arm64; MODEL_SDK_BASE_IMAGE_RIDS="linux-x64" packs an amd64-only base) and the default base image.
# Packing fails when the base image is missing (MODEL_SDK_SKIP_BASE_IMAGE=1 only skips rebuilding it);
# MODEL_SDK_PACK_WITHOUT_BASE_IMAGE=1 packs without it, for development: images then fail with MODEL0119.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/artifacts/packages}" && cd "${1:-$root/artifacts/packages}" && pwd)
config=${CONFIGURATION:-Release}
cd "$root"

# The runtime for each platform of the embedded base (linux-arm64: a NativeAOT cross-compilation, one after the other:
# both publishes are CPU-bound, bench/RESULTS.md "Multi-arch" has the times).
if [ -x eng/publish-runtime.sh ] && [ "${MODEL_SDK_SKIP_RUNTIME:-}" != "1" ]; then
  for rid in ${MODEL_SDK_BASE_IMAGE_RIDS:-linux-x64 linux-arm64}; do eng/publish-runtime.sh "$rid"; done
fi
if [ -x eng/build-base-image.sh ] && [ "${MODEL_SDK_SKIP_BASE_IMAGE:-}" != "1" ]; then eng/build-base-image.sh; fi

without_base=()
if [ "${MODEL_SDK_PACK_WITHOUT_BASE_IMAGE:-}" = "1" ]; then without_base=(-p:ModelSdkPackWithoutBaseImage=true); fi
dotnet pack sdk/Model.Sdk.csproj -c "$config" -o "$out" -nologo -v:q "${without_base[@]}"
dotnet pack templates/Model.Templates.csproj -c "$config" -o "$out" -nologo -v:q
ls -1 "$out"/Model.Sdk.*.nupkg "$out"/Model.Templates.*.nupkg
