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

# records as the proxy writes them today, input_key included (regenerated when an older input lacks it)
if [ "$(cat "$WORK/out/records.jsonl" 2>/dev/null | wc -l)" -ne "$RECORDS" ] \
  || ! head -n 1 "$WORK/out/records.jsonl" 2>/dev/null | grep -q '"input_key"'; then
echo "[bench] generating $RECORDS records in $WORK/out/records.jsonl" >&2
python3 - "$RECORDS" "$WORK/out/records.jsonl" <<'PY'
import decimal, hashlib, json, random, sys, datetime
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)

def canonical(v):
    # RequestKey.canonicalize: keys sorted, no whitespace, a number as its plain decimal without trailing zeros
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + canonical(v[k]) for k in sorted(v)) + "}"
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format(decimal.Decimal(repr(v)).normalize(), "f")
    return json.dumps(v)

def input_key(method, path, body):
    # RequestKey.of: SHA-256 of "METHOD path\nquery\nbody", the first 16 bytes in hex (checked against the tool below)
    return hashlib.sha256(f"{method} {path}\n\n{canonical(body)}".encode()).hexdigest()[:32]
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
        # the fields in the order RecordFormat writes them
        rec = {"id": "r%07d" % i, "time": t.strftime("%Y-%m-%dT%H:%M:%S.000000Z"), "method": "POST",
               "path": "/predict", "shadow_target": "http://shadow:8002",
               "request": {"headers": {"content-type": "application/json"}, "body_bytes": 80,
                           "body_format": "json", "body": body},
               "input_key": input_key("POST", "/predict", body),
               "primary": {"status": 200, "latency_ms": round(p_lat, 3), "headers": {"content-type": "application/json"},
                           "body_format": "json", "body": {"decision": p_dec, "score": round(p_score, 6)}}}
        if timeout:
            rec["shadow"] = {"latency_ms": s_lat, "error": {"kind": "timeout", "message": "no answer in 5s"}}
        else:
            rec["shadow"] = {"status": 200, "latency_ms": round(s_lat, 3), "headers": {"content-type": "application/json"},
                             "body_format": "json", "body": {"decision": s_dec, "score": round(s_score, 6)}}
        rec["latency_delta_ms"] = round(s_lat - p_lat, 3)
        rec["verdict"] = verdict
        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
PY
fi
SIZE=$(du -h "$WORK/out/records.jsonl" | cut -f1)
# the same records as written before the proxy added input_key: the report then hashes each diverging input itself
if [ "$(cat "$WORK/legacy/records.jsonl" 2>/dev/null | wc -l)" -ne "$RECORDS" ]; then
  mkdir -p "$WORK/legacy"
  sed 's/"input_key":"[0-9a-f]*",//' "$WORK/out/records.jsonl" > "$WORK/legacy/records.jsonl"
fi

# Every configuration in the same run, interleaved so that load from elsewhere falls on all alike: "scanner" is the
# default reader on records as the proxy writes them; "scanner-legacy" the same on records without input_key (written
# before the proxy added it: the report hashes each diverging input itself); "jackson" the reader before the byte
# scanner (-Dshadow.records.scanner=false, kept for this comparison and the tests); "scanner-c1" with the JIT's C2
# tier off (-XX:TieredStopAtLevel=1: on two cores a one-shot batch spends seconds of CPU in C2 compiling, which the
# C1-only JVM saves); "scanner-inline-325" with C2's inlining of hot methods back at HotSpot's default
# (-XX:FreqInlineSize=325 after the launcher's 100 for batch commands: what the launcher's setting saves); "previous"
# the build in BASE_JAR, when given, on the same records (run with java -jar and BASE_OPTS, by default the launcher's
# JIT option for batch commands, so that it compares with "scanner"; BASE_OPTS= for a build from before that option).
OPTS=${OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g -Xmn700m}
C1="-XX:TieredStopAtLevel=1"
INLINE_DEFAULT="-XX:FreqInlineSize=325"
RUNS=${RUNS:-5}
BASE_JAR=${BASE_JAR:-}
BASE_OPTS=${BASE_OPTS--XX:FreqInlineSize=100}
CONFIGS=("scanner|out|" "scanner-legacy|legacy|" "jackson|out|-Dshadow.records.scanner=false" "scanner-c1|out|$C1" "scanner-inline-325|out|$INLINE_DEFAULT")
if [ -n "$BASE_JAR" ]; then
  CONFIGS+=("previous|out|")
fi
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
echo "[bench] shadow report over $RECORDS records ($SIZE), $RUNS runs of each of ${#CONFIGS[@]} configurations, load $LOAD_BEFORE" >&2
declare -A WALLS CPUS RSS
for run in $(seq 1 "$RUNS"); do
  for config in "${CONFIGS[@]}"; do
    IFS='|' read -r name input extra <<<"$config"
    out="$WORK/out-$name"
    mkdir -p "$out"
    if [ "$name" = previous ]; then
      cmd=(java $OPTS $BASE_OPTS -Dshadow.home="$ROOT" -jar "$BASE_JAR")
    else
      cmd=(env SHADOW_JAVA_OPTS="$OPTS $extra" "$ROOT/shadow")
    fi
    START=$(date +%s.%N)
    /usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "${cmd[@]}" report \
      --records "$WORK/$input" --out "$out" >"$WORK/report-$name.out" 2>"$WORK/report-$name.err"
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

# the outputs must not depend on the reader, nor on whether the records carry input_key (which checks the key this
# script writes against the one the tool computes): summary, suite and report.html byte for byte, the records' path
# aside
SAME=yes
for config in "${CONFIGS[@]}"; do
  name=${config%%|*}
  for f in summary.json regression_suite.json report.html; do
    sed "s#$WORK/legacy/#$WORK/out/#g" "$WORK/out-$name/$f" | cmp -s - "$WORK/out-scanner/$f" \
      || SAME="no ($f of $name differs)"
  done
done
HTML=$(stat -c %s "$WORK/out-scanner/report.html")
HTML_KB=$((HTML / 1024))
SCANNER=$(median "${WALLS[scanner]}")
verdict() { python3 -c "print('met' if $1 < 10 else 'missed')"; }
saving() { python3 -c "print(f'{100 * (1 - $2 / $1):.0f}%')"; }
CPU_SAVED=$(saving "$(median "${CPUS[jackson]}")" "$(median "${CPUS[scanner]}")")
PREVIOUS_ROW=""
PREVIOUS_TEXT=""
if [ -n "$BASE_JAR" ]; then
  PREVIOUS_ROW=$(row previous)
  PREVIOUS_TEXT="Against the previous build on the same records: $(saving "$(median "${CPUS[previous]}")" "$(median "${CPUS[scanner]}")") less CPU (medians)."
fi

cat > "$RESULTS" <<MD
# Report at scale

Reproduce: \`bench/report-1m.sh\` (RECORDS=$RECORDS, RUNS=$RUNS${BASE_JAR:+, BASE_JAR = the previous build}).

- Date: $(date -u +%Y-%m-%dT%H:%MZ)
- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; other work may share the cores
- Load average (1, 5, 15 min): $LOAD_BEFORE before the runs, $LOAD_AFTER after
- Java: $(java -version 2>&1 | head -1)
- Input: $RECORDS records, $SIZE of records.jsonl as the proxy writes them (loan decisions and scores, ~5% label
  flips, 0.2% shadow timeouts, each with its \`input_key\`)
- Command: \`SHADOW_JAVA_OPTS="$OPTS [EXTRA]" ./shadow report --records DIR --out OUT\`, $RUNS runs of each
  configuration, interleaved; wall time from JVM start to exit, CPU = user + system of the whole process.
  - scanner: the default reader (the byte scanner, RecordScanner), with the launcher's JIT options for batch
    commands (\`-XX:FreqInlineSize=100\`)
  - scanner-legacy: the same records without \`input_key\`, as written before the proxy added it (the report hashes
    each diverging input itself)
  - jackson: EXTRA = \`-Dshadow.records.scanner=false\`, the reader as it was before the byte scanner (Jackson's
    tokenizer, agreeing pairs without their bodies)
  - scanner-c1: EXTRA = \`$C1\` (the JIT's C1 tier only)
  - scanner-inline-325: EXTRA = \`$INLINE_DEFAULT\` (C2 inlines hot methods up to HotSpot's default size again)${BASE_JAR:+
  - previous: the build before this change (\`java $OPTS $BASE_OPTS -jar BASE_JAR report ...\`), same records}

| configuration | wall time, median | CPU, median | peak RSS |
|---|---|---|---|
$(row scanner)
$(row scanner-legacy)
$(row jackson)
$(row scanner-c1)
$(row scanner-inline-325)
$PREVIOUS_ROW

Target: < 10 s wall. Default reader: ${SCANNER} s ($(verdict "$SCANNER") in this run). The scanner saves ${CPU_SAVED}
of the CPU time against Jackson's reader. The launcher's inlining limit saves $(saving "$(median "${CPUS[scanner-inline-325]}")" "$(median "${CPUS[scanner]}")") of the CPU
time against HotSpot's default (scanner-inline-325). $PREVIOUS_TEXT
Outputs the same for every configuration (summary.json, regression_suite.json and report.html byte for byte, each
configuration in its own JVM, the records' path aside): $SAME. report.html: ${HTML_KB} KiB (target < 5 MB).

Reading the numbers: the run is CPU-bound on two cores, so the CPU column is the steadier figure when other work
shares the machine (the wall times then spread widely).

What \`shadow report\` printed (scanner):

\`\`\`text
$(cat "$WORK/report-scanner.out")
\`\`\`
MD
cat "$RESULTS"
