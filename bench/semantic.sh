#!/usr/bin/env bash
# Local semantic similarity: cold load time of the embedding model, texts/s and pairs/s with one text per model call
# against batches (short texts of 20 words, answer-length texts of 120 words, all distinct: no cache hits), pairs/s
# through the SemanticEngine fed by 4 threads, with 1 and 2 ONNX Runtime threads, for the quantized (shipped) and the
# full-precision model; and what the semantic stack weighs in the runnable jar. Writes bench/results/semantic.md.
#
#   bench/semantic.sh              # 5 s per measurement
#   SECONDS_EACH=10 bench/semantic.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_EACH=${SECONDS_EACH:-5}
RESULTS="$ROOT/bench/results/semantic.md"
cd "$ROOT"

echo "[bench] building the runnable jar and the semantic module's test class path (for the full model)" >&2
./mvnw -B -q package -DskipTests -pl cli -am >/dev/null
./mvnw -B -q -pl semantic -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$ROOT/semantic/target/bench-classpath.txt" >/dev/null
JAR="$ROOT/cli/target/shadow.jar"
CP="$ROOT/semantic/target/classes:$(cat "$ROOT/semantic/target/bench-classpath.txt")"

RAW=$(mktemp)
trap 'rm -f "$RAW"' EXIT
# the quantized model from the runnable jar itself (what users run), the full one from the module's class path
for threads in 1 2; do
  java -cp "$JAR" bench/java/SemanticBench.java all-minilm-l6-v2-q "$SECONDS_EACH" "$threads" 2>/dev/null \
    | grep -E '^(load|encoder|engine)' >>"$RAW"
  java -cp "$CP" bench/java/SemanticBench.java all-minilm-l6-v2 "$SECONDS_EACH" "$threads" 2>/dev/null \
    | grep -E '^(load|encoder|engine)' >>"$RAW"
done

# what the semantic stack adds to the jar: compressed sizes of its entries
stack_bytes=$(unzip -lv "$JAR" | awk '$8 ~ /^(ai\/onnxruntime\/|ai\/djl\/|native\/lib\/|com\/sun\/jna\/|com\/google\/gson\/|org\/apache\/commons\/(compress|io|codec)\/|all-minilm-l6-v2|dev\/shadowpipeline\/semantic\/)/ {s += $3} END {print s}')
jar_bytes=$(stat -c %s "$JAR")

{
  echo "# Semantic similarity on this machine"
  echo
  echo "Reproduce: \`bench/semantic.sh\` (SECONDS_EACH=$SECONDS_EACH per measurement, after one warm-up call)."
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r); other work shared the cores (load average before the run: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "- Java: $(java -version 2>&1 | head -1); ONNX Runtime 1.20.0; tokenizer: Hugging Face tokenizers through DJL 0.36.0"
  echo "- Texts: distinct random sentences over a 52-word vocabulary, 20 words (~25 tokens) or 120 words (~150 tokens,"
  echo "  an LLM answer's length); a pair is two texts, so pairs/s = texts/s / 2 with no cache hits"
  echo
  echo "## Runnable jar"
  echo
  echo "- cli/target/shadow.jar: $jar_bytes bytes; the semantic stack's entries in it: $stack_bytes bytes compressed"
  echo "  (ONNX Runtime with the natives of linux x64/aarch64, macOS x64/arm64, Windows x64, debug symbols left out;"
  echo "  the tokenizer's natives for linux x64/aarch64, macOS arm64, Windows x64; JNA, gson, commons-compress/io/codec"
  echo "  for DJL; the quantized model, 23 MB)"
  echo
  echo "## Raw"
  echo
  echo '```'
  cat "$RAW"
  echo '```'
} >"$RESULTS"
echo "[bench] wrote $RESULTS" >&2
cat "$RESULTS"
