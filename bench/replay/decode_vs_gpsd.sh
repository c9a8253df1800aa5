#!/usr/bin/env bash
# End-to-end decode benchmark: builds a >= 5 M-message corpus by repeating
# the real sentences of real.nmea (12 public sources), then times, in one run
# on the same file and one core each:
#   gpsdecode -j           (Debian gpsd-clients, the reference)
#   lookout decode         (JSON Lines out, gpsd field names)
#   lookout decode --format none   (decode only, no output)
#   lookout replay -       (decode + picture + every detector over the bundled assets)
# and reports sentences/s, the ratios and peak memory (/usr/bin/time). Each
# lookout command runs REPS times (default 3) and its median time counts.
#   bench/replay/decode_vs_gpsd.sh [SOURCE.nmea] [MIN_LINES]
# MIN_LINES defaults to 5.2 M so that the messages, ~3% fewer than the lines
# (multi-sentence messages are one, broken lines none), are at least 5 M.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
src=${1:-${DATA_DIR:-$root/../shared/data}/ais_nmea/corpus/real.nmea}
min=${2:-5200000}
lookout=${LOOKOUT:-$root/build/lookout}
work=${BENCH_DIR:-/tmp/lookout-bench}
mkdir -p "$work"
corpus="$work/corpus.nmea"

if [ ! -f "$src" ]; then echo "no source corpus at $src"; exit 1; fi
lines=$(wc -l < "$src")
reps=$(( (min + lines - 1) / lines ))
if [ ! -f "$corpus" ] || [ "$(wc -l < "$corpus")" -lt "$min" ]; then
  : > "$corpus"
  for _ in $(seq "$reps"); do cat "$src" >> "$corpus"; done
fi
n=$(wc -l < "$corpus")
echo "corpus: $n lines ($(du -h "$corpus" | cut -f1)) from $reps copies of $src"

reps=${REPS:-3}  # lookout runs per command; the median counts (shared VMs vary by tens of %)

run() {  # name, runs, command...
  local name=$1 runs=$2; shift 2
  local t0 t1 secs rss all=()
  for _ in $(seq "$runs"); do
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/$name.rss" taskset -c 0 "$@" < "$corpus" > /dev/null 2> "$work/$name.err" || true
    t1=$(date +%s.%N)
    all+=("$(echo "$t1 - $t0" | bc -l)")
  done
  secs=$(printf '%s\n' "${all[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  rss=$(tail -n 1 "$work/$name.rss")
  printf '%-28s %8.2f s  %6.2f M sentences/s  peak RSS %6d KB' "$name" "$secs" \
    "$(echo "$n / $secs / 1000000" | bc -l)" "$rss"
  if [ "$runs" -gt 1 ]; then printf '  (median of %d: %s s)' "$runs" "$(printf '%.2f ' "${all[@]}" | sed 's/ $//')"; fi
  printf '\n'
  echo "$secs" > "$work/$name.secs"
}

if command -v gpsdecode > /dev/null; then
  run "gpsdecode -j" 1 gpsdecode -j
fi
run "lookout decode (json)" "$reps" "$lookout" decode
run "lookout decode (none)" "$reps" "$lookout" decode --format none
# The whole maritime pipeline: decode, picture, every detector, bundled assets.
run "lookout replay (pipeline)" "$reps" "$lookout" replay --no-progress -
grep -h 'lookout decode:' "$work/lookout decode (json).err" | cut -c1-300 || true
cat "$work/lookout replay (pipeline).err" || true

if [ -f "$work/gpsdecode -j.secs" ]; then
  g=$(cat "$work/gpsdecode -j.secs")
  printf 'ratio json/gpsdecode: %.1fx   decode-only/gpsdecode: %.1fx   pipeline/gpsdecode: %.1fx\n' \
    "$(echo "$g / $(cat "$work/lookout decode (json).secs")" | bc -l)" \
    "$(echo "$g / $(cat "$work/lookout decode (none).secs")" | bc -l)" \
    "$(echo "$g / $(cat "$work/lookout replay (pipeline).secs")" | bc -l)"
fi
