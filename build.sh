#!/usr/bin/env bash
# Sets up what the build needs on a fresh Debian machine, then runs build.cake.
#   ./build.sh                 build and run all tests (default target: Test)
#   ./build.sh --target=Pack   any other Cake target: Clean, Build, Test, Pack
set -euo pipefail
cd "$(dirname "$0")"

# The tests need Debian's chromium (browser tests; Playwright's own browser download cannot work here)
# and redis-server (distributed-cache tests). Install them when missing; set GAM_SKIP_APT=1 to skip.
if [ "${GAM_SKIP_APT:-0}" != "1" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore
dotnet cake build.cake "$@"
