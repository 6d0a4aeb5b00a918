#!/usr/bin/env bash
# Sends at least 10,000 hostile requests (invented methods, extreme instants and numbers, garbage, damaged or
# oversized bodies) to a running Predictor, once with a calendar model and once with a recent one, and counts 5xx.
# Target: 0. The requests are drawn from a seed, so a run is repeatable.
# Usage: bench/hostile-requests.sh [REQUESTS] [SEED]     (default 12000 per model, seed 1)
#        URL=http://host:port bench/hostile-requests.sh  (against a Predictor already running, any model)
# Writes everything under out/bench/hostile-requests/. Exits 1 when any answer was a 5xx.
set -euo pipefail
source "$(dirname "$0")/predictor-service.sh"
out=out/bench/hostile-requests
requests=${1:-12000}
seed=${2:-1}

dotnet build bench/hostile-requests -c Release -nologo -v quiet -o "$out/bench" > /dev/null
send() { dotnet "$out/bench/HostileRequests.dll" "$1" "$requests" "$seed"; }
if [ -n "${URL:-}" ]; then
  send "$URL"
  exit
fi

rm -rf "$out/calendar" "$out/recent" && mkdir -p "$out"
predictor_build
predictor_train calendar
predictor_train recent --features recent
failed=0
for model in calendar recent; do
  echo "== $model model"
  predictor_start "$(pwd)/$out/$model"
  send "$predictor_url" || failed=1
  kill -0 "$predictor_pid" || { echo "the predictor died" >&2; failed=1; }
  predictor_stop
done
exit "$failed"
