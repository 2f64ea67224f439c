#!/usr/bin/env bash
# Soak of two servers on one PostgreSQL behind nginx (scripts/cluster.sh): MINUTES minutes of
# the shared workload's searches at saturation (wrk, CONNS connections, replayed round-robin
# over Q1–Q5 and Q4r) with editors renaming listings through the proxy at the same time; every minute
# the throughput, p99 latency and 5xx of the searches and both servers' resident memory; at the
# end a check that every acknowledged edit is what both servers answer.
#
#   ./bench/soak.sh                       # 10 minutes, the 54k set, searches at saturation
#   MINUTES=2 CONNS=8 ./bench/soak.sh
#   SEARCH_RATE=600 EDITORS=8 ./bench/soak.sh   # searches paced at about 600 a second
#
# Writes target/soak-results.md. Not part of the test command (it takes MINUTES + ~3).
. "$(dirname "$0")/../scripts/lib.sh"

MINUTES=${MINUTES:-10}
CONNS=${CONNS:-16}
EDITORS=${EDITORS:-2}
SEARCH_RATE=${SEARCH_RATE:-0}
PORT=${PORT:-18480}
PG_PORT=${PG_PORT:-55480}
DATA=target/bench-data
OUT=target/soak-results.md

command -v wrk >/dev/null || { echo "installing wrk (Debian)"; as_root apt-get install -y -qq wrk >/dev/null; }
[ -f "$DATA/kaigo_54k.csv" ] || python3 ../shared/bench/make_sets.py --out "$DATA" --mhlw
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q -p server --bin caremap -p indexer --bin caremap-indexer

WORK=$(mktemp -d /tmp/caremap-soak.XXXXXX)
chmod a+x "$WORK" # PostgreSQL (its own user) passes through to the cluster's folder
cluster=""
cleanup() {
  touch "$WORK/stop"
  stop_children "$cluster"
  rm -rf "$WORK"
  true
}
trap cleanup EXIT

# The cluster, empty; then the 54k set imported by the indexer while the servers run (they
# take it from the change feed).
CAREMAP_BIN=target/release/caremap CLUSTER_DIR="$WORK/cluster" CLUSTER_READY_FILE="$WORK/ready" \
  PORT=$PORT PG_PORT=$PG_PORT ./scripts/cluster.sh --no-sample >"$WORK/cluster.log" 2>&1 &
cluster=$!
for _ in $(seq 1 600); do
  [ -f "$WORK/ready" ] && break
  kill -0 "$cluster" 2>/dev/null || break
  sleep 0.5
done
[ -f "$WORK/ready" ] || { cat "$WORK/cluster.log" >&2; exit 1; }
export CAREMAP_DATABASE_URL="postgres://caremap@127.0.0.1:$PG_PORT/postgres"
started=$(date +%s.%N)
target/release/caremap-indexer --data-dir "$WORK/indexer" import mhlw-csv "$DATA/kaigo_54k.csv" >/dev/null
imported=$(date +%s.%N)
total() { curl -sf "http://127.0.0.1:$1/api/v1/search?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
for p in $((PORT + 1)) $((PORT + 2)); do
  until [ "$(total $p)" -ge 50000 ]; do sleep 0.2; done
done
followed=$(date +%s.%N)
echo "import $(python3 -c "print(round($imported - $started, 1))") s; on both servers $(python3 -c "print(round($followed - $imported, 1))") s later"

echo "soak measurement passphrase" >"$WORK/pw"
target/release/caremap admin create-user --data-dir "$WORK/cli" --email soak@example.jp --role admin \
  --password-stdin <"$WORK/pw" >/dev/null
mkdir -p "$WORK/paths"
python3 bench/workload.py urls "$DATA/workload_54k.jsonl" "$WORK/paths" >/dev/null
# The six query types interleaved: line i of every type, in turn.
paste -d '\n' "$WORK"/paths/Q1.txt "$WORK"/paths/Q2.txt "$WORK"/paths/Q3.txt "$WORK"/paths/Q4.txt \
  "$WORK"/paths/Q4r.txt "$WORK"/paths/Q5.txt | grep -v '^$' >"$WORK/mixed.txt"
curl -sf "http://127.0.0.1:$PORT/api/v1/search?per_page=200&sort=id" |
  python3 -c 'import json,sys; print("\n".join(h["id"] for h in json.load(sys.stdin)["hits"]))' >"$WORK/ids.txt"

python3 bench/soak-edits.py run --proxy "http://127.0.0.1:$PORT" --email soak@example.jp \
  --password-file "$WORK/pw" --ids "$WORK/ids.txt" --log "$WORK/edits.log" \
  --stop-file "$WORK/stop" --editors "$EDITORS" >"$WORK/edits.out" 2>&1 &
editors=$!

pid_of() { pgrep -f "caremap serve --data-dir $WORK/cluster/server-$1" | head -n 1; }
rss_mib() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }
{
  echo "# Soak: two servers on one PostgreSQL behind nginx ($(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "$MINUTES min of the 54k workload's searches (Q1–Q5 and Q4r interleaved) through nginx, wrk -t2 -c$CONNS"
  echo "(SEARCH_RATE=$SEARCH_RATE: 0 is as fast as the cluster answers, else paced),"
  echo "with $EDITORS editors renaming listings through nginx at the same time."
  echo
  echo "| minute | searches/s | p50 | p99 | non-2xx | edits so far | edits' share | RSS server 1 MiB | RSS server 2 MiB |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$OUT"
s1=$(pid_of 1); s2=$(pid_of 2)
# Paced: each connection waits CONNS × 1000 / SEARCH_RATE ms after each answer.
delay=0
[ "$SEARCH_RATE" -gt 0 ] && delay=$((CONNS * 1000 / SEARCH_RATE))
edits_before=0
for m in $(seq 1 "$MINUTES"); do
  REPLAY_DELAY_MS=$delay wrk -t2 -c"$CONNS" -d60s --latency -s bench/replay.lua \
    "http://127.0.0.1:$PORT" -- "$WORK/mixed.txt" >"$WORK/wrk.txt"
  rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
  bad=$(awk '/Non-2xx/ { print $5 }' "$WORK/wrk.txt")
  edits=$(wc -l <"$WORK/edits.log")
  share=$(python3 -c "e = ($edits - $edits_before) / 60; print(f'{100 * e / (e + $rps):.1f} %')")
  edits_before=$edits
  echo "| $m | $rps | $p50 | $p99 | ${bad:-0} | $edits | $share | $(rss_mib "$s1") | $(rss_mib "$s2") |" | tee -a "$OUT"
done
touch "$WORK/stop"
wait "$editors" || true
cat "$WORK/edits.out"
python3 bench/soak-edits.py check --servers "http://127.0.0.1:$((PORT + 1)),http://127.0.0.1:$((PORT + 2))" \
  --log "$WORK/edits.log" | tee -a "$OUT"
grep -h "edits failed" "$WORK/edits.out" >>"$OUT" || true
echo "results: $OUT"
