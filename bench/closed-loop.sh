#!/usr/bin/env bash
# The closed loop's targets, measured on the backtest's replay of data no model trained on:
#   1. samples/nyc_taxi.csv, a `recent` model (30m horizon), closed loop ("predictive": forecast from the observations as
#      the Scaler scrapes them, POST path, reactive floor): under-provisioned minutes against reactive (goal >= 90% fewer)
#      and replica-minutes against the oracle (goal <= +10%);
#   2. the default synthetic series: closed loop no worse than the open loop ("open-loop": the forecast alone) on either;
#   3. a surge no model has seen (+30 CPU points for 6 h on a hold-out day, --surge-at 2025-01-17T10:00:00Z): under-
#      provisioned minutes during the surge, closed loop at most half of the open loop's.
#   bench/closed-loop.sh        # everything, in out/bench/closed-loop
# Needs: the .NET SDK and jq.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
root=$PWD
bench_need jq
unset BASE_LOW BASE_HIGH NOISE_STD SPIKE_PROBABILITY SCALE_DOWN_STABILIZATION MAX_SCALE_UP_STEP MAX_SCALE_DOWN_STEP SCHEDULE \
  MIN_REPLICAS MAX_REPLICAS CPU_LOW CPU_HIGH PROVISION_QUANTILE

dotnet build app/Trainer -c Release -nologo -v quiet >&2
trainer() { dotnet "$root/app/Trainer/bin/Release/net10.0/labA-trainer.dll" "$@"; }
bench_out closed-loop
out=$root/$out
cd "$out"

metrics() { # json file, policy -> "under-provisioned U min, replica-min R"
  jq -r --arg p "$2" '.policies[] | select(.name == $p) | .metrics | "under-provisioned \(.underProvisionedMinutes) min, replica-min \(.replicaMinutes)"' "$1"
}
ratio() { # json file, policy a, policy b, metric -> a/b - 1 in percent
  jq -r --arg a "$2" --arg b "$3" --arg m "$4" \
    'def v(n): .policies[] | select(.name == n) | .metrics[$m]; if v($b) == 0 then "n/a" else ((v($a) / v($b) - 1) * 1000 | round / 10 | tostring) + "%" end' "$1"
}
report() { # label, json file
  echo "$1"
  for p in predictive open-loop reactive oracle; do printf '  %-11s %s\n' "$p" "$(metrics "$2" $p)"; done
  echo "  closed loop vs reactive: $(ratio "$2" predictive reactive underProvisionedMinutes) under-provisioned minutes (goal <= -90% on nyc_taxi)"
  echo "  closed loop vs oracle:   $(ratio "$2" predictive oracle replicaMinutes) replica-minutes (goal <= +10%)"
  echo "  open loop vs reactive:   $(ratio "$2" open-loop reactive underProvisionedMinutes) under-provisioned minutes; vs oracle $(ratio "$2" open-loop oracle replicaMinutes) replica-minutes"
}

# 1. nyc_taxi, recent model
trainer train --data "$root/samples/nyc_taxi.csv" --features recent --horizon 30m --out model-nyc > train-nyc.txt
trainer backtest --json --model model-nyc --data "$root/samples/nyc_taxi.csv" --out nyc > nyc.json
report "nyc_taxi, recent model, horizon 30m, shipped settings" nyc.json

# 2. the default synthetic series, default model
trainer generate --out synthetic.csv > /dev/null
trainer train --data synthetic.csv --out model-synthetic > train-synthetic.txt
trainer backtest --json --model model-synthetic --data synthetic.csv --out synthetic > synthetic.json
report "default synthetic series, default model" synthetic.json

# 3. the surge, in the hold-out only: the model trains on the same series before it
surge_at=2025-01-17T10:00:00Z surge_hours=6
trainer generate --out surge.csv --surge-at "$surge_at" --surge-hours "$surge_hours" --surge 30 > /dev/null
trainer train --data surge.csv --out model-surge > train-surge.txt
trainer backtest --json --model model-surge --data surge.csv --out surge > surge.json
report "synthetic with a +30 surge at $surge_at for ${surge_hours}h (in the hold-out), default model" surge.json
# Minutes of the surge with fewer ready pods than the demand, per policy, from the per-minute CSV.
surge_end=$(date -u -d "$surge_at + $surge_hours hours" +%Y-%m-%dT%H:%M:%SZ)
awk -F, -v from="$surge_at" -v to="$surge_end" '
  NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /_ready$/) { name[i] = substr($i, 1, length($i) - 6) } ; next }
  $1 >= from && $1 < to { minutes++; for (i in name) if ($i < $4) short[name[i]]++ }
  END {
    printf "  during the surge (%d min): ", minutes
    for (i in name) printf "%s %d, ", name[i], short[name[i]] + 0
    printf "\n  closed loop / open loop under-provisioned minutes during the surge: %.2f (goal <= 0.5)\n", (short["open-loop"] ? short["predictive"] / short["open-loop"] : 0)
  }' surge/backtest.csv
echo "charts and per-minute CSVs: $out/*/backtest.png, $out/*/backtest.csv"
