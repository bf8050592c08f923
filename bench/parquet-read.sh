#!/usr/bin/env bash
# Parquet reading: the candidates and `shadow drift` end to end, Parquet vs CSV of the same data.
#   - data: ref/cur, ROWS x 20 (16 DOUBLE, 4 VARCHAR of 5 values) as .parquet and .csv (bench/java/ParquetBenchData.java,
#     written by DuckDB from the fat jar),
#   - jar weight of each candidate (its jars as Maven resolves them),
#   - read speed of one file, fresh JVM: ours through DuckDB (start-up + ParquetReader.read), parquet-java 1.16 with
#     LocalInputFile (all columns, low-level ColumnReader), our CSV reader on the same data,
#   - parquet-java without hadoop-client jars (does it run at all?),
#   - `shadow drift` end to end, -Xmx2g, Parquet vs CSV: wall time, peak heap (GC log), max RSS; best of REPEATS.
# Prints a Markdown report (paste into bench/results/parquet-read.md).
#
#   bench/parquet-read.sh                # ROWS=1000000 REPEATS=3
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${ROWS:-1000000}
REPEATS=${REPEATS:-3}
WORK=${WORK:-$(mktemp -d /tmp/parquet-bench.XXXXXX)}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
log() { echo "[bench] $*" >&2; }

[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests)
if [ ! -f "$WORK/cur.csv" ]; then
  log "generating $ROWS rows x 20 columns in $WORK"
  java -cp "$JAR" "$ROOT/bench/java/ParquetBenchData.java" "$WORK" "$ROWS"
fi

# --- candidates' jars
PJ="$WORK/parquet-java"
if [ ! -d "$PJ/lib" ]; then
  mkdir -p "$PJ"
  "$ROOT/mvnw" -B -q -f "$ROOT/bench/parquet-java/pom.xml" dependency:copy-dependencies -DoutputDirectory="$PJ/lib"
fi
DUCKDB_JAR=$(find ~/.m2/repository/org/duckdb/duckdb_jdbc -name 'duckdb_jdbc-*.jar' | sort | tail -1)
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
PJ_BYTES=$(cat "$PJ"/lib/*.jar | wc -c)
PJ_NOHADOOP_BYTES=$(ls "$PJ"/lib/*.jar | grep -v hadoop-client | xargs cat | wc -c)
DUCK_BYTES=$(wc -c < "$DUCKDB_JAR")
CP=$(ls "$PJ"/lib/*.jar | tr '\n' ':')
CP_NOHADOOP=$(ls "$PJ"/lib/*.jar | grep -v hadoop-client | tr '\n' ':')
mkdir -p "$PJ/classes"
javac -nowarn -cp "$CP" -d "$PJ/classes" "$ROOT/bench/parquet-java/ParquetJavaRead.java" 2>/dev/null

best() { sort -n | head -1; }
seconds() { /usr/bin/time -f "%e" -o "$WORK/t.txt" "$@" >/dev/null 2>&1; cat "$WORK/t.txt"; }

log "read speed"
DUCK_LINES=(); CSV_LINES=(); PJ_TIMES=()
for _ in $(seq "$REPEATS"); do
  DUCK_LINES+=("$(java -Xmx2g -cp "$JAR" "$ROOT/bench/java/ParquetReadSpeed.java" "$WORK/ref.parquet" 2>/dev/null)")
  CSV_LINES+=("$(java -Xmx2g -cp "$JAR" "$ROOT/bench/java/ParquetReadSpeed.java" "$WORK/ref.csv" 2>/dev/null)")
  PJ_TIMES+=("$(java -Xmx2g -cp "$PJ/classes:$CP" ParquetJavaRead "$WORK/ref.parquet" 2>/dev/null | sed -n 's/^total \([0-9.]*\) s.*/\1/p')")
done
NOHADOOP=$( (java -cp "$PJ/classes:$CP_NOHADOOP" ParquetJavaRead "$WORK/ref.parquet" 2>&1 || true) \
  | grep -m1 -o 'NoClassDefFoundError: [^ ]*' || true)
NOHADOOP=${NOHADOOP:-ran}

log "end to end"
declare -A WALL HEAP RSS TIMING
for fmt in parquet csv; do
  WALL[$fmt]=999; HEAP[$fmt]=0; RSS[$fmt]=0
  for _ in $(seq "$REPEATS"); do
    rm -rf "$WORK/out-$fmt"
    /usr/bin/time -f "%e %M" -o "$WORK/time-$fmt.txt" java -Xmx2g -Xlog:gc:file="$WORK/gc-$fmt.log" -jar "$JAR" drift \
      --reference "$WORK/ref.$fmt" --current "$WORK/cur.$fmt" --out "$WORK/out-$fmt" >/dev/null 2>"$WORK/err-$fmt.txt"
    read -r wall rss < "$WORK/time-$fmt.txt"
    heap=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc-$fmt.log" | sed 's/M->.*//' | sort -n | tail -1)
    if awk -v a="$wall" -v b="${WALL[$fmt]}" 'BEGIN { exit !(a < b) }'; then
      WALL[$fmt]=$wall; HEAP[$fmt]=${heap:-0}; RSS[$fmt]=$((rss / 1024)); TIMING[$fmt]=$(grep timing "$WORK/err-$fmt.txt")
    fi
  done
done
SAME=$(diff <(grep -v '"source"' "$WORK/out-parquet/drift_report.json") <(grep -v '"source"' "$WORK/out-csv/drift_report.json") >/dev/null && echo yes || echo NO)

cat <<MD
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1).
Date: $(date -u +%Y-%m-%dT%H:%MZ). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Rows: $ROWS x 20 per file;
Parquet $(mib "$(wc -c < "$WORK/ref.parquet")") MiB, CSV $(mib "$(wc -c < "$WORK/ref.csv")") MiB each. Best of $REPEATS.

| candidate | jars (MiB) | runs without Hadoop jars | one file, fresh JVM (s) |
|---|---:|---|---|
| DuckDB JDBC ($(basename "$DUCKDB_JAR")), ours: projected scan + GROUP BY | $(mib "$DUCK_BYTES") | yes | $(printf '%s\n' "${DUCK_LINES[@]}" | sort -k4 -n | head -1) |
| parquet-java 1.16 + hadoop-client-api/runtime 3.4.1 (all columns, ColumnReader) | $(mib "$PJ_BYTES") (without Hadoop: $(mib "$PJ_NOHADOOP_BYTES")) | no: $NOHADOOP | total $(printf '%s\n' "${PJ_TIMES[@]}" | best) |
| our CSV reader, same data | 0 | - | $(printf '%s\n' "${CSV_LINES[@]}" | sort -k4 -n | head -1) |

| \`shadow drift\`, -Xmx2g | wall (s) | peak heap used (MiB) | max RSS (MiB) | its timing line |
|---|---:|---:|---:|---|
| Parquet | ${WALL[parquet]} | ${HEAP[parquet]} | ${RSS[parquet]} | ${TIMING[parquet]} |
| CSV | ${WALL[csv]} | ${HEAP[csv]} | ${RSS[csv]} | ${TIMING[csv]} |

drift_report.json identical apart from the source names: $SAME
MD
