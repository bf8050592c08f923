#!/usr/bin/env bash
# Report at scale: `shadow report` over 1,000,000 records must finish in under 10 s and write a report.html under
# 5 MB (issue: comparison engine). Generates a records.jsonl in the shape the proxy writes (loan decisions, scores,
# latencies, ~5% label flips, some errors), then times the rebuild. Writes bench/results/report-1m.md.
#
#   bench/report-1m.sh                 # 1,000,000 records
#   RECORDS=200000 bench/report-1m.sh
#
# Needs python3 to generate the input (the tool itself does not).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RECORDS=${RECORDS:-1000000}
WORK=${WORK:-$(mktemp -d)}
RESULTS="$ROOT/bench/results/report-1m.md"
mkdir -p "$WORK/out" "$(dirname "$RESULTS")"

"$ROOT/shadow" --version >/dev/null
JAR="$ROOT/cli/target/shadow.jar"

if [ "$(wc -l < "$WORK/out/records.jsonl" 2>/dev/null || echo 0)" -ne "$RECORDS" ]; then
echo "[bench] generating $RECORDS records in $WORK/out/records.jsonl" >&2
python3 - "$RECORDS" "$WORK/out/records.jsonl" <<'PY'
import json, random, sys, datetime
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
t0 = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
with open(path, "w") as f:
    for i in range(n):
        p_score = rnd.random()
        s_score = min(1.0, max(0.0, p_score + rnd.gauss(0, 0.05)))
        p_dec = "approve" if p_score >= 0.5 else "reject"
        s_dec = "approve" if s_score >= 0.5 else "reject"
        p_lat = rnd.lognormvariate(2.0, 0.4)
        timeout = rnd.random() < 0.002
        s_lat = 5000.0 if timeout else rnd.lognormvariate(2.4, 0.5)
        diffs, obs = [], []
        if not timeout:
            obs.append({"comparator": "label", "path": "/decision", "metric": "agreement",
                        "value": 1 if p_dec == s_dec else 0, "primary": p_dec, "shadow": s_dec})
            obs.append({"comparator": "score", "path": "/score", "metric": "delta", "value": s_score - p_score})
            obs.append({"comparator": "latency", "path": "", "metric": "latency_delta_ms", "value": s_lat - p_lat})
            if p_dec != s_dec:
                sev = "critical" if p_dec == "reject" else "warning"
                diffs.append({"kind": "label_flip", "path": "/decision", "primary": p_dec, "shadow": s_dec,
                              "severity": sev, "reason": p_dec + " -> " + s_dec})
        else:
            diffs.append({"kind": "shadow_timeout", "path": "", "severity": "warning", "reason": "timeout"})
        sev = None
        for d in diffs:
            if sev is None or d["severity"] == "critical":
                sev = d["severity"]
        verdict = {"comparator": "errors+label+score+latency", "match": not diffs, "difference_count": len(diffs),
                   "differences": diffs, "observations": obs}
        if sev:
            verdict["severity"] = sev
        t = t0 + datetime.timedelta(seconds=i * 2.6)
        body = {"age": rnd.randint(18, 80), "income": round(rnd.uniform(10000, 200000), 2),
                "debt_ratio": round(rnd.random(), 4), "credit_score": rnd.randint(300, 850)}
        rec = {"id": "r%07d" % i, "time": t.strftime("%Y-%m-%dT%H:%M:%S.000000Z"), "method": "POST",
               "path": "/predict", "shadow_target": "http://shadow:8002",
               "request": {"headers": {"content-type": "application/json"}, "body_bytes": 80,
                           "body_format": "json", "body": body},
               "primary": {"status": 200, "latency_ms": round(p_lat, 3), "headers": {"content-type": "application/json"},
                           "body_format": "json", "body": {"decision": p_dec, "score": round(p_score, 6)}},
               "latency_delta_ms": round(s_lat - p_lat, 3), "verdict": verdict}
        if timeout:
            rec["shadow"] = {"latency_ms": s_lat, "error": {"kind": "timeout", "message": "no answer in 5s"}}
        else:
            rec["shadow"] = {"status": 200, "latency_ms": round(s_lat, 3), "headers": {"content-type": "application/json"},
                             "body_format": "json", "body": {"decision": s_dec, "score": round(s_score, 6)}}
        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
PY
fi
SIZE=$(du -h "$WORK/out/records.jsonl" | cut -f1)

OPTS=${OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g -Xmn700m}
echo "[bench] shadow report over $RECORDS records ($SIZE), 3 runs, SHADOW_JAVA_OPTS=$OPTS" >&2
WALLS=()
for run in 1 2 3; do
  START=$(date +%s.%N)
  SHADOW_JAVA_OPTS="$OPTS" /usr/bin/time -v "$ROOT/shadow" report --records "$WORK/out" \
    >"$WORK/report.out" 2>"$WORK/report.err"
  END=$(date +%s.%N)
  WALLS+=("$(python3 -c "print(f'{$END - $START:.1f}')")")
done
WALL=$(printf '%s\n' "${WALLS[@]}" | sort -n | sed -n 2p)
RUNS=$(IFS=', '; echo "${WALLS[*]}")
RSS=$(grep "Maximum resident" "$WORK/report.err" | awk '{print int($6/1024)}')
HTML=$(stat -c %s "$WORK/out/report.html")
HTML_KB=$((HTML / 1024))

cat > "$RESULTS" <<MD
# Report at scale

Reproduce: \`bench/report-1m.sh\` (RECORDS=$RECORDS).

- Date: $(date -u +%Y-%m-%dT%H:%MZ)
- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; other work may share the cores
- Java: $(java -version 2>&1 | head -1)
- Input: $RECORDS records, $SIZE of records.jsonl (loan decisions and scores, ~5% label flips, 0.2% shadow timeouts)
- Command: \`SHADOW_JAVA_OPTS="$OPTS" ./shadow report --records DIR\`, 3 runs (streams the file, parses
  it on every core — agreeing pairs without their bodies — and rebuilds suite, summary and report). The throughput
  collector with a fixed heap suits a batch command; the default G1 takes about 1–2 s longer on this input.

| measure | value | target |
|---|---|---|
| wall time, JVM start to exit (median of 3) | ${WALL} s (runs: ${RUNS} s) | < 10 s |
| report.html size | ${HTML_KB} KiB | < 5 MB |
| peak RSS | ${RSS} MiB | — |

Reading the numbers: the run is CPU-bound on tokenizing ~1 GB of JSON (a JFR profile puts Jackson's tokenizer at
about two thirds of the parser threads' samples; building nodes for agreeing pairs is already skipped). Two cores
leave ~10 s as the floor for this input, so the 10 s target is missed by about 10% here; the report's size target
is met by a wide margin, and the size does not grow with the records. The launcher's Java version check adds a
second JVM start (~0.3 s) to each run.

What \`shadow report\` printed:

\`\`\`text
$(cat "$WORK/report.out")
\`\`\`
MD
cat "$RESULTS"
