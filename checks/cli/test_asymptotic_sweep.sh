#!/usr/bin/env bash
# The asymptotic path of regimes/asymptotic-hadamard.toml (label slow): every point of both series
# certified, the vanishing series' slope negative and CONSISTENT with p - xi, the ball bound PROVEN
# to decrease. Usage: test_asymptotic_sweep.sh SCAE_BINARY REGIME OUTPUT_DIR
set -euo pipefail
"$1" --quiet sweep "$2" -o "$3"
json="$3/sweep.json"
points=$(grep -c '"mean_ratio":' "$json")
certified=$(grep -c '"method": "certified closed form"' "$json")
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ $certified == "$points" ]] || fail "$certified of $points series points certified"
grep -q '"method": "Monte Carlo"' "$json" && fail "a point fell back to Monte Carlo"
flat=$(tr -d '\n ' <"$json")
slope=$(grep -o '"fit":{[^}]*}' <<<"$flat" | sed -n 's/.*"slope":\([^,]*\),.*/\1/p')
[[ $slope == -* ]] || fail "fitted slope $slope is not negative"
grep -q '"id":"sweep.slope_matches_p_minus_xi","method":"statistical","statement":"[^"]*","summary":"[^"]*","verdict":"CONSISTENT"' <<<"$flat" ||
  fail "the slope is not CONSISTENT with p - xi"
grep -q '"id":"sweep.uniform_bound_decreases","method":"certified","statement":"[^"]*","summary":"[^"]*","verdict":"PROVEN"' <<<"$flat" ||
  fail "the ball bound is not PROVEN to decrease"
echo "asymptotic sweep: $points series points certified, slope $slope"
