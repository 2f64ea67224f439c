# The start of every project shell script (scripts/*.sh, bench/*.sh) and the helpers they
# share. Sourcing it (`. "$(dirname "$0")/lib.sh"`) makes the script stop at the first failing
# command, unset variable or failing pipe, and moves it to the repository root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# stop_children PID…: asks each of this shell's children to stop (SIGTERM), then waits for
# each; a pid that is empty or already gone is skipped. Always succeeds (used in traps).
stop_children() {
  local p
  for p in "$@"; do [ -z "$p" ] || kill "$p" 2>/dev/null || true; done
  for p in "$@"; do [ -z "$p" ] || wait "$p" 2>/dev/null || true; done
}

# wait_for_health URL PID LOG: polls URL/health every 0.2 s for up to two minutes while the
# server PID runs; fails with the end of LOG when the server stops or never answers.
wait_for_health() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 1 600); do
    curl -sf "$url/health" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the server at $url did not answer (log $log):" >&2
  tail -20 "$log" >&2
  return 1
}
