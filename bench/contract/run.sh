#!/usr/bin/env bash
# Contract extraction beside ONNX Runtime opening the same model, for ~10 MB and ~1 GiB of weights (real bytes on
# disk, page cache warm), and a no-op `dotnet build` of a model project beside an empty SDK-style project.
# Usage: bench/contract/run.sh   (writes a markdown table to stdout; paste it into bench/RESULTS.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
command -v hyperfine >/dev/null && [ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null; }
# ONNX Runtime comes from the Microsoft.ML.OnnxRuntime package that ContractBench references (native library in its output).

work=$root/artifacts/bench/contract
mkdir -p "$work"
dotnet build eng/ModelGen -c Release -nologo -v:q >/dev/null
dotnet build bench/contract/ContractBench -c Release -nologo -v:q -o "$work/bin" >/dev/null
for size in 10M 1G; do
  [ -f "$work/model-$size.onnx" ] || dotnet run --project eng/ModelGen -c Release --no-build -- large "$work/model-$size.onnx" "$size" --real-bytes >/dev/null
done

echo "| model | Model.Sdk contract extraction (median ms) | peak RSS (MB) | ONNX Runtime session open (median ms) | peak RSS (MB) | ratio ORT / ours |"
echo "| --- | --- | --- | --- | --- | --- |"
for size in 10M 1G; do
  model="$work/model-$size.onnx"
  cat "$model" >/dev/null # warm the page cache for both tools alike
  read -r ours_ms ours_kb < <(/usr/bin/time -f "%M" -o "$work/rss" dotnet "$work/bin/ContractBench.dll" read "$model" 20 | tr '\n' ' '; cat "$work/rss")
  read -r ort_ms ort_kb < <(/usr/bin/time -f "%M" -o "$work/rss" dotnet "$work/bin/ContractBench.dll" ort-open "$model" 5 | tr '\n' ' '; cat "$work/rss")
  ratio=$(awk -v a="$ort_ms" -v b="$ours_ms" 'BEGIN { printf "%.0fx", a / (b > 0 ? b : 0.001) }')
  echo "| $size ($(stat -c %s "$model") bytes) | $ours_ms | $((ours_kb / 1024)) | $ort_ms | $((ort_kb / 1024)) | $ratio |"
done

# No-op builds: a model project (after one full build) beside an empty SDK-style class library.
eng/pack.sh "$work/feed" >/dev/null
rm -rf "$work/noop" && mkdir -p "$work/noop/Model" "$work/noop/Empty"
cat > "$work/noop/NuGet.config" <<CONF
<configuration><config><add key="globalPackagesFolder" value="$work/noop/packages" /></config>
<packageSources><clear /><add key="feed" value="$work/feed" /></packageSources></configuration>
CONF
cp samples/Iris/labels.txt "$work/noop/Model/"
dotnet run --project eng/ModelGen -c Release --no-build -- classifier "$work/noop/Model/model.onnx" >/dev/null
printf '<Project Sdk="Model.Sdk/%s">\n  <PropertyGroup><ModelPurpose>Classification</ModelPurpose></PropertyGroup>\n</Project>\n' \
  "$(sed -n 's:.*<ModelSdkVersion>\(.*\)</ModelSdkVersion>.*:\1:p' eng/Version.props)" > "$work/noop/Model/Model.modelproj"
printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n</Project>\n' > "$work/noop/Empty/Empty.csproj"
(cd "$work/noop/Model" && dotnet build -nologo -v:q >/dev/null)
(cd "$work/noop/Empty" && dotnet build -nologo -v:q >/dev/null)
echo
hyperfine --warmup 2 --runs 10 --export-markdown "$work/noop.md" \
  -n "model project (no-op)" "dotnet build $work/noop/Model/Model.modelproj --no-restore -nologo -v:q" \
  -n "empty SDK project (no-op)" "dotnet build $work/noop/Empty/Empty.csproj --no-restore -nologo -v:q" >/dev/null
cat "$work/noop.md"
