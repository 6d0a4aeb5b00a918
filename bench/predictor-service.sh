# Sourced by the Predictor benches, in place of bench/prologue.sh (which it sources): build the service and the
# Trainer once, train models, run the service on a free port until the bench exits. Everything goes under $out,
# which the sourcing script sets.
source "$(dirname "${BASH_SOURCE[0]}")/prologue.sh"

predictor_build() {
  bench_publish app/Predictor "$out/app"
  bench_publish app/Trainer "$out/trainer"
  dotnet "$out/trainer/labA-trainer.dll" generate --out "$out/cpu_load.csv" > /dev/null
}

# predictor_train NAME [train options]: a model in $out/NAME from the default synthetic series.
predictor_train() {
  local name=$1
  shift
  dotnet "$out/trainer/labA-trainer.dll" train --data "$out/cpu_load.csv" --out "$out/$name" "$@" > /dev/null
}

# predictor_start MODEL_DIR: runs the service (at priority $NICE, default 0) and waits until it is ready; sets
# predictor_pid and predictor_url. The service is stopped when the bench exits.
predictor_start() {
  local port
  port=$(bench_free_port)
  MODEL_DIR="$1" PORT="$port" nice -n "${NICE:-0}" "$out/app/labA-predictor" > "$out/service-$port.log" 2>&1 &
  predictor_pid=$!
  predictor_url="http://127.0.0.1:$port"
  trap 'kill "$predictor_pid" 2>/dev/null || true' EXIT
  bench_wait_ready "$predictor_url/ready" "$predictor_pid" "$out/service-$port.log"
}

predictor_stop() {
  kill "$predictor_pid" 2>/dev/null || true
  wait "$predictor_pid" 2>/dev/null || true
}
