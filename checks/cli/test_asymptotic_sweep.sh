#!/usr/bin/env bash
# The asymptotic path of regimes/asymptotic-hadamard.toml (label slow): the exact-above series and the
# exact-mid contrast certified at every point, the paper rule's series in closed form at every point
# (certified or labelled oracle), the bias's limit 0, the main slope negative and CONSISTENT with the
# bias term's (deterministic), the ball bound PROVEN to decrease, each point with its window medians
# and paper constants, and the paper rule's Monte Carlo (recovery rate beside its bound, both rows to the
# regime's 1 % radius) at every point the memory model admits, with the reason at every other.
# Usage: test_asymptotic_sweep.sh SCAE_BINARY REGIME OUTPUT_DIR
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
python3 - "$json" <<'PY' || fail "a path verdict, or the paper rule's Monte Carlo at some point, is not as expected"
import json, sys
sweep = json.load(open(sys.argv[1]))
verdicts = {v["id"]: v for v in sweep["verdicts"]}
slope, ball = verdicts["sweep.slope_matches_bias_term"], verdicts["sweep.uniform_bound_decreases"]
assert (slope["method"], slope["verdict"]) == ("deterministic", "CONSISTENT"), "the slope is not CONSISTENT with the bias term's"
assert (ball["method"], ball["verdict"]) == ("certified", "PROVEN"), "the ball bound is not PROVEN to decrease"
points = sweep["points"]
estimated = 0
for p in points:
    paper = p["paper"]
    if paper["method"] == "certified closed form":
        continue
    mc = paper["monte_carlo"]
    if mc is None:
        assert paper["monte_carlo_note"].startswith("not estimated:"), (p["h"], paper["monte_carlo_note"])
        continue
    estimated += 1
    assert mc["relative"] == 0.01, (p["h"], mc["relative"])
    for lo, ratio, hi in zip(mc["lower"], mc["ratio"], mc["upper"]):
        assert (hi - lo) / 2 <= 0.0101 * ratio, (p["h"], lo, ratio, hi)
    rec = mc["recovery"]
    assert rec["samples"] > 0 and rec["upper"] >= rec["chernoff_hoeffding_bound"], (p["h"], rec)
assert estimated > 0, "no point estimated"
print(f"paper rule's Monte Carlo at {estimated} points")
PY
echo "asymptotic sweep: $certified certified and $oracle oracle series points, slope $slope"
