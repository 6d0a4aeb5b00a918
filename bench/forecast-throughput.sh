#!/usr/bin/env bash
# How many forecasts per second ForecastModel.Predict serves from all cores (the Predictor needs > 15k/s), for a
# calendar model and a recent model with daily and weekly lags (trained here first, on the default synthetic series and
# on samples/nyc_taxi.csv).
# Usage: bench/forecast-throughput.sh
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
out=out/bench/forecast-throughput
mkdir -p "$out"
trainer() { dotnet run --project app/Trainer -c Release -- "$@" > /dev/null; }
trainer generate --out "$out/cpu_load.csv"
trainer train --data "$out/cpu_load.csv" --out "$out/calendar"
trainer train --data samples/nyc_taxi.csv --features recent --horizon 30m --out "$out/recent"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
dotnet run --project bench/forecast-throughput -c Release -- "$out/calendar" "$out/cpu_load.csv" "$out/recent" samples/nyc_taxi.csv
