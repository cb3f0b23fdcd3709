#!/usr/bin/env bash
# MPI: `mpirun -np N scae report|sweep|sweep --grid|check` gives results bitwise identical to one
# process for N = 1, 2, 3 (report.json, sweep.json and grid.json compared without their "context"
# object), rank 0 alone writes, and an error on the ranks stops the run with the message instead of hanging.
# Usage: test_mpi.sh SCAE_BINARY SOURCE_DIR
set -o pipefail
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"
mpirun=(mpirun --allow-run-as-root --oversubscribe)
data="$src/checks/data/regimes"

# A Gaussian grid: the xi searches and the cells (certified or Monte Carlo) are shared out.
grid=(sweep "$data/mpi-grid.toml" --grid p=0.1:0.3:0.1,xi=0.05:0.15:0.05)

strip_context() { sed '/^  "context": {/,/^  }/d' "$1"; }

"$scae" --threads 2 report "$data/mpi-small.toml" -o "$tmp/r0" >/dev/null || { echo "FAIL: single-process report"; exit 1; }
"$scae" --threads 2 sweep "$data/mpi-small.toml" -o "$tmp/s0" >/dev/null || { echo "FAIL: single-process sweep"; exit 1; }
"$scae" --threads 2 "${grid[@]}" -o "$tmp/g0" >/dev/null || { echo "FAIL: single-process grid"; exit 1; }
"$scae" --threads 2 check "$data/mpi-small.toml" >"$tmp/c0"
check_code=$?
for np in 1 2 3; do
  "${mpirun[@]}" -np "$np" "$scae" --threads 1 report "$data/mpi-small.toml" -o "$tmp/r$np" >"$tmp/out$np" 2>&1 ||
    { echo "FAIL: report with $np processes:"; cat "$tmp/out$np"; failures=$((failures + 1)); continue; }
  [ "$(grep -c 'report.md' "$tmp/out$np")" = 1 ] || { echo "FAIL: $np processes printed the path $(grep -c 'report.md' "$tmp/out$np") times"; failures=$((failures + 1)); }
  cmp -s <(strip_context "$tmp/r0/report.json") <(strip_context "$tmp/r$np/report.json") ||
    { echo "FAIL: report.json with $np processes differs from one process:"; diff <(strip_context "$tmp/r0/report.json") <(strip_context "$tmp/r$np/report.json") | head -20; failures=$((failures + 1)); }
  "${mpirun[@]}" -np "$np" "$scae" --threads 1 sweep "$data/mpi-small.toml" -o "$tmp/s$np" >/dev/null 2>&1 ||
    { echo "FAIL: sweep with $np processes"; failures=$((failures + 1)); continue; }
  cmp -s <(strip_context "$tmp/s0/sweep.json") <(strip_context "$tmp/s$np/sweep.json") ||
    { echo "FAIL: sweep.json with $np processes differs from one process"; failures=$((failures + 1)); }
  "${mpirun[@]}" -np "$np" "$scae" --threads 1 "${grid[@]}" -o "$tmp/g$np" >/dev/null 2>&1 ||
    { echo "FAIL: grid with $np processes"; failures=$((failures + 1)); continue; }
  cmp -s <(strip_context "$tmp/g0/grid.json") <(strip_context "$tmp/g$np/grid.json") ||
    { echo "FAIL: grid.json with $np processes differs from one process"; diff <(strip_context "$tmp/g0/grid.json") <(strip_context "$tmp/g$np/grid.json") | head -20; failures=$((failures + 1)); }
  "${mpirun[@]}" -np "$np" "$scae" --threads 1 check "$data/mpi-small.toml" >"$tmp/c$np" 2>/dev/null
  code=$?
  [ "$code" = "$check_code" ] && cmp -s "$tmp/c0" "$tmp/c$np" ||
    { echo "FAIL: check with $np processes (exit $code) differs from one process (exit $check_code)"; failures=$((failures + 1)); }
done
# A deliberately different run (another seed) must differ, so the comparison can fail.
sed 's/^batches = 30/batches = 30\nseed = 99/' "$data/mpi-small.toml" >"$tmp/other.toml"
"${mpirun[@]}" -np 2 "$scae" --threads 1 report "$tmp/other.toml" -o "$tmp/r9" >/dev/null 2>&1
cmp -s <(strip_context "$tmp/r0/report.json") <(strip_context "$tmp/r9/report.json") &&
  { echo "FAIL: a report with another seed compares equal"; failures=$((failures + 1)); }
# ... and a grid with another dictionary seed too.
sed 's/^seed = 3/seed = 4/' "$data/mpi-grid.toml" >"$tmp/other-grid.toml"
"${mpirun[@]}" -np 2 "$scae" --threads 1 sweep "$tmp/other-grid.toml" --grid p=0.1:0.3:0.1,xi=0.05:0.15:0.05 -o "$tmp/g9" >/dev/null 2>&1
cmp -s <(strip_context "$tmp/g0/grid.json") <(strip_context "$tmp/g9/grid.json") &&
  { echo "FAIL: a grid with another dictionary seed compares equal"; failures=$((failures + 1)); }
# An input error stops every rank with the message and exit code 2, without hanging.
timeout 60 "${mpirun[@]}" -np 2 "$scae" check "$tmp/missing.toml" >"$tmp/err" 2>&1
code=$?
[ "$code" != 124 ] && [ "$code" != 0 ] && grep -q "regime file not found" "$tmp/err" ||
  { echo "FAIL: a bad regime under mpirun: exit $code"; cat "$tmp/err"; failures=$((failures + 1)); }
echo "mpi: $failures failures"
[ "$failures" -eq 0 ]
