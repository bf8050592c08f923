#!/usr/bin/env bash
# Drift per segment: what --segment-by costs on top of the same check without it.
#   - data: ref/cur, ROWS x 20 (16 DOUBLE, 4 VARCHAR) + 'region' with 10 values of unequal size, as .parquet and .csv
#     (bench/java/SegmentBenchData.java, written by DuckDB from the fat jar),
#   - `shadow drift` end to end, -Xmx2g, with and without --segment-by region, Parquet and CSV: wall time, CPU time
#     (user + system: on a shared machine it moves less than wall time), the command's own "timing:" line (read /
#     compare / outputs), peak heap before a collection (GC log); the run with the least CPU of REPEATS.
#   - the same steps inside one JVM, best of REPEATS each (bench/java/SegmentCompute.java): reading without and with
#     the segment column, comparing the whole, cutting all segments out, comparing all segments.
# Prints a Markdown table (paste into bench/results/segments.md).
#
#   bench/segments.sh                    # ROWS=1000000 REPEATS=3
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${ROWS:-1000000}
REPEATS=${REPEATS:-3}
WORK=${WORK:-$(mktemp -d /tmp/segments-bench.XXXXXX)}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
log() { echo "[bench] $*" >&2; }

[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl cli -am package -DskipTests)
if [ ! -f "$WORK/cur.csv" ]; then
  log "generating $ROWS rows x 21 columns in $WORK"
  java -cp "$JAR" "$ROOT/bench/java/SegmentBenchData.java" "$WORK" "$ROWS"
fi

# peak heap after a collection, MiB, from a -Xlog:gc log ("... 123M->45M(2048M) ...": the 'before' side)
peak() { sed -n 's/.* \([0-9]*\)M->[0-9]*M([0-9]*M).*/\1/p' "$1" | sort -n | tail -1; }

echo "| input | --segment-by | wall (s) | CPU (s) | read (s) | compare (s) | outputs (s) | peak heap (MiB) |"
echo "|---|---|---|---|---|---|---|---|"
for fmt in parquet csv; do
  for seg in off on; do
    best=""
    for _ in $(seq "$REPEATS"); do
      args=(drift --reference "$WORK/ref.$fmt" --current "$WORK/cur.$fmt" --out "$WORK/out-$fmt-$seg")
      [ "$seg" = on ] && args+=(--segment-by region)
      /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" \
        java -Xmx2g -Xlog:gc:file="$WORK/gc-$fmt-$seg.log" -jar "$JAR" "${args[@]}" >"$WORK/out-$fmt-$seg.txt" 2>"$WORK/err-$fmt-$seg.txt" || true
      read -r wall user sys < "$WORK/time.txt"
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
      timing=$(sed -n 's/^timing: read \([0-9.]*\) s, compare \([0-9.]*\) s, outputs \([0-9.]*\) s/\1 | \2 | \3/p' "$WORK/err-$fmt-$seg.txt")
      line="$cpu | $wall | $timing | $(peak "$WORK/gc-$fmt-$seg.log")"
      if [ -z "$best" ] || awk -v a="$cpu" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best="$line"; fi
    done
    # the row is kept with CPU first to pick the best; print wall first
    cpu=${best%% |*}; rest=${best#* | }; wall=${rest%% |*}; rest=${rest#* | }
    echo "| $fmt | $seg | $wall | $cpu | $rest |"
  done
done
echo
echo "In one JVM, best of $REPEATS (seconds):"
echo
for fmt in parquet csv; do
  echo "- $fmt: \`$(java -Xmx3g -cp "$JAR" "$ROOT/bench/java/SegmentCompute.java" "$WORK/ref.$fmt" "$WORK/cur.$fmt" region "$REPEATS" 2>/dev/null)\`"
done
log "outputs in $WORK"
