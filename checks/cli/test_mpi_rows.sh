#!/usr/bin/env bash
# MPI, one point's rows over processes: `mpirun -np N scae gradient` on the paper-bias point
# h = 512 (checks/data/regimes/mpi-rows.toml), whose row-conditional estimate of rows 0 and 511 runs
# with each process holding a block of M's rows (docs/mpi.md), prints the same bytes for N = 1, 2, 3
# and 4, with 1 thread and for 2 processes also 2 (4 does not divide 512's three chunks of 240 rows: one process holds none) as one process
# without a launcher. Units fire off their supports there (checked), so the firing sets that the
# processes combine are not trivial, nor is the recovery rate (below 1, checked); another seed must change the output, so the comparison can fail.
# Usage: test_mpi_rows.sh SCAE_BINARY SOURCE_DIR
set -o pipefail
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"
mpirun=(mpirun --allow-run-as-root --oversubscribe)
regime="$src/checks/data/regimes/mpi-rows.toml"
run=(gradient "$regime" --rows 0,511 --json)

"$scae" --threads 2 "${run[@]}" >"$tmp/out0" 2>"$tmp/err0" || { echo "FAIL: one process:"; cat "$tmp/err0"; exit 1; }
grep -q '"samples_without"' "$tmp/out0" || { echo "FAIL: no row-conditional estimate in the output"; exit 1; }
python3 - "$tmp/out0" <<'PY' || { echo "FAIL: no unit fires off its support, or every sample is recovered: the test would see little"; exit 1; }
import json, re, sys
out = json.load(open(sys.argv[1]))
fired = [int(f) for f in re.findall(r"(\d+) firing i\)", out["rows"][0]["monte_carlo"]["method"])]
sys.exit(0 if fired and max(fired) > 0 and out["recovery_rate"]["rate"] < 1 else 1)
PY
for np in 1 2 3 4; do
  for threads in $([ "$np" = 2 ] && echo 1 2 || echo 1); do
    "${mpirun[@]}" -np "$np" "$scae" --threads "$threads" "${run[@]}" >"$tmp/out$np" 2>"$tmp/err$np" ||
      { echo "FAIL: $np processes, $threads threads:"; cat "$tmp/err$np"; failures=$((failures + 1)); continue; }
    cmp -s "$tmp/out0" "$tmp/out$np" ||
      { echo "FAIL: $np processes, $threads threads differ from one process:"; diff "$tmp/out0" "$tmp/out$np" | head -10; failures=$((failures + 1)); }
  done
done
# A deliberately different run (another seed) must differ.
"${mpirun[@]}" -np 2 "$scae" --threads 1 "${run[@]}" --set monte_carlo.seed=43 >"$tmp/other" 2>/dev/null
cmp -s "$tmp/out0" "$tmp/other" && { echo "FAIL: another seed compares equal"; failures=$((failures + 1)); }
echo "mpi rows: $failures failures"
[ "$failures" -eq 0 ]
