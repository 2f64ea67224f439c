#!/usr/bin/env bash
# Runs the caremap site: builds its browser files (scripts/build-site.sh), then serves with
# embedded SQLite in ./data (or $CAREMAP_DATA_DIR), the fictional sample municipality loaded (--sample) when
# the store is empty and has never received real data, listening on $CAREMAP_HTTP_ADDR (127.0.0.1:8080).
. "$(dirname "$0")/lib.sh"
command -v cargo >/dev/null || { echo "install Rust (rustup) first" >&2; exit 1; }
./scripts/build-site.sh
exec cargo run --release --locked -p server --bin caremap -- serve --sample "$@"
