#!/usr/bin/env bash
# Maximum throughput over a fresh proxy's first minutes: `shadow proxy` recording every pair, the same proxy mirroring
# nothing (`--sample-rate 0`), and nginx `mirror`, each saturated by `wrk -t2 -cCONNS` for WINDOWS back-to-back windows
# of WINDOW, the targets one after the other (a proxy starts just before its windows and stops after them, so it is
# saturated from its first window on and never shares the machine with another proxy). Per window: req/s, wrk's p99,
# pairs dropped from the record queue, and the CPU of the proxy's JIT compiler threads and record worker, in percent
# of one core. A JVM's steady state comes only once its compiler threads are done, and on two shared cores they get
# a fair share of the CPU at best: this shows how long that takes and what the throughput is before and after.
# Same models and body as proxy-overhead.sh. Linux only (CPU times from /proc). Writes
# bench/results/proxy-throughput.md.
#
#   bench/proxy-throughput.sh                       # 8 windows of 10 s per target, 64 connections
#   WINDOWS=12 PROXY_ARGS="--shed-lag 20ms" bench/proxy-throughput.sh
#   PROXY_JAVA_OPTS="-XX:CICompilerCount=4" bench/proxy-throughput.sh   # JVM options for the proxies
#   TARGETS=proxy WINDOWS=5 bench/proxy-throughput.sh                   # a side run of some targets only
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WINDOWS=${WINDOWS:-8}
WINDOW=${WINDOW:-10}
CONNS=${CONNS:-64}
BASE_PORT=${BASE_PORT:-18380}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
PROXY_ARGS=${PROXY_ARGS:-}
PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:-}
RESULTS=${RESULTS:-"$ROOT/bench/results/proxy-throughput.md"}
P_PRIMARY=$((BASE_PORT + 1)); P_SHADOW=$((BASE_PORT + 2)); P_NGINX=$((BASE_PORT + 3)); P_PROXY=$((BASE_PORT + 4))

command -v nginx >/dev/null 2>&1 || { echo "needs nginx (apt-get install nginx-light)" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
[ -d /proc/self/task ] || { echo "needs Linux's /proc" >&2; exit 2; }
# shellcheck source=bench/lib/nginx.sh
. "$ROOT/bench/lib/nginx.sh"
# shellcheck source=bench/lib/threads.sh
. "$ROOT/bench/lib/threads.sh"
NGINX=$(command -v nginx)
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests)
HZ=$(getconf CLK_TCK)

WORK=$(mktemp -d)
trap stop_all EXIT

request_files
nginx_conf backend "$(model_servers "$P_PRIMARY" "$P_SHADOW")"
nginx_conf mirror "$(mirror_server "$P_NGINX" "$P_PRIMARY" "$P_SHADOW")"
sleep 0.5

log() { echo "[proxy-throughput] $*" >&2; }
wait_port() {
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  log "nothing listens on port $1"; exit 1
}
drops() { # admin port -> pairs dropped from the record queue so far
  curl -s "http://127.0.0.1:$1/metrics" | awk '/^shadow_records_dropped_total/ {d += $NF} END {printf "%d", d}'
}
group_ticks() { # file group -> user + system ticks of that group
  awk -v g="$2" '$1 == g {print $2 + $3; found = 1} END {if (!found) print 0}' "$1"
}

# per target: "req/s p99_ms drops jit% worker%" for each window, in order
declare -A W
run_target() { # name, [proxy flags...]; an nginx target when no flags are given
  local name=$1; shift
  local port=$P_NGINX pid="" admin=""
  if [ "$name" != nginx ]; then
    port=$P_PROXY; admin=$((P_PROXY + 100))
    # shellcheck disable=SC2086 # PROXY_JAVA_OPTS and PROXY_ARGS are meant to split into words
    java $PROXY_JAVA_OPTS -jar "$JAR" proxy --host 127.0.0.1 --port "$port" --admin-port "$admin" ${PROXY_ARGS} "$@" \
      --primary "http://127.0.0.1:$P_PRIMARY" --shadow "http://127.0.0.1:$P_SHADOW" --out "$WORK/out-$name" \
      --event-loops 2 --ignore /model >"$WORK/$name.log" 2>&1 &
    pid=$!; PIDS+=("$pid")
  fi
  wait_port "$port"
  local w out rps p99 d0 d1 jit wk
  for w in $(seq 1 "$WINDOWS"); do
    if [ -n "$pid" ]; then jvm_groups "$pid" > "$WORK/before"; d0=$(drops "$admin"); fi
    out=$(wrk -t2 -c"$CONNS" -d"${WINDOW}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$port/predict" 2>&1)
    rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {v = $2; n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n}')
    if [ -n "$pid" ]; then
      jvm_groups "$pid" > "$WORK/after"; d1=$(drops "$admin")
      jit=$(( ($(group_ticks "$WORK/after" jit) - $(group_ticks "$WORK/before" jit)) * 100 / HZ / WINDOW ))
      # a compiler thread that exits when idle (the JVM's dynamic compiler threads) takes its ticks with it
      [ "$jit" -ge 0 ] || jit="n/a"
      wk=$(( ($(group_ticks "$WORK/after" record_worker) - $(group_ticks "$WORK/before" record_worker)) * 100 / HZ / WINDOW ))
      W[$name]+="$rps $p99 $((d1 - d0)) $jit $wk;"
    else
      W[$name]+="$rps $p99 - - -;"
    fi
    log "$name window $w: $rps req/s, p99 $p99 ms${pid:+, drops $((d1 - d0)), jit $jit %, record worker $wk %}"
  done
  if [ -n "$pid" ]; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for t in ${TARGETS:-proxy proxy_fwd nginx}; do
  case "$t" in
    proxy) run_target proxy ;;
    proxy_fwd) run_target proxy_fwd --sample-rate 0 ;;
    nginx) run_target nginx ;;
    *) log "unknown target $t (proxy, proxy_fwd, nginx)"; exit 2 ;;
  esac
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

cell() { echo "${W[$1]}" | tr ';' '\n' | sed -n "${2}p" | awk -v i="$3" '{print $i}'; }
median() { tr ' ' '\n' | grep -E '^-?[0-9.]+$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
last3() { # target field -> median of the last three windows
  local w; for w in $(seq $((WINDOWS > 3 ? WINDOWS - 2 : 1)) "$WINDOWS"); do cell "$1" "$w" "$2"; done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
{
  echo "# Maximum throughput over a fresh proxy's first minutes"
  echo
  echo "Reproduce: \`bench/proxy-throughput.sh\` (WINDOWS=$WINDOWS, WINDOW=${WINDOW}s, CONNS=$CONNS${PROXY_ARGS:+, PROXY_ARGS=\"$PROXY_ARGS\"}${PROXY_JAVA_OPTS:+, PROXY_JAVA_OPTS=\"$PROXY_JAVA_OPTS\"}). Run $STARTED on"
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(java -version 2>&1 | head -1), $("$NGINX" -v 2>&1 | cut -d' ' -f3)."
  echo "Load average at the start: $LOAD_START; at the end: $LOAD_END."
  echo
  echo "Load: \`wrk -t2 -c$CONNS\`, a POST of a small JSON body, $WINDOWS back-to-back windows of $WINDOW s per target, the"
  echo "targets one after the other; each proxy started (default \`--warm-up\`) just before its first window and stopped"
  echo "after its last. Two nginx models answering diverging JSON, as in proxy-overhead.sh, every pair compared and"
  echo "recorded by \`proxy\` (drops: pairs the record queue had no room for, counted by the proxy); \`proxy_fwd\` is the"
  echo "same proxy with \`--sample-rate 0\` (forwarding only). jit and worker: CPU of the JIT's compiler threads and of"
  echo "the record worker over the window, in percent of one core (utime + stime from /proc at $HZ ticks per second)."
  echo
  echo "| window | proxy req/s | p99 ms | drops | jit % | worker % | proxy_fwd req/s | p99 ms | jit % | nginx req/s | p99 ms | proxy / nginx |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for w in $(seq 1 "$WINDOWS"); do
    echo "| $(( (w - 1) * WINDOW ))-$(( w * WINDOW )) s | $(cell proxy "$w" 1) | $(cell proxy "$w" 2) | $(cell proxy "$w" 3) | $(cell proxy "$w" 4) | $(cell proxy "$w" 5) | $(cell proxy_fwd "$w" 1) | $(cell proxy_fwd "$w" 2) | $(cell proxy_fwd "$w" 4) | $(cell nginx "$w" 1) | $(cell nginx "$w" 2) | $(ratio "$(cell proxy "$w" 1)" "$(cell nginx "$w" 1)") |"
  done
  echo
  echo "- First window: proxy / nginx $(ratio "$(cell proxy 1 1)" "$(cell nginx 1 1)"); proxy_fwd / nginx $(ratio "$(cell proxy_fwd 1 1)" "$(cell nginx 1 1)")."
  echo "- Medians of the last three windows: proxy $(last3 proxy 1) req/s (jit $(last3 proxy 4) %), proxy_fwd $(last3 proxy_fwd 1), nginx $(last3 nginx 1);"
  echo "  proxy / nginx $(ratio "$(last3 proxy 1)" "$(last3 nginx 1)") (target >= 0.9), proxy_fwd / nginx $(ratio "$(last3 proxy_fwd 1)" "$(last3 nginx 1)")."
} > "$RESULTS"
cat "$RESULTS"
