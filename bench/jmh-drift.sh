#!/usr/bin/env bash
# JMH benchmarks of the drift kernels (sort, ks, wasserstein, binning, psi) with short settings.
# Builds drift and bench/jmh (not part of the default build), runs them, writes bench/results/jmh-drift.md.
# Usage: bench/jmh-drift.sh [extra JMH args, e.g. -p n=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl drift -am install -DskipTests
./mvnw -B -q -f bench/jmh/pom.xml package

mkdir -p bench/results
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT
cmd=(java -jar bench/jmh/target/benchmarks.jar DriftKernelsBenchmark -wi 3 -w 1s -i 5 -r 1s -f 1 -rf csv -rff "$csv" "$@")
"${cmd[@]}"

out=bench/results/jmh-drift.md
{
  echo "# Drift kernels — JMH"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') (shared with other work while measured)"
  echo "- java: $(java -version 2>&1 | head -1)"
  echo "- command: \`bench/jmh-drift.sh $*\` → \`${cmd[*]/$csv/results.csv}\`"
  echo "- data: n reference and n current values, N(50000, 10000) vs N(52000, 10000) (Irwin-Hall), seed 42; heap 2 GiB"
  echo
  echo "Average time per call, one column, one thread. \`psi\` includes sorting copies of both sides; \`ks\` and \`wasserstein\`"
  echo "count both sides over a grid of buckets and sort only the few buckets that decide the answer."
  echo
  echo "| benchmark | n per side | ms/op | ± 99.9% CI |"
  echo "|---|---:|---:|---:|"
  # JMH csv: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: n"
  tail -n +2 "$csv" | tr -d '"' | awk -F, '{ split($1, p, "."); printf "| %s | %s | %.3f | %.3f |\n", p[length(p)], $8, $5, $6 }'
} > "$out"
echo "wrote $out"
