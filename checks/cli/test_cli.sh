#!/usr/bin/env bash
# Covers cli/main.cpp: exit codes (0 success, 1 a claim fails, 2 usage or input error), one clear
# message naming the parameter, and nothing half-written on bad input.
# Usage: test_cli.sh SCAE_BINARY SOURCE_DIR
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"

expect 0 "recovery.deterministic" -- "$scae" claims
expect 2 "required" -- "$scae" instance
expect 2 "^scae: error: unknown command 'no-such-command'" -- "$scae" no-such-command
expect 2 "regime.*(not found|No such|cannot)" -- "$scae" check "$tmp/missing.toml"
printf 'name = "x"\n[dictionary]\nfamily = "gaussian"\nn = 10\nh = 5\n' >"$tmp/bad.toml"
expect 2 "bad.toml:5: key 'dictionary.h'" -- "$scae" instance "$tmp/bad.toml" --export "$tmp/out"
[ -e "$tmp/out" ] && { echo "FAIL: export of a bad regime left $tmp/out behind"; failures=$((failures + 1)); }
expect 2 "'x' is not a row" -- "$scae" gradient "$src/regimes/gaussian-v1.toml" --rows 0,x --json
expect 2 "^scae: error: --rows '300': row 300; accepted: distinct comma-separated integers in \[0, 255\]$" -- "$scae" gradient "$src/regimes/gaussian-v1.toml" --rows 300 --json
expect 2 "--threads" -- "$scae" --threads 0 claims
expect 2 "--only 'nope': unknown mutant; accepted: gradient_decoder_sign" -- "$scae" mutants --only nope
expect 2 "--seeds" -- "$scae" mutants --seeds -1
printf 'claims = ["neighbourhood"]\n' | cat - "$src/regimes/gaussian-v1.toml" >"$tmp/neighbourhood-only.toml"
mutants_on_neighbourhood=("$scae" mutants --regimes "$tmp/neighbourhood-only.toml" --only)
if "$scae" --version | grep -q "^mutation hooks: compiled in$"; then
  expect 0 "^coherence_without_abs .*\| neighbourhood.coherence_bounds_every_pair @ gaussian-v1$" -- "${mutants_on_neighbourhood[@]}" coherence_without_abs
  expect 0 "^mutants: 1/1 caught$" -- "${mutants_on_neighbourhood[@]}" coherence_without_abs
  expect 1 "^gradient_decoder_sign .*\| NOT CAUGHT$" -- "${mutants_on_neighbourhood[@]}" gradient_decoder_sign
else  # a build without the hooks refuses, pointing to the one that has them
  expect 2 "^scae: error: mutants: this build has no mutation hooks.*accepted: \`./scae mutants\`" -- "${mutants_on_neighbourhood[@]}" coherence_without_abs
fi
expect 0 "REFUTED +REFUTED" -- "$scae" check "$src/regimes/gaussian-v1.toml" --only recovery.window
sed 's/"recovery.window_nonempty" = "REFUTED"/"recovery.window_nonempty" = "PROVEN"/' "$src/regimes/gaussian-v1.toml" >"$tmp/wrong-expect.toml"
expect 1 "REFUTED !" -- "$scae" check "$tmp/wrong-expect.toml" --only recovery.window
sed '/^\[expect\]/,$d' "$src/regimes/gaussian-v1.toml" >"$tmp/no-expect.toml"
expect 1 "REFUTED !" -- "$scae" check "$tmp/no-expect.toml" --only recovery.window
printf '[expect]\nrecovery.no_such_claim = "PROVEN"\n' | cat "$tmp/no-expect.toml" - >"$tmp/unknown-claim.toml"
expect 2 "key 'expect.recovery.no_such_claim': unknown claim" -- "$scae" check "$tmp/unknown-claim.toml"
printf '[expect]\n"recovery.deterministic" = "TRUE"\n' | cat "$tmp/no-expect.toml" - >"$tmp/bad-verdict.toml"
expect 2 "key 'expect.recovery.deterministic'.*accepted: \"PROVEN\"" -- "$scae" check "$tmp/bad-verdict.toml"
expect 0 "PROVEN" -- "$scae" check "$src/regimes/default.toml" --only recovery --rows 0
expect 0 "" -- "$scae" instance "$src/regimes/gaussian-v1.toml" --export "$tmp/inst"
lines=$(wc -l <"$tmp/inst/A.csv"); cols=$(head -n 1 "$tmp/inst/A.csv" | tr ',' '\n' | wc -l)
[ "$lines" = 100 ] && [ "$cols" = 256 ] || { echo "FAIL: A.csv is ${lines}x${cols}, expected 100x256"; failures=$((failures + 1)); }
[ "$(wc -l <"$tmp/inst/W.csv")" = 256 ] && [ "$(wc -l <"$tmp/inst/eps.csv")" = 256 ] ||
  { echo "FAIL: W.csv or eps.csv has the wrong number of lines"; failures=$((failures + 1)); }

# Without a terminal the report prints one line per stage on stderr.
"$scae" report "$src/regimes/gaussian-v1.toml" -o "$tmp/rep" --rows 0 --set monte_carlo.samples=100000 >"$tmp/report-out" 2>"$tmp/report-err"
grep -q "report.md" "$tmp/report-out" && grep -q "^report: claims (0% done" "$tmp/report-err" &&
  grep -q "^report: the paper's experiments (" "$tmp/report-err" ||
  { echo "FAIL: the report's path or stage lines are missing: $(head -c 300 "$tmp/report-err")"; failures=$((failures + 1)); }
grep -q '"overrides": \[' "$tmp/rep/report.json" && grep -q '"monte_carlo.samples=100000"' "$tmp/rep/report.json" &&
  grep -q '^Overrides: `--set monte_carlo.samples=100000`' "$tmp/rep/report.md" ||
  { echo "FAIL: the report does not record the --set override"; failures=$((failures + 1)); }
grep -q "^| \`recovery.window_nonempty\` .* REFUTED " "$tmp/rep/report.md" && grep -q '"verdict": "REFUTED"' "$tmp/rep/report.json" ||
  { echo "FAIL: report.md / report.json lack the REFUTED window verdict"; failures=$((failures + 1)); }
head -c 5 "$tmp/rep/recovery_windows.svg" | grep -q "<?xml" && [ -s "$tmp/rep/recovery_windows.dat" ] && [ -s "$tmp/rep/recovery_windows.gp" ] &&
  grep -q "](recovery_windows.svg)" "$tmp/rep/report.md" || { echo "FAIL: the windows figure is missing"; failures=$((failures + 1)); }
expect 2 "row 999" -- "$scae" report "$src/regimes/gaussian-v1.toml" -o "$tmp/rep2" --rows 999
[ -e "$tmp/rep2" ] && { echo "FAIL: a refused report left $tmp/rep2 behind"; failures=$((failures + 1)); }

expect 2 "no \[sweep\] table" -- "$scae" sweep "$src/regimes/gaussian-v1.toml" -o "$tmp/sw0"
[ -e "$tmp/sw0" ] && { echo "FAIL: a refused sweep left $tmp/sw0 behind"; failures=$((failures + 1)); }
sed -e 's/^h = \[256, 512, 1024, 2048, 4096\]/h = [128, 256]/' "$src/regimes/default.toml" >"$tmp/short-sweep.toml"
expect 0 "sweep.md" -- "$scae" sweep "$tmp/short-sweep.toml" -o "$tmp/sw"
grep -q "^## Asymptotics" "$tmp/sw/sweep.md" && head -c 5 "$tmp/sw/asymptotics.svg" | grep -q "<?xml" && [ -s "$tmp/sw/sweep_points/h-256.json" ] ||
  { echo "FAIL: the sweep's files are missing"; failures=$((failures + 1)); }
grep -q "^### The critical point along the path" "$tmp/sw/sweep.md" && head -c 5 "$tmp/sw/landscape_path.svg" | grep -q "<?xml" &&
  grep -q '"radial_root_over_delta": [0-9]' "$tmp/sw/sweep.json" ||
  { echo "FAIL: the sweep lacks the critical point along the path"; failures=$((failures + 1)); }
expect 2 "landscape-max-h" -- "$scae" sweep "$tmp/short-sweep.toml" -o "$tmp/sw-bad" --landscape-max-h -1
# Without a terminal: one progress line per point on stderr; --quiet (before or after the command) silences it.
"$scae" sweep "$tmp/short-sweep.toml" -o "$tmp/sw-lines" --landscape-max-h 0 2>"$tmp/sweep-stderr" >/dev/null
grep -q "^sweep: h = 128 (" "$tmp/sweep-stderr" && grep -q "^sweep: h = 256 (" "$tmp/sweep-stderr" ||
  { echo "FAIL: a sweep into a pipe printed no line per point: $(head -c 200 "$tmp/sweep-stderr")"; failures=$((failures + 1)); }
"$scae" sweep "$tmp/short-sweep.toml" -o "$tmp/sw-quiet" --quiet --landscape-max-h 0 2>"$tmp/sweep-stderr" >/dev/null
[ ! -s "$tmp/sweep-stderr" ] || { echo "FAIL: a sweep with --quiet wrote to stderr: $(head -c 200 "$tmp/sweep-stderr")"; failures=$((failures + 1)); }
if command -v script >/dev/null; then  # a terminal: the progress bar with its ETA appears
  script -qec "'$scae' sweep '$tmp/short-sweep.toml' -o '$tmp/sw-tty'" /dev/null >"$tmp/tty-out" 2>&1
  grep -q "sweep \[.*ETA" "$tmp/tty-out" || { echo "FAIL: no progress bar on a terminal"; failures=$((failures + 1)); }
fi
expect 0 "--resume reused 2 stored points" -- "$scae" sweep "$tmp/short-sweep.toml" -o "$tmp/sw" --resume
grep -q '"resumed_points": \[' "$tmp/sw/sweep.json" && grep -A3 '"resumed_points"' "$tmp/sw/sweep.json" | grep -q 256 ||
  { echo "FAIL: --resume did not reuse the stored points"; failures=$((failures + 1)); }
sed -e 's/^h = \[256, 512, 1024, 2048, 4096\]/h = [128, 1048576]/' "$src/regimes/default.toml" >"$tmp/huge-sweep.toml"
expect 2 "sweep.h: the point h = 1048576, n = 524288 needs an estimated .* GiB" -- "$scae" sweep "$tmp/huge-sweep.toml" -o "$tmp/sw-huge"
[ -e "$tmp/sw-huge" ] && { echo "FAIL: a refused sweep left $tmp/sw-huge behind"; failures=$((failures + 1)); }
sed -e 's/^k = "round(h^p)"/k = "round(h^q)"/' "$src/regimes/default.toml" >"$tmp/bad-rule.toml"
expect 2 "key 'sweep.k': rule .*, column 9: unknown name 'q'; accepted: an integer, or a rule" -- "$scae" sweep "$tmp/bad-rule.toml" -o "$tmp/sw1"
# The phase-diagram mode: bad grids exit 2 naming the key and range, writing nothing; a small grid
# on default.toml (identity+Hadamard, h <= 64) writes its files.
expect 2 "--grid: xi = 0.6 is outside \(0, 1/2\]; accepted" -- "$scae" sweep "$src/regimes/default.toml" --grid p=0.1,xi=0.6 -o "$tmp/gr0"
expect 2 "--grid: xi is missing" -- "$scae" sweep "$src/regimes/default.toml" --grid p=0.1 -o "$tmp/gr0"
expect 2 "--grid-h: h = 3; accepted: an integer in \[8, 4096\]" -- "$scae" sweep "$src/regimes/default.toml" --grid p=0.1,xi=0.4 --grid-h 3 -o "$tmp/gr0"
expect 2 "--grid-h requires --grid" -- "$scae" sweep "$src/regimes/default.toml" --grid-h 64 -o "$tmp/gr0"
[ -e "$tmp/gr0" ] && { echo "FAIL: a refused grid left $tmp/gr0 behind"; failures=$((failures + 1)); }
expect 0 "grid.md" -- "$scae" sweep "$src/regimes/default.toml" --grid p=0.1:0.3:0.2,xi=0.2:0.4:0.2 --grid-h 64 -o "$tmp/gr"
grep -q "^## Phase diagram" "$tmp/gr/grid.md" && head -c 5 "$tmp/gr/phase.svg" | grep -q "<?xml" && [ -s "$tmp/gr/grid_cells/p-0.3_xi-0.4.json" ] &&
  grep -q '"status": "not reachable"' "$tmp/gr/grid.json" && grep -q '"status": "hypotheses fail' "$tmp/gr/grid.json" ||
  { echo "FAIL: the grid's files or statuses are missing"; failures=$((failures + 1)); }
# Numerical faults and limits are refused up front, naming the key, with the estimate.
sed 's/^a2 = 2/a2 = 1e200/' "$src/regimes/gaussian-v1.toml" >"$tmp/huge-a2.toml"
expect 2 "key 'code.a2': 1e\+200 is outside the magnitudes.*accepted: .*\[1e-100, 1e100\]" -- "$scae" check "$tmp/huge-a2.toml"
sed 's/^samples = 200000/samples = 1000000000000/' "$src/regimes/gaussian-v1.toml" >"$tmp/long.toml"
expect 2 "key 'monte_carlo.samples': the run of 1000000000000 samples and the certified claims takes an estimated .* hours with 2 threads \(cost model .*\), above the limit of 24 hours" -- \
  "$scae" --threads 2 check "$tmp/long.toml"
expect 2 "above the limit of 1e-05 hours; accepted: .*--max-hours" -- \
  "$scae" --threads 2 --max-hours 0.00001 report "$src/regimes/gaussian-v1.toml" -o "$tmp/rep3"
[ -e "$tmp/rep3" ] && { echo "FAIL: a refused report left $tmp/rep3 behind"; failures=$((failures + 1)); }
expect 2 "--max-hours" -- "$scae" --max-hours -1 claims
sed -e "s/^n = 100/n = 2000/" -e "s/^h = 256/h = 4000/" "$src/regimes/gaussian-v1.toml" >"$tmp/wide.toml"
expect 2 "key 'dictionary.h': n = 2000, h = 4000 with 1024 threads needs an estimated .* GiB" -- \
  "$scae" --threads 1024 summary "$tmp/wide.toml"
expect 2 "key 'dictionary.h': n = 2000, h = 4000 with 1024 threads needs an estimated .* GiB" -- \
  "$scae" --threads 1024 instance "$tmp/wide.toml" --export "$tmp/inst-wide"
[ -e "$tmp/inst-wide" ] && { echo "FAIL: a refused instance export left $tmp/inst-wide behind"; failures=$((failures + 1)); }
expect 2 "^scae: error: --threads: bench R3 \(n = 1024, h = 4096, path sparse\) with 1024 threads needs an estimated .* GiB, more than" -- \
  "$scae" --threads 1024 bench R3 --path sparse --baseline ""
expect 2 "^scae: error: --scale: bench at scale .* takes an estimated .* hours with 2 threads \(cost model: .*\), above the limit of 1e-09 hours" -- \
  "$scae" --threads 2 --max-hours 1e-9 bench R1 --path all --baseline ""
expect 0 "^R1 .* sparse\+oracle" -- "$scae" --threads 2 bench R1 --path sparse --scale 0.0001 --baseline ""
expect 0 "^scae bench, .*, 2 threads, 16 batches" -- "$scae" --threads 2 bench R1 --path sparse --scale 0.0001 --batches 16 --baseline ""
expect 2 "^scae: error: --batches = 1000: bench R1 at scale 0.000100 runs 800 samples; accepted: --batches in \[8, 800\]" -- \
  "$scae" --threads 2 bench R1 --path sparse --scale 0.0001 --batches 1000 --baseline ""
expect 2 "--batches: Value 4 not in range 8 to 4096" -- "$scae" bench R1 --batches 4 --baseline ""
expect 2 "--path: nope not in \\{sparse,dense,all\\}" -- "$scae" bench R1 --path nope --baseline ""
expect 0 '"accumulation":"coefficients"' -- "$scae" --threads 2 bench R1 --path sparse --scale 0.0001 --json --accumulation coefficients --baseline ""
expect 2 "^scae: error: --max-hours = 0.01: the sweep takes an estimated .* hours with 2 threads \(the point h = 65536 alone .* hours\), above the limit of 0.01 hours" -- \
  "$scae" --threads 2 --max-hours 0.01 sweep "$src/regimes/asymptotic-hadamard.toml" -o "$tmp/sweep-long"
[ -e "$tmp/sweep-long" ] && { echo "FAIL: a refused sweep left $tmp/sweep-long behind"; failures=$((failures + 1)); }

# Command-line conventions: --version, help, suggestions, globals after the command, readable ranges.
expect 0 "^scae [0-9.]+ \(commit [0-9a-f]+(-dirty)?\)$" -- "$scae" --version
expect 0 "Exit status: 0 when every claim run has the verdict the regime's \[expect\] table states" -- "$scae" help check
expect 0 "--threads" -- "$scae" check --help
expect 0 "--max-hours" -- "$scae" help report
expect 0 "Subcommands:" -- "$scae" help
expect 2 "^scae: error: unknown command 'chek'; did you mean 'check'\?$" -- "$scae" chek
expect 2 "^scae: error: unknown command 'xyzzy'; accepted: report, " -- "$scae" xyzzy
expect 2 "^scae: error: unknown command 'chek'; did you mean 'check'\?$" -- "$scae" help chek
expect 2 "^scae: error: a command is required; accepted: report" -- "$scae"
expect 2 "^scae: error: regime is required" -- "$scae" check
expect 2 "^scae: error: --max-hours: '0' is out of range; accepted: hours in \(0, 1e6\]$" -- "$scae" --max-hours 0 claims
expect 2 "^scae: error: --max-hours: '0' is out of range; accepted: hours in \(0, 1e6\]$" -- "$scae" claims --max-hours 0
expect 2 "^scae: error: --threads: '0' is out of range; accepted: an integer in \[1, 1024\]$" -- "$scae" check x.toml --threads 0
expect 0 "^check: 1 entry \(1 hypothesis\); exit 0: every verdict is as expected$" -- \
  "$scae" check "$src/regimes/gaussian-v1.toml" --only recovery.window --threads 1 --max-hours 1
expect 0 "^verdicts by kind: hypotheses: 1 REFUTED$" -- "$scae" check "$src/regimes/gaussian-v1.toml" --only recovery.window
expect 1 "^check: 1 entry \(1 hypothesis\); exit 1: 1 verdict not as expected \(marked !\): recovery.window_nonempty$" -- \
  "$scae" check "$tmp/wrong-expect.toml" --only recovery.window
"$scae" check "$src/regimes/default.toml" --set monte_carlo.samples=20000 >"$tmp/check-table" 2>&1
long=$(awk 'length > 120' "$tmp/check-table" | wc -l)
[ "$long" = 0 ] && grep -qE "^verdicts by kind: paper claims: .*; consistency checks: .*; hypotheses: " "$tmp/check-table" &&
  grep -qE "^check: [0-9]+ entries \([0-9]+ paper claims?, [0-9]+ consistency checks?, [0-9]+ hypothes[ie]s\); exit 0: every verdict is as expected$" "$tmp/check-table" ||
  { echo "FAIL: check printed $long lines over 120 columns or no final count by kind: $(tail -n 1 "$tmp/check-table")"; failures=$((failures + 1)); }
# The table's numbers have at most 6 significant digits (the JSON of `report` keeps all 17): no
# decimal with 7 or more, leading zeros aside.
seven="(^|[^0-9.])(0\.0*[1-9][0-9]{6,}|[1-9]\.[0-9]{6,}|[1-9][0-9]\.[0-9]{5,}|[1-9][0-9]{2}\.[0-9]{4,}|[1-9][0-9]{3}\.[0-9]{3,}|[1-9][0-9]{4}\.[0-9]{2,}|[1-9][0-9]{5,}\.[0-9])"
grep -qE "$seven" "$tmp/check-table" &&
  { echo "FAIL: check printed a number with more than 6 significant digits: $(grep -E "$seven" "$tmp/check-table" | head -n 1)"; failures=$((failures + 1)); }
expect 0 '"kind": "consistency"' -- "$scae" claims --json
expect 0 "^gradient.theorem_3_2_uniform +claim +Theorem 3.2" -- "$scae" claims

# Refused before any work: output folders, claim selections, rows, the whole report's time.
expect 2 "^scae: error: -o '/proc/x': cannot create the folder" -- "$scae" report "$src/regimes/gaussian-v1.toml" -o /proc/x
expect 2 "^scae: error: -o '': empty path; accepted: a folder path$" -- "$scae" report "$src/regimes/gaussian-v1.toml" -o ""
expect 2 "^scae: error: --export '': empty path" -- "$scae" instance "$src/regimes/gaussian-v1.toml" --export ""
expect 2 "^scae: error: --only 'nosuch': matches no claim; accepted: ids or id prefixes of the claims listed by \`scae claims\`$" -- \
  "$scae" check "$src/regimes/default.toml" --only nosuch
printf 'claims = ["nosuch"]\n' | cat - "$src/regimes/gaussian-v1.toml" >"$tmp/nosuch-claims.toml"
expect 2 "^scae: error: $tmp/nosuch-claims.toml:1: key 'claims': 'nosuch' matches no claim; accepted: ids or id prefixes of the claims listed by" -- \
  "$scae" check "$tmp/nosuch-claims.toml"
expect 2 "^scae: error: --set claims: key 'claims': 'nosuch' matches no claim" -- \
  "$scae" report "$src/regimes/gaussian-v1.toml" --set 'claims=["nosuch"]' -o "$tmp/rep-nosuch"
expect 2 "^scae: error: --rows '': empty list; accepted: distinct comma-separated integers in \[0, 255\]$" -- \
  "$scae" check "$src/regimes/gaussian-v1.toml" --rows ""
expect 2 "^scae: error: --rows '0,0': row 0 is given twice; accepted: distinct" -- "$scae" check "$src/regimes/gaussian-v1.toml" --rows 0,0
expect 2 "^scae: error: --rows '3,3': row 3 is given twice" -- "$scae" report "$src/regimes/gaussian-v1.toml" --rows 3,3 -o "$tmp/rep-rows"
expect 2 "^scae: error: --max-hours = 0.001: the report takes an estimated .* hours with 2 threads \(claims .* s, sweep path .* s, experiments .* s\), above the limit of 0.001 hours" -- \
  "$scae" report --max-hours 0.001 --threads 2 -o "$tmp/rep-budget"
for d in rep-nosuch rep-rows rep-budget; do
  [ -e "$tmp/$d" ] && { echo "FAIL: a refused report left $tmp/$d behind"; failures=$((failures + 1)); }
done

# --set overrides: validated as in the file, naming the override.
expect 2 "^scae: error: --set monte_carlo.samples: key 'monte_carlo.samples': 5 is below 1000; accepted: integer in \[1000, 10\^12\]$" -- \
  "$scae" check "$src/regimes/gaussian-v1.toml" --set monte_carlo.samples=5
expect 2 "^scae: error: --set bias.valu: key 'bias.valu': unknown key" -- "$scae" gradient "$src/regimes/gaussian-v1.toml" --rows 0 --set bias.valu=1
expect 0 "PROVEN" -- "$scae" check "$src/regimes/default.toml" --only recovery --rows 0 --set monte_carlo.samples=1000000 --set bias.value=0.57
expect 0 "overrides: --set monte_carlo.samples=20000" -- "$scae" summary "$src/regimes/gaussian-v1.toml" --set monte_carlo.samples=20000

# Their own weights: the .npy and .mat exports read back as a regime's files give the same verdicts as the CSV export.
expect 0 "" -- "$scae" instance "$src/regimes/gaussian-v1.toml" --export "$tmp/inst-npy" --format npy
[ "$(head -c 6 "$tmp/inst-npy/A.npy" | tail -c 5)" = "NUMPY" ] && [ -s "$tmp/inst-npy/W.npy" ] && [ -s "$tmp/inst-npy/eps.npy" ] ||
  { echo "FAIL: the .npy export is missing"; failures=$((failures + 1)); }
expect 0 "" -- "$scae" instance "$src/regimes/gaussian-v1.toml" --export "$tmp/inst-mat" --format mat
[ -s "$tmp/inst-mat/A.mat" ] && [ -s "$tmp/inst-mat/W.mat" ] && [ -s "$tmp/inst-mat/eps.mat" ] ||
  { echo "FAIL: the .mat export is missing"; failures=$((failures + 1)); }
for format in csv npy mat; do
  dir="$tmp/inst"; [ "$format" != csv ] && dir="$tmp/inst-$format"
  printf 'name = "from-files"\n[dictionary]\nfamily = "file"\nfile = "A.%s"\nn = 100\nh = 256\n[code]\nsupport = "uniform"\nk = 3\nvalues = "uniform"\na1 = 1\na2 = 2\n[point]\nkind = "file"\nfile = "W.%s"\n[bias]\nfile = "eps.%s"\n[monte_carlo]\nsamples = 20000\nconfidence = 0.95\nseed = 42\n' \
    "$format" "$format" "$format" >"$dir/from-files.toml"
  "$scae" check "$dir/from-files.toml" >"$tmp/verdicts-$format" 2>&1
done
for format in npy mat; do
  grep -q "^check: " "$tmp/verdicts-csv" && cmp -s "$tmp/verdicts-csv" "$tmp/verdicts-$format" ||
    { echo "FAIL: the .$format and CSV exports give different check verdicts:"; diff "$tmp/verdicts-csv" "$tmp/verdicts-$format" | head -5; failures=$((failures + 1)); }
done
printf 'not numpy' >"$tmp/bad.npy"
sed 's|file = "A.npy"|file = "../bad.npy"|' "$tmp/inst-npy/from-files.toml" >"$tmp/inst-npy/bad-dictionary.toml"
expect 2 "^scae: error: .*bad-dictionary.toml: key 'dictionary': .*bad.npy: not a NumPy .npy file \(no .x93NUMPY magic string\); accepted: a NumPy .npy file" -- \
  "$scae" check "$tmp/inst-npy/bad-dictionary.toml"

# bench without its NumPy baseline says so, on stderr and in the JSON.
expect 0 '"numpy_baseline":"not measured: script /nonexistent/numpy_baseline.py not found"' -- \
  "$scae" --threads 2 bench R1 --path sparse --scale 0.0001 --json --baseline /nonexistent/numpy_baseline.py
expect 0 "^scae bench: no NumPy baseline for R1 \(script /nonexistent/numpy_baseline.py not found\)" -- \
  "$scae" --threads 2 bench R1 --path sparse --scale 0.0001 --baseline /nonexistent/numpy_baseline.py
# The screening the sparse path used: block screening at R2, none when switched off.
expect 0 '"screening":"blocks"' -- "$scae" --threads 2 bench R2 --path sparse --scale 0.0001 --json --baseline ""
expect 0 '"screening":"off"' -- "$scae" --threads 2 bench R2 --path sparse --scale 0.0001 --json --screening off --baseline ""

# Every JSON file scae writes carries "schema_version": 1 (docs/json.md).
for file in "$tmp/rep/report.json" "$tmp/sw/sweep.json" "$tmp/gr/grid.json"; do
  grep -q '^  "schema_version": 1,\?$' "$file" || { echo "FAIL: $file has no schema_version 1"; failures=$((failures + 1)); }
done
expect 0 '^  "schema_version": 1' -- "$scae" summary "$src/regimes/gaussian-v1.toml" --json --set monte_carlo.samples=20000
expect 0 '"schema_version":1' -- "$scae" --threads 2 bench R1 --path sparse --scale 0.0001 --json --baseline /nonexistent/numpy_baseline.py
# bench --certified-point: an h the identity+Hadamard path cannot build is refused; a small one is certified.
expect 2 "^scae: error: --certified-point 1000; accepted: a power of two in \[4, 1048576\]$" -- "$scae" bench --certified-point 1000
expect 0 '"certified":true.*"h":256' -- "$scae" --threads 2 bench --certified-point 256 --json
# bench --precision: sizes and targets out of range are refused; a small size reaches its target
# and says why the NumPy ratios are missing.
expect 2 "^scae: error: --sizes: h = 1000; accepted: powers of two in \[64, 16384\]$" -- "$scae" bench --precision --sizes 1000 --baseline ""
expect 2 "^scae: error: --relative: accepted: \[1e-4, 0.5\]$" -- "$scae" bench --precision --relative 0.9 --baseline ""
expect 0 '"h":256,.*"numpy_baseline":"not measured: skipped with --baseline .*"ratio_plain":null,"ratio_same_estimator":null,.*"seconds":[0-9]' -- \
  "$scae" --threads 2 bench --precision --sizes 256 --relative 0.05 --json --baseline ""
# gradient: the true gradient by the row-conditional estimator, which the JSON names.
expect 0 '"method":"row-conditional estimator' -- "$scae" gradient "$src/regimes/gaussian-v1.toml" --rows 0 --json --set monte_carlo.samples=20000
expect 0 '"closed_form_norm":.*"monte_carlo_norm":.*"monte_carlo_norm_radius":.*"schema_version":1,"seed":42' -- \
  "$scae" gradient "$src/regimes/gaussian-v1.toml" --rows 0 --json --set monte_carlo.samples=20000
expect 0 '"commit":"[0-9a-f]' -- "$scae" gradient "$src/regimes/gaussian-v1.toml" --rows 0 --json --set monte_carlo.samples=20000
# ... and the support-recovery rate of the code law, with its interval and samples.
expect 0 '"recovery_rate":\{"confidence":0.95,"lower":0\.0[0-9]+,"method":"Clopper-Pearson","rate":0\.0[0-9]+,"samples":20000,"upper":0\.0' -- \
  "$scae" gradient "$src/regimes/gaussian-v1.toml" --rows 0 --json --set monte_carlo.samples=20000
# The summary text shows 6 digits, and the coherence inside its own certified interval.
expect 0 "^coherence mu/sqrt\(n\) = 0.426416 certified in \[0.426415, 0.426416\]" -- \
  "$scae" summary "$src/regimes/gaussian-v1.toml" --set monte_carlo.samples=20000

# report.json is byte-identical for 1, 2 and 8 threads apart from its top-level "context": the whole
# path, run_report then write_report (checks/runs/test_report_run.cpp covers the computed numbers,
# checks/reports/test_report.cpp the rendering).
strip_context() { sed '/^  "context": {/,/^  }/d' "$1"; }
for threads in 1 2 8; do
  "$scae" --quiet --threads "$threads" report "$src/checks/data/regimes/mpi-small.toml" -o "$tmp/threads-$threads" >/dev/null ||
    { echo "FAIL: the report with $threads threads"; failures=$((failures + 1)); }
done
for threads in 2 8; do
  if cmp -s <(strip_context "$tmp/threads-1/report.json") <(strip_context "$tmp/threads-$threads/report.json"); then
    passes=$((passes + 1))
  else
    echo "FAIL: report.json with $threads threads differs from 1 thread apart from the context"; failures=$((failures + 1))
  fi
done

# ---- Issue 28 (refusals and inputs). Appended block: new tests of the inputs work go below. ----

# A .mat file cut short is refused like a short .npy: "truncated data", exit 2, for A, W and eps.
for file in A W eps; do
  mkdir -p "$tmp/cut-$file"
  cp "$tmp/inst-mat/A.mat" "$tmp/inst-mat/W.mat" "$tmp/inst-mat/eps.mat" "$tmp/inst-mat/from-files.toml" "$tmp/cut-$file/"
  size=$(stat -c %s "$tmp/inst-mat/$file.mat")
  head -c $((size * 2 / 3)) "$tmp/inst-mat/$file.mat" >"$tmp/cut-$file/$file.mat"
  expect 2 "^scae: error: .*/$file.mat: truncated data: $((size * 2 / 3)) bytes, expected at least $size; accepted: a MATLAB .mat file" -- \
    "$scae" check "$tmp/cut-$file/from-files.toml"
done

# A directory or a FIFO where a file belongs: "not a regular file", exit 2, at once (never opened,
# so a FIFO without a writer cannot block the run).
mkdir "$tmp/dir.csv" "$tmp/dir.toml"
mkfifo "$tmp/fifo.csv" "$tmp/fifo.toml"
for target in dir fifo; do
  kind=directory; [ "$target" = fifo ] && kind=FIFO
  sed "s|file = \"A.csv\"|file = \"$tmp/$target.csv\"|" "$tmp/inst/from-files.toml" >"$tmp/inst/$target-dictionary.toml"
  expect 2 "key 'dictionary.file': file .$tmp/$target.csv. is a $kind, not a regular file" -- \
    timeout 60 "$scae" check "$tmp/inst/$target-dictionary.toml"
  expect 2 "^scae: error: $tmp/$target.toml: is a $kind, not a regular file" -- timeout 60 "$scae" check "$tmp/$target.toml"
done

# A Bernoulli support is shown as its law, never as k = h.
sed -e 's/^support = "uniform" .*/support = "bernoulli"\nq = 0.01/' -e '/^k = 3$/d' \
  "$src/regimes/gaussian-v1.toml" >"$tmp/bernoulli.toml"
expect 0 "^regime gaussian-v1: n = 100, h = 256, Bernoulli, q = 0.01, expected support 2.56, values" -- \
  "$scae" summary "$tmp/bernoulli.toml" --set monte_carlo.samples=20000
"$scae" summary "$tmp/bernoulli.toml" --set monte_carlo.samples=20000 2>&1 | grep -q "k = 256" &&
  { echo "FAIL: the summary of a Bernoulli regime shows k = 256"; failures=$((failures + 1)); }

# An output folder another run holds (here flock(1), as a second scae would) is refused, exit 2;
# without the holder the same command writes it.
mkdir "$tmp/locked"
expect 2 "^scae: error: --export '$tmp/locked': another scae run is writing into this folder" -- \
  flock "$tmp/locked" "$scae" instance "$src/regimes/gaussian-v1.toml" --export "$tmp/locked"
[ -e "$tmp/locked/A.csv" ] && { echo "FAIL: a refused export wrote into the locked folder"; failures=$((failures + 1)); }
expect 0 "" -- "$scae" instance "$src/regimes/gaussian-v1.toml" --export "$tmp/locked"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
