#!/usr/bin/env bash
# The semantic comparator at overload through a real proxy: requests offered above the local model's pace (~25–30
# answer-length pairs/s on these 2 cores) for SECONDS, then the proxy is stopped with SIGTERM. Counts records written
# and lost, and how many pairs the model measured. Run against this tree's runnable jar, and against another jar (the
# synchronous record worker before it) with BEFORE_JAR=path. Prints one line per run; bench/results/semantic.md keeps
# the results.
#
#   bench/semantic-overload.sh                                  # 60 and 100 pairs/s, 30 s each
#   RATES="60" SECONDS_EACH=20 BEFORE_JAR=/tmp/before/shadow.jar bench/semantic-overload.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RATES=${RATES:-"60 100"}
SECONDS_EACH=${SECONDS_EACH:-30}
cd "$ROOT"

if [[ ! -f cli/target/shadow.jar || -n "${REBUILD:-}" ]]; then
  echo "[bench] building the runnable jar" >&2
  ./mvnw -B -q package -DskipTests -pl cli -am >/dev/null
fi
JAR="$ROOT/cli/target/shadow.jar"

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in $RATES; do
  if [[ -n "${BEFORE_JAR:-}" ]]; then
    java -cp "$BEFORE_JAR" bench/java/SemanticOverloadBench.java "$BEFORE_JAR" "$rate" "$SECONDS_EACH" before 2>/dev/null
  fi
  java -cp "$JAR" bench/java/SemanticOverloadBench.java "$JAR" "$rate" "$SECONDS_EACH" after 2>/dev/null
done
