#!/usr/bin/env bash
# `npm test`: lint, type-check, build, then every test tier in one node:test run.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROME_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROME_PATH
npm run --silent lint
npm run --silent typecheck
npm run --silent build
bash scripts/run-tests.sh unit api cli security fuzz crash electron e2e bench
