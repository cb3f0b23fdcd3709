#!/bin/bash
# Run by hand, not by CTest. Checks that a refactoring changed no output.
#   checks/cli/identical_outputs.sh OLD_SCAE NEW_SCAE [SOURCE_DIR]
#     runs both binaries, one after the other, on short commands (sweep, sweep --grid, landscape as JSON
#     and as text, summary, gradient as text and JSON, report at 100000 samples) and compares them.
#   checks/cli/identical_outputs.sh --reports OLD_SCAE NEW_SCAE [SOURCE_DIR]
#     the same with `report` on every shipped regime (regimes/*.toml) at full size, the issue's check
#     (about 50 min per binary on 2 cores, nearly all of it the asymptotic-hadamard sweep to h = 65536).
#   checks/cli/identical_outputs.sh --compare OLD_DIR NEW_DIR
#     compares two folders of outputs made earlier by the same commands.
# The comparison: every JSON without "context", the build's commit and the wall times "seconds" and
# "plan_seconds"; every .md and stdout without those (commit, output folder, date, times); every
# figure's .dat and .gp byte for byte; the exit statuses. It prints the files that differ and
# "IDENTICAL" or "DIFFERENT" (exit 0 or 1); the outputs stay in the temporary folder it names. Needs jq.
# docs/verification.md ("Reproducibility") records its runs.
set -u
mode=short
case "${1:-}" in
  --reports) mode=reports; shift ;;
  --compare) mode=compare; shift ;;
esac
if [ $# -lt 2 ]; then
  echo "usage: $0 [--reports] OLD_SCAE NEW_SCAE [SOURCE_DIR] | --compare OLD_DIR NEW_DIR" >&2
  exit 2
fi
old="$1"
new="$2"
src="${3:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

run_short() {  # BINARY OUT
  local b="$1" o="$2"
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

run_reports() {  # BINARY OUT
  local b="$1" o="$2" r name
  for r in regimes/*.toml; do
    name=$(basename "$r" .toml)
    "$b" --quiet report "$r" -o "$o/$name" >"$o/$name.out" 2>&1
    echo "$name $?" >>"$o/rc"
  done
}

run_all() {  # BINARY OUT
  mkdir -p "$2"
  cd "$src" || exit 2
  "run_$mode" "$1" "$2"
}

norm_json() {
  jq -S 'walk(if type == "object" then del(.context, .seconds, .plan_seconds) else . end)
         | walk(if type == "string" then gsub("[0-9a-f]{40}(-dirty)?"; "COMMIT") else . end)' "$1"
}
# The commit, the output folder, the date and the wall times (the paper estimate's last column among them).
norm_text() {  # FILE ROOT
  sed -E "s/[0-9a-f]{40}(-dirty)?/COMMIT/g; s#$2/##g; s/[0-9.e+-]+ s\b/T s/g; s/[0-9]+ s\)/T s)/g;
          s/(took|Time:) [0-9.e+-]+/\1 T/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z/DATE/g; s/\) \| [0-9.e+-]+ \|$/) | T |/" "$1"
}

compare() {  # OLD_DIR NEW_DIR
  local a="$1" b="$2" bad=0 f
  if [ -e "$a/rc" ] || [ -e "$b/rc" ]; then cmp -s "$a/rc" "$b/rc" || { echo "DIFF exit statuses"; bad=1; }; fi
  while IFS= read -r f; do
    case "$f" in
      *.json) cmp -s <(norm_json "$a/$f") <(norm_json "$b/$f") || { echo "DIFF $f"; bad=1; } ;;
      *.md | *.out) cmp -s <(norm_text "$a/$f" "$a") <(norm_text "$b/$f" "$b") || { echo "DIFF $f"; bad=1; } ;;
      *.dat | *.gp) cmp -s "$a/$f" "$b/$f" || { echo "DIFF $f"; bad=1; } ;;
    esac
  done < <(cd "$a" && find . -type f | sort)
  while IFS= read -r f; do [ -e "$a/$f" ] || { echo "ONLY IN NEW $f"; bad=1; }; done < <(cd "$b" && find . -type f | sort)
  [ "$bad" = 0 ] && echo IDENTICAL || echo DIFFERENT
  return "$bad"
}

if [ "$mode" = compare ]; then
  compare "$(cd "$old" && pwd)" "$(cd "$new" && pwd)"
  exit $?
fi
work=$(mktemp -d)
echo "outputs in $work"
run_all "$old" "$work/old"
run_all "$new" "$work/new"
compare "$work/old" "$work/new"
