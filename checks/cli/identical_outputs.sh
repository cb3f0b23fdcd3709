#!/bin/bash
# Run by hand, not by CTest: `checks/cli/identical_outputs.sh OLD_SCAE NEW_SCAE [SOURCE_DIR]` runs both
# binaries, one after the other, on the same commands (sweep, sweep --grid, landscape as JSON and as
# text, summary, gradient as text and JSON, report) and compares what they wrote: every JSON without
# "context", the build's commit and the wall times "seconds" and "plan_seconds"; every .md and stdout
# without those (commit, output folder, date, times); every figure's .dat and .gp byte for byte. It
# prints the files that differ and "IDENTICAL" or "DIFFERENT" (exit 0 or 1); the outputs stay in a
# temporary folder it names. Needs jq. A refactoring that should change no output is checked with it
# (docs/verification.md, "Reproducibility").
set -u
old="$1"
new="$2"
src="${3:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
work=$(mktemp -d)
echo "outputs in $work"

run_all() {  # BINARY OUT
  local b="$1" o="$2"
  mkdir -p "$o"
  cd "$src" || exit 2
  "$b" sweep regimes/asymptotic-hadamard.toml --set 'sweep.h=[256, 512]' -o "$o/sweep" >"$o/sweep.out" 2>&1
  echo "sweep $?" >>"$o/rc"
  "$b" sweep regimes/phase-gaussian.toml --grid p=0.1:0.3:0.2,xi=0.2:0.4:0.2 --grid-h 64 -o "$o/grid" >"$o/grid.out" 2>&1
  echo "grid $?" >>"$o/rc"
  "$b" landscape regimes/default.toml --json >"$o/landscape.json" 2>"$o/landscape.err"
  echo "landscape $?" >>"$o/rc"
  "$b" landscape regimes/default.toml >"$o/landscape.out" 2>&1
  echo "landscape-text $?" >>"$o/rc"
  "$b" summary regimes/default.toml >"$o/summary.out" 2>&1
  echo "summary $?" >>"$o/rc"
  "$b" gradient regimes/default.toml --rows 0 >"$o/gradient.out" 2>&1
  echo "gradient $?" >>"$o/rc"
  "$b" gradient regimes/default.toml --rows 0 --json >"$o/gradient.json" 2>&1
  echo "gradient-json $?" >>"$o/rc"
  "$b" report regimes/default.toml --rows 0 --set monte_carlo.samples=100000 -o "$o/report" >"$o/report.out" 2>&1
  echo "report $?" >>"$o/rc"
}

norm_json() {
  jq -S 'walk(if type == "object" then del(.context, .seconds, .plan_seconds) else . end)
         | walk(if type == "string" then gsub("[0-9a-f]{40}(-dirty)?"; "COMMIT") else . end)' "$1"
}
# The commit, the output folder, the date and the wall times (the paper estimate's last column among them).
norm_text() {
  sed -E "s/[0-9a-f]{40}(-dirty)?/COMMIT/g; s#$work/(old|new)#DIR#g; s/[0-9.e+-]+ s\b/T s/g; s/[0-9]+ s\)/T s)/g;
          s/(took|Time:) [0-9.e+-]+/\1 T/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z/DATE/g; s/\) \| [0-9.e+-]+ \|$/) | T |/" "$1"
}

run_all "$old" "$work/old"
run_all "$new" "$work/new"
bad=0
cmp -s "$work/old/rc" "$work/new/rc" || { echo "DIFF exit statuses"; bad=1; }
while IFS= read -r f; do
  case "$f" in
    *.json) cmp -s <(norm_json "$work/old/$f") <(norm_json "$work/new/$f") || { echo "DIFF $f"; bad=1; } ;;
    *.md | *.out) cmp -s <(norm_text "$work/old/$f") <(norm_text "$work/new/$f") || { echo "DIFF $f"; bad=1; } ;;
    *.dat | *.gp) cmp -s "$work/old/$f" "$work/new/$f" || { echo "DIFF $f"; bad=1; } ;;
  esac
done < <(cd "$work/old" && find . -type f | sort)
while IFS= read -r f; do [ -e "$work/old/$f" ] || { echo "ONLY IN NEW $f"; bad=1; }; done < <(cd "$work/new" && find . -type f | sort)
[ "$bad" = 0 ] && echo IDENTICAL || echo DIFFERENT
exit "$bad"
