#!/usr/bin/env bash
# Covers the ./scae script's help path: on a built tree, `--help` and `-h` of every command, `help
# COMMAND` and `./scae --help` answer within a second and never install, configure or build. The
# script runs from a copy whose build/ is the tested build; cmake, apt-get, dpkg-query and sudo are
# replaced by stand-ins that log their call, so any build or install attempt shows.
# Usage: test_help.sh SCAE_BINARY SOURCE_DIR
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"

mkdir -p "$tmp/tree" "$tmp/bin"
cp "$src/scae" "$tmp/tree/scae"
ln -s "$(cd "$(dirname "$scae")" && pwd)" "$tmp/tree/build"
for tool in cmake apt-get dpkg-query sudo; do
  printf '#!/bin/sh\necho "%s $*" >>"%s"\nexit 1\n' "$tool" "$tmp/calls" >"$tmp/bin/$tool"
  chmod +x "$tmp/bin/$tool"
done

commands=$("$scae" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && /^  [a-z]/ {print $1}')
[ -n "$commands" ] || { echo "FAIL: no subcommands found in scae --help"; failures=$((failures + 1)); }
requests=("--help" "-h" "help")
for command in $commands test; do requests+=("$command --help" "$command -h"); done
for command in $commands; do requests+=("help $command"); done
for request in "${requests[@]}"; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  out=$(PATH="$tmp/bin:$PATH" "$tmp/tree/scae" $request 2>&1)
  status=$?
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  if [ "$status" -ne 0 ] || ! grep -qi "usage" <<<"$out" || [ "$elapsed_ms" -ge 1000 ] || [ -s "$tmp/calls" ]; then
    echo "FAIL: ./scae $request -> exit $status in $elapsed_ms ms; tools called: $(cat "$tmp/calls" 2>/dev/null)"
    echo "$out" | head -n 3
    failures=$((failures + 1))
    rm -f "$tmp/calls"
  else
    passes=$((passes + 1))
  fi
done

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
