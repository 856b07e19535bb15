#!/usr/bin/env bash
# Regenerates the MVC sample screenshots in this folder: the browser test ScreenshotTests walks every page of the
# sample (Debian's chromium, embedded GAM emulator) and saves each one here instead of in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/GamAuthentication.BrowserTests -c Release
GAM_SCREENSHOTS_DIR="$PWD/docs/images" \
  dotnet test tests/GamAuthentication.BrowserTests -c Release --no-build --filter "FullyQualifiedName~ScreenshotTests"
ls -l docs/images/*.png
