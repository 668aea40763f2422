#!/usr/bin/env bash
# Renders the sample pictures in images/ (committed; run this to make them again), which the runtime tests also
# classify (TextDirectionModelTests): text lines in three DejaVu fonts at three 4:1 sizes, each upright (label "0")
# and turned 180° (label "180"), as PNG and JPEG. Needs ImageMagick's convert and fonts-dejavu-core
# (eng/install-deps.sh). Usage: make-images.sh [folder]   (default: images/ here)
#
# The lines are short, so the text fills the height as in the line crops PaddleOCR's detector gives the classifier.
# A long line shrunk into a 4:1 box (small text, mostly white) is not what the model knows: "Hello from Model.Sdk"
# upright in 192x48 comes out "180" (0.99).
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")" && pwd)/images}"
fonts=/usr/share/fonts/truetype/dejavu
mkdir -p "$out"

# name | font | text | width (height = width / 4)
lines=(
  "hello|DejaVuSans.ttf|Hello, world|192"
  "invoice|DejaVuSerif-Bold.ttf|Invoice 4521|288"
  "fox|DejaVuSansMono.ttf|brown fox 42|400"
  "total|DejaVuSansMono.ttf|Total: 12.50 EUR|288"
)
for line in "${lines[@]}"; do
  IFS='|' read -r name font text width <<<"$line"
  for turn in 0 180; do
    for ext in png jpg; do
      # label: fits the point size to the box; the border keeps the text off the edges. No metadata, no dates.
      convert -background white -fill black -font "$fonts/$font" -size "$((width - 8))x$((width / 4 - 4))" \
        -gravity center "label:$text" -bordercolor white -border 4x2 -rotate "$turn" \
        -quality 90 -strip -define png:exclude-chunks=date,time "$out/$name-$turn.$ext"
    done
  done
done
ls -l "$out"
