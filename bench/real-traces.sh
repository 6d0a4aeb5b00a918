#!/usr/bin/env bash
# Real traces end to end: trains a model on every CSV in ../shared/data and samples/ (samples/cloudwatch included)
# with default options (--trainer auto), then backtests it on the trainer's hold-out, and prints one row per trace:
# what auto chose, the hold-out MAE of the served forecaster, of every candidate and of each baseline (from
# model.json), whether the served one is within 1 % of the best of persistence, rolling mean, seasonal naive and
# Holt-Winters, and the backtest's under-provisioned minutes and replica-minutes of the predictive policy beside the
# reactive HPA and the oracle.
# HOLDOUT (default 0.2, train's own default) moves the cut between training and hold-out: other cuts are other
# stretches the model never saw, and a choice that held only at one cut is luck.
# Usage: bench/real-traces.sh   or   HOLDOUT=0.3 bench/real-traces.sh     Needs: the .NET SDK and jq.
# Writes everything under out/bench/real-traces/.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
holdout=${HOLDOUT:-0.2}
bench_need jq

bench_out real-traces
bench_trainer

bench_real_traces

echo "| trace | step | import | chosen (kind) | served MAE | best baseline | within 1 % | candidates: validation / hold-out MAE | persistence | rolling-mean | seasonal-naive-day | seasonal-naive-week | holt-winters | under-prov. min (pred / reactive / oracle) | replica-min (pred / reactive / oracle) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for file in "${traces[@]}"; do
  name=$(basename "$(dirname "$file")")/$(basename "$file" .csv)
  dir="$out/${name//\//_}"
  if ! trainer train --data "$file" --holdout "$holdout" --out "$dir/model" > "$dir.train.txt" 2>&1; then
    echo "| $name | | train failed: $(tail -1 "$dir.train.txt") | | | | | | | | | | | | |"
    continue
  fi
  # The replay starts where the model's hold-out does: the first target it was scored on.
  if ! trainer backtest --model "$dir/model" --data "$file" --from "$(jq -r .metrics.from "$dir/model/model.json")" --out "$dir/backtest" --json > "$dir.backtest.json" 2> "$dir.backtest.err"; then
    echo "| $name | | backtest failed: $(tail -1 "$dir.backtest.err") | | | | | | | | | | | | |"
    continue
  fi
  jq -r --arg name "$name" --slurpfile bt "$dir.backtest.json" '
    def r: (. * 1000 | round / 1000 | tostring);
    def mae($n): ([.metrics.baselines[] | select(.name == $n) | .mae] | if length > 0 then (.[0] | r) else "-" end);
    def policy($n): ($bt[0].policies[] | select(.name == $n) | .metrics);
    ([.metrics.baselines[] | select(.name | IN("persistence", "rolling-mean", "seasonal-naive-day", "seasonal-naive-week", "holt-winters")) | .mae] | min) as $best
    | "| \($name) | \(.step) | \(.data.import | "\(.pointsFilled) filled, longest \(.longestGap), \(.duplicatesDropped) dup, \(.pointsSnapped) snapped, \(.rowsPlacedInGap) placed")"
    + " | \(.selection.chosen) (\(.kind)) | \(.metrics.model.mae | r) | \($best | r) | \(if .metrics.model.mae <= 1.01 * $best then (if .metrics.model.mae < $best then "better" else "yes" end) else "NO" end)"
    + " | \([.selection.candidates[] | "\(.name) \(if .validationMae then "\(.validationMae | r) / \(.holdoutMae | r)" else "n/a" end)"] | join("; "))"
    + " | \(mae("persistence")) | \(mae("rolling-mean")) | \(mae("seasonal-naive-day")) | \(mae("seasonal-naive-week")) | \(mae("holt-winters"))"
    + " | \(policy("predictive").underProvisionedMinutes) / \(policy("reactive").underProvisionedMinutes) / \(policy("oracle").underProvisionedMinutes) | \(policy("predictive").replicaMinutes) / \(policy("reactive").replicaMinutes) / \(policy("oracle").replicaMinutes) |"
' "$dir/model/model.json"
done
