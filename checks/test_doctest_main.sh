#!/usr/bin/env bash
# Covers checks/doctest_main.cpp: a filter that matches no test case fails (exit 3, with a message
# naming the filter) instead of passing vacuously; a filter that matches runs its case and passes;
# listing the test cases (what doctest_discover_tests does) still exits 0.
# Usage: test_doctest_main.sh TEST_BINARY
set -u
binary="$1"
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

expect 3 "error: no test case ran: the filters '--test-case=no such case' match no test case" -- \
  "$binary" "--test-case=no such case"
expect 3 "error: no test case ran" -- "$binary" "--test-case=shorter text" "--test-suite=scalar"
first=$("$binary" --list-test-cases --no-intro --no-version 2>/dev/null | grep -v '^=\|^\[doctest\]\|[],*?[]' | head -n 1)
expect 0 "test cases: +1 \| +1 passed" -- "$binary" "--test-case=$first"
expect 0 "" -- "$binary" --list-test-cases

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
