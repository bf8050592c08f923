#!/usr/bin/env bash
# The multivariate check's cost: `shadow drift` end to end on ROWS x 20 data (16 DOUBLE, 4 VARCHAR of 5 values;
# bench/java/ParquetBenchData.java, the data of bench/parquet-read.sh), Parquet and CSV, with and without
# --multivariate, -Xmx2g, fresh JVM each run; prints the tool's own timing line (read, compare, outputs) per run and
# the multivariate block's numbers. Paste into bench/results/drift-multivariate.md.
#
#   bench/drift-multivariate.sh                 # ROWS=1000000 REPEATS=2
#   WORK=/work/scratch-parquet bench/drift-multivariate.sh   # reuse ref/cur.{csv,parquet} already generated
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${ROWS:-1000000}
REPEATS=${REPEATS:-2}
WORK=${WORK:-$(mktemp -d /tmp/multivariate-bench.XXXXXX)}
JAR=${JAR:-"$ROOT/cli/target/shadow.jar"}
log() { echo "[bench] $*" >&2; }

[ -f "$JAR" ] || (cd "$ROOT" && ./shadow --version >/dev/null)
if [ ! -f "$WORK/cur.csv" ]; then
  log "generating $ROWS rows x 20 columns in $WORK"
  java -cp "$JAR" "$ROOT/bench/java/ParquetBenchData.java" "$WORK" "$ROWS"
fi

echo "| run | format | --multivariate | read s | compare s | outputs s |"
echo "|---|---|---|---|---|---|"
for r in $(seq 1 "$REPEATS"); do
  for fmt in parquet csv; do
    for mode in off on; do
      flag=(); [ "$mode" = on ] && flag=(--multivariate)
      java -Xmx2g -jar "$JAR" drift --reference "$WORK/ref.$fmt" --current "$WORK/cur.$fmt" \
        --out "$WORK/out-$fmt-$mode" "${flag[@]}" >/dev/null 2>"$WORK/err.txt" || true
      t=$(grep '^timing' "$WORK/err.txt" | sed -E 's/timing: read ([0-9.]+) s, compare ([0-9.]+) s, outputs ([0-9.]+) s/\1 | \2 | \3/')
      echo "| $r | $fmt | $mode | $t |"
    done
  done
done
echo
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
python3 - "$WORK/out-parquet-on/drift_report.json" <<'PY' || true
import json, sys
m = json.load(open(sys.argv[1]))["multivariate"]
print()
print("multivariate (Parquet):", {k: m[k] for k in ["status", "drift", "roc_auc", "random_auc_percentile", "p_value",
                                                     "reference_rows", "current_rows", "test_rows", "feature_count"]})
print("top columns:", [(c["column"], round(c["importance"], 4)) for c in m["columns"][:5]])
PY
