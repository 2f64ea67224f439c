#!/usr/bin/env bash
# HTTP load benchmark of `caremap serve` on the shared workload (../shared/bench/README.md).
#
#   ./bench/run.sh                      # both sizes, 2 and 8 connections, 10 s per run
#   SIZES=54k DURATION=30 ./bench/run.sh
#   CAREMAP_TEXT_CACHE_WORDS=0 TYPES="Q2 Q4" ./bench/run.sh     # without the word cache
#
# Builds the sets with ../shared/bench/make_sets.py (once), imports them with caremap-indexer
# (once per data folder), starts the release server, checks a sample of answers against the
# README's definitions (bench/workload.py check), then replays each query type with wrk and
# writes target/bench-http-results.md.
. "$(dirname "$0")/../scripts/lib.sh"

SIZES=${SIZES:-"54k 500k"}
CONNS=${CONNS:-"2 8"}
DURATION=${DURATION:-10}
TYPES=${TYPES:-"Q1 Q2 Q3 Q4 Q4r Q5"}
PORT=${PORT:-18181}
CHECK=${CHECK:-20}
DATA=target/bench-data
OUT=target/bench-http-results.md

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y wrk
fi
if [ ! -f "$DATA/kaigo_500k.csv" ] || [ ! -f "$DATA/workload_500k.jsonl" ]; then
  python3 ../shared/bench/make_sets.py --out "$DATA" --mhlw
fi
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -p server -p indexer   # NO_BUILD=1: the binaries as built

server_pid=""
cleanup() { stop_children "$server_pid"; }
trap cleanup EXIT

{
  echo "# HTTP load benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
  echo
  echo "\`DURATION=$DURATION CONNS=\"$CONNS\" SIZES=\"$SIZES\" ./bench/run.sh\`; wrk 1 thread, GET with JSON answers;"
  echo "word cache ${CAREMAP_TEXT_CACHE_WORDS:-256} words (CAREMAP_TEXT_CACHE_WORDS)."
  echo
  echo "| size | type | conns | req/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|---|---|"
} > "$OUT"

for size in $SIZES; do
  dir="$DATA/caremap-$size"
  want=$(($(wc -l < "$DATA/kaigo_$size.csv") - 1))
  have=$(./target/release/caremap-indexer --data-dir "$dir" stats 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["facilities"])' 2>/dev/null || echo 0)
  if [ "$have" != "$want" ]; then
    echo "importing $size ($want rows) into $dir"
    ./target/release/caremap-indexer --data-dir "$dir" import mhlw-csv "$DATA/kaigo_$size.csv"
  fi
  mkdir -p "$DATA/urls-$size"
  python3 bench/workload.py urls "$DATA/workload_$size.jsonl" "$DATA/urls-$size"

  RUST_LOG=warn ./target/release/caremap serve --data-dir "$dir" --http-addr "127.0.0.1:$PORT" \
    > "target/bench-server-$size.log" 2>&1 &
  server_pid=$!
  wait_for_health "http://127.0.0.1:$PORT" "$server_pid" "target/bench-server-$size.log"
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$server_pid/status")
  echo "server up on $size (RSS ${rss} MiB)"

  if [ "$CHECK" -gt 0 ]; then
    python3 bench/workload.py check "$DATA/workload_$size.jsonl" "$DATA/facilities_$size.csv" \
      "http://127.0.0.1:$PORT" --per-type "$CHECK"
  fi

  # Warm up once over every query.
  for t in $TYPES; do
    wrk -t 1 -c 2 -d 2s -s bench/replay.lua "http://127.0.0.1:$PORT" -- "$DATA/urls-$size/$t.txt" >/dev/null
  done
  for t in $TYPES; do
    for c in $CONNS; do
      res=$(wrk -t 1 -c "$c" -d "${DURATION}s" --latency -s bench/replay.lua \
        "http://127.0.0.1:$PORT" -- "$DATA/urls-$size/$t.txt")
      rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$res")
      p50=$(awk '$1=="50%" {print $2}' <<<"$res")
      p99=$(awk '$1=="99%" {print $2}' <<<"$res")
      errs=$(awk '/Non-2xx/ {print $NF}' <<<"$res"); errs=${errs:-0}
      to_ms() { python3 -c "import sys,re; v=sys.argv[1]; n=float(re.sub('[a-z]+','',v)); u=re.sub('[0-9.]+','',v); print('%.2f' % (n*{'us':0.001,'ms':1,'s':1000,'m':60000}[u]))" "$1"; }
      line="| $size | $t | $c | $rps | $(to_ms "$p50") | $(to_ms "$p99") | $errs |"
      echo "$line" | tee -a "$OUT"
    done
  done
  echo "| $size | server RSS | | ${rss} MiB | | | |" >> "$OUT"
  cleanup; server_pid=""
done
echo "written $OUT"
