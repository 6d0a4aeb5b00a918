#!/usr/bin/env bash
# The backtest's goal, measured: on the default synthetic series the predictive policy should have >= 80% fewer
# under-provisioned minutes than the reactive (HPA-like) policy, at <= 10% more replica-minutes than the oracle.
# Replays the hold-out (last 20%, never trained on) of
#   1. the default synthetic series (generate with defaults, train with defaults) with the shipped Scaler settings, for
#      PROVISION_QUANTILE in off 0.8 0.9 0.95 0.99 (the predictive policy provisions for forecast + the model's margin
#      at that quantile of its validation errors, as the Predictor does; the oracle never adds a margin),
#   2. the same sweep with SCALE_DOWN_STABILIZATION at least horizon + schedule interval (7m),
#   3. samples/nyc_taxi.csv with a `recent` model at a 30m horizon, off and the default quantile, shipped settings and
#      SCALE_DOWN_STABILIZATION=35m.
# The reactive policy keeps the HPA's own defaults in every run. A one-line table of every run ends the output.
#   bench/backtest.sh            # everything, in out/bench/backtest
#   bench/backtest.sh retrain    # only the learning loop replayed (--retrain-every 1d), in out/bench/backtest-retrain:
#      on samples/nyc_taxi.csv (the longest real trace: 215 days at 30 minutes; its 43-day hold-out replayed) with the
#      `recent` 30m model, a daily retrain on the last 14d (the retrain job's default range) and on the last 56d, and on
#      the default synthetic series (14 days, its 2.8-day hold-out); each prints the frozen and the retrained row, the
#      retrains' decisions and the wall time.
# Needs: the .NET SDK and jq.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
root=$PWD
mode=${1:-all}
name=backtest
[ "$mode" = retrain ] && name=backtest-retrain
bench_need jq

dotnet build app/Trainer -c Release -nologo -v quiet >&2
trainer() { dotnet "$root/app/Trainer/bin/Release/net10.0/labA-trainer.dll" "$@"; }
bench_out "$name"
out=$root/$out
cd "$out"
unset BASE_LOW BASE_HIGH NOISE_STD SPIKE_PROBABILITY SCALE_DOWN_STABILIZATION MAX_SCALE_UP_STEP MAX_SCALE_DOWN_STEP SCHEDULE \
  MIN_REPLICAS MAX_REPLICAS CPU_LOW CPU_HIGH PROVISION_QUANTILE

summary() { # label, json file
  jq -r --arg title "$1" '
    def m(n): .policies[] | select(.name == n) | .metrics;
    "\($title)\n  replay \(.replay.from) .. \(.replay.to) (\(.replay.minutes) min), model \(.model.featureSet) horizon \(.model.horizon), PROVISION_QUANTILE \(.provisioning.quantile) (margin \(.provisioning.margin * 1000 | round / 1000)), stabilization \(.settings.scaleDownStabilization)\n" +
    ([.policies[] | "  \(.name | . + "            " | .[:12]) under-provisioned \(.metrics.underProvisionedMinutes) min, replica-min \(.metrics.replicaMinutes), over-provisioned \(.metrics.overProvisionedReplicaMinutes), changes \(.metrics.scaleChanges)"] | join("\n")) +
    "\n  predictive vs reactive: \(.verdict.underProvisionedReductionVsReactive * 1000 | round / 10)% fewer under-provisioned minutes (goal >= 80%: \(.verdict.fewerShortfallsGoalMet))" +
    "\n  predictive vs oracle: \(.verdict.replicaMinutesAboveOracle * 1000 | round / 10)% replica-minutes (goal <= +10%: \(.verdict.costGoalMet))"' "$2"
}

row() { # label, json file -> one line of the closing table
  jq -r --arg run "$1" '
    def m(n): .policies[] | select(.name == n) | .metrics;
    "| \($run) | \(.provisioning.quantile) | \(.provisioning.margin * 100 | round / 100) | \(m("predictive").underProvisionedMinutes) | \(m("reactive").underProvisionedMinutes) | \(m("oracle").underProvisionedMinutes) | \(m("predictive").replicaMinutes | round) | \(m("oracle").replicaMinutes | round) | \(.verdict.underProvisionedReductionVsReactive * 1000 | round / 10)% \(if .verdict.fewerShortfallsGoalMet then "ok" else "NO" end) | \(.verdict.replicaMinutesAboveOracle * 1000 | round / 10)% \(if .verdict.costGoalMet then "ok" else "NO" end) |"' "$2" >> "$out/table.md"
}
echo "| run | PROVISION_QUANTILE | margin | predictive under-min | reactive under-min | oracle under-min | predictive replica-min | oracle replica-min | fewer vs reactive (>= 80%) | vs oracle (<= +10%) |" > "$out/table.md"
echo "|---|---|---|---|---|---|---|---|---|---|" >> "$out/table.md"
run() { # label, json name, env assignments..., -- backtest args...
  local label=$1 name=$2; shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  env "${envs[@]}" dotnet "$root/app/Trainer/bin/Release/net10.0/labA-trainer.dll" backtest --json --out "$name" "$@" > "$name.json"
  summary "$label" "$name.json"
  row "$label" "$name.json"
}

retrain_run() { # label, name, backtest args...
  local label=$1 name=$2; shift 2
  local start end
  start=$(date +%s%N)
  trainer backtest --json --out "$name" --retrain-every 1d "$@" > "$name.json" 2> "$name.log"
  end=$(date +%s%N)
  jq -r --arg title "$label" --arg seconds "$(( (end - start) / 1000000000 ))" '
    def m(n): .policies[] | select(.name == n) | .metrics;
    def r: .retraining.retrains;
    "| \($title) | \(.retraining.range) | \(.retraining.trainer) | \(r | length - 1) | \([r[] | select(.decision == "promoted")] | length) | \(m("predictive-frozen").underProvisionedMinutes) | \(m("predictive-retrained").underProvisionedMinutes) | \(m("predictive-frozen").replicaMinutes | round) | \(m("predictive-retrained").replicaMinutes | round) | \(m("predictive").underProvisionedMinutes) | \(m("reactive").underProvisionedMinutes) | \($seconds) s |"' "$name.json" >> "$out/retrain-table.md"
}
if [ "$mode" = retrain ]; then
  echo "| replay | range | trainer | retrains | promoted | frozen under-min | retrained under-min | frozen replica-min | retrained replica-min | predictive (--model) under-min | reactive under-min | wall |" > "$out/retrain-table.md"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|" >> "$out/retrain-table.md"
  trainer train --data "$root/samples/nyc_taxi.csv" --features recent --horizon 30m --out model-nyc > train-nyc.txt
  retrain_run "nyc_taxi hold-out (43 d), recent 30m" nyc-14d --model model-nyc --data "$root/samples/nyc_taxi.csv"
  retrain_run "nyc_taxi hold-out (43 d), recent 30m" nyc-56d --model model-nyc --data "$root/samples/nyc_taxi.csv" --retrain-range 56d
  trainer generate >/dev/null
  trainer train > train-synthetic.txt
  retrain_run "synthetic hold-out (2.8 d), calendar 5m" synthetic-14d
  cat "$out/retrain-table.md"
  echo "each retrain's decision: jq .retraining.retrains $out/*.json; charts: $out/*/backtest.png"
  exit 0
fi

trainer generate >/dev/null
trainer train > train-synthetic.txt
grep -E "^Forecast errors|^Provisioning" train-synthetic.txt
start=$(date +%s%N)
trainer backtest --json --out synthetic > synthetic.json
end=$(date +%s%N)
echo "backtest of the synthetic hold-out with the defaults took $(( (end - start) / 1000000 )) ms"
for q in off 0.8 0.9 0.95 0.99; do
  run "synthetic, shipped settings" "synthetic-q$q" PROVISION_QUANTILE=$q --
done
for q in off 0.8 0.9 0.95 0.99; do
  run "synthetic, SCALE_DOWN_STABILIZATION=7m" "synthetic-7m-q$q" PROVISION_QUANTILE=$q SCALE_DOWN_STABILIZATION=7m --
done

trainer train --data "$root/samples/nyc_taxi.csv" --features recent --horizon 30m --out model-nyc > train-nyc.txt
grep -E "^Forecast errors|^Provisioning" train-nyc.txt
for q in off default; do
  quantile=(); [ "$q" = off ] && quantile=(PROVISION_QUANTILE=off)
  run "nyc_taxi recent 30m, shipped settings" "nyc-q$q" "${quantile[@]}" -- --model model-nyc --data "$root/samples/nyc_taxi.csv"
  run "nyc_taxi recent 30m, SCALE_DOWN_STABILIZATION=35m" "nyc-35m-q$q" "${quantile[@]}" SCALE_DOWN_STABILIZATION=35m -- --model model-nyc --data "$root/samples/nyc_taxi.csv"
done
echo
cat "$out/table.md"
echo "charts and step-by-step CSVs: $out/*/backtest.png, $out/*/backtest.csv"
