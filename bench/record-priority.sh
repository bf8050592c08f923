#!/usr/bin/env bash
# The record worker's priority (--record-nice): the same proxy build twice, its record worker at nice 0 (the proxy's
# own priority, the default) and at NICE (10 unless told), against nginx `mirror` forking to the same two
# nginx models. Writes bench/results/record-priority.md.
#
#   bench/record-priority.sh                    # defaults: 5 rounds, 20 s per run, 1024 req/s, 64 connections
#   ROUNDS=7 NICE=19 bench/record-priority.sh
#
# Each round takes the three targets in turn (the order rotating from round to round), first the open loop at a fixed
# rate (bench/java/OpenLoop.java, corrected for coordinated omission), then the maximum (wrk); medians over the rounds
# are reported. Both proxies run the whole time, on the same cores as nginx and the load generator, and each
# target's pairs compared and dropped in its runs are read from the proxy's /metrics before and after.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-8s}
RATE=${RATE:-1024}
CONNS=${CONNS:-64}
NICE=${NICE:-10}
RESULTS=${RESULTS:-$ROOT/bench/results/record-priority.md}
BASE_PORT=${BASE_PORT:-18280}
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2)); P_NGINX=$((BASE_PORT + 3))
P_NICE0=$((BASE_PORT + 4)); P_NICED=$((BASE_PORT + 5))

log() { echo "[bench] $*" >&2; }
for tool in wrk nginx; do
  command -v "$tool" >/dev/null 2>&1 && continue
  log "installing $tool from Debian"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$tool" >/dev/null
done
NGINX=$(command -v nginx)
"$ROOT/shadow" --version >/dev/null
JAR="$ROOT/cli/target/shadow.jar"

WORK=$(mktemp -d)
# shellcheck source=bench/lib/nginx.sh
. "$ROOT/bench/lib/nginx.sh"
trap stop_all EXIT
request_files
nginx_conf backend "$(model_servers "$P_PRIMARY" "$P_SHADOW")"
nginx_conf mirror "$(mirror_server "$P_NGINX" "$P_PRIMARY" "$P_SHADOW")"

start_proxy() { # port, nice
  java -jar "$JAR" proxy --host 127.0.0.1 --port "$1" --admin-port $(($1 + 100)) --record-nice "$2" \
    --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$P_SHADOW" --out "$WORK/proxy-$1" \
    --event-loops 2 --ignore /model >"$WORK/proxy-$1.log" 2>&1 &
  PIDS+=($!)
}
start_proxy "$P_NICE0" 0
start_proxy "$P_NICED" "$NICE"
for p in $P_PRIMARY $P_SHADOW $P_NGINX $P_NICE0 $P_NICED; do
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.2; done
done

declare -A PORT=([nginx]=$P_NGINX [nice0]=$P_NICE0 [niced]=$P_NICED)
TARGETS=(nginx nice0 niced)
url() { echo "http://127.0.0.1:${PORT[$1]}/predict"; }

counts() { # target -> "compared dropped" so far (nginx: "0 0")
  [ "$1" = nginx ] && { echo "0 0"; return; }
  curl -s "http://127.0.0.1:$((${PORT[$1]} + 100))/metrics" | awk '
    /^shadow_comparisons_total/ { c += $NF } /^shadow_records_dropped_total/ { d += $NF }
    END { printf "%d %d", c, d }'
}
worker_nice() { curl -s "http://127.0.0.1:$((${PORT[$1]} + 100))/metrics" | awk '/^shadow_record_worker_nice/ {print $NF}'; }

open_loop() { # target -> "p50 p99 p999 errors unsent"
  java -cp "$JAR" "$ROOT/bench/java/OpenLoop.java" --url "$(url "$1")" --rate "$RATE" --connections "$CONNS" \
    --duration "$DURATION" --warmup 2s --body "$WORK/body.json" 2>&1 |
    awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      print v["p50_ms"], v["p99_ms"], v["p999_ms"], v["errors"], v["unsent"] }'
}
max_rate() { # target -> "req/s p99_ms non2xx_or_socket_errors"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$WORK/post.lua" "$(url "$1")" 2>&1 | awk '
    /Requests\/sec/ { r = $2 } $1 == "99%" { p = $2 }
    /Non-2xx|Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) e += $i }
    END { if (p ~ /us$/) p = p / 1000; else if (p ~ /ms$/) p = p + 0; else if (p ~ /s$/) p = p * 1000
      printf "%s %.3f %d", r, p, e }'
}
measured() { # what target -> the result followed by "compared dropped" during it
  local before after out
  before=$(counts "$2"); out=$("$1" "$2"); after=$(counts "$2")
  echo "$out $(echo "$before $after" | awk '{print $3 - $1, $4 - $2}')"
}

log "warming up each target: $WARMUP of wrk, then one open loop"
for t in "${TARGETS[@]}"; do
  wrk -t2 -c"$CONNS" -d"$WARMUP" -s "$WORK/post.lua" "$(url "$t")" >/dev/null 2>&1 || true
  open_loop "$t" >/dev/null
done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A R
for r in $(seq 1 "$ROUNDS"); do
  order=("${TARGETS[@]:$(((r - 1) % 3))}" "${TARGETS[@]:0:$(((r - 1) % 3))}")
  for t in "${order[@]}"; do R[$t.open$r]=$(measured open_loop "$t"); log "round $r open $t: ${R[$t.open$r]}"; done
  for t in "${order[@]}"; do R[$t.max$r]=$(measured max_rate "$t"); log "round $r max $t: ${R[$t.max$r]}"; done
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { echo "${R[$1]}" | awk -v i="$2" '{print $i}'; }
each() { local out="" r; for r in $(seq 1 "$ROUNDS"); do out="$out${out:+, }$(field "$1$r" "$2")"; done; echo "$out"; }
med() { local v=() r; for r in $(seq 1 "$ROUNDS"); do v+=("$(field "$1$r" "$2")"); done; median "${v[@]}"; }
sum() { local s=0 r; for r in $(seq 1 "$ROUNDS"); do s=$((s + $(field "$1$r" "$2"))); done; echo "$s"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
share() { awk -v c="$1" -v d="$2" 'BEGIN { if (c + d == 0) print "-"; else printf "%.1f %%", 100 * c / (c + d) }'; }
NICE_SEEN="nice0: $(worker_nice nice0), niced: $(worker_nice niced)"

CPU=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
{
  echo "# The record worker's priority (--record-nice)"
  echo
  echo "Reproduce: \`bench/record-priority.sh\` (ROUNDS=$ROUNDS, DURATION=$DURATION, RATE=$RATE req/s, CONNS=$CONNS,"
  echo "NICE=$NICE)."
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ); build $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- Machine: $(nproc) cores ($CPU), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(uname -sr); load generator, proxies, nginx \`mirror\` and the nginx models share the cores"
  echo "- Load average (1, 5, 15 min): $LOAD_BEFORE before the rounds, $(cut -d' ' -f1-3 /proc/loadavg) after"
  echo "- Java: $(java -version 2>&1 | head -n 1); nginx: $("$NGINX" -v 2>&1 | sed 's/nginx version: //')"
  echo "- Targets: nginx \`mirror\` (2 workers, keep-alive upstreams); the same shadow proxy build twice (2 event loops,"
  echo "  records written, JSON comparison on, diverging answers), its record worker at \`--record-nice 0\` (\"nice0\")"
  echo "  and \`--record-nice $NICE\` (\"niced\"). The workers' nice values as their /metrics gave them: $NICE_SEEN."
  echo "- Each round: the open loop (\`OpenLoop.java --rate $RATE --connections $CONNS --duration $DURATION\`, latency"
  echo "  from each request's intended send time) on the three targets in turn, then \`wrk -t2 -c$CONNS -d$DURATION\`"
  echo "  on each; the order rotates from round to round."
  echo "- compared / dropped: pairs the proxy compared and recorded, and pairs it dropped (its record queue full),"
  echo "  during that target's runs, from its /metrics."
  echo
  echo "## Open loop at $RATE req/s"
  echo
  echo "| target | p99 ms, each round | median p50 ms | median p99 ms | median p99.9 ms | errors | never sent | compared | dropped |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for t in "${TARGETS[@]}"; do
    echo "| $t | $(each "$t.open" 2) | $(med "$t.open" 1) | $(med "$t.open" 2) | $(med "$t.open" 3) |" \
      "$(sum "$t.open" 4) | $(sum "$t.open" 5) | $(sum "$t.open" 6) | $(sum "$t.open" 7) |"
  done
  echo
  echo "## Maximum throughput (wrk)"
  echo
  echo "| target | req/s, each round | median req/s | median p99 ms | errors | compared | dropped | recorded share |"
  echo "|---|---|---|---|---|---|---|---|"
  for t in "${TARGETS[@]}"; do
    echo "| $t | $(each "$t.max" 1) | $(med "$t.max" 1) | $(med "$t.max" 2) | $(sum "$t.max" 3) |" \
      "$(sum "$t.max" 4) | $(sum "$t.max" 5) | $(share "$(sum "$t.max" 4)" "$(sum "$t.max" 5)") |"
  done
  echo
  echo "## Ratios (medians over the rounds)"
  echo
  echo "| comparison | value | issue 16 target |"
  echo "|---|---|---|"
  echo "| open-loop p99: niced / nginx mirror | $(ratio "$(med niced.open 2)" "$(med nginx.open 2)") | ≤ 1 |"
  echo "| open-loop p99: nice0 / nginx mirror | $(ratio "$(med nice0.open 2)" "$(med nginx.open 2)") | ≤ 1 |"
  echo "| open-loop p99: niced / nice0 | $(ratio "$(med niced.open 2)" "$(med nice0.open 2)") | — |"
  echo "| max throughput: niced / nginx mirror | $(ratio "$(med niced.max 1)" "$(med nginx.max 1)") | ≥ 0.9 |"
  echo "| max throughput: nice0 / nginx mirror | $(ratio "$(med nice0.max 1)" "$(med nginx.max 1)") | ≥ 0.9 |"
  echo "| max throughput: niced / nice0 | $(ratio "$(med niced.max 1)" "$(med nice0.max 1)") | — |"
} > "$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
