#!/usr/bin/env bash
# Exercises the whole HTTP API from its own OpenAPI document with schemathesis (from PyPI):
# every operation with the documented examples, the boundary values of every parameter and
# body, invalid values (which must be refused with a documented 4xx) and undeclared methods
# (405), signed in as an administrator so that the writes get past the session check.
#
#   ./scripts/fuzz-api.sh                 # the test command runs it like this
#   FUZZ_EXAMPLES=200 FUZZ_SEED=7 ./scripts/fuzz-api.sh
#
# Fails on any 5xx, any status, content type, header or body the document does not describe,
# an invalid request that is accepted, or a wrong answer to an undeclared method. Not
# checked: that every schema-valid request is accepted (`positive_data_acceptance`) — the
# server's validation knows more than a schema can say (an empty listing name, lat without
# lng, `sort=distance` without a point, a schedule slot that ends where it starts).
#
# Starts the debug server (or $CAREMAP_BIN) on a temporary data folder with the sample and
# stops it on exit.
. "$(dirname "$0")/lib.sh"

EXAMPLES=${FUZZ_EXAMPLES:-15}
SEED=${FUZZ_SEED:-1}
PORT=${FUZZ_PORT:-18392}
VENV=target/schemathesis
SCHEMATHESIS=4.32.5

if [ ! -x "$VENV/bin/schemathesis" ]; then
  echo "installing schemathesis $SCHEMATHESIS (PyPI)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS"
fi
# The test command passes the binary its test run built (CAREMAP_BIN=target/debug/caremap);
# building it here would compile with other features and make the next test run compile again.
if [ -z "${CAREMAP_BIN:-}" ]; then
  cargo build --locked -q -p server --bin caremap
fi
BIN=${CAREMAP_BIN:-target/debug/caremap}

DIR=$(mktemp -d /tmp/caremap-fuzz.XXXXXX)
pid=""
cleanup() {
  stop_children "$pid"
  rm -rf "$DIR"
  true
}
trap cleanup EXIT

"$BIN" serve --data-dir "$DIR/data" --http-addr "127.0.0.1:$PORT" --sample >"$DIR/log" 2>&1 &
pid=$!
BASE="http://127.0.0.1:$PORT"
wait_for_health "$BASE" "$pid" "$DIR/log"
PASSWORD="fuzzing admin passphrase"
echo "$PASSWORD" | "$BIN" admin create-user --data-dir "$DIR/data" --email fuzz@example.jp \
  --role admin --password-stdin >/dev/null
curl -sf -c "$DIR/cookies" -H 'content-type: application/json' \
  -d "{\"email\":\"fuzz@example.jp\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" >"$DIR/login.json"
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$DIR/login.json")
SESSION=$(awk '$6 == "caremap_session" { print $7 }' "$DIR/cookies")

# Signing out would end the session the rest of the run uses. Run from the temporary folder:
# schemathesis keeps a cache of what it found in the working directory.
SCHEMATHESIS_BIN=$(cd "$VENV/bin" && pwd)/schemathesis
cd "$DIR"
"$SCHEMATHESIS_BIN" run "$BASE/api/v1/openapi.json" --url "$BASE" \
  --checks all --exclude-checks positive_data_acceptance \
  --phases examples,coverage,fuzzing -n "$EXAMPLES" --seed "$SEED" --request-timeout 30 \
  --exclude-path /api/v1/auth/logout \
  -H "Cookie: caremap_session=$SESSION" -H "X-CSRF-Token: $CSRF" \
  --no-color
