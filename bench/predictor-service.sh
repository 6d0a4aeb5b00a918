# Sourced by the Predictor benches: build the service and the Trainer once, train models, run the service on a free
# port until the bench exits. Everything goes under $out, which the sourcing script sets.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

predictor_build() {
  dotnet publish app/Predictor -c Release -o "$out/app" -nologo -v quiet >&2
  dotnet publish app/Trainer -c Release -o "$out/trainer" -nologo -v quiet >&2
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
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  MODEL_DIR="$1" PORT="$port" nice -n "${NICE:-0}" "$out/app/labA-predictor" > "$out/service-$port.log" 2>&1 &
  predictor_pid=$!
  predictor_url="http://127.0.0.1:$port"
  trap 'kill "$predictor_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 150); do
    curl -fs "$predictor_url/ready" > /dev/null && return 0
    kill -0 "$predictor_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the predictor did not become ready:" >&2
  cat "$out/service-$port.log" >&2
  exit 1
}

predictor_stop() {
  kill "$predictor_pid" 2>/dev/null || true
  wait "$predictor_pid" 2>/dev/null || true
}
