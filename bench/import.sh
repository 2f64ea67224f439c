#!/usr/bin/env bash
# The national import, timed: `caremap-indexer import mhlw-csv` of the shared generator's set
# into a fresh data folder, several times, alternating between binaries so that each round sees
# the same machine (on this kind of machine the same binary runs 12–21 s as the host's load
# comes and goes: compare binaries only round by round).
#
#   ./bench/import.sh                                  # the release build, 3 runs of 500k
#   RUNS=6 ./bench/import.sh /tmp/before ./target/release/caremap-indexer   # paths from the
#                                                   # repository root, or absolute
#   SIZE=54k NO_BUILD=1 ./bench/import.sh
#
# Prints per run: wall, user and system CPU, peak resident memory and the import's phases (ms
# since its start, from its log line); then per binary the runs' median and fastest.
. "$(dirname "$0")/../scripts/lib.sh"

SIZE=${SIZE:-500k}
RUNS=${RUNS:-3}
DATA=target/bench-data
SET="$DATA/kaigo_$SIZE.csv"

if [ ! -f "$SET" ]; then
  python3 ../shared/bench/make_sets.py --out "$DATA" --mhlw
fi
if [ "$#" -eq 0 ]; then
  [ -n "${NO_BUILD:-}" ] || cargo build --release --locked -p indexer
  set -- ./target/release/caremap-indexer
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for round in $(seq "$RUNS"); do
  for bin in "$@"; do
    rm -rf "$work/data"
    RUST_LOG=info /usr/bin/time -o "$work/time" -f "%e %U %S %M" \
      "$bin" --data-dir "$work/data" import mhlw-csv "$SET" > /dev/null 2> "$work/log"
    read -r wall user sys peak < "$work/time"
    phases=$(sed 's/\x1b\[[0-9;]*m//g' "$work/log" | grep -oE 'phases=\[.*\]' | tr -d ' "()[]' \
      | sed 's/phases=//')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$bin" "$wall" "$user" "$sys" \
      "$((peak / 1024))" "$phases" | tee -a "$work/runs"
  done
done

python3 - "$work/runs" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    _, binary, wall = line.split('\t')[:3]
    runs.setdefault(binary, []).append(float(wall))
print()
print("| binary | runs | median wall (s) | fastest (s) |")
print("|---|---|---|---|")
for binary, walls in runs.items():
    print(f"| {binary} | {len(walls)} | {statistics.median(walls):.2f} | {min(walls):.2f} |")
EOF
