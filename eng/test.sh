#!/usr/bin/env bash
# Runs every test: installs what the tests need, checks formatting, runs all test projects, prints a summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

eng/install-deps.sh
dotnet csharpier check .

log=$(mktemp)
status=0
# Build and pack once, then test without building: test projects run in parallel, so nothing may compile while
# they run. The integration tests copy these packages into a private feed of their own.
dotnet build Model.Sdk.sln -c Release --nologo -v:q
packages="$root/artifacts/test-packages"
rm -rf "$packages"
eng/pack.sh "$packages"
export MODEL_SDK_TEST_PACKAGES="$packages"
dotnet test Model.Sdk.sln -c Release --nologo --no-build 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Failed: a, Passed: b, Skipped: c" line per test assembly; add them up.
read -r passed failed skipped < <(grep -a -E '(Passed|Failed)!? +- +Failed: ' "$log" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
