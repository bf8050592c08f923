#!/usr/bin/env bash
# CPU per request: what `shadow proxy` spends on each call, by thread group — its event loops (the callers' and the
# copies', user and kernel time apart), the record worker (compare, format, write: the recording), GC and the VM, the
# JIT — against nginx `mirror` doing the same forking (its worker processes), in the same run. Load:
# bench/java/OpenLoop.java at RATE req/s over CONNS keep-alive connections; two nginx models answering diverging JSON,
# as in proxy-overhead.sh; every pair compared and recorded. A latency percentile on two shared cores moves by 2x
# between rounds; the CPU a request costs moves by up to 10 % (the record worker's by less), so a change of the
# proxy's own work by 5-10 % shows in the medians of 5-7 rounds, and CPU is what the callers' p99 pays for when the
# cores are short. With BASE_JAR, an earlier build runs beside this one; the rounds take the targets in turn. Linux
# only (CPU times from /proc/PID/task/TID/stat).
# Writes bench/results/proxy-cpu.md.
#
#   bench/proxy-cpu.sh                                   # 5 rounds of 20 s at 1024 req/s, 64 connections
#   BASE_JAR=/tmp/before/shadow.jar ROUNDS=7 bench/proxy-cpu.sh
#   SHADOW_SLEEP=0.5 bench/proxy-cpu.sh                  # also each build behind a shadow that answers 0.5 s late
#
# With SHADOW_SLEEP, each build runs a second time (target name + "_slow") behind the same shadow answer held that
# many seconds by nginx's echo module (echo_sleep, then echo_exec to the same return 200: the same bytes and
# framing), so that only the shadow's latency differs; nginx mirror stays on the fast shadow (behind a slow one it
# holds the caller's answer until the mirror's has come, see proxy-overhead.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-5}
RATE=${RATE:-1024}
CONNS=${CONNS:-64}
BASE_PORT=${BASE_PORT:-18280}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
BASE_JAR=${BASE_JAR:-}
RESULTS=${RESULTS:-"$ROOT/bench/results/proxy-cpu.md"}
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2)); P_NGINX=$((BASE_PORT + 3)); P_SLOW=$((BASE_PORT + 4))
SHADOW_SLEEP=${SHADOW_SLEEP:-}

command -v nginx >/dev/null 2>&1 || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
[ -d /proc/self/task ] || { echo "needs Linux's /proc" >&2; exit 2; }
# shellcheck source=bench/lib/nginx.sh
. "$ROOT/bench/lib/nginx.sh"
# shellcheck source=bench/lib/threads.sh
. "$ROOT/bench/lib/threads.sh"
[ -z "$SHADOW_SLEEP" ] || [ -f "$ECHO_MODULE" ] || { echo "SHADOW_SLEEP needs nginx's echo module (apt-get install libnginx-mod-http-echo)" >&2; exit 2; }
NGINX=$(command -v nginx)
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests)
HZ=$(getconf CLK_TCK)

WORK=$(mktemp -d)
trap stop_all EXIT

request_files
nginx_conf backend "$(model_servers "$P_PRIMARY" "$P_SHADOW")"
nginx_conf mirror "$(mirror_server "$P_NGINX" "$P_PRIMARY" "$P_SHADOW")"
if [ -n "$SHADOW_SLEEP" ]; then
  nginx_conf slow "$(late_shadow_server "$P_SLOW" "$SHADOW_SLEEP")" "load_module $ECHO_MODULE;"
fi
sleep 0.5

TARGETS=(nginx current); declare -A PID_OF PORT_OF
PID_OF[nginx]=$(cat "$WORK/mirror.pid"); PORT_OF[nginx]=$P_NGINX
start_proxy() { # name, jar, port, shadow port
  java -jar "$2" proxy --host 127.0.0.1 --port "$3" --admin-port -1 \
    --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$4" --out "$WORK/out-$1" \
    --event-loops 2 --ignore /model >"$WORK/$1.log" 2>&1 &
  PID_OF[$1]=$!; PORT_OF[$1]=$3; PIDS+=($!)
}
start_proxy current "$JAR" $((BASE_PORT + 10)) "$P_SHADOW"
if [ -n "$SHADOW_SLEEP" ]; then
  TARGETS+=(current_slow)
  start_proxy current_slow "$JAR" $((BASE_PORT + 12)) "$P_SLOW"
fi
if [ -n "$BASE_JAR" ]; then
  TARGETS+=(base)
  start_proxy base "$BASE_JAR" $((BASE_PORT + 11)) "$P_SHADOW"
  if [ -n "$SHADOW_SLEEP" ]; then
    TARGETS+=(base_slow)
    start_proxy base_slow "$BASE_JAR" $((BASE_PORT + 13)) "$P_SLOW"
  fi
fi
for t in "${TARGETS[@]}"; do
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/${PORT_OF[$t]}") 2>/dev/null && break; sleep 0.2; done
done

groups() { # target -> "group user system" clock ticks per thread group
  if [ "$1" = nginx ]; then nginx_ticks "${PID_OF[nginx]}"; else jvm_groups "${PID_OF[$1]}"; fi
}
records() { cat "$WORK/out-$1"/records*.jsonl 2>/dev/null | wc -l; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
open_loop() { # target, duration
  java -cp "$JAR" "$ROOT/bench/java/OpenLoop.java" --url "http://127.0.0.1:${PORT_OF[$1]}/predict" --rate "$RATE" \
    --connections "$CONNS" --duration "$2" --warmup 0s --body "$WORK/body.json" 2>&1 | grep '^RESULT'
}

LOAD_START=$(loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# warm-up, not counted: full speed, then WARM_ROUND at the rate (code compiled under a saturating load is recompiled
# for the open loop's shape in the first minute at the rate)
for t in "${TARGETS[@]}"; do
  wrk -t2 -c"$CONNS" -d8s -s "$WORK/post.lua" "http://127.0.0.1:${PORT_OF[$t]}/predict" >/dev/null 2>&1
  open_loop "$t" "${WARM_ROUND:-30s}" >/dev/null
done

# per target and group: the rounds' microseconds per request, "total user system" each
declare -A CPU RECORDED P99
for r in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    sleep 1.5 # the records file is flushed at least every second
    groups "$t" > "$WORK/before"; n0=$([ "$t" = nginx ] && echo 0 || records "$t")
    out=$(open_loop "$t" "$DURATION")
    groups "$t" > "$WORK/after"
    requests=$(echo "$out" | grep -o 'requests=[0-9]*' | cut -d= -f2)
    [ "${requests:-0}" -gt 0 ] || { echo "[proxy-cpu] no requests completed for $t in round $r: $out" >&2; exit 1; }
    P99[$t]+="$(echo "$out" | grep -o 'p99_ms=[0-9.]*' | cut -d= -f2) "
    sleep 1.5
    [ "$t" = nginx ] || RECORDED[$t]=$(( ${RECORDED[$t]:-0} + $(records "$t") - n0 ))
    line="[proxy-cpu] round $r $t ($requests requests):"
    while read -r g u1 s1; do
      read -r u0 s0 < <(awk -v g="$g" '$1 == g {print $2, $3}' "$WORK/before")
      us=$(echo "scale=1; (($u1 - ${u0:-0}) + ($s1 - ${s0:-0})) * 1000000 / $HZ / $requests" | bc)
      user=$(echo "scale=1; ($u1 - ${u0:-0}) * 1000000 / $HZ / $requests" | bc)
      CPU[$t,$g]+="$us/$user "
      line+=" $g $us"
    done < "$WORK/after"
    echo "$line us/request" >&2
  done
done
LOAD_END=$(loadavg)

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { tr ' ' '\n' | grep -v '^$' | cut -d/ -f"$1"; }
TOTALS=()
{
  echo "# CPU per request: shadow proxy against nginx mirror"
  echo
  echo "Reproduce: \`bench/proxy-cpu.sh\` (ROUNDS=$ROUNDS, DURATION=$DURATION${SHADOW_SLEEP:+, SHADOW_SLEEP=$SHADOW_SLEEP}${BASE_JAR:+, BASE_JAR = an earlier build}). Run $STARTED on"
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(java -version 2>&1 | head -1), $("$NGINX" -v 2>&1 | cut -d' ' -f3)."
  echo "Load average at the start: $LOAD_START; at the end: $LOAD_END."
  echo
  echo "Load: bench/java/OpenLoop.java at $RATE req/s over $CONNS keep-alive connections, $DURATION per round, $ROUNDS rounds"
  echo "taking the targets in turn; two nginx models answering diverging JSON (\`approved\` and \`score\` differ; the proxy"
  echo "ignores \`/model\`), nginx \`mirror\` forking to the same two${SHADOW_SLEEP:+; *_slow: the same build behind the same shadow answer held $SHADOW_SLEEP s (echo module), nginx staying on the fast shadow}. Each target was warmed up first (8 s of wrk, one"
  echo "open-loop run of 30 s at the rate), not counted. CPU: utime + stime from /proc at $HZ ticks per second over each round, divided by the"
  echo "requests completed in it; medians over the rounds, in microseconds per request (user time in brackets)."
  echo "record worker = the thread that compares, formats and writes each pair; event loops = the callers' and the copies'"
  echo "loops; gc_vm = GC threads and the VM thread; nginx = its two worker processes."
  echo
  echo "| target | all threads | event loops | record worker | gc_vm | jit | other | open-loop p99, ms (rounds) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  for t in "${TARGETS[@]}"; do
    row="| $t"
    total=0
    cells=""
    for g in event_loops record_worker gc_vm jit other nginx; do
      [ -n "${CPU[$t,$g]:-}" ] || continue
      m=$(echo "${CPU[$t,$g]}" | field 1 | median); mu=$(echo "${CPU[$t,$g]}" | field 2 | median)
      total=$(echo "$total + $m" | bc)
      [ "$g" = nginx ] || cells+=" | $m ($mu)"
    done
    [ "$t" = nginx ] && cells=" | - | - | - | - | -"
    TOTALS+=("$t=$total")
    echo "$row | $total$cells | ${P99[$t]% } |"
  done
  echo
  for t in "${TARGETS[@]}"; do
    [ "$t" = nginx ] || echo "- $t: ${RECORDED[$t]} pairs recorded in the counted rounds."
  done
  echo "- all threads = the sum of the groups' medians. Ratios of that sum: $(
    n=""; for x in "${TOTALS[@]}"; do [ "${x%%=*}" = nginx ] && n=${x#*=}; done
    for x in "${TOTALS[@]}"; do [ "${x%%=*}" = nginx ] || printf '%s / nginx %.2f; ' "${x%%=*}" "$(echo "${x#*=} / $n" | bc -l)"; done
  )"
} > "$RESULTS"
cat "$RESULTS"
