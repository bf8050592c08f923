#!/usr/bin/env bash
# Drift per segment: what --segment-by costs on top of the same check without it.
#   - data: ref/cur, ROWS x 20 (16 DOUBLE, 4 VARCHAR) + 'region' with 10 values of unequal size, as .parquet and .csv
#     (bench/java/SegmentBenchData.java, written by DuckDB from the fat jar),
#   - `shadow drift` end to end, -Xmx2g, with and without --segment-by region, Parquet and CSV: wall time, the
#     command's own "timing:" line (read / compare / outputs), peak heap after GC (GC log); best of REPEATS.
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

echo "| input | --segment-by | wall (s) | read (s) | compare (s) | outputs (s) | peak heap (MiB) |"
echo "|---|---|---|---|---|---|---|"
for fmt in parquet csv; do
  for seg in off on; do
    best=""
    for _ in $(seq "$REPEATS"); do
      args=(drift --reference "$WORK/ref.$fmt" --current "$WORK/cur.$fmt" --out "$WORK/out-$fmt-$seg")
      [ "$seg" = on ] && args+=(--segment-by region)
      start=$(date +%s.%N)
      java -Xmx2g -Xlog:gc:file="$WORK/gc-$fmt-$seg.log" -jar "$JAR" "${args[@]}" >"$WORK/out-$fmt-$seg.txt" 2>"$WORK/err-$fmt-$seg.txt" || true
      end=$(date +%s.%N)
      wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
      timing=$(sed -n 's/^timing: read \([0-9.]*\) s, compare \([0-9.]*\) s, outputs \([0-9.]*\) s/\1 | \2 | \3/p' "$WORK/err-$fmt-$seg.txt")
      line="$wall | $timing | $(peak "$WORK/gc-$fmt-$seg.log")"
      if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best="$line"; fi
    done
    echo "| $fmt | $seg | $best |"
  done
done
log "outputs in $WORK"
