#!/usr/bin/env bash
# Issue 5's goal, measured: on the default synthetic series the predictive policy should have >= 80% fewer
# under-provisioned minutes than the reactive (HPA-like) policy, at <= 10% more replica-minutes than the oracle.
# Replays the hold-out (last 20%, never trained on) of
#   1. the default synthetic series (generate with defaults, train with defaults) with the shipped Scaler settings,
#   2. the same with SCALE_DOWN_STABILIZATION at least horizon + schedule interval (7m),
#   3. the same plus --headroom 8 (a what-if: 8 CPU points added to every forecast),
#   4. samples/nyc_taxi.csv with a `recent` model at a 30m horizon, shipped settings and SCALE_DOWN_STABILIZATION=35m.
# The reactive policy keeps the HPA's own defaults in every run.
#   bench/backtest.sh            # everything, in out/bench/backtest
# Needs: the .NET SDK and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/out/bench/backtest
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v jq >/dev/null || { echo "jq is missing: apt-get install -y jq" >&2; exit 1; }

dotnet build app/Trainer -c Release -nologo -v quiet >&2
trainer() { dotnet "$root/app/Trainer/bin/Release/net10.0/labA-trainer.dll" "$@"; }
rm -rf "$out" && mkdir -p "$out" && cd "$out"
unset BASE_LOW BASE_HIGH NOISE_STD SPIKE_PROBABILITY SCALE_DOWN_STABILIZATION MAX_SCALE_UP_STEP MAX_SCALE_DOWN_STEP SCHEDULE \
  MIN_REPLICAS MAX_REPLICAS CPU_LOW CPU_HIGH

summary() { # label, json file
  jq -r --arg title "$1" '
    def m(n): .policies[] | select(.name == n) | .metrics;
    "\($title)\n  replay \(.replay.from) .. \(.replay.to) (\(.replay.minutes) min), model \(.model.featureSet) horizon \(.model.horizon), headroom \(.headroom), stabilization \(.settings.scaleDownStabilization)\n" +
    ([.policies[] | "  \(.name | . + "            " | .[:12]) under-provisioned \(.metrics.underProvisionedMinutes) min, replica-min \(.metrics.replicaMinutes), over-provisioned \(.metrics.overProvisionedReplicaMinutes), changes \(.metrics.scaleChanges)"] | join("\n")) +
    "\n  predictive vs reactive: \(.verdict.underProvisionedReductionVsReactive * 1000 | round / 10)% fewer under-provisioned minutes (goal >= 80%: \(.verdict.fewerShortfallsGoalMet))" +
    "\n  predictive vs oracle: \(.verdict.replicaMinutesAboveOracle * 1000 | round / 10)% replica-minutes (goal <= +10%: \(.verdict.costGoalMet))"' "$2"
}

trainer generate >/dev/null
trainer train >/dev/null
start=$(date +%s%N)
trainer backtest --json --out synthetic > synthetic.json
end=$(date +%s%N)
summary "1. synthetic, shipped settings (backtest took $(( (end - start) / 1000000 )) ms)" synthetic.json
SCALE_DOWN_STABILIZATION=7m trainer backtest --json --out synthetic-7m > synthetic-7m.json
summary "2. synthetic, SCALE_DOWN_STABILIZATION=7m" synthetic-7m.json
SCALE_DOWN_STABILIZATION=7m trainer backtest --json --headroom 8 --out synthetic-7m-headroom8 > synthetic-7m-headroom8.json
summary "3. synthetic, SCALE_DOWN_STABILIZATION=7m, --headroom 8" synthetic-7m-headroom8.json
trainer backtest --json --headroom 8 --out synthetic-headroom8 > synthetic-headroom8.json
summary "3b. synthetic, shipped settings, --headroom 8" synthetic-headroom8.json

trainer train --data "$root/samples/nyc_taxi.csv" --features recent --horizon 30m --out model-nyc >/dev/null
trainer backtest --json --model model-nyc --data "$root/samples/nyc_taxi.csv" --out nyc > nyc.json
summary "4. nyc_taxi (passengers as % of the max before the replay), recent model, horizon 30m, shipped settings" nyc.json
SCALE_DOWN_STABILIZATION=35m trainer backtest --json --model model-nyc --data "$root/samples/nyc_taxi.csv" --out nyc-35m > nyc-35m.json
summary "4b. nyc_taxi, SCALE_DOWN_STABILIZATION=35m" nyc-35m.json
echo "charts and step-by-step CSVs: $out/*/backtest.png, $out/*/backtest.csv"
