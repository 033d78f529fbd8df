#!/usr/bin/env bash
# Runs the node:test files of the given tiers (folders under test/) in ONE node --test run, so CI
# reads one summary. Node 20 neither finds .ts files nor expands quoted globs by itself: with no
# file it would run 0 tests and exit 0, so an empty list is an error here.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
tiers=("$@")
[ ${#tiers[@]} -gt 0 ] || tiers=(unit api cli security fuzz crash electron e2e bench)
files=()
for tier in "${tiers[@]}"; do
  files+=(test/"$tier"/**/*.test.ts)
done
if [ ${#files[@]} -eq 0 ]; then
  echo "run-tests: no test files found in: ${tiers[*]}" >&2
  exit 1
fi
echo "run-tests: ${#files[@]} files in ${tiers[*]}"
# Human-readable spec output on stdout; a TAP copy to a file for the closing tally below.
tap="$(mktemp)"
status=0
node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}" || status=$?
count() { grep -m1 -E "^# $1 [0-9]+$" "$tap" | awk '{print $3}'; }
passed=$(count pass); failed=$(count fail); skipped=$(count skipped)
rm -f "$tap"
if [ -z "$passed" ] || [ "$((passed + failed))" -eq 0 ]; then
  echo "run-tests: no test ran" >&2
  exit 1
fi
echo "tests: ${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
