#!/usr/bin/env bash
# Times whole `tomc check` and `tomc build` processes on generated models: the best wall
# time of RUNS runs (default 3) with that run's peak memory, and beside them, in the same
# run, the yardsticks of the YAML front end: the parser's events alone and serde-saphyr
# into nothing, both on every core (examples/yaml-floor.rs). "check ÷ events" is the
# ratio the targets in docs/performance.md are set in; it holds on a noisy machine where
# the absolute times do not. Usage:
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
cargo build --release --locked --quiet --example gen-model --example yaml-floor
bin=target/release/tomc
gen=target/release/examples/gen-model
floor=target/release/examples/yaml-floor
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

ratio() { # the first wall time over the second, from two "T s, M MB" cells
  awk -v a="${1%% s*}" -v b="${2%% s*}" 'BEGIN { printf "%.1f×", (b > 0 ? a / b : 0) }'
}

echo "| elements | files | YAML | events, all cores | serde-saphyr, all cores | tomc check | check ÷ events | tomc check, one thread | tomc check --format json | tomc build |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir=target/bench-models/$n
  if [ ! -f "$dir/tom.yaml" ]; then
    rm -rf "$dir"
    "$gen" --elements "$n" --out "$dir" >/dev/null
  fi
  files=$(find "$dir" -name '*.yaml' | wc -l)
  size=$(du -sh --apparent-size "$dir" | cut -f1)
  events=$(best "$floor" events "$dir")
  serde=$(best "$floor" serde "$dir")
  check=$(best "$bin" check "$dir")
  single=$(TOMC_THREADS=1 best "$bin" check "$dir")
  json=$(best "$bin" check "$dir" --format json)
  build=$(best "$bin" build "$dir" -o "$sites/site-$n")
  echo "| $n | $files | $size | $events | $serde | $check | $(ratio "$check" "$events") | $single | $json | $build |"
done
