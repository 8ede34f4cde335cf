#!/usr/bin/env bash
# Times whole `tomc check` and `tomc build` processes on generated models: the best wall
# time of RUNS runs (default 3) with that run's peak memory. Usage:
#   scripts/bench-process.sh [SIZES...]        default: 1000 10000 100000
# Models are generated under target/bench-models/ (once per size); sites are built into
# SITE_DIR (default target/bench-sites; a tmpfs such as /dev/shm leaves the disk out of
# the figure). Prints a Markdown table. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${RUNS:-3}
sites=${SITE_DIR:-target/bench-sites}
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen-model
bin=target/release/tomc
gen=target/release/examples/gen-model
mkdir -p target/bench-models "$sites"

best() { # the best wall time of $runs runs of "$@", with that run's peak memory
  local best_t="" best_m="" t m record
  record=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$record" -f "%e %M" "$@" >/dev/null 2>&1 || true
    read -r t m <"$record"
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
  done
  rm -f "$record"
  echo "$best_t s, $((best_m / 1024)) MB"
}

echo "| elements | files | YAML | tomc check | tomc check, one thread | tomc check --format json | tomc build |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir=target/bench-models/$n
  if [ ! -f "$dir/tom.yaml" ]; then
    rm -rf "$dir"
    "$gen" --elements "$n" --out "$dir" >/dev/null
  fi
  files=$(find "$dir" -name '*.yaml' | wc -l)
  size=$(du -sh --apparent-size "$dir" | cut -f1)
  check=$(best "$bin" check "$dir")
  single=$(TOMC_THREADS=1 best "$bin" check "$dir")
  json=$(best "$bin" check "$dir" --format json)
  build=$(best "$bin" build "$dir" -o "$sites/site-$n")
  echo "| $n | $files | $size | $check | $single | $json | $build |"
done
