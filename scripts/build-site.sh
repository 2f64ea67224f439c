#!/usr/bin/env bash
# Builds the site's browser side into target/site (or $CAREMAP_SITE_DIR): the hydrating wasm
# (frontend, feature `hydrate`, profile wasm-release, optimised with wasm-opt), caremap's own
# styles and map script, and Leaflet + Leaflet.markercluster from npm (served by caremap itself,
# never from a CDN); then names the wasm and its loader by their content and compresses every
# text file ahead of time (frontend/js/finish-site.js). Installs what is missing: the wasm32 target, wasm-bindgen-cli (the exact
# version of the wasm-bindgen crate) and the npm packages of frontend/js.
. "$(dirname "$0")/lib.sh"

SITE=${CAREMAP_SITE_DIR:-target/site}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
WASM_BINDGEN_VERSION=0.2.130   # = the wasm-bindgen pin in Cargo.toml
PROFILE=${CAREMAP_WASM_PROFILE:-wasm-release}

if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  # Only the one binary, unoptimised: it builds in about a minute instead of five, and its output
  # is byte-identical (it only runs a few seconds longer per site build).
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about a minute, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --debug --bin wasm-bindgen
fi
if ! command -v npm >/dev/null; then
  echo "installing nodejs and npm (Debian)"
  as_root apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -d frontend/js/node_modules/leaflet ] || [ frontend/js/package-lock.json -nt frontend/js/node_modules/.package-lock.json ]; then
  (cd frontend/js && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== site: wasm ($PROFILE)"
# Source paths in the wasm's panic locations shortened. A target's own flags replace the
# workspace's (.cargo/config.toml), so leptos' `erase_components` is repeated here: the server
# is built with it too, and the two must agree.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components \
--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=crates --remap-path-prefix=$PWD=caremap"
cargo build --locked -p frontend --lib --target wasm32-unknown-unknown --features hydrate --profile "$PROFILE"
profile_dir=$PROFILE; [ "$PROFILE" = dev ] && profile_dir=debug
mkdir -p "$SITE/pkg" "$SITE/assets/vendor"
wasm-bindgen --target web --no-typescript --out-dir "$SITE/pkg" --out-name caremap \
  "$TARGET_DIR/wasm32-unknown-unknown/$profile_dir/frontend.wasm"
if [ "$PROFILE" != dev ]; then
  frontend/js/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    -o "$SITE/pkg/caremap_bg.wasm" "$SITE/pkg/caremap_bg.wasm"
fi

echo "== site: assets"
cp -R frontend/assets/. "$SITE/assets/"
rm -rf "$SITE/assets/vendor/leaflet" "$SITE/assets/vendor/leaflet.markercluster"
cp -R frontend/js/node_modules/leaflet/dist "$SITE/assets/vendor/leaflet"
cp -R frontend/js/node_modules/leaflet.markercluster/dist "$SITE/assets/vendor/leaflet.markercluster"
# Leaflet's unminified sources are not served (the minified files and their maps are).
rm -f "$SITE"/assets/vendor/*/*-src.js "$SITE"/assets/vendor/*/*-src.esm.js
echo "== site: content-named files, compressed ahead of time"
node frontend/js/finish-site.js "$SITE" caremap
echo "site built in $SITE"
