#!/usr/bin/env bash
# Is a model swapped without a failed or wrong-version answer? The Predictor serves a model store laid out as the
# kubelet lays out a ConfigMap volume (model.zip -> ..data/model.zip, ..data -> ..TIMESTAMP/); while a client asks
# /predict at RATE req/s, the store is swapped between two models every 5 s by the kubelet's atomic ..data rename, and
# once a corrupt model is published in between (it must be refused while the old one keeps serving). Every answer must
# be 200 and the forecast of the version it names.
# Target: 0 failed requests and 0 wrong-version answers at 200 req/s.
# Usage: bench/model-swap.sh [RATE] [SECONDS]     (default 200 req/s for 30 s)
# Writes everything under out/bench/model-swap/. Exits 1 when a target is missed.
set -euo pipefail
source "$(dirname "$0")/predictor-service.sh"
out=out/bench/model-swap
rate=${1:-200}
seconds=${2:-30}

bench_out model-swap
predictor_build
dotnet build bench/model-swap -c Release -nologo -v quiet -o "$out/bench" > /dev/null
predictor_train first
dotnet "$out/trainer/labA-trainer.dll" generate --out "$out/other_load.csv" --seed 4242 --base-high 60 > /dev/null
dotnet "$out/trainer/labA-trainer.dll" train --data "$out/other_load.csv" --out "$out/second" > /dev/null
mkdir -p "$out/corrupt" && cp "$out/first/model.json" "$out/corrupt/" && printf 'PK\003\004 not a model' > "$out/corrupt/model.zip"

store=$out/store
# publish DIR: the kubelet's AtomicWriter: a new timestamped directory, ..data swapped to it by one rename, the old removed.
publish() {
  local stamp old
  stamp="..$(date -u +%Y_%m_%d_%H_%M_%S.%N)"
  mkdir -p "$store/$stamp"
  cp "$1/model.zip" "$1/model.json" "$store/$stamp/"
  old=$(readlink "$store/..data" 2>/dev/null || true)
  ln -s "$stamp" "$store/..data_tmp"
  mv -T "$store/..data_tmp" "$store/..data"
  for key in model.zip model.json; do [ -L "$store/$key" ] || ln -s "..data/$key" "$store/$key"; done
  [ -z "$old" ] || rm -rf "${store:?}/$old"
}
mkdir -p "$store"
publish "$out/first"
MODEL_CHECK_INTERVAL=${MODEL_CHECK_INTERVAL:-5s} predictor_start "$(pwd)/$store"

dotnet "$out/bench/ModelSwap.dll" "$predictor_url" "$rate" "$seconds" "$out/client-ready" > "$out/client.txt" &
client=$!
while [ ! -e "$out/client-ready" ]; do kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
swaps=0
# Ends on another model than it started with, so the client records both versions' answers.
for source in second first corrupt second; do
  sleep 5
  kill -0 "$client" 2>/dev/null || break
  publish "$out/$source"
  swaps=$((swaps + 1))
done
status=0
wait "$client" || status=$?
cat "$out/client.txt"
metrics=$(curl -fs "$predictor_url/metrics")
echo "swaps published: $swaps; predictor: $(grep -E '^laba_predictor_model_(reloads|refusals)_total ' <<< "$metrics" | tr '\n' ' ')"
refusals=$(awk '/^laba_predictor_model_refusals_total / {print $2}' <<< "$metrics")
if [ "${refusals%.*}" -lt 1 ]; then echo "FAIL  the corrupt model was not refused"; status=1; fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exit "$status"
