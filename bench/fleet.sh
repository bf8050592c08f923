#!/usr/bin/env bash
# Fleet: two `shadow proxy` replicas at a fixed rate, each writing its records.jsonl (the file sink) — first alone,
# then with `--sink kafka://…` to a single-node KRaft broker — and a `shadow collect` reading the topic afterwards.
# Caller p50/p99 per replica and records delivered per second, both setups in the same run on the same machine.
# Writes bench/results/fleet.md.
#
#   bench/fleet.sh                               # 20 s per setup, 400 req/s in all (200 per replica)
#   DURATION=30s RATE=800 CONNS=16 bench/fleet.sh
#
# Installs hey, wrk and nginx from Debian when they are missing (needs root or sudo). The broker is Kafka's own
# server jars from Maven Central (bench/kafka-broker, the test kit the fleet module's tests use): no Docker here.
# Everything listens on loopback and shares this machine's cores: load generator, broker, proxies and models.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
RATE=${RATE:-400}
CONNS=${CONNS:-16}
RESULTS=${RESULTS:-$ROOT/bench/results/fleet.md}
BASE_PORT=${BASE_PORT:-20080}
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2))
P_A=$((BASE_PORT + 3)); P_B=$((BASE_PORT + 4)); P_ADMIN_A=$((BASE_PORT + 5)); P_ADMIN_B=$((BASE_PORT + 6))
SECONDS_LOAD=${DURATION%s}

log() { echo "[fleet] $*" >&2; }

install_if_missing() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 from Debian"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}
install_if_missing hey hey
install_if_missing wrk wrk
install_if_missing nginx nginx-light
install_if_missing curl curl
NGINX=$(command -v nginx)

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "building the shadow jar if needed"
"$ROOT/shadow" --version >/dev/null
JAR="$ROOT/cli/target/shadow.jar"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/backend.conf" ] && "$NGINX" -p "$WORK" -c "$WORK/backend.conf" -s quit 2>/dev/null || true
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  log "nothing listens on port $1"; exit 1
}

# --- the broker -------------------------------------------------------------------------------------------------
log "resolving Kafka's server jars"
"$ROOT/mvnw" -B -q -f "$ROOT/bench/kafka-broker/pom.xml" dependency:build-classpath \
  -Dmdep.outputFile="$WORK/broker-classpath.txt" >/dev/null
java -Xmx1g -Dlogback.configurationFile="$ROOT/bench/kafka-broker/logback.xml" \
  -cp "$(cat "$WORK/broker-classpath.txt")" "$ROOT/bench/kafka-broker/KafkaBroker.java" \
  "$WORK/kafka" "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do [ -f "$WORK/bootstrap" ] && break; sleep 0.2; done
[ -f "$WORK/bootstrap" ] || { log "the broker did not start:"; tail -20 "$WORK/broker.log" >&2; exit 1; }
BOOTSTRAP=$(cat "$WORK/bootstrap")
TOPIC="kafka://$BOOTSTRAP/shadow-records"
log "broker at $BOOTSTRAP"
cat > "$WORK/fleet.yaml" <<YAML
kafka:
  create-topic: true
  partitions: 6
  replication-factor: 1
  compression: zstd
YAML

# --- the models: nginx answering fixed JSON, so that they cost next to nothing --------------------------------
mkdir -p "$WORK/logs-backend"
cat > "$WORK/backend.conf" <<CONF
worker_processes 1;
pid $WORK/backend.pid;
error_log $WORK/logs-backend/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp-backend;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$P_PRIMARY; location / { default_type application/json; return 200 '{"model":"v1","approved":false,"score":0.4831}'; } }
  server { listen 127.0.0.1:$P_SHADOW;  location / { default_type application/json; return 200 '{"model":"v2","approved":true,"score":0.7712}'; } }
}
CONF
"$NGINX" -p "$WORK" -c "$WORK/backend.conf"
wait_port "$P_PRIMARY"; wait_port "$P_SHADOW"

BODY='{"age":40,"income":100000,"debt_ratio":0.55,"credit_score":680,"loan_amount":20000,"employment_years":5}'
echo -n "$BODY" > "$WORK/body.json"
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body   = '$BODY'
wrk.headers["Content-Type"] = "application/json"
LUA

start_proxy() { # name port admin_port [sink]
  local extra=()
  [ -n "${4:-}" ] && extra=(--sink "$4" --config "$WORK/fleet.yaml")
  java -Xmx512m -jar "$JAR" proxy --host 127.0.0.1 --port "$2" --admin-port "$3" \
    --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$P_SHADOW" --out "$WORK/$1" \
    --event-loops 1 --ignore /model --instance-id "$1" "${extra[@]}" >"$WORK/$1.log" 2>&1 &
  echo $!
}

stop_pid() { # SIGTERM, then wait until the process is gone (the proxies are not this shell's children)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
}

metric() { # admin_port name -> sum of the metric's series
  curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 ~ "^"m"(\\{|$)" {s += $2} END {printf "%.0f", s + 0}'
}
recorded() { # dir -> lines of records.jsonl
  [ -f "$1/records.jsonl" ] && wc -l < "$1/records.jsonl" || echo 0
}

fixed_rate() { # url out_file: hey at RATE/2 req/s spread over CONNS connections
  hey -z "$DURATION" -c "$CONNS" -q $((RATE / 2 / CONNS)) -m POST -T application/json \
    -D "$WORK/body.json" "$1" >"$2" 2>&1
}
hey_field() { # file p50|p99|rps|errors
  case "$2" in
    p50) awk '/ 50% in/ {printf "%.2f", $3 * 1000}' "$1" ;;
    p99) awk '/ 99% in/ {printf "%.2f", $3 * 1000}' "$1" ;;
    rps) awk '/Requests\/sec/ {printf "%.0f", $2}' "$1" ;;
    errors) awk '/Error distribution/ {f=1; next} f && /\[/ {gsub(/[\[\]]/, "", $1); s += $1} END {print s + 0}' "$1" ;;
  esac
}

declare -A R
run_setup() { # mode: file | kafka
  local mode=$1 sink=""
  [ "$mode" = kafka ] && sink=$TOPIC
  local pa pb
  pa=$(start_proxy "$mode-a" "$P_A" "$P_ADMIN_A" "$sink"); PIDS+=("$pa")
  pb=$(start_proxy "$mode-b" "$P_B" "$P_ADMIN_B" "$sink"); PIDS+=("$pb")
  wait_port "$P_A"; wait_port "$P_B"
  log "$mode: warm-up $WARMUP"
  wrk -t1 -c"$CONNS" -d"$WARMUP" -s "$WORK/post.lua" "http://127.0.0.1:$P_A/predict" >/dev/null 2>&1 &
  local warm=$!
  wrk -t1 -c"$CONNS" -d"$WARMUP" -s "$WORK/post.lua" "http://127.0.0.1:$P_B/predict" >/dev/null 2>&1 || true
  wait "$warm" || true
  sleep 3 # the warm-up's records written and acknowledged
  local rec0 sent0
  rec0=$(( $(recorded "$WORK/$mode-a") + $(recorded "$WORK/$mode-b") ))
  sent0=$(( $(metric "$P_ADMIN_A" shadow_sink_sent_total) + $(metric "$P_ADMIN_B" shadow_sink_sent_total) ))
  log "$mode: $RATE req/s in all for $DURATION"
  fixed_rate "http://127.0.0.1:$P_A/predict" "$WORK/$mode-a.hey" &
  local other=$!
  fixed_rate "http://127.0.0.1:$P_B/predict" "$WORK/$mode-b.hey"
  wait "$other"
  sleep 3 # the last second's records flushed and acknowledged
  local rec1 sent1 dropped
  rec1=$(( $(recorded "$WORK/$mode-a") + $(recorded "$WORK/$mode-b") ))
  sent1=$(( $(metric "$P_ADMIN_A" shadow_sink_sent_total) + $(metric "$P_ADMIN_B" shadow_sink_sent_total) ))
  dropped=$(( $(metric "$P_ADMIN_A" shadow_sink_dropped_total) + $(metric "$P_ADMIN_B" shadow_sink_dropped_total) ))
  stop_pid "$pa"; stop_pid "$pb"
  for r in a b; do
    R[$mode.$r.p50]=$(hey_field "$WORK/$mode-$r.hey" p50)
    R[$mode.$r.p99]=$(hey_field "$WORK/$mode-$r.hey" p99)
    R[$mode.$r.rps]=$(hey_field "$WORK/$mode-$r.hey" rps)
    R[$mode.$r.errors]=$(hey_field "$WORK/$mode-$r.hey" errors)
  done
  R[$mode.recorded]=$((rec1 - rec0))
  R[$mode.sent]=$((sent1 - sent0))
  R[$mode.dropped]=$dropped
  R[$mode.file_rps]=$(awk -v n=$((rec1 - rec0)) -v s="$SECONDS_LOAD" 'BEGIN {printf "%.0f", n / s}')
  R[$mode.sink_rps]=$(awk -v n=$((sent1 - sent0)) -v s="$SECONDS_LOAD" 'BEGIN {printf "%.0f", n / s}')
  R[$mode.total_records]=$(( $(recorded "$WORK/$mode-a") + $(recorded "$WORK/$mode-b") ))
  log "$mode: a p50 ${R[$mode.a.p50]} p99 ${R[$mode.a.p99]} | b p50 ${R[$mode.b.p50]} p99 ${R[$mode.b.p99]} |" \
    "recorded ${R[$mode.recorded]}, sent ${R[$mode.sent]}, dropped $dropped"
}

run_setup file
run_setup kafka

# --- the collector reads the whole topic: every record the kafka replicas sent ---------------------------------
EXPECTED=${R[kafka.total_records]}
log "collector: reading $EXPECTED records from the topic"
start=$(date +%s.%N)
java -Xmx512m -jar "$JAR" collect --from "$TOPIC" --group bench --out "$WORK/fleet" --refresh 1s \
  --commit-interval 1s >"$WORK/collect.log" 2>&1 &
COLLECT=$!; PIDS+=("$COLLECT")
collected=0
for _ in $(seq 1 600); do
  if [ -f "$WORK/fleet/summary.json" ]; then
    collected=$(grep -o '"requests" : [0-9]*' "$WORK/fleet/summary.json" | head -1 | awk '{print $3}')
    [ "${collected:-0}" -ge "$EXPECTED" ] && break
  fi
  sleep 0.2
done
took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
stop_pid "$COLLECT"
final=$(grep -o '"requests" : [0-9]*' "$WORK/fleet/summary.json" | head -1 | awk '{print $3}')
log "collector: $final records in $took s (JVM start included)"

CPU=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
{
  echo "# Fleet: the Kafka sink against the file sink"
  echo
  echo "Reproduce: \`bench/fleet.sh\` (DURATION=$DURATION per setup, RATE=$RATE req/s in all, $((RATE / 2)) per replica"
  echo "over CONNS=$CONNS keep-alive connections each, warm-up $WARMUP)."
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ); load average before the run: $LOAD_BEFORE (other work shares the machine)"
  echo "- Machine: $(nproc) cores ($CPU), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(uname -sr); everything on this one machine: two hey load generators, the broker, two proxies, nginx"
  echo "- Java: $(java -version 2>&1 | head -n 1); Kafka broker and clients 4.3.1 (single node, KRaft, in-process"
  echo "  test kit), topic of 6 partitions created by the first sink, zstd, idempotent producer, acks=all"
  echo "- Two \`shadow proxy\` replicas (\`--event-loops 1\`, \`-Xmx512m\`), models: nginx \`return 200\` fixed JSON;"
  echo "  both setups run one after the other in the same run: \`file\` = records.jsonl only, \`kafka\` = records.jsonl"
  echo "  plus \`--sink $TOPIC\`"
  echo "- Load: \`hey -z $DURATION -c $CONNS -q $((RATE / 2 / CONNS))\` against each replica at once (a closed-loop"
  echo "  generator: latencies above the $((2000 * CONNS / RATE)) ms send interval hide queueing)"
  echo
  echo "## Callers"
  echo
  echo "| setup | replica | p50 ms | p99 ms | achieved req/s | errors |"
  echo "|---|---|---|---|---|---|"
  for m in file kafka; do
    for r in a b; do
      echo "| $m | $r | ${R[$m.$r.p50]} | ${R[$m.$r.p99]} | ${R[$m.$r.rps]} | ${R[$m.$r.errors]} |"
    done
  done
  echo
  echo "## Records delivered"
  echo
  echo "| setup | records written to records.jsonl (both replicas) | per s | acknowledged by the broker | per s | dropped and counted |"
  echo "|---|---|---|---|---|---|"
  echo "| file | ${R[file.recorded]} | ${R[file.file_rps]} | — | — | — |"
  echo "| kafka | ${R[kafka.recorded]} | ${R[kafka.file_rps]} | ${R[kafka.sent]} | ${R[kafka.sink_rps]} | ${R[kafka.dropped]} |"
  echo
  echo "Counted over the ${DURATION} of fixed-rate load (the warm-up's records excluded), three seconds after it ended."
  echo
  echo "## The collector"
  echo
  echo "\`shadow collect --from $TOPIC --group bench --refresh 1s --commit-interval 1s\`, started after both setups,"
  echo "read the whole topic (the kafka replicas' ${EXPECTED} records, warm-up included) into one summary: $final"
  echo "records in $took s from the JVM's start to a summary.json that holds them all."
} > "$RESULTS"
log "done: $RESULTS"
