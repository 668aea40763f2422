#!/usr/bin/env bash
# Publishing benchmark: pushes an OCI layout holding a ~1 GiB model to a loopback docker-registry with
# PushModelImage (through MSBuild, as dotnet publish runs it) and, in the same run, with
# `skopeo copy --preserve-digests` to a second, equally fresh registry; then an unchanged re-push and a
# contract-only re-push (bytes sent). Appends the numbers to bench/RESULTS.md under "Publishing".
#
# Usage: bench/publish/run.sh [model-size-MiB]   (default 1024). Needs docker-registry, skopeo, dotnet.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
size_mib="${1:-1024}"
work="$(mktemp -d /tmp/modelsdk-bench-publish.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$repo/tasks/Model.Sdk.Tasks" -c Release -nologo -v:q >/dev/null
tasks_dll="$repo/tasks/Model.Sdk.Tasks/bin/Release/net8.0/Model.Sdk.Tasks.dll"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_registry() { # name -> sets $registry (not in a subshell, so the pid is remembered for cleanup)
  local name="$1" port
  port="$(free_port)"
  mkdir -p "$work/$name"
  cat >"$work/$name/config.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/$name/storage } }
http: { addr: 127.0.0.1:$port }
YAML
  /usr/bin/docker-registry serve "$work/$name/config.yml" >"$work/$name/log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  registry="127.0.0.1:$port"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }
blob() { # file -> moves it into the layout, prints "digest size"
  local d s
  d="$(sha "$1")"; s="$(stat -c %s "$1")"
  mv "$1" "$layout/blobs/sha256/$d"
  echo "$d $s"
}

write_layout() { # contract-text
  rm -rf "$layout"; mkdir -p "$layout/blobs/sha256"
  cp "$model_tar" "$work/model.tar"
  printf '%s' "$1" >"$work/contract.json"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$work/contract.tar" contract.json
  read -r md ms < <(blob "$work/model.tar")
  read -r cd cs < <(blob "$work/contract.tar")
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]}}' "$md" "$cd" >"$work/config.json"
  read -r gd gs < <(blob "$work/config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s},{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$gd" "$gs" "$md" "$ms" "$cd" "$cs" >"$work/manifest.json"
  read -r xd xs < <(blob "$work/manifest.json")
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1.0.0"}}]}' "$xd" "$xs" >"$layout/index.json"
}

layout="$work/image"
echo "Generating a ${size_mib} MiB model layer..."
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/model.onnx"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$work/model-layer.tar" model.onnx
rm "$work/model.onnx"
model_tar="$work/model-layer.tar"
write_layout '{"inputs":[]}'

cat >"$work/Bench.proj" <<XML
<Project>
  <PropertyGroup>
    <ModelSdkTasksAssembly>$tasks_dll</ModelSdkTasksAssembly>
    <ModelName>bench</ModelName>
    <Version>1.0.0</Version>
    <ModelImageDirectory>$layout/</ModelImageDirectory>
    <PublishDir>$work/pub/</PublishDir>
  </PropertyGroup>
  <Target Name="Publish" />
  <Import Project="$repo/sdk/targets/Model.Sdk.Publish.targets" />
</Project>
XML

now() { date +%s.%N; }
publish() { # registry tag extra... -> prints "seconds bytes"
  local reg="$1" tag="$2"; shift 2
  local t0 t1 out
  t0="$(now)"
  out="$(dotnet msbuild "$work/Bench.proj" -t:Publish -nologo -v:n -nodeReuse:false \
    -p:ContainerRegistry="$reg" -p:ContainerImageTags="$tag" "$@")"
  t1="$(now)"
  echo "$out" | grep -q "Published " || { echo "$out" >&2; exit 1; }
  echo "$(printf '%.2f' "$(echo "$t1 - $t0" | bc)") $(echo "$out" | sed -n 's/.*; \([0-9]*\) bytes sent).*/\1/p')"
}

start_registry ours
ours_reg="$registry"
start_registry skopeo
skopeo_reg="$registry"

echo "First push (PushModelImage)..."
read -r first_s first_b < <(publish "$ours_reg" 1.0.0)
echo "First push (skopeo copy --preserve-digests)..."
t0="$(now)"
skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$layout:1.0.0" "docker://$skopeo_reg/bench:1.0.0"
skopeo_s="$(printf '%.2f' "$(echo "$(now) - $t0" | bc)")"

echo "Unchanged re-push..."
read -r again_s again_b < <(publish "$ours_reg" 1.0.0)

echo "Contract-only re-push..."
write_layout '{"inputs":[{"name":"x"}]}'
read -r delta_s delta_b < <(publish "$ours_reg" 1.0.1)

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
results="${RESULTS_FILE:-$repo/bench/RESULTS.md}"
[ -f "$results" ] || printf '# Benchmark results\n' >"$results"
grep -q '^## Publishing' "$results" || printf '\n## Publishing\n\nbench/publish/run.sh: loopback docker-registry 2.8 (filesystem storage), image = %s MiB model layer + contract layer, uncompressed tar layers. PushModelImage times include MSBuild start-up (about 0.5 s).\n\n| Date | Machine | First push (PushModelImage) | First push (skopeo copy) | Unchanged re-push | Contract-only re-push |\n| --- | --- | --- | --- | --- | --- |\n' "$size_mib" >>"$results"
row="| $(date -u +%Y-%m-%d) | $(nproc) cores, ${cpu} | ${first_s}s, ${first_b} bytes | ${skopeo_s}s | ${again_s}s, ${again_b} bytes | ${delta_s}s, ${delta_b} bytes |"
# Keep rows inside the Publishing section: insert after its last table row.
python3 - "$results" "$row" <<'PY'
import sys
path, row = sys.argv[1], sys.argv[2]
lines = open(path).read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("## Publishing"))
end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
last = max(i for i in range(start, end) if lines[i].startswith("|"))
lines.insert(last + 1, row)
open(path, "w").write("\n".join(lines))
PY
echo "$row"
