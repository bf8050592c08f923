#!/usr/bin/env bash
# What the first callers of a fresh `shadow proxy` wait: the proxy is started, and the moment its port opens an
# open-loop load (bench/java/OpenLoop.java, RATE req/s over CONNS keep-alive connections, corrected for coordinated
# omission) runs WINDOWS windows of WINDOW each; latency per window. Once with `--warm-up 0s` (the port opens at
# once) and once with the default warm-up, RUNS times each, interleaved; every run a fresh JVM. Two nginx models
# answering diverging JSON, as in bench/proxy-cpu.sh. Writes bench/results/proxy-start.md.
#
#   bench/proxy-start.sh                  # RUNS=3 WINDOWS=4 WINDOW=8s RATE=1024 CONNS=64
#   WARM_UPS="0s 2s 4s" bench/proxy-start.sh
#   PROXY_JAVA_OPTS="-XX:CICompilerCount=4" RESULTS=/tmp/start.md bench/proxy-start.sh
#
# Needs nginx (apt-get install nginx-light).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RATE=${RATE:-1024}
CONNS=${CONNS:-64}
WINDOW=${WINDOW:-8s}
WINDOWS=${WINDOWS:-4}
RUNS=${RUNS:-3}
WARM_UPS=${WARM_UPS:-"0s default"}
BASE_PORT=${BASE_PORT:-18700}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
RESULTS=${RESULTS:-"$ROOT/bench/results/proxy-start.md"}
PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:-} # JVM options for the proxy, e.g. "-XX:CICompilerCount=4"
PROXY_ARGS=${PROXY_ARGS:-}           # more flags for the proxy, e.g. "--warm-up-requests 1500"
command -v nginx >/dev/null 2>&1 || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 2; }
NGINX=$(command -v nginx)
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests)
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2)); P_PROXY=$((BASE_PORT + 10))

WORK=$(mktemp -d)
# shellcheck source=lib/nginx.sh
source "$ROOT/bench/lib/nginx.sh"
trap stop_all EXIT
log() { echo "[bench] $*" >&2; }

request_files
nginx_conf backend "$(model_servers "$P_PRIMARY" "$P_SHADOW")"
sleep 0.5

# the OpenLoop helper compiled once, so that each window's generator starts in the same time
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$JAR" "$ROOT/bench/java/OpenLoop.java"

field() { echo "$1" | grep -o "$2=[0-9.]*" | cut -d= -f2; }
declare -A ROWS
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for run in $(seq 1 "$RUNS"); do
  for w in $WARM_UPS; do
    flag=()
    [ "$w" != default ] && flag=(--warm-up "$w")
    rm -rf "$WORK/out"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # PROXY_JAVA_OPTS and PROXY_ARGS are meant to split into words
    java $PROXY_JAVA_OPTS -jar "$JAR" proxy --host 127.0.0.1 --port "$P_PROXY" --admin-port -1 \
      --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$P_SHADOW" --out "$WORK/out" \
      --event-loops 2 --ignore /model $PROXY_ARGS "${flag[@]}" >"$WORK/proxy.log" 2>&1 &
    PROXY=$!; PIDS=("$PROXY")
    for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$P_PROXY") 2>/dev/null && break; sleep 0.02; done
    opened=$(date +%s.%N)
    row="| $w | $run | $(awk -v a="$start" -v b="$opened" 'BEGIN {printf "%.1f", b - a}') |"
    for i in $(seq 1 "$WINDOWS"); do
      out=$(java -cp "$WORK/classes:$JAR" OpenLoop --url "http://127.0.0.1:$P_PROXY/predict" --rate "$RATE" \
        --connections "$CONNS" --duration "$WINDOW" --warmup 0s --body "$WORK/body.json" 2>&1 | grep '^RESULT')
      row+=" $(field "$out" p90_ms) / $(field "$out" p99_ms) / $(field "$out" max_ms) |"
    done
    warmed=$(grep -o 'warmed up: [0-9,]* requests in [0-9.]* s' "$WORK/proxy.log" || echo "no warm-up")
    row+=" $warmed |"
    ROWS[$w]+="$row"$'\n'
    log "$row"
    kill "$PROXY"; wait "$PROXY" 2>/dev/null || true; PIDS=()
  done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# A fresh proxy's first callers"
  echo
  echo "Reproduce: \`bench/proxy-start.sh\` (RUNS=$RUNS, WINDOWS=$WINDOWS, WINDOW=$WINDOW, RATE=$RATE, CONNS=$CONNS, WARM_UPS=\"$WARM_UPS\"${PROXY_JAVA_OPTS:+, PROXY_JAVA_OPTS=\"$PROXY_JAVA_OPTS\"}${PROXY_ARGS:+, PROXY_ARGS=\"$PROXY_ARGS\"})."
  echo "Run $STARTED on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(java -version 2>&1 | head -1)."
  echo "Load average at the start: $LOAD_START; at the end: $LOAD_END. The load generator, the proxy and the two nginx models"
  echo "share the cores."
  echo
  echo "Each run starts \`shadow proxy\` (every pair mirrored, compared and recorded; diverging JSON from two nginx models) and,"
  echo "the moment its port opens, sends $RATE req/s over $CONNS keep-alive connections (\`bench/java/OpenLoop.java\`, latency from"
  echo "each request's intended send time) for $WINDOWS windows of $WINDOW, one after the other. \"default\" is no \`--warm-up\` flag."
  echo "Port open: seconds from starting the JVM to the port accepting connections. Each window: p90 / p99 / max, ms."
  echo
  header="| --warm-up | run | port open (s) |"
  sep="|---|---:|---:|"
  for i in $(seq 1 "$WINDOWS"); do header+=" window $i |"; sep+="---|"; done
  echo "$header warm-up line |"
  echo "$sep---|"
  for w in $WARM_UPS; do printf '%s' "${ROWS[$w]}"; done
} > "$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
