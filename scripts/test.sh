#!/usr/bin/env bash
# Runs every test: installs what is missing, builds with warnings as errors,
# runs the cmocka unit tests, the API tests (node's test runner against a
# real server) and once the browser tests (tests/e2e, chromium) on the
# normal build, then the unit and API tests again on the
# -fsanitize=address,undefined build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
JOBS=$(nproc 2>/dev/null || echo 2)

echo "== build"
make -j"$JOBS" parley parley-asan

echo "== unit tests"
make -j"$JOBS" unit

echo "== unit tests (asan+ubsan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 make -j"$JOBS" unit-asan

echo "== unit tests (valgrind memcheck)"
make unit-valgrind

API_TESTS=$(ls tests/api/*.test.js)

echo "== api tests"
PARLEY_BIN=./parley node --test --test-concurrency=2 $API_TESTS

echo "== browser tests (chromium via playwright-core)"
PARLEY_BIN=./parley node --test tests/e2e/

echo "== api tests (asan+ubsan)"
PARLEY_BIN=./parley-asan ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  node --test --test-concurrency=2 $API_TESTS
