#!/usr/bin/env bash
# bench/live/run.sh: the live node under load (`make bench-live`).
#
# Starts `lookout serve` on a temporary configuration (one tcp_server input on
# 127.0.0.1, owner DNK releasable to NATO, the bundled Baltic/North Sea assets,
# a DNK viewer token, the store in the temporary folder), waits for
# /api/health, runs lookout_live_bench against it (50 WebSocket clients, AIS
# at 50,000 lines/s over TCP, position-jump triggers; see live_latency.cc),
# stops the node with SIGTERM and prints the results with the node's peak
# RSS (VmHWM just before stopping) and the load average.
#
#   bench/live/run.sh [lookout_live_bench options: --rate 20000 --seconds 10 --clients 50 ...]
#   bench/live/run.sh --rate 50000 --clients 50 --track-clients 20 --idle 1000
#
# With --track-clients N the store is first filled with a month of history
# for the track clients to pull (history.py: 20 vessels' real tracks near
# Bergen, 31 days ending now, ~1.2 M reports; `lookout replay --store`), and
# the bench is told their MMSIs (--track-mmsi).
#
# Environment: LOOKOUT (the lookout binary, default build/lookout),
# LIVE_BENCH (default: lookout_live_bench beside it), CORPUS (NMEA files,
# space separated; default the shared real-AIS corpus if present, else
# data/ais/*.nmea), STORE (the node's store, default a SQLite file in the
# temporary folder), KEEP=1 keeps the temporary folder (node log, store),
# PERF=1 records a CPU profile of the node with perf, HISTORY_CACHE=FILE.db
# reuses the month of history built within the last hour (built there when
# absent or older; its MMSIs in FILE.db.mmsi).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lookout="${LOOKOUT:-$root/build/lookout}"
bench="${LIVE_BENCH:-$(dirname "$lookout")/lookout_live_bench}"
[[ -x "$lookout" ]] || { echo "run.sh: no lookout binary at $lookout (set LOOKOUT)" >&2; exit 2; }
[[ -x "$bench" ]] || { echo "run.sh: no lookout_live_bench at $bench (set LIVE_BENCH)" >&2; exit 2; }

if [[ -z "${CORPUS:-}" ]]; then
  shared="${LOOKOUT_SHARED_DATA:-$root/../shared/data}"
  if [[ -r "$shared/ais_nmea/corpus/real.nmea" ]]; then
    CORPUS="$shared/ais_nmea/corpus/real.nmea"
  else
    CORPUS="$(ls "$root"/data/ais/*.nmea | tr '\n' ' ')"
  fi
fi
corpus_args=()
for f in $CORPUS; do corpus_args+=(--corpus "$f"); done

tmp="$(mktemp -d /tmp/lookout-bench-live.XXXXXX)"
node_pid=""
cleanup() {
  if [[ -n "$node_pid" ]] && kill -0 "$node_pid" 2>/dev/null; then kill -TERM "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "run.sh: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

store="${STORE:-$tmp/lookout.db}"
track_clients=0
prev=""
for a in "$@"; do
  if [[ "$prev" == --track-clients ]]; then track_clients="$a"; fi
  prev="$a"
done
history_args=()
if (( track_clients > 0 )); then
  cache="${HISTORY_CACHE:-}"
  if [[ -n "$cache" && -s "$cache" && -s "$cache.mmsi" && -n "$(find "$cache" -mmin -60)" ]]; then
    echo "history: $cache (built $(date -u -r "$cache" +%FT%TZ))"
    cp "$cache" "$store"
    mmsi="$(cat "$cache.mmsi")"
  else
    shared="${LOOKOUT_SHARED_DATA:-$root/../shared/data}"
    t0="$(date +%s)"
    mmsi="$(python3 "$here/history.py" --csv "$shared/ais_csv/kystverket/no_vestland_2022-09-01_10k_rows.csv" \
      --out "$tmp/history.csv" --days 31 --copies 4 --end "$(date +%s)")"
    "$lookout" replay --store "$store" --owner DNK --releasable-to NATO --no-progress "$tmp/history.csv" > /dev/null
    rm -f "$tmp/history.csv"
    echo "history: a month for $(echo "$mmsi" | tr ',' '\n' | wc -l) vessels in $store in $(( $(date +%s) - t0 )) s"
    if [[ -n "$cache" ]]; then cp "$store" "$cache"; echo "$mmsi" > "$cache.mmsi"; fi
  fi
  history_args=(--track-mmsi "$mmsi")
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http_port="$(free_port)"
feed_port="$(free_port)"
while [[ "$feed_port" == "$http_port" ]]; do feed_port="$(free_port)"; done

# A viewer token: `lookout token` prints the token and its [[token]] entry.
"$lookout" token --name bench --nation DNK --role viewer > "$tmp/token.txt"
token="$(sed -n 's/^# token: //p' "$tmp/token.txt")"
cat > "$tmp/lookout.toml" <<EOF
[node]
name = "bench-live"
listen = "127.0.0.1:$http_port"

[store]
path = "$store"

[[assets]]
file = "$root/data/assets/baltic_north_sea.geojson"
owner = "DNK"
releasable_to = ["NATO"]

[[input]]
name = "bench-feed"
kind = "tcp_server"
address = "127.0.0.1:$feed_port"
max_clients = 4
owner = "DNK"
releasable_to = ["NATO"]

$(sed -n '/^\[\[token\]\]/,$p' "$tmp/token.txt")
EOF

"$lookout" serve --config "$tmp/lookout.toml" > "$tmp/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$http_port/api/health" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$node_pid" 2>/dev/null; then echo "run.sh: the node did not start:" >&2; cat "$tmp/node.log" >&2; exit 1; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$http_port/api/health" > /dev/null

echo "== lookout live bench: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "node: $lookout (pid $node_pid), http 127.0.0.1:$http_port, feed 127.0.0.1:$feed_port"
rss_start="$(awk '/VmRSS/ {print $2}' /proc/$node_pid/status)"
cpu_start="$(awk '{print $14 + $15}' /proc/$node_pid/stat)"
wait_start="$(awk '{print $2}' /proc/$node_pid/schedstat)"
t_start="$(date +%s.%N)"

# PERF=1: a CPU profile of the node during the run ($tmp/perf.data; implies KEEP=1).
perf_pid=""
if [[ "${PERF:-0}" == 1 ]]; then
  KEEP=1
  perf record ${PERF_OPTS:--F 499 -g} -p "$node_pid" -o "$tmp/perf.data" > "$tmp/perf.log" 2>&1 &
  perf_pid=$!
fi

"$bench" --http-port "$http_port" --feed-port "$feed_port" --token "$token" "${corpus_args[@]}" "${history_args[@]}" "$@"

if [[ -n "$perf_pid" ]]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; echo "perf: $tmp/perf.data"; fi

t_end="$(date +%s.%N)"
cpu_end="$(awk '{print $14 + $15}' /proc/$node_pid/stat)"
wait_end="$(awk '{print $2}' /proc/$node_pid/schedstat)"
hwm="$(awk '/VmHWM/ {print $2}' /proc/$node_pid/status)"
rss_end="$(awk '/VmRSS/ {print $2}' /proc/$node_pid/status)"
tck="$(getconf CLK_TCK)"
echo
echo "== node"
awk -v a="$rss_start" -v b="$rss_end" -v h="$hwm" \
  'BEGIN { printf "memory:            RSS %.1f MB at start, %.1f MB at end, peak (VmHWM) %.1f MB\n", a/1024, b/1024, h/1024 }'
awk -v c0="$cpu_start" -v c1="$cpu_end" -v t0="$t_start" -v t1="$t_end" -v hz="$tck" \
  'BEGIN { printf "CPU:               %.1f s over %.1f s of bench = %.0f%% of one core\n", (c1-c0)/hz, t1-t0, 100*(c1-c0)/hz/(t1-t0) }'
awk -v w0="$wait_start" -v w1="$wait_end" \
  'BEGIN { printf "run queue:         %.1f s runnable but waiting for a core (/proc/PID/schedstat; other processes had it)\n", (w1-w0)/1e9 }'
echo "load average:      $(cut -d' ' -f1-3 /proc/loadavg) (after)"
kill -TERM "$node_pid"
wait "$node_pid" || true
node_pid=""
grep -v "listening on" "$tmp/node.log" | sed 's/^/node log: /' | tail -5
