#!/usr/bin/env bash
# Covers the refusals and folder states of the command line (issue 28): --set errors located at
# the --set and `--set KEY=` removing a key (input/toml_field.cpp); `check` leaving an unused
# [sweep] unread while `sweep` and `report` refuse it (input/regime.cpp); control characters
# refused in string keys; a regime's name and description rendered literally in sweep.md and
# report.md; a shorter or failed sweep leaving no stale files, a refused one changing nothing, and
# `report --resume` reusing the path's points and refusing another regime's folder
# (runs/sweep_run.cpp, runs/resume_store.cpp); a single process that never starts
# Open MPI (numerics/core/distributed.cpp); sizes past the implementation's limits; the level beside
# the summary's intervals.
# Usage: test_refusals.sh SCAE_BINARY SOURCE_DIR
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
gauss="$src/regimes/gaussian-v1.toml"
rule="$src/regimes/asymptotic-hadamard.toml"  # its bias is the rule exact-above with a fraction

# --set: two bias keys are refused at the --set, naming the key to remove; `KEY=` removes a key.
expect 2 "^scae: error: --set bias.value: key 'bias.value': given together with 'bias.rule' \(line [0-9]+\); remove one, e.g. with --set bias.rule=; accepted: exactly one of" -- \
  "$scae" instance "$rule" --export "$tmp/both" --set bias.value=0.5
expect 0 "" -- "$scae" instance "$rule" --export "$tmp/fixed" --set bias.rule= --set bias.fraction= --set bias.value=0.5
[ -s "$tmp/fixed/eps.csv" ] && [ "$(sort -u "$tmp/fixed/eps.csv")" = 0.5 ] ||
  fail "--set bias.rule= --set bias.value=0.5 did not give the bias 0.5: $(sort -u "$tmp/fixed/eps.csv" 2>/dev/null | head -c 100)"
expect 2 "^scae: error: --set bias.rules: there is no key 'bias.rules' to remove; accepted: .*KEY= \(nothing after '='\) to remove" -- \
  "$scae" instance "$rule" --export "$tmp/typo" --set bias.rules=
# A key missing from a table that --set made is located at that --set, not at "FILE:1".
expect 2 "^scae: error: --set point.delta: key 'point.kind': missing required key" -- \
  "$scae" instance "$gauss" --export "$tmp/made" --set point= --set point.delta=0.1
[ -e "$tmp/both" ] || [ -e "$tmp/typo" ] || [ -e "$tmp/made" ] && fail "a refused --set left an export folder behind"

# An unused [sweep] with a bad value: check (which does not read it) runs; sweep and report refuse it.
printf '\n[sweep]\nh = [512, 256]\n' | cat "$gauss" - >"$tmp/bad-sweep.toml"
expect 0 "REFUTED +REFUTED" -- "$scae" check "$tmp/bad-sweep.toml" --only recovery.window
for command in sweep report; do
  expect 2 "^scae: error: $tmp/bad-sweep.toml:[0-9]+: key 'sweep.h\[1\]': 256 does not exceed the previous h" -- \
    "$scae" "$command" "$tmp/bad-sweep.toml" -o "$tmp/bad-$command"
  [ -e "$tmp/bad-$command" ] && fail "a refused $command left $tmp/bad-$command behind"
done

# Control characters are refused in every string key, naming it; tab (and newline in the description) pass.
expect 2 "^scae: error: --set name: key 'name': control character U\+0007 at position 1; accepted: non-empty string, without control characters \(tab allowed\)$" -- \
  "$scae" instance "$gauss" --export "$tmp/bell" --set 'name="a\u0007b"'
expect 2 "key 'description': control character U\+001B" -- "$scae" instance "$gauss" --export "$tmp/esc" --set 'description="\u001b[31m"'
expect 2 "key 'dictionary.family': control character U\+000A" -- "$scae" instance "$gauss" --export "$tmp/nl" --set 'dictionary.family="gaussian\n"'
expect 0 "" -- "$scae" instance "$gauss" --export "$tmp/prose" --set 'name="tab\there"' --set 'description="two\nlines"'

# Sweeps into one folder: the regime's name renders literally in sweep.md; a shorter path leaves
# only its own points; a failed run (no gnuplot) leaves no older result beside its points, and
# --resume then reuses them; --resume with another regime's folder is refused before any work.
sed -e 's/^h = \[256, 512, 1024, 2048, 4096\]/h = [128, 256]/' "$src/regimes/default.toml" >"$tmp/two.toml"
sed -e 's/^h = \[256, 512, 1024, 2048, 4096\]/h = [128]/' "$src/regimes/default.toml" >"$tmp/one.toml"
name='a|b *c* _d_ `e` <f> [g](h) # i'
expect 0 "sweep.md" -- "$scae" sweep "$tmp/two.toml" -o "$tmp/sw" --quiet --set "name=$name"
grep -qF '# scae sweep: a\|b \*c\* \_d\_ \`e\` \<f\> \[g\]\(h\) \# i' "$tmp/sw/sweep.md" ||
  fail "the regime's name is not escaped in sweep.md: $(head -n 1 "$tmp/sw/sweep.md")"
expect 0 "sweep.md" -- "$scae" sweep "$tmp/one.toml" -o "$tmp/sw" --quiet
[ "$(cd "$tmp/sw/sweep_points" && ls | tr '\n' ' ')" = "h-128.json regime.json " ] ||
  fail "a shorter sweep left other points: $(ls "$tmp/sw/sweep_points" | tr '\n' ' ')"
mkdir -p "$tmp/no-gnuplot"
for tool in sh cat; do ln -s "$(command -v "$tool")" "$tmp/no-gnuplot/$tool"; done
PATH="$tmp/no-gnuplot" "$scae" sweep "$tmp/two.toml" -o "$tmp/sw" --quiet >/dev/null 2>"$tmp/gnuplot-err"
status=$?
[ "$status" = 3 ] && [ ! -e "$tmp/sw/sweep.json" ] && [ ! -e "$tmp/sw/sweep.md" ] && [ -s "$tmp/sw/sweep_points/h-256.json" ] ||
  fail "a sweep failing at its figure (exit $status): sweep.json or sweep.md of the older run left, or its points missing: $(ls "$tmp/sw" | tr '\n' ' ')"
expect 0 "^scae: --resume reused 2 stored points$" -- "$scae" sweep "$tmp/two.toml" -o "$tmp/sw" --resume
expect 2 "^scae: error: --max-hours = [0-9.e+-]+: the sweep takes an estimated" -- "$scae" --max-hours 1e-9 sweep "$tmp/two.toml" -o "$tmp/sw"
[ -s "$tmp/sw/sweep.json" ] || fail "a sweep refused by --max-hours removed the folder's sweep.json"
expect 2 "^scae: error: --resume: $tmp/sw holds the results of regime 'default' \($tmp/two.toml\), not of 'other' \($tmp/two.toml\); accepted: --resume with the regime of the interrupted run" -- \
  "$scae" sweep "$tmp/two.toml" -o "$tmp/sw" --resume --set name=other
[ -s "$tmp/sw/sweep.json" ] || fail "a refused --resume removed the folder's sweep.json"

# report --resume reuses the stored points of the report's path and recomputes the rest.
small=(--set dictionary.n=32 --set dictionary.h=64 --set code.k=2 --set monte_carlo.samples=20000 --rows 0 --set "name=$name"
       --set 'description="# not a heading\n- not a list\n1. not a list\n<b>not bold</b>"')
expect 0 "report.md" -- "$scae" report "$tmp/two.toml" -o "$tmp/rep" --quiet "${small[@]}"
for line in '# scae report: a\|b \*c\* \_d\_ \`e\` \<f\> \[g\]\(h\) \# i' '\# not a heading' '\- not a list' '1\. not a list' \
            '\<b\>not bold\</b\>'; do
  grep -qxF "$line" "$tmp/rep/report.md" || fail "report.md lacks the literal line $line"
done
cp "$tmp/rep/report.json" "$tmp/first.json"
expect 0 "^scae: --resume reused 2 stored sweep points$" -- "$scae" report "$tmp/two.toml" -o "$tmp/rep" --resume "${small[@]}"
strip() { sed '/^  "context": {/,/^  }/d' "$1"; }
cmp -s <(strip "$tmp/first.json") <(strip "$tmp/rep/report.json") || fail "report --resume changed report.json beyond its context"
expect 2 "^scae: error: --resume: $tmp/rep holds the results of regime 'a\|b .*' \(.*\), not of 'other'" -- \
  "$scae" report "$tmp/two.toml" -o "$tmp/rep" --resume "${small[@]}" --set name=other
[ -s "$tmp/rep/report.json" ] || fail "a refused report --resume removed the folder's report.json"

# A single process never starts Open MPI: a broken Open MPI set-up or no ssh does not matter.
expect 0 "recovery.deterministic" -- env OMPI_MCA_pml=no-such-component OMPI_MCA_plm_rsh_agent=false "$scae" claims
out=$(OMPI_MCA_pml=no-such-component "$scae" claims 2>&1 >/dev/null)
[ -z "$out" ] || fail "a single process printed on stderr with a broken Open MPI: $(head -c 200 <<<"$out")"

# Sizes past the implementation's limits get the key and its range (n = 2^30 made h = 2n overflow
# an int), or the memory refusal, exit 2, never an internal error.
expect 2 "^scae: error: --set dictionary.n: key 'dictionary.n': 1073741824 is above 536870912; accepted: a power of two in \[2, 2\^29\]" -- \
  "$scae" instance "$src/regimes/default.toml" --export "$tmp/huge" --set dictionary.n=1073741824
for size in "dictionary.h= --set dictionary.n=536870912" "dictionary.family=\"gaussian\" --set dictionary.n=1073741824 --set dictionary.h=1073741825"; do
  # shellcheck disable=SC2086
  expect 2 "^scae: error: .*key 'dictionary.h': .* needs an estimated .* GiB" -- \
    "$scae" instance "$src/regimes/default.toml" --export "$tmp/huge" --set $size
done
[ -e "$tmp/huge" ] && fail "a refused size left $tmp/huge behind"

# The level beside every interval of the summary, from the regime's confidence.
expect 0 "support recovery rate .* in \[.*\] \(90 %\)$" -- "$scae" summary "$gauss" --set monte_carlo.samples=2000 --set monte_carlo.confidence=0.9
expect 0 "E\[L\] = .* \+- .* \(95 %\)$" -- "$scae" summary "$gauss" --set monte_carlo.samples=2000

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
