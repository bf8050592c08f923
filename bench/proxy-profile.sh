#!/usr/bin/env bash
# Where `shadow proxy` spends its CPU while recording every pair: the proxy runs under Java Flight Recorder
# (JFR's profile settings, Java execution samples every SAMPLE_MS=2 ms) while bench/java/OpenLoop.java sends RATE req/s
# over CONNS keep-alive connections (diverging JSON answers from two nginx models, as in proxy-overhead.sh);
# bench/java/JfrTop.java then prints the top frames by self and total share, per thread group.
#
#   bench/proxy-profile.sh                       # 30 s at 1024 req/s, 64 connections
#   DURATION=60s RATE=2048 bench/proxy-profile.sh
#   PROXY_ARGS="--shed-lag 1ms" bench/proxy-profile.sh
#   SHADOW_SLEEP=0.5 bench/proxy-profile.sh      # a slow shadow that costs no CPU: nginx answers after echo_sleep
#                                                # 0.5 s (needs nginx's echo module: apt-get install libnginx-mod-http-echo)
#
# Prints the profile and the open-loop latency; the recording is kept in $OUT (default bench/target/proxy.jfr).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
RATE=${RATE:-1024}
CONNS=${CONNS:-64}
OUT=${OUT:-$ROOT/bench/target/proxy.jfr}
PROXY_ARGS=${PROXY_ARGS:-}
BASE_PORT=${BASE_PORT:-18180}
SHADOW_SLEEP=${SHADOW_SLEEP:-}
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2)); P_PROXY=$((BASE_PORT + 4))

command -v nginx >/dev/null 2>&1 || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 2; }
NGINX=$(command -v nginx)
if [ -n "$SHADOW_SLEEP" ] && [ ! -f "$ECHO_MODULE" ]; then
  echo "SHADOW_SLEEP needs nginx's echo module (apt-get install libnginx-mod-http-echo)" >&2
  exit 2
fi
"$ROOT/shadow" --version >/dev/null
JAR="$ROOT/cli/target/shadow.jar"
mkdir -p "$(dirname "$OUT")"

WORK=$(mktemp -d)
PROXY_PID=""
cleanup() {
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  [ -f "$WORK/backend.conf" ] && "$NGINX" -p "$WORK" -c "$WORK/backend.conf" -s quit 2>/dev/null || true
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

BODY='{"age":40,"income":100000,"debt_ratio":0.55,"credit_score":680,"loan_amount":20000,"employment_years":5}'
echo -n "$BODY" > "$WORK/body.json"
mkdir -p "$WORK/logs"
SHADOW_ANSWER="return 200 '{\"model\":\"v2\",\"approved\":true,\"score\":0.7712}';"
LOAD_ECHO=""
if [ -n "$SHADOW_SLEEP" ]; then
  SHADOW_ANSWER="echo_sleep $SHADOW_SLEEP; echo '{\"model\":\"v2\",\"approved\":true,\"score\":0.7712}';"
  LOAD_ECHO="load_module $ECHO_MODULE;"
fi
cat > "$WORK/backend.conf" <<CONF
$LOAD_ECHO
worker_processes 2;
pid $WORK/backend.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$P_PRIMARY; location / { default_type application/json; return 200 '{"model":"v1","approved":false,"score":0.4831}'; } }
  server { listen 127.0.0.1:$P_SHADOW;  location / { default_type application/json; $SHADOW_ANSWER } }
}
CONF
"$NGINX" -p "$WORK" -c "$WORK/backend.conf"

# JFR's "profile" settings with Java execution samples every SAMPLE_MS (10 ms there): a 30 s run then has enough
JFC="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc"
sed "s|<setting name=\"period\" control=\"method-sampling-java-interval\">[^<]*<|<setting name=\"period\" control=\"method-sampling-java-interval\">${SAMPLE_MS:-2} ms<|" \
  "$JFC" > "$WORK/profile.jfc"
# shellcheck disable=SC2086 # PROXY_ARGS is meant to split into words
java -XX:StartFlightRecording=name=bench,settings="$WORK/profile.jfc" -jar "$JAR" proxy --host 127.0.0.1 --port "$P_PROXY" \
  --admin-port -1 --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$P_SHADOW" --out "$WORK/out" \
  --event-loops 2 --ignore /model $PROXY_ARGS >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$P_PROXY") 2>/dev/null && break; sleep 0.2; done

echo "[profile] uptime: $(uptime)" >&2
java -cp "$JAR" "$ROOT/bench/java/OpenLoop.java" --url "http://127.0.0.1:$P_PROXY/predict" --rate "$RATE" \
  --connections "$CONNS" --duration "$DURATION" --warmup "$WARMUP" --body "$WORK/body.json"
jcmd "$PROXY_PID" JFR.dump name=bench filename="$OUT" >/dev/null
echo "== all threads"; java "$ROOT/bench/java/JfrTop.java" "$OUT" "${TOP:-30}"
echo; echo "== record worker"; java "$ROOT/bench/java/JfrTop.java" "$OUT" "${TOP:-30}" shadow-records
echo; echo "== event loops"; java "$ROOT/bench/java/JfrTop.java" "$OUT" "${TOP:-30}" vert.x-eventloop
