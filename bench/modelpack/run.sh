#!/usr/bin/env bash
# ModelPack and engine-API benchmark on the Iris sample:
#  1. bytes the ModelPack artifact adds to `dotnet publish` (first and second publish) on a loopback docker-registry;
#  2. ModelImageLoad into podman through the Docker Engine API (a `podman system service` of its own) vs the CLI
#     (LocalRegistryClient=Cli), each run after `podman rmi` so the engine stores every layer; best of 3 builds
#     (the build is up to date apart from the load, so the rest is MSBuild's fixed start-up).
# Usage: bench/modelpack/run.sh [package-feed]   (default artifacts/packages; make it with eng/pack.sh).
# Needs dotnet, podman, docker-registry, python3. Prints a Markdown table for bench/RESULTS.md.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
feed="$(cd "${1:-$repo/artifacts/packages}" && pwd)"
work="$(mktemp -d /tmp/modelsdk-bench-modelpack.XXXXXX)"
pids=()
image="localhost/modelpack-bench-$$"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  podman rmi -f "$image:1.2.0" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

cp -r "$repo/samples/Iris" "$repo/samples/global.json" "$repo/samples/Directory.Build.props" "$work/"
[ -f "$work/Iris/iris.onnx" ] || dotnet run --project "$repo/eng/ModelGen" -c Release -- classifier "$work/Iris/iris.onnx" >/dev/null
cat >"$work/NuGet.config" <<XML
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources><clear /><add key="local" value="$feed" /></packageSources>
</configuration>
XML
project="$work/Iris/Iris.modelproj"
build() { dotnet build "$project" -c Release -nologo -nodeReuse:false -v:n "$@"; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$work/registry.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/storage } }
http: { addr: 127.0.0.1:$port }
YAML
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done

sent() { # publish output, digest file -> bytes sent by the push of that digest
  grep -o "Published [^ ]*@$(cat "$2") ([^)]*bytes sent)" "$1" | grep -o '[0-9]* bytes sent' | cut -d' ' -f1
}
publish() { dotnet publish "$project" -c Release -nologo -nodeReuse:false "-p:ContainerRegistry=127.0.0.1:$port" >"$work/$1.log"; }
publish first
publish second
pack_digest="$work/Iris/bin/Release/publish/modelpack.digest"
image_digest="$work/Iris/bin/Release/publish/image.digest"

socket="$work/podman.sock"
podman system service --time=0 "unix://$socket" >"$work/podman.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done

load() { # extra args -> seconds of a build that only loads
  podman rmi -f "$image:1.2.0" >/dev/null 2>&1 || true
  rm -f "$work/Iris/obj/Release/"*/modelimage.loaded "$work/Iris/obj/Release/modelimage.loaded" 2>/dev/null || true
  local start end
  start=$(date +%s.%N)
  DOCKER_HOST="unix://$socket" build -p:LocalRegistry=Podman "-p:ContainerRepository=${image#localhost/}" "$@" >"$work/load.log"
  end=$(date +%s.%N)
  grep -q "loaded into Podman" "$work/load.log"
  python3 -c "print(f'{$end - $start:.2f}')"
}
build "-p:ContainerRepository=${image#localhost/}" >/dev/null
best() { sort -n | head -1; }
api=$(for _ in 1 2 3; do load; done | best)
cli=$(for _ in 1 2 3; do load -p:LocalRegistryClient=Cli; done | best)

echo "| Date | Machine | Image push (bytes) | ModelPack first push (bytes) | ModelPack second push (bytes) | Load via API (s) | Load via CLI (s) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| $(date -u +%F) | $(nproc) cores | $(sent "$work/first.log" "$image_digest") | $(sent "$work/first.log" "$pack_digest") | $(sent "$work/second.log" "$pack_digest") | $api | $cli |"
