#!/usr/bin/env bash
# Longer horizons on the real traces: trains --trainer auto at each horizon of HORIZONS (default "30m 1h") on every
# CSV in ../shared/data and samples/, the candidates chosen on validation at that horizon, and prints one row per trace
# and horizon: what auto chose, the hold-out MAE of the served forecaster beside each baseline at the same horizon
# (persistence, the one-hour rolling mean, seasonal naive for a day and a week, Holt-Winters, from model.json), and
# served / best baseline (at most 1: no worse); then the backtest of that model on its hold-out with pods that take the
# horizon to be ready (--startup-delay, the lead the predictive policy forecasts for, as POD_STARTUP is the one a
# horizon is chosen for; STARTUP_DELAY sets another for every horizon):
# under-provisioned minutes and replica-minutes of predictive / reactive / oracle. A horizon that is not a multiple of a
# trace's step is reported as such.
# HOLDOUT (default 0.2) moves the cut between training and hold-out.
# Usage: bench/horizons.sh   or   HORIZONS="5m 30m 1h" HOLDOUT=0.3 bench/horizons.sh     Needs: the .NET SDK and jq.
# Writes everything under out/bench/horizons/.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
holdout=${HOLDOUT:-0.2}
horizons=${HORIZONS:-30m 1h}
bench_need jq

bench_out horizons
bench_trainer

bench_real_traces

echo "| trace | horizon | chosen (kind) | served MAE | persistence | rolling-mean | seasonal-naive-day | seasonal-naive-week | holt-winters | served / best baseline | under-prov. min (pred / reactive / oracle) | replica-min (pred / reactive / oracle) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for file in "${traces[@]}"; do
  name=$(basename "$(dirname "$file")")/$(basename "$file" .csv)
  for horizon in $horizons; do
    dir="$out/${name//\//_}-$horizon"
    if ! trainer train --data "$file" --holdout "$holdout" --horizon "$horizon" --out "$dir" > "$dir.train.txt" 2>&1; then
      echo "| $name | $horizon | not trained: $(tail -1 "$dir.train.txt") | | | | | | | | | |"
      continue
    fi
    if ! trainer backtest --model "$dir" --data "$file" --from "$(jq -r .metrics.from "$dir/model.json")" --startup-delay "${STARTUP_DELAY:-$horizon}" --out "$dir-backtest" --json \
      > "$dir.backtest.json" 2> "$dir.backtest.err"; then
      echo '{"policies": []}' > "$dir.backtest.json"
    fi
    jq -r --arg name "$name" --arg horizon "$horizon" --slurpfile bt "$dir.backtest.json" '
      def r: (. * 1000 | round / 1000 | tostring);
      def mae($n): ([.metrics.baselines[] | select(.name == $n) | .mae] | if length > 0 then (.[0] | r) else "-" end);
      def policy($n): ([$bt[0].policies[] | select(.name == $n) | .metrics] | .[0] // {underProvisionedMinutes: "-", replicaMinutes: "-"});
      ([.metrics.baselines[] | .mae] | min) as $best
      | "| \($name) | \($horizon) | \(.selection.chosen) (\(.kind)) | \(.metrics.model.mae | r)"
      + " | \(mae("persistence")) | \(mae("rolling-mean")) | \(mae("seasonal-naive-day")) | \(mae("seasonal-naive-week")) | \(mae("holt-winters"))"
      + " | \(.metrics.model.mae / $best | r)\(if .metrics.model.mae <= $best then "" else " (worse)" end)"
      + " | \(policy("predictive").underProvisionedMinutes) / \(policy("reactive").underProvisionedMinutes) / \(policy("oracle").underProvisionedMinutes)"
      + " | \(policy("predictive").replicaMinutes) / \(policy("reactive").replicaMinutes) / \(policy("oracle").replicaMinutes) |"
    ' "$dir/model.json"
  done
done
