#!/usr/bin/env bash
# Covers the memory model of `check` (input/resources.hpp: the Monte Carlo engine and the claims'
# certified work) and the gate (numerics/core/budget.hpp) against real runs, at three sizes of
# identity+Hadamard (n = 32, 64, 128; h = 2n; k = 2, 2000 samples, --threads 1), and (e) the model
# of a Gaussian sweep point (runs/asymptotic_sweep.hpp) at h = 256 and 512:
#  (a) the model is at least the measured peak resident memory (GNU time's %M, from getrusage)
#      less the fixed overhead of a run that does no work (the binary, libraries, MPI, OpenMP);
#  (d) the model of before (8 bytes x (12nh + 3h^2 + 2nh), the Monte Carlo engine alone) is below
#      the measured peak at the largest size: the comparison of (a) fails for a model that is low;
#  (b) a run admitted under --max-memory X completes under ulimit -v of X plus the stated fixed
#      address-space overhead (docs/commands.md, "Limits");
#  (c) a run over --max-memory is refused with exit 2 before any work, its estimate in the message.
# Usage: test_resources.sh SCAE_BINARY
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"
[ -x /usr/bin/time ] || { echo "FAIL: GNU time (/usr/bin/time) is needed to measure the peak"; exit 1; }

# Address space a run holds beyond its memory model (docs/commands.md, "What the memory models
# cover"): 256 MiB for the binary, its libraries and Open MPI, and 128 MiB per OpenMP thread (a
# team has as many as there are cores, whatever --threads says, for the work not split by scae).
overhead_mib=$((256 + 128 * $(nproc)))
overhead_kib=$((overhead_mib * 1024))

regime() {  # regime N FILE
  cat >"$2" <<TOML
name = "resources-$1"
[dictionary]
family = "identity-hadamard"
n = $1
[code]
support = "uniform"
k = 2
values = "uniform"
a1 = 1
a2 = 2
[point]
kind = "random-direction"
delta = 0.02
seed = 2
[bias]
rule = "exact-mid"
[monte_carlo]
samples = 2000
confidence = 0.95
seed = 42
batches = 16
TOML
}

# The model in KiB, read from the refusal under a limit of 1 MiB (rounded up to 1 MiB or 0.1 GiB), of
# `check FILE` or of the command given after FILE.
model_kib() {
  local out size file="$1"
  shift
  [ $# -gt 0 ] || set -- check
  out=$("$scae" --threads 1 --max-memory 1MiB "$@" "$file" 2>&1)
  size=$(grep -oE "needs an estimated [0-9.]+ (MiB|GiB)" <<<"$out" | awk '{print $4 " " $5}')
  case "$size" in
    *MiB) awk -v s="${size% MiB}" 'BEGIN { printf "%d\n", s * 1024 }' ;;
    *GiB) awk -v s="${size% GiB}" 'BEGIN { printf "%d\n", s * 1048576 }' ;;
    *) echo 0 ;;
  esac
}

peak_kib() {  # peak resident KiB of a command, or -1 when it failed
  /usr/bin/time -f "%M" -o "$tmp/peak" "$@" >/dev/null 2>"$tmp/stderr"
  local status=$?
  if [ "$status" -gt 1 ]; then echo -1; return; fi
  tail -n 1 "$tmp/peak"  # GNU time puts "Command exited with non-zero status 1" first for exit 1
}

regime 4 "$tmp/r4.toml"
idle=$(peak_kib "$scae" --threads 1 check "$tmp/r4.toml" --only hypotheses.h_above_n)
[ "$idle" -gt 0 ] || { echo "FAIL: the idle run failed: $(cat "$tmp/stderr")"; exit 1; }

for n in 32 64 128; do
  h=$((2 * n))
  regime $n "$tmp/r$n.toml"
  model=$(model_kib "$tmp/r$n.toml")
  # (c) refused before work: exit 2 naming --max-memory and the estimate, within a second.
  start=$(date +%s%N)
  expect 2 "^scae: error: .*r$n.toml: key 'dictionary.h': n = $n, h = $h with 1 threads needs an estimated .* more than the 1 MiB of --max-memory; accepted: " -- \
    "$scae" --threads 1 --max-memory 1MiB check "$tmp/r$n.toml"
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  [ "$elapsed_ms" -lt 2000 ] || { echo "FAIL: the refusal at n = $n took $elapsed_ms ms: work before the gate?"; failures=$((failures + 1)); }
  # (a) the model against the measured peak.
  peak=$(peak_kib "$scae" --threads 1 check "$tmp/r$n.toml")
  echo "n = $n, h = $h: model $model KiB, peak $peak KiB, idle $idle KiB"
  if [ "$peak" -lt 0 ] || [ "$model" -lt $((peak - idle)) ]; then
    echo "FAIL: at n = $n the model ($model KiB) is below the measured peak less the idle run ($peak - $idle KiB)"
    failures=$((failures + 1))
  fi
  # (d) the Monte Carlo model alone, as before the claims were counted: below the peak at n = 128.
  old=$(( 8 * (12 * n * h + 3 * h * h + 2 * n * h) / 1024 ))
  if [ "$n" = 128 ] && [ "$old" -ge $((peak - idle)) ]; then
    echo "FAIL: the old model ($old KiB) is not below the measured $((peak - idle)) KiB: the comparison cannot tell a low model"
    failures=$((failures + 1))
  fi
  # (b) admitted under --max-memory of the model: completes under ulimit -v of it plus the overhead.
  limit_mib=$(((model + 1023) / 1024 + 1))
  (ulimit -v $(((limit_mib * 1024) + overhead_kib)) && exec "$scae" --threads 1 --max-memory ${limit_mib}MiB check "$tmp/r$n.toml") \
    >"$tmp/out" 2>&1
  status=$?
  if [ "$status" -gt 1 ]; then
    echo "FAIL: at n = $n under --max-memory ${limit_mib}MiB and ulimit -v of it + $overhead_mib MiB: exit $status: $(tail -n 2 "$tmp/out")"
    failures=$((failures + 1))
  fi
done

# (e) The memory model of a sweep point with a dense M (runs/asymptotic_sweep.hpp), on Gaussian
# points h = 256 and 512 (n = h/4, Monte Carlo where recovery is not certified), against the peak
# less the idle run; the model before, 8 bytes x (4nh + 5h^2), is below the peak at h = 512.
gaussian_point() {  # gaussian_point H FILE
  cat >"$2" <<TOML
name = "resources-gaussian-$1"
[dictionary]
family = "gaussian"
n = 64
h = 256
[code]
support = "uniform"
k = 3
values = "uniform"
a1 = 1
a2 = 2
[point]
kind = "random-direction"
delta = "0.0237"
seed = 2
[bias]
rule = "exact-low"
[monte_carlo]
samples = 20000
confidence = 0.95
seed = 42
batches = 16
[sweep]
h = [$1]
p = 0.2
n = "h/4"
k = "round(h^p)"
delta = "h^(-p-0.4)"
bias = "exact-low"
TOML
}
for h in 256 512; do
  n=$((h / 4))
  gaussian_point $h "$tmp/g$h.toml"
  model=$(model_kib "$tmp/g$h.toml" sweep -o "$tmp/g-refused")
  peak=$(peak_kib "$scae" --threads 1 --quiet sweep "$tmp/g$h.toml" -o "$tmp/g$h")
  echo "Gaussian sweep point h = $h, n = $n: model $model KiB, peak $peak KiB, idle $idle KiB"
  if [ "$peak" -lt 0 ] || [ "$model" -lt $((peak - idle)) ]; then
    echo "FAIL: at the Gaussian point h = $h the model ($model KiB) is below the measured peak less the idle run ($peak - $idle KiB)"
    failures=$((failures + 1))
  fi
  old=$(( 8 * (4 * n * h + 5 * h * h) / 1024 ))
  if [ "$h" = 512 ] && [ "$old" -ge $((peak - idle)) ]; then
    echo "FAIL: the old point model ($old KiB) is not below the measured $((peak - idle)) KiB: the comparison cannot tell a low model"
    failures=$((failures + 1))
  fi
done

# Out of memory after all (a limit below the estimate, --max-memory above it): one line and exit 3,
# never an abort. The address space holds the idle run but not the work of n = 256 (about 200 MiB);
# a single process maps no Open MPI (numerics/core/distributed.cpp), so 96 MiB hold the idle binary.
regime 256 "$tmp/r256.toml"
(ulimit -v $(((96 + 32 * $(nproc)) * 1024)) && exec "$scae" --threads 1 --max-memory 64GiB check "$tmp/r256.toml") >"$tmp/out" 2>&1
status=$?
if [ "$status" != 3 ] || ! grep -q "^scae: out of memory: " "$tmp/out" || [ "$(wc -l <"$tmp/out")" != 1 ]; then
  echo "FAIL: out of memory under ulimit -v gave exit $status: $(head -n 3 "$tmp/out")"
  failures=$((failures + 1))
fi

echo "test_resources: $passes expectations passed, $failures failed"
[ "$failures" = 0 ]
