#!/usr/bin/env bash
# One Scaler run in closed loop with the Native AOT build, process start to exit: read the served model's card
# (GET /model), one range query on a real Prometheus (Debian's), one POST /predict with the observations to the real
# Predictor serving a `recent` model, the reactive floor, then the decision against the Kubernetes stand-in (read the
# state and the Deployment, write the state, patch the scale, read the state back, post the Event). Target: < 1 s.
# The load is two days of the synthetic generator ending 30 minutes from now, backfilled with promtool as the load
# source's gauge for the target, so that every run finds a fresh latest point.
#   bench/scaler-closed-loop.sh                    (RUNS=20 by default)
#   FEATURES=calendar bench/scaler-closed-loop.sh  (a calendar model: the range query, then GET /predict instead of the POST)
# Needs: the .NET SDK, clang and zlib1g-dev (Native AOT), python3, hyperfine, prometheus and promtool
#   (apt-get install -y clang zlib1g-dev hyperfine prometheus). Writes everything under out/bench/scaler-closed-loop/.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
runs=${RUNS:-20}
features=${FEATURES:-recent}
k8s_port=${K8S_PORT:-$(bench_free_port)}
predictor_port=${PREDICTOR_PORT:-$(bench_free_port)}
prometheus_port=${PROMETHEUS_PORT:-$(bench_free_port)}
for tool in hyperfine clang prometheus promtool python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y clang zlib1g-dev hyperfine prometheus" >&2; exit 1; }
done
bench_out scaler-closed-loop

echo "== building: the Scaler (Native AOT), the Trainer and the Predictor (Release)"
bench_publish app/Scaler/LabA.Scaler.csproj "$out/scaler" -r linux-x64 -p:PublishAot=true
bench_publish app/Trainer "$out/trainer"
bench_publish app/Predictor "$out/predictor"

echo "== data: two days of synthetic load ending 30 minutes from now; a $features model trained on it"
start=$(date -u -d "@$(( $(date +%s) / 60 * 60 - 2 * 86400 + 1800 ))" +%Y-%m-%dT%H:%M:%SZ)
dotnet "$out/trainer/labA-trainer.dll" generate --start "$start" --days 2 --out "$out/load.csv" > "$out/generate.txt"
dotnet "$out/trainer/labA-trainer.dll" train --data "$out/load.csv" --features "$features" --out "$out/model" > "$out/train.txt"
# The last six hours as the load source's gauge for the target, in OpenMetrics for promtool.
python3 - "$out/load.csv" "$out/load.om" <<'PY'
import csv, sys
from datetime import datetime, timezone
rows = list(csv.DictReader(open(sys.argv[1])))[-360:]
with open(sys.argv[2], "w") as om:
    om.write("# TYPE laba_synthetic_load gauge\n")
    for row in rows:
        ts = datetime.fromisoformat(row["timestamp"].replace("Z", "+00:00")).astimezone(timezone.utc).timestamp()
        om.write(f'laba_synthetic_load{{target="sample-app"}} {row[[k for k in row if k != "timestamp"][0]]} {int(ts)}\n')
    om.write("# EOF\n")
PY
mkdir -p "$out/prometheus-data"
promtool tsdb create-blocks-from openmetrics "$out/load.om" "$out/prometheus-data" > "$out/promtool.txt"
printf 'global:\n  scrape_interval: 1m\n' > "$out/prometheus.yml"

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
prometheus --config.file="$out/prometheus.yml" --storage.tsdb.path="$out/prometheus-data" \
  --web.listen-address="127.0.0.1:$prometheus_port" > "$out/prometheus.log" 2>&1 &
pids+=($!)
prometheus_pid=$!
MODEL_DIR="$PWD/$out/model" PORT=$predictor_port dotnet "$out/predictor/labA-predictor.dll" > "$out/predictor.log" 2>&1 &
pids+=($!)
predictor_pid=$!
python3 bench/scaler-startup/stand-in.py "$k8s_port" > "$out/stand-in.log" 2>&1 &
pids+=($!)
stand_in_pid=$!
export BENCH_READY_SECONDS=${BENCH_READY_SECONDS:-60}
bench_wait_ready "http://127.0.0.1:$prometheus_port/-/ready" "$prometheus_pid" "$out/prometheus.log"
bench_wait_ready "http://127.0.0.1:$predictor_port/ready" "$predictor_pid" "$out/predictor.log"
bench_wait_ready "http://127.0.0.1:$k8s_port/predict" "$stand_in_pid" "$out/stand-in.log"

bench/scaler-startup/kubeconfig.sh "$k8s_port" "$out/kubeconfig"
export KUBECONFIG=$PWD/$out/kubeconfig
export PREDICTOR_URL=http://127.0.0.1:$predictor_port/predict PROMETHEUS_URL=http://127.0.0.1:$prometheus_port
unset KUBERNETES_SERVICE_HOST LOAD_QUERY OBSERVATION_WINDOW

# One run first: it must be a closed-loop decision (floor applied, so the range query and the POST both answered),
# or the timing means nothing.
"$out/scaler/labA-scaler" > "$out/run.log" || { echo "the run failed:" >&2; cat "$out/run.log" >&2; exit 1; }
grep -q '"loop":"closed"' "$out/run.log" && grep -q '"floor_winner"' "$out/run.log" \
  || { echo "not a closed-loop decision:" >&2; cat "$out/run.log" >&2; exit 1; }
cat "$out/run.log"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out/results.md" -n "closed-loop-aot-$features" "$out/scaler/labA-scaler"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $out/results.md"
