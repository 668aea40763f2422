#!/usr/bin/env bash
# Multi-arch benchmark: the template model project (dotnet new aimodel) built single-arch (linux-x64) and two-arch
# (ContainerRuntimeIdentifiers="linux-x64;linux-arm64") on the embedded base: cold build (fresh project, restored
# packages warm), no-op build, the image layout's size on disk and what a push sends; then the two-arch image's
# first push and unchanged re-push (dotnet publish) to a loopback docker-registry. Prints a Markdown table.
#
# Usage: bench/multiarch/run.sh [packages-folder]   (default artifacts/test-packages; eng/pack.sh fills it)
# Needs dotnet, docker-registry, curl, python3. Runs in a temporary folder with its own NuGet cache and template hive.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
packages="$(cd "${1:-$repo/artifacts/test-packages}" && pwd)"
work="$(mktemp -d /tmp/modelsdk-bench-multiarch.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

export NUGET_PACKAGES="$work/nuget" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
mkdir -p "$work/feed" && cp "$packages"/Model.*.nupkg "$work/feed/"
cat >"$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources><clear /><add key="feed" value="$work/feed" /></packageSources>
</configuration>
XML
dotnet new install "$work/feed/"Model.Templates.*.nupkg --debug:custom-hive "$work/hive" >/dev/null

seconds() { python3 -c "import time; print(f'{time.monotonic():.3f}')"; }
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }
build() { dotnet build "$1" -c Release -nologo -nodeReuse:false --disable-build-servers -v:q "${@:2}" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }; }
new_project() { # name -> project file
  dotnet new aimodel -n "$1" -o "$work/$1" --debug:custom-hive "$work/hive" >/dev/null
  echo "$work/$1/$1.modelproj"
}
# Bytes of the layout's blobs (each blob once), and of the blobs one platform's image references.
layout_bytes() { du -sb --apparent-size "$1/blobs" | cut -f1; }

# Warm the package cache once so cold builds measure the build, not the first restore's download.
build "$(new_project Warmup)"

declare -A cold noop size
for variant in single two; do
  project="$(new_project "Bench$variant")"
  extra=()
  [ "$variant" = two ] && extra=('-p:ContainerRuntimeIdentifiers="linux-x64;linux-arm64"')
  start=$(seconds); build "$project" "${extra[@]}"; end=$(seconds)
  cold[$variant]=$(elapsed "$start" "$end")
  start=$(seconds); build "$project" "${extra[@]}"; end=$(seconds)
  noop[$variant]=$(elapsed "$start" "$end")
  size[$variant]=$(layout_bytes "$(dirname "$project")/bin/Release/image")
done

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$work/registry.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$port }
YAML
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
publish() { dotnet publish "$work/Benchtwo/Benchtwo.modelproj" -c Release -nologo -nodeReuse:false -v:q \
  '-p:ContainerRuntimeIdentifiers="linux-x64;linux-arm64"' "-p:ContainerRegistry=127.0.0.1:$port" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }; }
start=$(seconds); publish; end=$(seconds); first_push=$(elapsed "$start" "$end")
start=$(seconds); publish; end=$(seconds); re_push=$(elapsed "$start" "$end")
stored=$(du -sb --apparent-size "$work/registry" | cut -f1)

echo "| Image | Cold build (s) | No-op build (s) | Layout blobs (bytes) |"
echo "| --- | --- | --- | --- |"
echo "| linux-x64 | ${cold[single]} | ${noop[single]} | ${size[single]} |"
echo "| linux-x64 + linux-arm64 | ${cold[two]} | ${noop[two]} | ${size[two]} |"
echo
echo "Two-arch dotnet publish to a loopback docker-registry: first push ${first_push} s (registry storage ${stored} bytes), unchanged re-push ${re_push} s (both include the no-op build and MSBuild start-up)."
