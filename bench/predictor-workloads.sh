#!/usr/bin/env bash
# Workloads mode at scale: the Predictor serving WORKLOADS model directories from MODELS_DIR that hold MODELS distinct
# models between them (workload i holds model i % MODELS), as hundreds of workloads sharing a few dozen trained models
# do. Prints, for that and for one directory per distinct model (the memory the models themselves take):
# the time to /ready, the resident memory (VmRSS) once every model is loaded, laba_predictor_models_in_memory, the CPU
# the checks of MODEL_CHECK_INTERVAL take while idle (over CHECK_SECONDS), and the wall time of one GET
# /workloads/<model>/predict per workload (curl, 8 in parallel).
#   bench/predictor-workloads.sh                       # WORKLOADS=500 MODELS=20 CHECK_SECONDS=60
#   WORKLOADS=100 MODELS=5 bench/predictor-workloads.sh
# Needs: the .NET SDK, curl (7.66 or later, for --parallel). Writes everything under out/bench/predictor-workloads/.
set -euo pipefail
source "$(dirname "$0")/predictor-service.sh"
workloads=${WORKLOADS:-500}
distinct=${MODELS:-20}
check_seconds=${CHECK_SECONDS:-60}

bench_out predictor-workloads
predictor_build
for m in $(seq 0 $((distinct - 1))); do
  # Each model its own series (another seed), so that no two share their files.
  dotnet "$out/trainer/labA-trainer.dll" generate --seed $((1000 + m)) --out "$out/series-$m.csv" > /dev/null
  dotnet "$out/trainer/labA-trainer.dll" train --data "$out/series-$m.csv" --out "$out/trained/m$m" > /dev/null
done
echo "trained $distinct models: $(sha256sum "$out"/trained/*/model.zip | cut -c1-64 | sort -u | wc -l) distinct model.zip, $(du -sh "$out/trained" | cut -f1) on disk"

# populate DIR COUNT: COUNT model directories w0..w<COUNT-1> in DIR, workload i holding model i % MODELS.
populate() {
  mkdir -p "$1"
  for i in $(seq 0 $(($2 - 1))); do
    mkdir -p "$1/w$i" && cp "$out/trained/m$((i % distinct))/"model.* "$1/w$i/"
  done
}

cpu_seconds() { curl -fs "$predictor_url/metrics" | awk '$1 == "process_cpu_seconds_total" {print $2}'; }

# measure LABEL DIR COUNT
measure() {
  local label=$1 dir=$2 count=$3 started ready rss in_memory cpu_before cpu_after requests
  export MODELS_DIR=$dir MODEL_CHECK_INTERVAL=5s
  started=$(date +%s.%N)
  predictor_start "$out/trained/m0"
  ready=$(printf '%.2f' "$(echo "$(date +%s.%N) - $started" | bc)")
  rss=$(awk '/VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$predictor_pid/status")
  in_memory=$(curl -fs "$predictor_url/metrics" | awk '$1 == "laba_predictor_models_in_memory" {print $2}')
  cpu_before=$(cpu_seconds)
  sleep "$check_seconds"
  cpu_after=$(cpu_seconds)
  started=$(date +%s.%N)
  # The parallel progress meter ignores -s; -f still fails the bench on any answer but 2xx.
  curl -fs -o /dev/null --parallel --parallel-max 8 "$predictor_url/workloads/w[0-$((count - 1))]/predict" 2> /dev/null
  requests=$(printf '%.3f' "$(echo "$(date +%s.%N) - $started" | bc)")
  echo "| $label | $count | $in_memory | $ready s | $rss | $(echo "scale=1; 100 * ($cpu_after - $cpu_before) / $check_seconds" | bc) % | $requests s |"
  predictor_stop
}

populate "$out/models-all" "$workloads"
populate "$out/models-one-each" "$distinct"
echo
echo "| MODELS_DIR | workloads | models in memory | ready after | VmRSS | idle CPU (checks) | one GET per workload |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
measure "one directory per model" "$out/models-one-each" "$distinct"
measure "$workloads workloads on $distinct models" "$out/models-all" "$workloads"
