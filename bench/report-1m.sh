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

# Both readers in the same run, interleaved so that load from elsewhere falls on both alike: "jackson" is the reader
# before the byte scanner (-Dshadow.records.scanner=false, kept for this comparison and the tests), "scanner" the
# default. Each also with the JIT's C2 tier off (-XX:TieredStopAtLevel=1): on two cores a one-shot batch spends
# seconds of CPU in C2 compiling, which the C1-only JVM saves.
OPTS=${OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g -Xmn700m}
C1="-XX:TieredStopAtLevel=1"
RUNS=${RUNS:-3}
CONFIGS=("jackson|-Dshadow.records.scanner=false" "scanner|" "jackson-c1|-Dshadow.records.scanner=false $C1" "scanner-c1|$C1")
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
echo "[bench] shadow report over $RECORDS records ($SIZE), $RUNS runs of each of ${#CONFIGS[@]} configurations, load $LOAD_BEFORE" >&2
declare -A WALLS CPUS RSS
for run in $(seq 1 "$RUNS"); do
  for config in "${CONFIGS[@]}"; do
    name=${config%%|*}
    extra=${config#*|}
    out="$WORK/out-$name"
    mkdir -p "$out"
    START=$(date +%s.%N)
    SHADOW_JAVA_OPTS="$OPTS $extra" /usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "$ROOT/shadow" report \
      --records "$WORK/out" --out "$out" >"$WORK/report-$name.out" 2>"$WORK/report-$name.err"
    END=$(date +%s.%N)
    WALLS[$name]+="$(python3 -c "print(f'{$END - $START:.1f}')") "
    CPUS[$name]+="$(awk '{printf "%.1f", $1 + $2}' "$WORK/time.txt") "
    RSS[$name]=$(awk '{print int($3/1024)}' "$WORK/time.txt")
    echo "[bench] run $run $name: wall $(python3 -c "print(f'{$END - $START:.1f}')") s, cpu $(awk '{printf "%.1f", $1 + $2}' "$WORK/time.txt") s" >&2
  done
done
LOAD_AFTER=$(uptime | sed 's/.*load average: //')
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
row() {
  printf '| %s | %s s (runs: %s) | %s s | %s MiB |\n' "$1" "$(median "${WALLS[$1]}")" "$(echo ${WALLS[$1]} | tr ' ' ',')" \
    "$(median "${CPUS[$1]}")" "${RSS[$1]}"
}

# the outputs must not depend on the reader: summary, suite and report.html byte for byte
SAME=yes
for name in scanner jackson-c1 scanner-c1; do
  for f in summary.json regression_suite.json report.html; do
    cmp -s "$WORK/out-jackson/$f" "$WORK/out-$name/$f" || SAME="no ($f of $name differs)"
  done
done
HTML=$(stat -c %s "$WORK/out-scanner/report.html")
HTML_KB=$((HTML / 1024))
SCANNER=$(median "${WALLS[scanner]}")
SCANNER_C1=$(median "${WALLS[scanner-c1]}")
verdict() { python3 -c "print('met' if $1 < 10 else 'missed')"; }
saving() { python3 -c "print(f'{100 * (1 - $2 / $1):.0f}%')"; }
CPU_SAVED=$(saving "$(median "${CPUS[jackson]}")" "$(median "${CPUS[scanner]}")")
CPU_SAVED_C1=$(saving "$(median "${CPUS[jackson-c1]}")" "$(median "${CPUS[scanner-c1]}")")

cat > "$RESULTS" <<MD
# Report at scale

Reproduce: \`bench/report-1m.sh\` (RECORDS=$RECORDS, RUNS=$RUNS).

- Date: $(date -u +%Y-%m-%dT%H:%MZ)
- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; other work may share the cores
- Load average (1, 5, 15 min): $LOAD_BEFORE before the runs, $LOAD_AFTER after
- Java: $(java -version 2>&1 | head -1)
- Input: $RECORDS records, $SIZE of records.jsonl (loan decisions and scores, ~5% label flips, 0.2% shadow timeouts)
- Command: \`SHADOW_JAVA_OPTS="$OPTS [EXTRA]" ./shadow report --records DIR --out OUT\`, $RUNS runs of each
  configuration, interleaved; wall time from JVM start to exit, CPU = user + system of the whole process.
  - jackson: EXTRA = \`-Dshadow.records.scanner=false\`, the reader as it was before the byte scanner (Jackson's
    tokenizer, agreeing pairs without their bodies)
  - scanner: the default reader (the byte scanner, RecordScanner)
  - -c1: EXTRA adds \`$C1\` (the JIT's C1 tier only)

| configuration | wall time, median | CPU, median | peak RSS |
|---|---|---|---|
$(row jackson)
$(row scanner)
$(row jackson-c1)
$(row scanner-c1)

Target: < 10 s wall. Scanner with the bench's options: ${SCANNER} s ($(verdict "$SCANNER") in this run); with C1
only: ${SCANNER_C1} s ($(verdict "$SCANNER_C1") in this run). The scanner saves ${CPU_SAVED} of the CPU time with the
bench's options and ${CPU_SAVED_C1} with C1 only.
Outputs the same for every configuration (summary.json, regression_suite.json and report.html byte for byte, each
configuration in its own JVM): $SAME. report.html: ${HTML_KB} KiB (target < 5 MB).

Reading the numbers: the run is CPU-bound on two cores, so the CPU column is the steadier figure when other work
shares the machine (the wall times then spread widely). JFR profiles of this input (2026-11-30) put, before the
scanner, about two thirds of the parser threads' samples in Jackson's tokenizer and node building; with the scanner
its own reading and the nodes it builds take about 60% of them, the rest is the summary's and the suite's per-record
work (\`ComparisonAggregator.prepare\`, \`SuiteJson.fromRecord\`; for diverging pairs of this input, which carry no
\`input_key\` as records written before it did, also the input's hash, twice) and reading diverging records whole.
The main thread folds the records into the summary, about a fifth of the CPU, alongside. A one-shot JVM on two cores
also spends seconds in the C2 JIT compiling (\`-XX:+CITime\` under load: 5.7 s with the scanner, 11 s with Jackson), which
the C1-only configuration saves: for a batch of this size it is the better trade, for a long-running proxy it is not,
so it stays an option (\`SHADOW_JAVA_OPTS\`), not a default.

What \`shadow report\` printed (scanner):

\`\`\`text
$(cat "$WORK/report-scanner.out")
\`\`\`
MD
cat "$RESULTS"
