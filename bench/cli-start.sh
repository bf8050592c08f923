#!/usr/bin/env bash
# What a short command costs from `java -jar` to its exit: `shadow --help` and `shadow drift` on two 1,000-row CSV
# files (simulated) are run ROUNDS times each with this build and with BASE_JAR (the build before), one after the
# other in every round, each a fresh JVM with the launcher's batch JIT option; median
# wall time and CPU (user + system), and the classes each loads. Writes bench/results/cli-start.md.
#
#   BASE_JAR=/tmp/before.jar bench/cli-start.sh          # ROUNDS=9
#   ROUNDS=15 BASE_JAR=... RESULTS=/tmp/cli-start.md bench/cli-start.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-9}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
BASE_JAR=${BASE_JAR:?set BASE_JAR to the previous build\'s shadow.jar}
RESULTS=${RESULTS:-"$ROOT/bench/results/cli-start.md"}
OPTS="-XX:FreqInlineSize=100" # the launcher's option for batch commands (./shadow)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
log() { echo "[bench] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests)
java -jar "$JAR" simulate --out "$WORK/data" --rows 1000 >/dev/null

declare -A COMMANDS=(
  [help]="--help"
  [drift]="drift --reference $WORK/data/reference.csv --current $WORK/data/current.csv --out $WORK/out"
)
NAMES="help drift"

# one run: wall seconds, CPU seconds, classes loaded
run() {
  local jar=$1 name=$2
  # shellcheck disable=SC2086 # the command's words
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" java $OPTS -Xlog:class+load:file="$WORK/classes" -jar "$jar" \
    ${COMMANDS[$name]} >/dev/null 2>&1 || true
  read -r wall user sys <"$WORK/time"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}') $(wc -l <"$WORK/classes")"
}

LOAD_START=$(loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for name in $NAMES; do
  run "$JAR" "$name" >/dev/null # the page cache and the JDK's own files warm for both
  for r in $(seq "$ROUNDS"); do
    log "$name, round $r"
    echo "$(run "$BASE_JAR" "$name")" >>"$WORK/$name.base"
    echo "$(run "$JAR" "$name")" >>"$WORK/$name.this"
  done
done
LOAD_END=$(loadavg)

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
col() { cut -d' ' -f"$2" <"$1" | median; }
{
  echo "# Short commands from start to exit"
  echo
  echo "Reproduce: \`BASE_JAR=<previous shadow.jar> bench/cli-start.sh\` (ROUNDS=$ROUNDS). Run $STARTED on"
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)."
  echo "Load average at the start: $LOAD_START; at the end: $LOAD_END (the machine may be shared; both builds"
  echo "run in every round, one after the other)."
  echo
  echo "Each run: \`java $OPTS -jar shadow.jar COMMAND\` in a fresh JVM, stdout and stderr to /dev/null; drift on two"
  echo "1,000-row CSV files from \`shadow simulate --rows 1000\` (report and JSON written). Medians of $ROUNDS rounds."
  echo
  echo "| command | previous wall (s) | this wall (s) | previous CPU (s) | this CPU (s) | CPU this / previous | previous classes | this classes |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for name in $NAMES; do
    bw=$(col "$WORK/$name.base" 1); tw=$(col "$WORK/$name.this" 1)
    bc_=$(col "$WORK/$name.base" 2); tc=$(col "$WORK/$name.this" 2)
    bn=$(col "$WORK/$name.base" 3); tn=$(col "$WORK/$name.this" 3)
    echo "| \`$name\` | $bw | $tw | $bc_ | $tc | $(awk -v a="$tc" -v b="$bc_" 'BEGIN {printf "%.2f", a / b}') | $bn | $tn |"
  done
  echo
  echo "Every round (wall s, CPU s, classes):"
  echo
  for name in $NAMES; do
    echo "- \`$name\`, previous: $(tr '\n' ';' <"$WORK/$name.base" | sed 's/;$//; s/;/; /g')"
    echo "- \`$name\`, this: $(tr '\n' ';' <"$WORK/$name.this" | sed 's/;$//; s/;/; /g')"
  done
} >"$RESULTS"
cat "$RESULTS"
