#!/usr/bin/env bash
# Disk and time of the first `dotnet build` of a model project with one large model (issue #9 item 6).
# Usage: bench/disk/run.sh [FEED] [SIZE]   FEED: folder with Model.Sdk.*.nupkg (default: eng/pack.sh output), SIZE: 1G.
# Prints the build time, du of bin/ and of the whole project (du counts a hard-linked file once) and the model size.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
feed=$(cd "${1:-$root/artifacts/packages}" && pwd)
size=${2:-1G}
work=$root/artifacts/bench/disk/$(basename "$feed")
cd "$root"
dotnet build eng/ModelGen -c Release -nologo -v:q >/dev/null
model=$root/artifacts/bench/disk/model-$size.onnx
[ -f "$model" ] || dotnet run --project eng/ModelGen -c Release --no-build -- large "$model" "$size" --real-bytes >/dev/null
rm -rf "$work" && mkdir -p "$work/Model"
cat > "$work/NuGet.config" <<CONF
<configuration><config><add key="globalPackagesFolder" value="$work/packages" /></config>
<packageSources><clear /><add key="feed" value="$feed" /></packageSources></configuration>
CONF
cp "$model" "$work/Model/model.onnx"
printf '<Project Sdk="Model.Sdk/%s" />\n' "$(sed -n 's:.*<ModelSdkVersion>\(.*\)</ModelSdkVersion>.*:\1:p' eng/Version.props)" > "$work/Model/Model.modelproj"
(cd "$work/Model" && dotnet restore -nologo -v:q >/dev/null)
sync
start=$(date +%s.%N)
(cd "$work/Model" && dotnet build --no-restore -nologo -v:q -nodeReuse:false >/dev/null)
end=$(date +%s.%N)
echo "feed=$(basename "$feed") model=$(stat -c %s "$work/Model/model.onnx") bytes"
echo "first build: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f s", b - a }')"
echo "du bin/: $(du -sm "$work/Model/bin" | cut -f1) MiB; du project (bin+obj+sources, links once): $(du -sm "$work/Model" | cut -f1) MiB"
