#!/usr/bin/env bash
# The README's worked example on the real data, timed: a fresh data folder gets the municipal
# boundaries, the country's address points, the two national care files, the seven 厚生局
# lists, 枚方市's 13 日常生活圏域 and its three layers (release build), then the geocoder is
# measured on the 54,449 care-file addresses. Prints each step's report and wall time, then the
# geocoder's figures as JSON. Figures go to BENCHMARKS.md.
. "$(dirname "$0")/../scripts/lib.sh"
R=${CAREMAP_REAL_DATA:-../shared/data/real}
DIR=${1:-target/bench-real}
cargo build --release --locked -p indexer --bin caremap-indexer >/dev/null
rm -rf "$DIR"
I() { ./target/release/caremap-indexer --data-dir "$DIR" "$@"; }
step() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@"
  t1=$(date +%s%N)
  echo "$name: $(( (t1 - t0) / 1000000 )) ms"
}
step "municipalities (1,894 boundaries)" I import municipalities "$R/boundaries/N03-21_210101_municipalities.geojson"
step "addresses (277,676 町丁目)" I import addresses "$R/addresses"
step "national care files (54,449 rows)" I import mhlw-csv "$R/kaigo_130_houmonkango.csv" "$R/kaigo_430_kyotaku.csv"
step "厚生局 lists (7 prefectures)" I import kosei "$R"/kosei/*.xlsx
step "枚方市 13 圏域" I import areas "$R/hirakata/chiiki_houkatsu.geojson" --municipality 272108 \
  --id 'hirakata-area-{area_id}' --name '第{area_id}圏域（{center_name}）' \
  --description '小学校区：{school_districts}' --source-id hirakata-areas \
  --credit '枚方市 地域包括支援センター担当圏域（「国土数値情報（小学校区データ）（国土交通省）」を基に fukushi_map プロジェクトが作成）を加工して作成'
step "枚方市 care offices" I import table "$R/hirakata/jigyosho.geojson" --mapping mappings/hirakata/care-offices.toml
step "枚方市 medical institutions" I import table "$R/hirakata/medical.geojson" --mapping mappings/hirakata/medical.toml
step "枚方市 地域包括支援センター" I import table "$R/hirakata/houkatsu_centers.geojson" --mapping mappings/hirakata/support-centers.toml
I stats | python3 -c 'import json,sys; s=json.load(sys.stdin); print("listings", s["facilities"], "areas", s["areas"])'
step "geocode-check" I geocode-check "$R/kaigo_130_houmonkango.csv" "$R/kaigo_430_kyotaku.csv"
