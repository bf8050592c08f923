#!/usr/bin/env bash
# Proxy overhead: what `shadow proxy` adds to a call, compared with calling the model directly and with nginx's
# `mirror` module doing the same forking. Writes bench/results/proxy-overhead.md.
#
#   bench/proxy-overhead.sh                  # defaults: 20 s per run, 1024 req/s fixed rate, 64 connections
#   DURATION=30s RATE=2048 CONNS=128 bench/proxy-overhead.sh
#
# Installs wrk, hey and nginx from Debian when they are missing (needs root or sudo). Every server listens on
# loopback. Runs, for each of (a) direct to the primary, (b) through shadow proxy, (c) through nginx mirror:
#   - a fixed rate (hey, RATE req/s spread over CONNS keep-alive connections) -> p50/p99 latency
#   - maximum throughput (wrk, CONNS keep-alive connections, 2 threads)      -> req/s and p50/p99
#   - an open-loop fixed rate corrected for coordinated omission (bench/java/OpenLoop.java, like wrk2: latency
#     from each request's intended send time; Debian has no wrk2)          -> p50/p90/p99/p99.9/max
# and at the end the open loop again over ROUNDS (default 3) rounds taking the targets in turn, reported as medians.
# then (b) again with --sample-rate 0 (forwarding only, nothing mirrored or recorded: "proxy_fwd"), and (b) and (c)
# again with a shadow that answers in 500 ms: the healthy shadow's nginx and answer (the same bytes and framing),
# held 500 ms by the echo module's echo_sleep, so that only the latency differs; SLOW_MODEL=demo takes `shadow demo-model --latency 500ms` instead,
# a JVM on the same two cores (as runs before 2026-11-30 did).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-8s}
RATE=${RATE:-1024}
CONNS=${CONNS:-64}
RESULTS=${RESULTS:-$ROOT/bench/results/proxy-overhead.md}
BASE_PORT=${BASE_PORT:-18080}
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2)); P_SLOW=$((BASE_PORT + 3))
P_PROXY=$((BASE_PORT + 4)); P_PROXY_SLOW=$((BASE_PORT + 5)); P_NGINX=$((BASE_PORT + 6)); P_NGINX_SLOW=$((BASE_PORT + 7))
P_PROXY_FWD=$((BASE_PORT + 8))

log() { echo "[bench] $*" >&2; }

install_if_missing() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 from Debian"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}
install_if_missing wrk wrk
install_if_missing hey hey
install_if_missing nginx nginx-light
NGINX=$(command -v nginx)
# shellcheck source=bench/lib/nginx.sh
. "$ROOT/bench/lib/nginx.sh"
SLOW_MODEL=${SLOW_MODEL:-nginx}
if [ "$SLOW_MODEL" = nginx ] && [ ! -f "$ECHO_MODULE" ]; then
  log "installing nginx's echo module from Debian"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libnginx-mod-http-echo >/dev/null
fi

log "building the shadow jar if needed"
"$ROOT/shadow" --version >/dev/null
JAR="$ROOT/cli/target/shadow.jar"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for conf in "$WORK"/*.conf; do [ -f "$conf" ] && "$NGINX" -p "$WORK" -c "$conf" -s quit 2>/dev/null || true; done
  # the proxies write their summary and report when they stop: let them finish before removing their folder
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

BODY='{"age":40,"income":100000,"debt_ratio":0.55,"credit_score":680,"loan_amount":20000,"employment_years":5}'
echo -n "$BODY" > "$WORK/body.json"
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body   = '$BODY'
wrk.headers["Content-Type"] = "application/json"
LUA

# Fast models: nginx answering a fixed JSON body, so the backend costs next to nothing.
nginx_conf backend "$(model_servers "$P_PRIMARY" "$P_SHADOW")"

# A slow shadow: the healthy shadow's answer after 500 ms (on nginx's timers, thousands can wait at once), or the
# demo model with a fixed 500 ms latency.
if [ "$SLOW_MODEL" = demo ]; then
  SLOW_DESC="\`shadow demo-model --latency 500ms\` (a JVM on the same cores)"
  java -jar "$JAR" demo-model --model v2 --port "$P_SLOW" --latency 500ms >"$WORK/slow.log" 2>&1 &
  PIDS+=($!)
else
  SLOW_DESC="the fast shadow's nginx answer, the same bytes, 500 ms later (echo module: \`echo_sleep 0.5\`, then \`echo_exec\` to the same \`return 200\`)"
  nginx_conf slow "$(late_shadow_server "$P_SLOW" 0.5)" "load_module $ECHO_MODULE;"
fi

nginx_conf mirror "$(mirror_server "$P_NGINX" "$P_PRIMARY" "$P_SHADOW") $(mirror_server "$P_NGINX_SLOW" "$P_PRIMARY" "$P_SLOW")"

# PROXY_ARGS: extra flags for the proxies, e.g. PROXY_ARGS="--shed-lag 20ms" to shed pairs while the loops lag;
# PROXY_JAVA_OPTS: JVM options for them, e.g. PROXY_JAVA_OPTS="-Xlog:gc:file=/tmp/gc-%p.log" to see their pauses
start_proxy() { # port, shadow port, out dir, [extra flags]
  # shellcheck disable=SC2086 # PROXY_JAVA_OPTS, PROXY_ARGS and $4 are meant to split into words
  java ${PROXY_JAVA_OPTS:-} -jar "$JAR" proxy --host 127.0.0.1 --port "$1" --admin-port $(($1 + 100)) ${PROXY_ARGS:-} ${4:-} \
    --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$2" --out "$3" --event-loops 2 \
    --ignore /model >"$3.log" 2>&1 &
  PIDS+=($!)
}
start_proxy "$P_PROXY" "$P_SHADOW" "$WORK/proxy-healthy"
start_proxy "$P_PROXY_SLOW" "$P_SLOW" "$WORK/proxy-slow"
# the same proxy mirroring nothing: what forwarding alone costs, so the recording's share can be told apart
start_proxy "$P_PROXY_FWD" "$P_SHADOW" "$WORK/proxy-forward" "--sample-rate 0"

wait_port() {
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  log "nothing listens on port $1"; exit 1
}
for p in $P_PRIMARY $P_SHADOW $P_SLOW $P_PROXY $P_PROXY_SLOW $P_NGINX $P_NGINX_SLOW $P_PROXY_FWD; do wait_port "$p"; done

to_ms() { # "1.23ms" / "456.78us" / "1.2s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

fixed_rate() { # url -> "p50_ms p99_ms rps errors"
  local out; out=$(hey -z "$DURATION" -c "$CONNS" -q $((RATE / CONNS)) -m POST -T application/json \
    -D "$WORK/body.json" "$1" 2>&1)
  local p50 p99 rps errs
  p50=$(echo "$out" | awk '/ 50% in/ {print $3 * 1000}')
  p99=$(echo "$out" | awk '/ 99% in/ {print $3 * 1000}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  errs=$(echo "$out" | awk '/Error distribution/ {f=1; next} f && /\[/ {gsub(/[\[\]]/, "", $1); s += $1} END {print s + 0}')
  echo "${p50:-nan} ${p99:-nan} ${rps:-0} $errs"
}

max_rate() { # url -> "p50_ms p99_ms rps errors"
  local out; out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$WORK/post.lua" "$1" 2>&1)
  local p50 p99 rps errs
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i} END {print s + 0}')
  echo "$p50 $p99 ${rps:-0} $errs"
}

open_loop() { # url -> "p50 p90 p99 p999 max rate errors"
  local out; out=$(java -cp "$JAR" "$ROOT/bench/java/OpenLoop.java" --url "$1" --rate "$RATE" --connections "$CONNS" \
    --duration "$DURATION" --warmup 2s --body "$WORK/body.json" 2>&1)
  echo "$out" | awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    print v["p50_ms"], v["p90_ms"], v["p99_ms"], v["p999_ms"], v["max_ms"], v["rate"], v["errors"], v["unsent"] }'
}

warm() { wrk -t2 -c"$CONNS" -d"$WARMUP" -s "$WORK/post.lua" "$1" >/dev/null 2>&1 || true; }

declare -A R
declare -A URL
run() { # key url
  URL[$1]=$2
  log "$1: warm-up $WARMUP, fixed rate $RATE req/s for $DURATION, then max throughput for $DURATION"
  warm "$2"
  R[$1.fixed]=$(fixed_rate "$2")
  R[$1.open]=$(open_loop "$2")
  R[$1.max]=$(max_rate "$2")
  log "$1: fixed ${R[$1.fixed]} | open loop ${R[$1.open]} | max ${R[$1.max]}"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
run direct     "http://127.0.0.1:$P_PRIMARY/predict"
run proxy      "http://127.0.0.1:$P_PROXY/predict"
run nginx      "http://127.0.0.1:$P_NGINX/predict"
run proxy_fwd  "http://127.0.0.1:$P_PROXY_FWD/predict"
run proxy_slow "http://127.0.0.1:$P_PROXY_SLOW/predict"
run nginx_slow "http://127.0.0.1:$P_NGINX_SLOW/predict"

# The open loop again, the targets taken in turn for ROUNDS rounds: one run per target decides little near 1x on a
# shared machine (whatever else runs in that minute lands on one side only), so the medians of interleaved rounds are
# what the targets are judged on.
ROUNDS=${ROUNDS:-3}
INTERLEAVED="direct proxy nginx proxy_fwd proxy_slow"
for r in $(seq 1 "$ROUNDS"); do
  for k in $INTERLEAVED; do
    R[$k.round$r]=$(open_loop "${URL[$k]}")
    log "round $r $k: ${R[$k.round$r]}"
  done
done
median() { # values... -> their median
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
med() { # key field -> median over the rounds of that open-loop field
  local vals=() r
  for r in $(seq 1 "$ROUNDS"); do vals+=("$(echo "${R[$1.round$r]}" | awk -v i="$2" '{print $i}')"); done
  median "${vals[@]}"
}

# what each proxy recorded over all its runs (warm-ups included): compared pairs, shed pairs, dropped records
recorded() { # port -> "compared shed dropped"
  curl -s "http://127.0.0.1:$(($1 + 100))/metrics" | awk '
    /^shadow_comparisons_total/ { c += $NF } /^shadow_records_shed_total/ { s += $NF }
    /^shadow_records_dropped_total/ { d += $NF } END { printf "%d %d %d", c, s, d }'
}
REC_PROXY=$(recorded "$P_PROXY"); REC_SLOW=$(recorded "$P_PROXY_SLOW")

f() { echo "${R[$1]}" | awk -v i="$2" '{print $i}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

CPU=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
{
  echo "# Proxy overhead"
  echo
  echo "Reproduce: \`bench/proxy-overhead.sh\` (DURATION=$DURATION, RATE=$RATE req/s, CONNS=$CONNS keep-alive"
  echo "connections, warm-up $WARMUP per target, ROUNDS=$ROUNDS interleaved open-loop rounds)."
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- Machine: $(nproc) cores ($CPU), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(uname -sr); everything on this one machine: load generator, proxies and models share the cores"
  echo "- Load average (1, 5, 15 min): $LOAD_BEFORE before the runs, $(cut -d' ' -f1-3 /proc/loadavg) after"
  echo "- Java: $(java -version 2>&1 | head -n 1); nginx: $("$NGINX" -v 2>&1 | sed 's/nginx version: //')"
  echo "- Models: nginx \`return 200\` with a fixed JSON body (2 workers); slow shadow: $SLOW_DESC"
  echo "- shadow proxy: 2 event loops, records written to disk, JSON comparison on${PROXY_ARGS:+, \`$PROXY_ARGS\`}; nginx mirror: 2 workers,"
  echo "  \`mirror\` + \`mirror_request_body on\`, keep-alive upstreams"
  echo "- Fixed rate: \`hey -z $DURATION -c $CONNS -q $((RATE / CONNS))\` (a closed-loop generator: latencies above the"
  echo "  $((1000 * CONNS / RATE)) ms send interval hide queueing, see coordinated omission). Max: \`wrk -t2 -c$CONNS\`."
  echo
  echo "## Fixed rate ($RATE req/s)"
  echo
  echo "| target | p50 ms | p99 ms | achieved req/s | errors |"
  echo "|---|---|---|---|---|"
  for k in direct proxy nginx proxy_fwd proxy_slow nginx_slow; do
    echo "| $k | $(f $k.fixed 1) | $(f $k.fixed 2) | $(f $k.fixed 3) | $(f $k.fixed 4) |"
  done
  echo
  echo "## Open loop, fixed rate ($RATE req/s), corrected for coordinated omission"
  echo
  echo "\`java -cp shadow.jar bench/java/OpenLoop.java --rate $RATE --connections $CONNS --duration $DURATION --warmup 2s\`:"
  echo "each connection sends on a fixed schedule and a request's latency counts from its intended send time; \"never"
  echo "sent\": requests a connection still owed when the run ended (a server slower than the schedule)."
  echo
  echo "| target | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | achieved req/s | errors | never sent |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for k in direct proxy nginx proxy_fwd proxy_slow nginx_slow; do
    echo "| $k | $(f $k.open 1) | $(f $k.open 2) | $(f $k.open 3) | $(f $k.open 4) | $(f $k.open 5) | $(f $k.open 6) | $(f $k.open 7) | $(f $k.open 8) |"
  done
  echo
  echo "Pairs each proxy handled over all its runs (warm-ups included), from its /metrics:"
  echo
  echo "| proxy | compared and recorded | shed (event loops over --shed-lag) | record drops |"
  echo "|---|---|---|---|"
  echo "| proxy | $(echo "$REC_PROXY" | awk '{print $1 " | " $2 " | " $3}') |"
  echo "| proxy_slow | $(echo "$REC_SLOW" | awk '{print $1 " | " $2 " | " $3}') |"
  echo
  echo "## Open loop, $ROUNDS interleaved rounds"
  echo
  echo "After all the runs above, the same open loop $ROUNDS times over, the targets taken in turn in each round"
  echo "($INTERLEAVED), so that the machine's moments are shared out among them; the medians are what the targets"
  echo "are judged on."
  echo
  echo "| target | p99 ms, each round | median p50 ms | median p99 ms | median p99.9 ms | errors | never sent |"
  echo "|---|---|---|---|---|---|---|"
  for k in $INTERLEAVED; do
    each=""; errs=0; unsent=0
    for r in $(seq 1 "$ROUNDS"); do
      each="$each${each:+, }$(echo "${R[$k.round$r]}" | awk '{print $3}')"
      errs=$((errs + $(echo "${R[$k.round$r]}" | awk '{print $7 + 0}')))
      unsent=$((unsent + $(echo "${R[$k.round$r]}" | awk '{print $8 + 0}')))
    done
    echo "| $k | $each | $(med "$k" 1) | $(med "$k" 3) | $(med "$k" 4) | $errs | $unsent |"
  done
  echo
  echo "## Maximum throughput"
  echo
  echo "| target | req/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  for k in direct proxy nginx proxy_fwd proxy_slow nginx_slow; do
    echo "| $k | $(f $k.max 3) | $(f $k.max 1) | $(f $k.max 2) | $(f $k.max 4) |"
  done
  echo
  echo "## Ratios"
  echo
  echo "| comparison | value | target |"
  echo "|---|---|---|"
  echo "| fixed-rate p99: proxy / nginx mirror | $(ratio "$(f proxy.fixed 2)" "$(f nginx.fixed 2)") | ≤ 1 |"
  echo "| open-loop p99: proxy / nginx mirror | $(ratio "$(f proxy.open 3)" "$(f nginx.open 3)") | ≤ 1 |"
  echo "| open-loop p99, median of $ROUNDS interleaved rounds: proxy / nginx mirror | $(ratio "$(med proxy 3)" "$(med nginx 3)") | ≤ 1 |"
  echo "| open-loop p99, median of $ROUNDS interleaved rounds: proxy mirroring nothing / nginx mirror | $(ratio "$(med proxy_fwd 3)" "$(med nginx 3)") | — |"
  echo "| open-loop p99, median of $ROUNDS interleaved rounds: proxy / proxy mirroring nothing | $(ratio "$(med proxy 3)" "$(med proxy_fwd 3)") | — |"
  echo "| open-loop p99, median of $ROUNDS interleaved rounds: proxy slow / proxy healthy | $(ratio "$(med proxy_slow 3)" "$(med proxy 3)") | ≤ 1.2 |"
  echo "| open-loop p99.9: proxy / nginx mirror | $(ratio "$(f proxy.open 4)" "$(f nginx.open 4)") | — |"
  echo "| open-loop p99: proxy / proxy mirroring nothing | $(ratio "$(f proxy.open 3)" "$(f proxy_fwd.open 3)") | — |"
  echo "| open-loop p99: proxy mirroring nothing / nginx mirror | $(ratio "$(f proxy_fwd.open 3)" "$(f nginx.open 3)") | — |"
  echo "| fixed-rate p99: proxy / direct | $(ratio "$(f proxy.fixed 2)" "$(f direct.fixed 2)") | — |"
  echo "| added p50 at fixed rate: proxy − direct (ms) | $(awk -v a="$(f proxy.fixed 1)" -v b="$(f direct.fixed 1)" 'BEGIN {printf "%.3f", a - b}') | — |"
  echo "| added p50 at fixed rate: nginx − direct (ms) | $(awk -v a="$(f nginx.fixed 1)" -v b="$(f direct.fixed 1)" 'BEGIN {printf "%.3f", a - b}') | — |"
  echo "| max throughput: proxy / nginx mirror | $(ratio "$(f proxy.max 3)" "$(f nginx.max 3)") | ≥ 0.9 |"
  echo "| max throughput: proxy / direct | $(ratio "$(f proxy.max 3)" "$(f direct.max 3)") | — |"
  echo "| slow shadow, fixed-rate p99: proxy slow / proxy healthy | $(ratio "$(f proxy_slow.fixed 2)" "$(f proxy.fixed 2)") | ≤ 1.2 |"
  echo "| slow shadow, fixed-rate p99: nginx slow / nginx healthy | $(ratio "$(f nginx_slow.fixed 2)" "$(f nginx.fixed 2)") | — |"
} > "$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
