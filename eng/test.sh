#!/usr/bin/env bash
# Runs every test: installs what the tests need, checks formatting, runs all test projects, prints a summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

eng/install-deps.sh
dotnet csharpier check .

log=$(mktemp)
status=0
# Build once, then test without building: test projects run in parallel, and the integration tests pack the SDK
# (which builds) while others run, so nothing may compile during the test phase.
dotnet build Model.Sdk.sln -c Release --nologo -v:q
dotnet test Model.Sdk.sln -c Release --nologo --no-build 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Failed: a, Passed: b, Skipped: c" line per test assembly; add them up.
read -r passed failed skipped < <(grep -E '(Passed|Failed)!? +- +Failed: ' "$log" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
