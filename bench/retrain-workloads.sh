#!/usr/bin/env bash
# The retrain job in workloads mode: MODELS models (default 5), each from its own workload's query, on 14 days of
# one-minute history read from a real Prometheus (Debian's server, backfilled with promtool: the default synthetic
# series under a different target label for each workload, shifted by a few hours so that no two are the same). Runs
# `trainer retrain --workloads FILE --dry-run` as the CronJob does minus the model stores (no API server), and prints
# each model's retrain time from its JSON line, the whole job's wall time, and the job's peak memory.
# Usage: bench/retrain-workloads.sh [MODELS]   Needs: the .NET SDK; prometheus and promtool (scripts/prometheus-prereqs.sh).
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
models=${1:-5}
# shellcheck source=../scripts/prometheus-prereqs.sh
source scripts/prometheus-prereqs.sh

bench_out retrain-workloads
mkdir -p "$out/data"
bench_trainer

trainer generate --days 14 --out "$out/history.csv" > /dev/null
start=$(date -u -d "$(sed -n 2p "$out/history.csv" | cut -d, -f1)" +%s)
rows=$(($(wc -l < "$out/history.csv") - 1))
awk -F, -v start="$start" -v models="$models" -v rows="$rows" '
  NR > 1 { value[NR - 2] = $2 }
  END {
    print "# TYPE laba_synthetic_load gauge"
    for (m = 0; m < models; m++)
      for (i = 0; i < rows; i++)
        printf "laba_synthetic_load{target=\"w%d\"} %s %d\n", m, value[(i + m * 180) % rows], start + i * 60
    print "# EOF"
  }' "$out/history.csv" > "$out/history.om"
end=$(date -u -d "@$((start + (rows - 1) * 60))" +%Y-%m-%dT%H:%M:%SZ)
"$PROMTOOL_BIN" tsdb create-blocks-from openmetrics --max-block-duration=24h "$out/history.om" "$out/data" > /dev/null

{
  echo "["
  for m in $(seq 0 $((models - 1))); do
    printf '  {"name": "w%d", "query": "laba_synthetic_load{target=\\"w%d\\"}", "cpuLow": 20, "cpuHigh": 80, "maxReplicas": 10}%s\n' \
      "$m" "$m" "$([ "$m" -lt $((models - 1)) ] && echo , || true)"
  done
  echo "]"
} > "$out/workloads.json"

bench_prometheus "$out/data"

echo "retrain of $models models on 14 days of 1-minute history each, Prometheus 127.0.0.1:$port ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
begin=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$out/peak-kb" \
  dotnet "$out/trainer/labA-trainer.dll" retrain --workloads "$out/workloads.json" --dry-run --prometheus "http://127.0.0.1:$port" \
    --range 14d --end "$end" --out "$out/models" > "$out/run.log" || true
finish=$(date +%s.%N)
echo "| model | outcome | seconds |"
echo "| --- | --- | --- |"
grep '^{' "$out/run.log" | grep '"model"' | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print("| %s | %s | %s |" % (r["model"], r["outcome"], r["seconds"]))'
printf 'job wall time %.1f s, peak RSS %d MiB, load after %s\n' "$(echo "$finish - $begin" | bc)" "$(( $(cat "$out/peak-kb") / 1024 ))" "$(cut -d' ' -f1-3 /proc/loadavg)"
grep '"summary"' "$out/run.log" || tail -5 "$out/run.log"
echo "logs and models: $out"
