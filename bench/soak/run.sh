#!/usr/bin/env bash
# bench/soak/run.sh: the live node takes days of a national feed in event
# time, replayed as fast as it takes it, and its memory is sampled every
# event hour (`make soak`; see bench/soak/README.md).
#
#   bench/soak/run.sh [--days 7] [--copies 1] [--sample-h 1]
#   bench/soak/run.sh --days 1          # the short mode: a few minutes
#
# Starts `lookout serve` on a temporary configuration (one tcp_server input
# of format dma_csv on 127.0.0.1, owner DNK releasable to NATO, the bundled
# Baltic/North Sea assets, an admin token for /metrics, a SQLite store on
# disk in the temporary folder), runs feed.py against it, stops the node with
# SIGTERM. Environment: LOOKOUT (default build/lookout), SOAK_CSV (default
# the DMA aisdk sample in the shared data), STORE (the SQLite file), KEEP=1
# keeps the temporary folder (node log, store, samples.jsonl),
# HEAPTRACK=1 runs the node under heaptrack (slow; implies KEEP=1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lookout="${LOOKOUT:-$root/build/lookout}"
[[ -x "$lookout" ]] || { echo "soak: no lookout binary at $lookout (set LOOKOUT)" >&2; exit 2; }
shared="${LOOKOUT_SHARED_DATA:-$root/../shared/data}"
csv="${SOAK_CSV:-$shared/ais_csv/dma/aisdk_2022-09-17_10k_rows.csv}"
[[ -r "$csv" ]] || { echo "soak: no feed at $csv (set SOAK_CSV to a DMA aisdk CSV)" >&2; exit 2; }

tmp="$(mktemp -d /tmp/lookout-soak.XXXXXX)"
store="${STORE:-$tmp/lookout.db}"
node_pid=""
pid=""
cleanup() {
  # Under heaptrack the node ($pid) is the child of $node_pid, which does not pass SIGTERM on.
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; fi
  if [[ -n "$node_pid" ]] && kill -0 "$node_pid" 2>/dev/null; then kill -TERM "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "soak: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http_port="$(free_port)"
feed_port="$(free_port)"
while [[ "$feed_port" == "$http_port" ]]; do feed_port="$(free_port)"; done

"$lookout" token --name soak --nation DNK --role admin > "$tmp/token.txt"
token="$(sed -n 's/^# token: //p' "$tmp/token.txt")"
cat > "$tmp/lookout.toml" <<EOF
[node]
name = "soak"
nation = "DNK"  # the admin of the node's nation reads the store's counters in /metrics
listen = "127.0.0.1:$http_port"

[store]
path = "$store"

[[assets]]
file = "$root/data/assets/baltic_north_sea.geojson"
owner = "DNK"
releasable_to = ["NATO"]

[[input]]
name = "national-feed"
kind = "tcp_server"
format = "dma_csv"
address = "127.0.0.1:$feed_port"
max_clients = 1
owner = "DNK"
releasable_to = ["NATO"]

$(sed -n '/^\[\[token\]\]/,$p' "$tmp/token.txt")
EOF

runner=()
if [[ "${HEAPTRACK:-0}" == 1 ]]; then KEEP=1; runner=(heaptrack -o "$tmp/heaptrack"); fi
"${runner[@]}" "$lookout" serve --config "$tmp/lookout.toml" > "$tmp/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$http_port/api/health" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$node_pid" 2>/dev/null; then echo "soak: the node did not start:" >&2; cat "$tmp/node.log" >&2; exit 1; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$http_port/api/health" > /dev/null
# Under heaptrack the node is heaptrack's child: sample the node itself.
pid="$node_pid"
if [[ "${HEAPTRACK:-0}" == 1 ]]; then pid="$(pgrep -P "$node_pid" -f 'lookout serve' | head -1 || true)"; pid="${pid:-$node_pid}"; fi

echo "== lookout soak: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "node: $lookout (pid $pid), http 127.0.0.1:$http_port, feed 127.0.0.1:$feed_port, store $store"
python3 "$here/feed.py" --csv "$csv" --feed-port "$feed_port" --http-port "$http_port" --token "$token" \
  --pid "$pid" --store "$store" --samples "$tmp/samples.jsonl" "$@"
echo "load average:      $(cut -d' ' -f1-3 /proc/loadavg) (after)"
kill -TERM "$pid"
wait "$node_pid" || true
node_pid=""
pid=""
grep -v "listening on" "$tmp/node.log" | sed 's/^/node log: /' | tail -5
