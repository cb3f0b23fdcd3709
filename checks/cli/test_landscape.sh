#!/usr/bin/env bash
# Covers cli/landscape_command.cpp (and through it runs/landscape_run, reports/landscape_report) on a
# small identity+Hadamard regime (n = 64, h = 128, k = 2, bias 0.57 inside every exact window at A*ᵀ):
# the text's first screen, the JSON's ratio at W0 below 1e-6, the exported W.npy beside A.npy and
# eps.npy, and the refusals (a bias outside the windows at A*ᵀ; --tolerance out of range), each with
# exit 2, the key and the accepted range, and no folder left behind; the default regime's minimum PROVEN.
# Usage: test_landscape.sh SCAE_BINARY SOURCE_DIR
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"

small=("$src/regimes/default.toml" --set dictionary.n=64 --set dictionary.h=128 --set code.k=2)
"$scae" landscape "${small[@]}" >"$tmp/out.txt" 2>&1
status=$?
for pattern in "^Critical point W0 nearest to A\*\^T \(Newton-CG, converged\)" "^  typical rows \(" \
               "^  landscape.recovery_at_a_star  PROVEN" "^Hessian at W0: lambda_min = .*estimate, not certified"; do
  if [ "$status" -eq 0 ] && grep -qE -- "$pattern" "$tmp/out.txt"; then passes=$((passes + 1)); else
    echo "FAIL: landscape (exit $status) prints no line matching '$pattern': $(head -c 300 "$tmp/out.txt")"; failures=$((failures + 1))
  fi
done
# The ratio at W0 must be below 1e-6.
ratio=$(sed -nE 's/^Critical point W0 .*\(q_i m2\) = ([-0-9.e+]+)$/\1/p' "$tmp/out.txt")
awk -v r="$ratio" 'BEGIN { exit !(r != "" && r + 0 < 1e-6) }' ||
  { echo "FAIL: the ratio at W0 is '$ratio', expected below 1e-6"; failures=$((failures + 1)); }

"$scae" landscape "${small[@]}" --json --export "$tmp/found" >"$tmp/out.json" 2>&1 ||
  { echo "FAIL: landscape --json --export exited $?: $(head -c 300 "$tmp/out.json")"; failures=$((failures + 1)); }
grep -q '"max_row_distance_over_delta"' "$tmp/out.json" && grep -q '"id": "landscape.recovery_at_critical_point"' "$tmp/out.json" ||
  { echo "FAIL: the JSON lacks the distance in units of delta or a verdict"; failures=$((failures + 1)); }
for f in A.npy W.npy eps.npy; do
  [ -s "$tmp/found/$f" ] || { echo "FAIL: --export wrote no $f"; failures=$((failures + 1)); }
done
# W0 (128 x 64 doubles) is not the regime's W: the exported W differs from `instance --export`'s.
"$scae" instance "${small[@]}" --export "$tmp/inst" --format npy >/dev/null 2>&1
cmp -s "$tmp/found/W.npy" "$tmp/inst/W.npy" && { echo "FAIL: --export wrote the regime's W, not W0"; failures=$((failures + 1)); }
cmp -s "$tmp/found/A.npy" "$tmp/inst/A.npy" || { echo "FAIL: the exported A.npy is not the instance's"; failures=$((failures + 1)); }

# A small overcomplete instance (h = 32, n = 16, k = 1, eps = 0.7) that the certificate decides: W0 is
# a strict local minimum of the true E L (recovery certified on its ball), about 12 delta from A*^T.
tiny=("$src/regimes/default.toml" --set dictionary.n=16 --set dictionary.h=32 --set code.k=1 --set bias.value=0.7)
"$scae" landscape "${tiny[@]}" >"$tmp/tiny.txt" 2>&1
status=$?
for pattern in "^  landscape.local_minimum  PROVEN" "^  landscape.critical_point_in_delta_ball  REFUTED"; do
  if [ "$status" -eq 0 ] && grep -qE -- "$pattern" "$tmp/tiny.txt"; then passes=$((passes + 1)); else
    echo "FAIL: landscape (exit $status) on h = 32 prints no line matching '$pattern': $(head -c 300 "$tmp/tiny.txt")"; failures=$((failures + 1))
  fi
done

# The default regime (h = 512, n = 256, hn = 131072, beyond the dense Hessian): the structured bound
# (block Cholesky + Weyl) proves W0 a strict local minimum of the true E L; UNDECIDED would fail here.
"$scae" landscape "$src/regimes/default.toml" >"$tmp/default.txt" 2>&1
status=$?
for pattern in "^  landscape.local_minimum  PROVEN .*by block Cholesky \+ Weyl" "^  landscape.critical_point_in_delta_ball  REFUTED"; do
  if [ "$status" -eq 0 ] && grep -qE -- "$pattern" "$tmp/default.txt"; then passes=$((passes + 1)); else
    echo "FAIL: landscape (exit $status) on the default regime prints no line matching '$pattern': $(head -c 300 "$tmp/default.txt")"; failures=$((failures + 1))
  fi
done

expect 2 "^scae: error: landscape: support recovery is not certified at W = A\*\^T .*accepted: a regime whose bias lies in every unit's exact recovery window" \
  -- "$scae" landscape "${small[@]}" --set bias.value=0.3 --export "$tmp/refused"
[ -e "$tmp/refused" ] && { echo "FAIL: a refused landscape left $tmp/refused behind"; failures=$((failures + 1)); }
expect 2 "--tolerance" -- "$scae" landscape "${small[@]}" --tolerance 0
expect 2 "--lanczos-steps" -- "$scae" landscape "${small[@]}" --lanczos-steps 1
expect 2 "required" -- "$scae" landscape

echo "landscape: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
