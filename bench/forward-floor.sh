#!/usr/bin/env bash
# What a forwarding core on Netty directly could save, measured before building one: at a fixed RATE req/s over
# CONNS keep-alive connections (bench/java/OpenLoop.java, corrected for coordinated omission), the open-loop p99 and
# the CPU per request of
#   nginx_mirror  nginx `mirror` to the two models (the proxy's target),
#   nginx_plain   nginx `proxy_pass` alone,
#   netty_fwd     bench/java/NettyForward.java: forwarding on Netty directly, nothing else (a floor, not a proxy),
#   shadow_fwd    `shadow proxy --sample-rate 0`: Vert.x's forwarding, nothing mirrored or recorded,
#   shadow        `shadow proxy`: every pair mirrored, compared and recorded,
# ROUNDS interleaved rounds after a warm-up per target (8 s of wrk, then 30 s at the rate); then each target's maximum
# throughput (wrk -t2 -cCONNS, 8 s, warm); then RAMP: a fresh `shadow proxy --warm-up 0s` under wrk for 4 x 8 s,
# the JIT's warm-up under a saturating load. Writes bench/results/forward-floor.md.
#
#   bench/forward-floor.sh                     # ROUNDS=5 DURATION=20s RATE=1024 CONNS=64
#
# Needs nginx and wrk (apt-get install nginx-light wrk).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RATE=${RATE:-1024}
CONNS=${CONNS:-64}
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-5}
BASE_PORT=${BASE_PORT:-18600}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
RESULTS="$ROOT/bench/results/forward-floor.md"
command -v nginx >/dev/null 2>&1 || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
NGINX=$(command -v nginx)
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests)
HZ=$(getconf CLK_TCK)
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2))

WORK=$(mktemp -d)
# shellcheck source=lib/nginx.sh
source "$ROOT/bench/lib/nginx.sh"
trap stop_all EXIT
log() { echo "[bench] $*" >&2; }

request_files
nginx_conf backend "$(model_servers "$P_PRIMARY" "$P_SHADOW")"
nginx_conf mirror "$(mirror_server $((BASE_PORT + 10)) "$P_PRIMARY" "$P_SHADOW")"
nginx_conf plain "
  upstream primary_plain { server 127.0.0.1:$P_PRIMARY; keepalive 128; }
  server {
    listen 127.0.0.1:$((BASE_PORT + 11));
    location / { proxy_pass http://primary_plain; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
  }"
sleep 0.5

TARGETS=(nginx_mirror nginx_plain netty_fwd shadow_fwd shadow)
declare -A PID_OF PORT_OF
PID_OF[nginx_mirror]=$(cat "$WORK/mirror.pid"); PORT_OF[nginx_mirror]=$((BASE_PORT + 10))
PID_OF[nginx_plain]=$(cat "$WORK/plain.pid"); PORT_OF[nginx_plain]=$((BASE_PORT + 11))
start_proxy() { # name, port, [extra flags]
  java -jar "$JAR" proxy --host 127.0.0.1 --port "$2" --admin-port -1 \
    --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$P_SHADOW" --out "$WORK/out-$1" \
    --event-loops 2 --ignore /model ${3:-} >"$WORK/$1.log" 2>&1 &
  PID_OF[$1]=$!; PORT_OF[$1]=$2; PIDS+=($!)
}
java -cp "$JAR" "$ROOT/bench/java/NettyForward.java" $((BASE_PORT + 12)) "$P_PRIMARY" >"$WORK/netty_fwd.log" 2>&1 &
PID_OF[netty_fwd]=$!; PORT_OF[netty_fwd]=$((BASE_PORT + 12)); PIDS+=($!)
start_proxy shadow_fwd $((BASE_PORT + 13)) "--sample-rate 0"
start_proxy shadow $((BASE_PORT + 14))
wait_port() { for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }
for t in "${TARGETS[@]}"; do wait_port "${PORT_OF[$t]}" || { echo "$t did not start" >&2; exit 1; }; done

# clock ticks (user + system) of a target: nginx's worker processes, or the whole JVM
ticks() {
  if [[ $1 == nginx_* ]]; then
    for c in $(pgrep -P "${PID_OF[$1]}"); do sed 's/.*) //' "/proc/$c/stat"; done | awk '{s += $12 + $13} END {print s}'
  else
    sed 's/.*) //' "/proc/${PID_OF[$1]}/stat" | awk '{print $12 + $13}'
  fi
}
open_loop() { # target, duration
  java -cp "$JAR" "$ROOT/bench/java/OpenLoop.java" --url "http://127.0.0.1:${PORT_OF[$1]}/predict" --rate "$RATE" \
    --connections "$CONNS" --duration "$2" --warmup 0s --body "$WORK/body.json" 2>&1 | grep '^RESULT'
}
field() { echo "$1" | grep -o "$2=[0-9.]*" | cut -d= -f2; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

LOAD_START=$(loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for t in "${TARGETS[@]}"; do
  log "warming up $t"
  wrk -t2 -c"$CONNS" -d8s -s "$WORK/post.lua" "http://127.0.0.1:${PORT_OF[$t]}/predict" >/dev/null 2>&1
  open_loop "$t" "${WARM_ROUND:-30s}" >/dev/null
done

declare -A P99S CPUS MAX
for r in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    before=$(ticks "$t")
    out=$(open_loop "$t" "$DURATION")
    after=$(ticks "$t")
    n=$(field "$out" requests)
    p99=$(field "$out" p99_ms)
    cpu=$(awk -v a="$before" -v b="$after" -v n="$n" -v hz="$HZ" 'BEGIN {printf "%.1f", (b - a) / hz * 1e6 / n}')
    P99S[$t]+="$p99 "; CPUS[$t]+="$cpu "
    log "round $r $t: p99 $p99 ms, $cpu us of CPU per request"
  done
done
for t in "${TARGETS[@]}"; do
  MAX[$t]=$(wrk -t2 -c"$CONNS" -d8s -s "$WORK/post.lua" "http://127.0.0.1:${PORT_OF[$t]}/predict" 2>/dev/null \
    | awk '/Requests\/sec/ {printf "%.0f", $2}')
  log "max $t: ${MAX[$t]} req/s"
done

log "ramp: a fresh shadow proxy under wrk"
# without the warm-up (bench/proxy-start.sh measures that): the JIT's own ramp under a saturating load
start_proxy ramp $((BASE_PORT + 15)) "--warm-up 0s"
wait_port $((BASE_PORT + 15))
RAMP=""
for i in 1 2 3 4; do
  rps=$(wrk -t2 -c"$CONNS" -d8s -s "$WORK/post.lua" "http://127.0.0.1:$((BASE_PORT + 15))/predict" 2>/dev/null \
    | awk '/Requests\/sec/ {printf "%.0f", $2}')
  RAMP+="$rps "
  log "ramp window $i: $rps req/s"
done
LOAD_END=$(loadavg)

med() { echo "$1" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
  echo "# Forwarding floor: what a core on Netty directly could save"
  echo
  echo "Reproduce: \`bench/forward-floor.sh\` (ROUNDS=$ROUNDS, DURATION=$DURATION, RATE=$RATE, CONNS=$CONNS). Run $STARTED on"
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(java -version 2>&1 | head -1), $("$NGINX" -v 2>&1 | cut -d' ' -f3)."
  echo "Load average at the start: $LOAD_START; at the end: $LOAD_END. Load generator, targets and the two nginx models"
  echo "share the cores."
  echo
  echo "Targets: nginx_mirror = nginx \`mirror\` to the two models (the proxy's target); nginx_plain = nginx \`proxy_pass\`"
  echo "alone; netty_fwd = \`bench/java/NettyForward.java\`, forwarding on Netty directly and nothing else (no mirroring,"
  echo "recording, streaming or timeouts: a floor, not a proxy); shadow_fwd = \`shadow proxy --sample-rate 0\` (Vert.x's"
  echo "forwarding alone); shadow = \`shadow proxy\`, every pair mirrored, compared and recorded. Each warmed up (8 s of wrk,"
  echo "30 s at the rate), then $ROUNDS interleaved open-loop rounds (\`bench/java/OpenLoop.java\`, $RATE req/s over $CONNS"
  echo "keep-alive connections, $DURATION each). CPU: user + system clock ticks of the target's processes over a round, per"
  echo "request. Maximum throughput: \`wrk -t2 -c$CONNS -d8s\` after the rounds."
  echo
  echo "| target | open-loop p99 ms, each round | median p99 ms | p99 / nginx_mirror | CPU us per request, each round | median CPU us | CPU / nginx_plain | max req/s |"
  echo "|---|---|---:|---:|---|---:|---:|---:|"
  for t in "${TARGETS[@]}"; do
    echo "| $t | ${P99S[$t]} | $(med "${P99S[$t]}") | $(ratio "$(med "${P99S[$t]}")" "$(med "${P99S[nginx_mirror]}")") | ${CPUS[$t]} | $(med "${CPUS[$t]}") | $(ratio "$(med "${CPUS[$t]}")" "$(med "${CPUS[nginx_plain]}")") | ${MAX[$t]} |"
  done
  echo
  echo "A fresh \`shadow proxy --warm-up 0s\` (every pair recorded) under \`wrk -t2 -c$CONNS\`, four 8 s windows one after the other, req/s:"
  echo "$RAMP(the JIT compiling while the load saturates the two cores)."
} > "$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
