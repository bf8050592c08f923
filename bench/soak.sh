#!/usr/bin/env bash
# Soak: `shadow proxy` under -Xmx256m for MINUTES at a steady mix of small JSON calls, distinct 100 KB-2 MB diverging
# answers and SSE streams, while the shadow cycles healthy / slow / resetting. Records the heap after each GC (it must
# stay flat), the RSS, caller p50/p99 per phase and what was recorded and dropped. Writes bench/results/soak.md.
#
#   bench/soak.sh                     # 10 minutes, phases of 60 s
#   MINUTES=2 PHASE=20 bench/soak.sh  # a quick look
#
# Needs only the JDK: the models and the load generator are bench/java/Soak.java (JDK classes only).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MINUTES=${MINUTES:-10}
PHASE=${PHASE:-60}
RESULTS=${RESULTS:-$ROOT/bench/results/soak.md}
BASE_PORT=${BASE_PORT:-19080}
P_PROXY=$((BASE_PORT + 1)); P_ADMIN=$((BASE_PORT + 2)); P_PRIMARY=$((BASE_PORT + 3)); P_SHADOW=$((BASE_PORT + 4))

echo "[soak] building the shadow jar if needed" >&2
"$ROOT/shadow" --version >/dev/null
JAR="$ROOT/cli/target/shadow.jar"

WORK=$(mktemp -d)
PROXY_PID=""
cleanup() {
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

java -Xmx256m -Xlog:gc:file="$WORK/gc.log":uptime -jar "$JAR" proxy --host 127.0.0.1 --port "$P_PROXY" \
  --admin-port "$P_ADMIN" --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$P_SHADOW" \
  --out "$WORK/out" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$P_PROXY") 2>/dev/null && break; sleep 0.2; done

echo "[soak] $MINUTES minutes, shadow phases of $PHASE s; results in $RESULTS" >&2
java -Xmx1g bench/java/Soak.java "$P_PROXY" "$P_ADMIN" "$P_PRIMARY" "$P_SHADOW" "$PROXY_PID" "$WORK/gc.log" \
  "$RESULTS" "$MINUTES" "$PHASE"

kill "$PROXY_PID"
wait "$PROXY_PID" || true
PROXY_PID=""
{
  echo
  echo "## Shutdown"
  echo
  echo "- proxy log: $(grep -c . "$WORK/proxy.log") lines, $(grep -c 'WARN\|ERROR' "$WORK/proxy.log" || true) WARN/ERROR;" \
    "OutOfMemoryError: $(grep -c OutOfMemoryError "$WORK/proxy.log" || true)"
  echo "- written on SIGTERM: $(cd "$WORK/out" && ls | tr '\n' ' ')"
  echo "- records.jsonl: $(wc -l < "$WORK/out/records.jsonl") lines, $(du -h "$WORK/out/records.jsonl" | cut -f1);" \
    "regression_suite.json: $(du -h "$WORK/out/regression_suite.json" | cut -f1)"
  echo
  echo "Proxy log (WARN/ERROR lines):"
  echo
  echo '```'
  grep 'WARN\|ERROR' "$WORK/proxy.log" | head -40 || true
  echo '```'
} >> "$RESULTS"
echo "[soak] done: $RESULTS" >&2
