#!/usr/bin/env bash
# Training speed, model size and forecast quality of the Trainer, measured on a Release build:
#   1. the default 14-day synthetic series: wall time of the whole `train` command (process start to exit) over RUNS
#      runs (the validation-slice fit for the provisioning margin included), model.zip size, the margin's hold-out
#      coverage, and the hold-out MAE of the model beside every naive baseline and the irreducible error;
#   2. samples/nyc_taxi.csv (real demand, 30-min step): the `recent` model one step (30m) and one hour ahead, beside
#      persistence, seasonal naive and the Holt-Winters reference;
#   3. every trainer (fasttree, lightgbm, sdca) on both, to compare.
# Usage: bench/train.sh            (RUNS=5 by default)
# Needs: the .NET SDK and jq. Writes everything under out/bench/train/.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
runs=${RUNS:-5}
bench_need jq

bench_out train
bench_trainer

trainer generate --out "$out/cpu_load.csv" > "$out/generate.txt"
cat "$out/generate.txt"

echo
echo "== 1. default synthetic series (14 days, 1-min step), calendar features, fasttree: $runs runs of the whole train command"
# Wall time depends on what else runs on the machine; CPU time (user + sys) much less: both are reported, with the load.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S" -o "$out/time-$i.txt" dotnet "$out/trainer/labA-trainer.dll" train --data "$out/cpu_load.csv" --out "$out/model" > "$out/train-default.txt"
done
stats() { sort -n | awk -v what="$1" '{a[NR]=$1} END {printf "%s: min %.2f  median %.2f  max %.2f\n", what, a[1], a[int((NR+1)/2)], a[NR]}'; }
cat "$out"/time-*.txt | awk '{print $1}' | stats "train wall time, s (target < 5)"
cat "$out"/time-*.txt | awk '{print $2 + $3}' | stats "train CPU time user+sys, s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "^Trained|^Forecast errors|^Provisioning" "$out/train-default.txt" # the provisioning margin and its hold-out coverage
zip_bytes=$(stat -c %s "$out/model/model.zip")
echo "model.zip: $zip_bytes bytes (target < 1048576)"

report() { # model.json -> one line per forecaster
  jq -r '.metrics as $m
    | ["model", $m.model.mae, $m.model.rmse, $m.model.r2],
      ($m.baselines[] | [.name, .mae, .rmse, .r2]),
      (if $m.irreducible then ["irreducible", $m.irreducible.mae, $m.irreducible.rmse, $m.irreducible.r2] else empty end)
    | "  \(.[0] | . + (" " * (20 - length)))  MAE \(.[1] * 1000 | round / 1000)  RMSE \(.[2] * 1000 | round / 1000)  R2 \(.[3] * 1000 | round / 1000)"' "$1"
  jq -r '.metrics as $m
    | "  beats every baseline on MAE: \(all($m.baselines[]; $m.model.mae < .mae))"
      + (if $m.irreducible then "; model MAE / irreducible MAE = \($m.model.mae / $m.irreducible.mae * 1000 | round / 1000) (target <= 1.15)" else "" end)' "$1"
}
report "$out/model/model.json"

echo
echo "== 2. samples/nyc_taxi.csv, recent features, fasttree (reference MAE one step: persistence 1191, seasonal naive 3396, last-hour mean 1658, Holt-Winters 690)"
for horizon in 30m 1h; do
  trainer train --data samples/nyc_taxi.csv --features recent --horizon "$horizon" --out "$out/nyc-$horizon" > "$out/train-nyc-$horizon.txt"
  echo "horizon $horizon:"
  report "$out/nyc-$horizon/model.json"
done

echo
echo "== 3. trainers compared (model MAE on the hold-out; train time as the Trainer reports it)"
for trainer_name in fasttree lightgbm sdca; do
  for run in "synthetic calendar 5m $out/cpu_load.csv" "nyc recent 30m samples/nyc_taxi.csv"; do
    read -r name features horizon data <<< "$run"
    dir="$out/compare-$trainer_name-$name"
    trainer train --data "$data" --features "$features" --horizon "$horizon" --trainer "$trainer_name" --out "$dir" > "$dir.txt"
    seconds=$(grep -oE 'in [0-9.]+ s' "$dir.txt" | grep -oE '[0-9.]+')
    printf '  %-9s %-10s %-9s MAE %8.3f  (best baseline %8.3f)  trained in %s s  model.zip %s bytes\n' "$trainer_name" "$name" "$features" \
      "$(jq '.metrics.model.mae' "$dir/model.json")" "$(jq '[.metrics.baselines[].mae] | min' "$dir/model.json")" "$seconds" "$(stat -c %s "$dir/model.zip")"
  done
done
