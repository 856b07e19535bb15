#!/usr/bin/env bash
# Renders icon.svg to the 128x128 icon.png the NuGet packages carry (PackageIcon), with Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")"
page=$(mktemp --suffix=.html)
trap 'rm -f "$page"' EXIT
echo "<html><body style=\"margin:0;background:transparent\"><img src=\"file://$PWD/icon.svg\" width=\"128\" height=\"128\" style=\"display:block\"></body></html>" > "$page"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$PWD/icon.png" "file://$page" 2>/dev/null
echo "wrote $PWD/icon.png"
