#!/usr/bin/env bash
# Drift at lake scale: ROWS x 20 columns per side (default 10,000,000), the local engine against the Spark job in
# local[2] on this machine, each timed with its peak memory (RSS of the JVM, from /usr/bin/time -v). The data is made
# by Spark itself (bench/java/SparkDriftData.java): Parquet for the Spark job and, since the local engine reads no
# Parquet in this branch, the same rows as CSV for the local one. Writes bench/results/spark-drift.md.
#
#   bench/spark-drift.sh                      # 10,000,000 rows per side
#   ROWS=1000000 bench/spark-drift.sh
#   WORK=/big/disk bench/spark-drift.sh       # keep the data (about 5 GB at 10M rows) somewhere roomy
#
# Needs the spark module built (./mvnw -B -pl spark -am package -DskipTests) and GNU time (/usr/bin/time).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${ROWS:-10000000}
WORK=${WORK:-$(mktemp -d)}
LOCAL_HEAP=${LOCAL_HEAP:-12g}
SPARK_HEAP=${SPARK_HEAP:-6g}
RESULTS="$ROOT/bench/results/spark-drift.md"
TARGET="$ROOT/spark/target"

[ -f "$TARGET/shadow-spark.jar" ] || { echo "build the spark module first: ./mvnw -B -pl spark -am package -DskipTests" >&2; exit 2; }
"$ROOT/shadow" --version >/dev/null
# shellcheck disable=SC2046 # the options file is a list of words
JVM_OPTS=$(cat "$TARGET/shadow-spark.jvm-options")

if [ ! -d "$WORK/ref.parquet" ]; then
  echo "[bench] generating $ROWS rows per side in $WORK" >&2
  # shellcheck disable=SC2086
  java $JVM_OPTS -Xmx${SPARK_HEAP} -Dlog4j2.configurationFile=shadow-spark-log4j2.properties \
    -cp "$TARGET/shadow-spark.jar:$TARGET/lib/*" "$ROOT/bench/java/SparkDriftData.java" "$ROWS" "$WORK"
  mv "$WORK"/ref-csv/part-*.csv "$WORK/ref.csv"
  mv "$WORK"/cur-csv/part-*.csv "$WORK/cur.csv"
fi

measure() { # name, then the command; prints "seconds peak_kib exit"
  local name=$1; shift
  local log="$WORK/$name.time"
  set +e
  /usr/bin/time -v "$@" >"$WORK/$name.out" 2>"$log"
  local code=$?
  set -e
  local secs kib
  secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  echo "$secs $kib $code"
}

echo "[bench] local engine (CSV, -Xmx$LOCAL_HEAP)" >&2
read -r L_SECS L_KIB L_CODE < <(measure local env SHADOW_JAVA_OPTS="-Xmx$LOCAL_HEAP" "$ROOT/shadow" drift \
  --reference "$WORK/ref.csv" --current "$WORK/cur.csv" --out "$WORK/local-out")
echo "[bench] Spark local[2] (Parquet, -Xmx$SPARK_HEAP)" >&2
read -r S_SECS S_KIB S_CODE < <(measure spark env SHADOW_SPARK_HEAP="$SPARK_HEAP" "$ROOT/shadow" drift --engine spark \
  --spark-master 'local[2]' --reference "$WORK/ref.parquet" --current "$WORK/cur.parquet" --out "$WORK/spark-out")

PARQUET_MB=$(du -sm "$WORK/ref.parquet" | cut -f1)
CSV_MB=$(du -sm "$WORK/ref.csv" | cut -f1)
{
  echo "| engine | input (per side) | exit | wall time | peak RSS |"
  echo "|---|---|---|---|---|"
  printf '| local (`shadow drift`, -Xmx%s) | CSV, %s MB | %s | %.1f s | %.0f MiB |\n' "$LOCAL_HEAP" "$CSV_MB" "$L_CODE" "$L_SECS" "$((L_KIB / 1024))"
  printf '| Spark local[2] (`--engine spark`, -Xmx%s) | Parquet, %s MB | %s | %.1f s | %.0f MiB |\n' "$SPARK_HEAP" "$PARQUET_MB" "$S_CODE" "$S_SECS" "$((S_KIB / 1024))"
  echo
  echo "Verdicts (local, then Spark):"
  echo '```'
  grep -E "^(Drift Detected|Status)" "$WORK/local.out" || true
  grep -E "^(Drift Detected|Status)" "$WORK/spark.out" || true
  echo '```'
} > "$WORK/table.md"
cat "$WORK/table.md"
echo "[bench] outputs in $WORK; paste the table into $RESULTS" >&2
