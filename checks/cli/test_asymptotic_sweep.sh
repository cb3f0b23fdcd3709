#!/usr/bin/env bash
# The asymptotic path of regimes/asymptotic-hadamard.toml (label slow): the exact-above series and the
# exact-mid contrast certified at every point, the paper rule's series in closed form at every point
# (certified or labelled oracle), the bias's limit 0, the main slope negative and CONSISTENT with the
# bias term's (deterministic), the ball bound PROVEN to decrease, each point with its window medians
# and paper constants. Usage: test_asymptotic_sweep.sh SCAE_BINARY REGIME OUTPUT_DIR
set -euo pipefail
"$1" --quiet sweep "$2" -o "$3"
json="$3/sweep.json"
points=$(grep -c '"mean_ratio":' "$json")
certified=$(grep -c '"method": "certified closed form"' "$json")
oracle=$(grep -c '"method": "oracle closed form"' "$json" || true)
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ $((certified + oracle)) == "$points" ]] || fail "$certified certified and $oracle oracle of $points series points"
grep -q '"method": "Monte Carlo"' "$json" && fail "a point fell back to Monte Carlo"
flat=$(tr -d '\n ' <"$json")
grep -q '"vanishing_bias":true' <<<"$flat" || fail "the path's bias rule does not vanish"
[[ $(grep -o '"off_median":[0-9.e-]*' <<<"$flat" | wc -l) == $(grep -o '"paper_constant":{' <<<"$flat" | wc -l) ]] ||
  fail "a point lacks its window medians or paper constants"
slope=$(grep -o '"fit":{[^}]*}' <<<"$flat" | sed -n 's/.*"slope":\([^,]*\),.*/\1/p')
[[ $slope == -* ]] || fail "fitted slope $slope is not negative"
grep -q '"id":"sweep.slope_matches_bias_term","method":"deterministic","statement":"[^"]*","summary":"[^"]*","verdict":"CONSISTENT"' <<<"$flat" ||
  fail "the slope is not CONSISTENT with the bias term's"
grep -q '"id":"sweep.uniform_bound_decreases","method":"certified","statement":"[^"]*","summary":"[^"]*","verdict":"PROVEN"' <<<"$flat" ||
  fail "the ball bound is not PROVEN to decrease"
echo "asymptotic sweep: $certified certified and $oracle oracle series points, slope $slope"
