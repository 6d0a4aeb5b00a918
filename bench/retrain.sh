#!/usr/bin/env bash
# One retrain job's time on 14 days of one-minute history, read from a real Prometheus: Debian's server with the
# default synthetic series backfilled (promtool tsdb create-blocks-from openmetrics) as the load source's gauge for
# sample-app, i.e. the Scaler's default LOAD_QUERY. Runs `trainer retrain` as the CronJob does, minus the model store
# (no API server here; its get and one PUT of ~250 KB are milliseconds), RUNS times, and prints the wall time of each
# process, the fit (auto: every candidate fitted, chosen on validation, the winner refitted) and what auto chose.
# Usage: bench/retrain.sh [RUNS]   Needs: the .NET SDK; prometheus and promtool (installed by scripts/prometheus-prereqs.sh).
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
runs=${1:-3}
# shellcheck source=../scripts/prometheus-prereqs.sh
source scripts/prometheus-prereqs.sh

bench_out retrain
mkdir -p "$out/data"
bench_trainer

trainer generate --days 14 --out "$out/history.csv" > /dev/null
# The generator writes one row a minute from its start; OpenMetrics wants Unix seconds.
start=$(date -u -d "$(sed -n 2p "$out/history.csv" | cut -d, -f1)" +%s)
awk -F, -v start="$start" 'NR > 1 { printf "laba_synthetic_load{target=\"sample-app\"} %s %d\n", $2, start + (NR - 2) * 60 }
     BEGIN { print "# TYPE laba_synthetic_load gauge" } END { print "# EOF" }' "$out/history.csv" > "$out/history.om"
end=$(date -u -d "@$((start + ($(wc -l < "$out/history.csv") - 2) * 60))" +%Y-%m-%dT%H:%M:%SZ)
"$PROMTOOL_BIN" tsdb create-blocks-from openmetrics --max-block-duration=24h "$out/history.om" "$out/data" > /dev/null

bench_prometheus "$out/data"

echo "retrain on 14 days of 1-minute history from Prometheus 127.0.0.1:$port, ending $end ($(nproc) cores)"
echo "| run | job wall time | fit (of it) | chosen | decision |"
echo "| --- | --- | --- | --- | --- |"
for run in $(seq "$runs"); do
  begin=$(date +%s.%N)
  trainer retrain --prometheus "http://127.0.0.1:$port" --range 14d --end "$end" --out "$out/model-$run" > "$out/run-$run.log"
  finish=$(date +%s.%N)
  fit=$(grep -o 'in [0-9.]* s$' "$out/run-$run.log" | head -1)
  chosen=$(grep -o 'trained challenger [^ ]* ([^,]*, kind [^,]*' "$out/run-$run.log" | sed -E 's/.*\((.*), kind (.*)/\1 (\2)/')
  decision=$(tail -1 "$out/run-$run.log" | sed -E 's/^[^ ]+ retrain: ([a-z ]+):.*/\1/')
  printf '| %s | %.1f s | %s | %s | %s |\n' "$run" "$(echo "$finish - $begin" | bc)" "${fit#in }" "$chosen" "$decision"
done
echo "logs and models: $out"
