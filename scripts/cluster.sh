#!/usr/bin/env bash
# A local caremap cluster: PostgreSQL, two (or more) caremap servers on it and nginx in front,
# all on 127.0.0.1, for operators trying a multi-server set-up and for the tests.
#
#   ./scripts/cluster.sh                     # 2 servers, the sample loaded, proxy on :8080
#   SERVERS=3 PORT=9000 ./scripts/cluster.sh
#   CLUSTER_DIR=/tmp/c ./scripts/cluster.sh --no-sample
#
# Everything lives in $CLUSTER_DIR (default: a new temporary folder, removed at the end):
# pg/ (the database cluster and its log), server-N/ (each server's text index and log),
# nginx/ (configuration and logs). The servers listen on $PORT+1 … $PORT+N, PostgreSQL on
# $PG_PORT. The script prints the proxy's address once every server answers, then waits
# (a server that stops is reported and the others go on serving); Ctrl-C (or SIGTERM) stops
# nginx, the servers and PostgreSQL, in that order.
#
# Environment: SERVERS (2), PORT (8080), PG_PORT (55433), CAREMAP_BIN (default: builds
# target/release/caremap), FEED_POLL_MS (500).
# Installs postgresql and nginx from Debian when missing.
. "$(dirname "$0")/lib.sh"

SERVERS=${SERVERS:-2}
PORT=${PORT:-8080}
PG_PORT=${PG_PORT:-55433}
FEED_POLL_MS=${FEED_POLL_MS:-500}
SAMPLE=--sample
[ "${1:-}" = "--no-sample" ] && SAMPLE=""

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -z "${CAREMAP_BIN:-}" ]; then
  ./scripts/build-site.sh
  cargo build --release --locked -p server --bin caremap
  CAREMAP_BIN=target/release/caremap
fi

KEEP_DIR=1
if [ -z "${CLUSTER_DIR:-}" ]; then
  CLUSTER_DIR=$(mktemp -d /tmp/caremap-cluster.XXXXXX)
  KEEP_DIR=0
fi
mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
# PostgreSQL runs as its own user: it must be able to pass through the folder.
chmod a+x "$CLUSTER_DIR"

PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pids=()
nginx_started=0
pg_started=0
stop() {
  trap - EXIT INT TERM
  if [ "$nginx_started" = 1 ]; then
    /usr/sbin/nginx -p "$CLUSTER_DIR/nginx" -c nginx.conf -s stop 2>/dev/null || true
  fi
  stop_children "${pids[@]}"
  if [ "$pg_started" = 1 ]; then
    run_pg "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/pg/data" -m fast -w stop >/dev/null || true
  fi
  [ "$KEEP_DIR" = 0 ] && rm -rf "$CLUSTER_DIR"
  true
}
trap stop EXIT
trap 'exit 130' INT TERM

# PostgreSQL: a cluster of its own, trust authentication on 127.0.0.1 only.
mkdir -p "$CLUSTER_DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres "$CLUSTER_DIR/pg"
if [ ! -d "$CLUSTER_DIR/pg/data" ]; then
  run_pg "$PG_BIN/initdb" -D "$CLUSTER_DIR/pg/data" -U caremap --auth=trust -E UTF8 \
    --locale=C.UTF-8 >/dev/null
fi
run_pg "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/pg/data" -l "$CLUSTER_DIR/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $CLUSTER_DIR/pg -c max_connections=100" \
  start >/dev/null
pg_started=1
DB_URL="postgres://caremap@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL: $DB_URL"

# The servers, one after the other: the first migrates the database (and loads the sample
# into an empty one); the others open what it wrote.
upstreams=""
for i in $(seq 1 "$SERVERS"); do
  port=$((PORT + i))
  dir="$CLUSTER_DIR/server-$i"
  mkdir -p "$dir"
  CAREMAP_DATABASE_URL="$DB_URL" CAREMAP_FEED_POLL_MS="$FEED_POLL_MS" \
    "$CAREMAP_BIN" serve --data-dir "$dir" --http-addr "127.0.0.1:$port" $SAMPLE \
    >"$dir/log" 2>&1 &
  pids+=($!)
  wait_for_health "http://127.0.0.1:$port" "${pids[-1]}" "$dir/log"
  echo "server $i: http://127.0.0.1:$port (log $dir/log)"
  upstreams+="    server 127.0.0.1:$port max_fails=2 fail_timeout=5s;"$'\n'
done

# nginx in front: least connections; a server that fails is skipped for 5 s; a request that
# could not reach a server is retried on the next only when it changes nothing (GET, HEAD).
mkdir -p "$CLUSTER_DIR/nginx/logs"
cat >"$CLUSTER_DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $CLUSTER_DIR/nginx/nginx.pid;
error_log $CLUSTER_DIR/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log $CLUSTER_DIR/nginx/logs/access.log;
  client_body_temp_path $CLUSTER_DIR/nginx/body;
  proxy_temp_path $CLUSTER_DIR/nginx/proxy;
  fastcgi_temp_path $CLUSTER_DIR/nginx/fastcgi;
  uwsgi_temp_path $CLUSTER_DIR/nginx/uwsgi;
  scgi_temp_path $CLUSTER_DIR/nginx/scgi;
  upstream caremap {
    least_conn;
$upstreams    keepalive 32;
  }
  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 1m;
    location / {
      proxy_pass http://caremap;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
    }
  }
}
EOF
/usr/sbin/nginx -p "$CLUSTER_DIR/nginx" -c nginx.conf -t -q
/usr/sbin/nginx -p "$CLUSTER_DIR/nginx" -c nginx.conf
nginx_started=1
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "caremap cluster: http://127.0.0.1:$PORT ($SERVERS servers; Ctrl-C stops it)"
echo "accounts: CAREMAP_DATABASE_URL=$DB_URL $CAREMAP_BIN admin create-user --email … --role admin --password-stdin"
[ -n "${CLUSTER_READY_FILE:-}" ] && echo "$PORT" >"$CLUSTER_READY_FILE"
# A server that stops (or is killed) is reported; nginx sends its requests to the others, and
# the cluster runs on until Ctrl-C or until no server is left.
declare -A reported=()
while sleep 1; do
  left=0
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      left=$((left + 1))
    elif [ -z "${reported[$i]:-}" ]; then
      reported[$i]=1
      echo "server $((i + 1)) stopped (log $CLUSTER_DIR/server-$((i + 1))/log); the others go on" >&2
    fi
  done
  [ "$left" -gt 0 ] || { echo "no server is left; stopping" >&2; exit 1; }
done
