# Sourced by the shell tests: `expect CODE PATTERN -- command...` runs the command and counts a pass
# when it exits with CODE and its output (stdout and stderr) matches the extended regex PATTERN,
# else prints the command, its exit code and the head of its output and counts a failure.
failures=0
passes=0

expect() {
  local code="$1" pattern="$2"
  shift 3
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $* -> exit $status (expected $code), output:"
    echo "$out" | head -n 5
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}
