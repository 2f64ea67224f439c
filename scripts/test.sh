#!/usr/bin/env bash
# Runs every check and test of caremap: formatting, clippy (server and browser code, while they
# compile), the site's browser build, the whole test suite on SQLite (including the site in
# Debian's headless Chromium, and the cluster tests, which start PostgreSQL servers of their
# own), the API fuzzed from its OpenAPI document (scripts/fuzz-api.sh), and the store and
# engine suites again on PostgreSQL (Debian's, started on 127.0.0.1 for the run and stopped
# afterwards). Installs what is missing first.
. "$(dirname "$0")/lib.sh"

# The cluster tests start PostgreSQL servers of their own and stop them when they end; a test
# process that aborts cannot, so whatever is left is stopped when this script ends.
stray_pg() {
  for d in /tmp/caremap-test-pg*; do
    [ -d "$d/data" ] || continue
    ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$ctl" -D "$d/data" -m immediate stop >/dev/null 2>&1 || true
    else "$ctl" -D "$d/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$d"
  done
}
trap stray_pg EXIT

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing postgresql (Debian)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

missing=""
command -v chromium >/dev/null || missing="$missing chromium"
command -v chromedriver >/dev/null || missing="$missing chromium-driver"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
command -v npm >/dev/null || missing="$missing nodejs npm"
# pkill: the browser tests stop every Chromium process of a session they did not close.
command -v pkill >/dev/null || missing="$missing procps"
# The API fuzzer (scripts/fuzz-api.sh) runs schemathesis from PyPI in a virtual environment.
python3 -m venv --help >/dev/null 2>&1 || missing="$missing python3-venv"
if [ -n "$missing" ]; then
  echo "installing$missing (Debian)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# A one-off build gains nothing from incremental state; it only costs disk and time.
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi

echo "== fmt"
cargo fmt --all --check
# Clippy lints the workspace's own crates while they are compiled — for the browser (the site
# build) and for the tests — exactly as `cargo clippy … -- -D warnings` would (the same driver
# and arguments cargo-clippy hands it), so no dependency is compiled a second time just to be
# checked. (The site's wasm comes out byte-identical either way.) Every cargo call below keeps
# these two settings, so none rebuilds the others' crates.
export RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
RUSTC_WORKSPACE_WRAPPER=$(rustup which clippy-driver)
CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
echo "== site build and clippy (the browser code, wasm32)"
./scripts/build-site.sh
echo "== build and clippy (every target of the workspace)"
cargo test --workspace --all-targets --locked --no-run
echo "== tests (SQLite; the site in headless Chromium)"
cargo test --workspace --locked

echo "== the API fuzzed from its OpenAPI document (schemathesis)"
CAREMAP_BIN=target/debug/caremap ./scripts/fuzz-api.sh

echo "== store and engine suites (PostgreSQL)"
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PG_DIR=$(mktemp -d /tmp/caremap-pg.XXXXXX)
PG_PORT=${CAREMAP_TEST_PG_PORT:-55432}
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U caremap --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null
stop_pg() { run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true; rm -rf "$PG_DIR"; }
trap 'stop_pg; stray_pg' EXIT
# --workspace keeps the feature set of the run above, so nothing is rebuilt.
CAREMAP_TEST_POSTGRES_URL="postgres://caremap@127.0.0.1:$PG_PORT/postgres" \
  cargo test --workspace --locked --test core -- editorial:: engine:: review:: snapshot:: \
    kosei::a_newer_list_updates_claims_and_closes_what_it_lacks
CAREMAP_TEST_POSTGRES_URL="postgres://caremap@127.0.0.1:$PG_PORT/postgres" \
  cargo test --workspace --locked --lib -- store::tests
echo "all checks passed"
