#!/usr/bin/env bash
# The installed CMake package: `cmake --install` of this build into a temporary prefix, then
# examples/regime-test configured against it with find_package(scae) and its regime tests run; a
# regime whose [expect] is wrong must fail its test, and a missing regime file must stop configure.
# Usage: test_package.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build="$1" source="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "install"; }
cmake -S "$source/examples/regime-test" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configuring the example"; }
ctest --test-dir "$work/example" --output-on-failure || fail "the example's regime tests"

# Deliberately wrong: an expectation the regime does not meet fails its test.
mkdir -p "$work/wrong"
sed 's/= "REFUTED"  #.*/= "PROVEN"/' "$source/examples/regime-test/small-hadamard.toml" >"$work/wrong/wrong.toml"
cat >"$work/wrong/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(wrong NONE)
enable_testing()
find_package(scae REQUIRED)
scae_add_regime_test(wrong-expectation wrong.toml)
CMAKE
cmake -S "$work/wrong" -B "$work/wrong/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null 2>&1 || fail "configuring the wrong project"
ctest --test-dir "$work/wrong/build" >/dev/null 2>&1 && fail "a wrong expectation passed"
sed -i 's/wrong.toml/missing.toml/' "$work/wrong/CMakeLists.txt"
out=$(cmake -S "$work/wrong" -B "$work/wrong/build2" -DCMAKE_PREFIX_PATH="$work/prefix" 2>&1) && fail "a missing regime file configured"
# CMake wraps long messages at spaces: join the lines before matching.
tr -s ' \n' ' ' <<<"$out" | grep -q "missing.toml. not found" || fail "a missing regime file did not stop configure with its message"
echo "package: installed, found, regime tests pass, a wrong expectation fails"
