#!/usr/bin/env bash
# Packs Model.Sdk and Model.Templates (version from eng/Version.props) into artifacts/packages, or into $1.
# Before packing it builds what the SDK package embeds when the scripts for it exist: the serving runtime and the
# default base image.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/artifacts/packages}" && cd "${1:-$root/artifacts/packages}" && pwd)
config=${CONFIGURATION:-Release}
cd "$root"

if [ -x eng/publish-runtime.sh ] && [ "${MODEL_SDK_SKIP_RUNTIME:-}" != "1" ]; then eng/publish-runtime.sh; fi
if [ -x eng/build-base-image.sh ] && [ "${MODEL_SDK_SKIP_BASE_IMAGE:-}" != "1" ]; then eng/build-base-image.sh; fi

dotnet pack sdk/Model.Sdk.csproj -c "$config" -o "$out" -nologo -v:q
dotnet pack templates/Model.Templates.csproj -c "$config" -o "$out" -nologo -v:q
ls -1 "$out"/Model.Sdk.*.nupkg "$out"/Model.Templates.*.nupkg
