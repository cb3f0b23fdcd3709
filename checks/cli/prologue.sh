# Sourced first by the CLI tests (from the test's own arguments, SCAE_BINARY [SOURCE_DIR]): `set -u`,
# $scae and $src, a temporary folder $tmp removed on exit, and `expect` with its counters
# (checks/expect.sh).
set -u
scae="$1"
src="${2:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../expect.sh"
