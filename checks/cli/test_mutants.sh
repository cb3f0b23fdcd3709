#!/usr/bin/env bash
# `scae mutants` must catch every mutant: exit 0 and a last line `mutants: K/K caught`.
# Usage: test_mutants.sh SCAE_BINARY
set -euo pipefail
status=0
out=$("$1" mutants) || status=$?
printf '%s\n' "$out"
[[ $status == 0 ]] || { echo "scae mutants exited with $status" >&2; exit 1; }
last=$(printf '%s\n' "$out" | tail -n 1)
[[ $last =~ ^mutants:\ ([0-9]+)/([0-9]+)\ caught$ ]] && [[ ${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" ]] ||
  { echo "last line '$last' is not 'mutants: K/K caught'" >&2; exit 1; }
