# Sourced first by every bench script: what they all need, in one place.
#   source "$(dirname "$0")/prologue.sh"
# Moves to the repository root (every path in a bench is relative to it), quiets the .NET CLI, and defines:
#   bench_out NAME                    out=out/bench/NAME, emptied and created
#   bench_publish PROJECT DIR [ARGS]  a Release publish of PROJECT into DIR (quiet; the build's output goes to stderr)
#   bench_trainer                     publishes app/Trainer into $out/trainer and defines trainer ARGS... to run it
#   bench_need COMMAND                exits 1, naming the Debian package, when COMMAND is not installed
#   bench_free_port                   prints a TCP port free on 127.0.0.1 now
#   bench_real_traces                 traces=(every real trace in ../shared/data, samples/ and samples/cloudwatch, each once)
#   bench_wait_ready URL PID LOG      polls URL until it answers 2xx (up to BENCH_READY_SECONDS, default 30); exits 1,
#                                     printing LOG, when the process PID ends first or the time runs out
#   bench_prometheus TSDB             Debian's prometheus (PROMETHEUS_BIN, from scripts/prometheus-prereqs.sh) on a free
#                                     port over the blocks in TSDB, stopped on exit; sets port and prometheus (its pid)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bench_out() {
  out=out/bench/$1
  rm -rf "$out" && mkdir -p "$out"
}

bench_publish() {
  local project=$1 dir=$2
  shift 2
  dotnet publish "$project" -c Release -o "$dir" -nologo -v quiet "$@" >&2
}

bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

bench_wait_ready() {
  local url=$1 pid=$2 log=$3 tries
  tries=$(( ${BENCH_READY_SECONDS:-30} * 5 ))
  for _ in $(seq "$tries"); do
    curl -fs "$url" > /dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$url: the process ended before it was ready:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$url did not answer within ${BENCH_READY_SECONDS:-30} s:" >&2
  cat "$log" >&2
  exit 1
}

# samples/ holds copies of some shared files: each trace is taken once, under the first path that has it.
bench_real_traces() {
  traces=()
  local file sum
  local -A seen=()
  for file in ../shared/data/*.csv samples/*.csv samples/cloudwatch/*.csv; do
    [ -f "$file" ] || continue
    sum=$(sha256sum "$file" | cut -c1-16)
    [ -n "${seen[$sum]:-}" ] && continue
    seen[$sum]=1
    traces+=("$file")
  done
}

bench_prometheus() {
  local data=$1
  port=$(bench_free_port)
  printf 'global:\n  scrape_interval: 1m\n' > "$out/prometheus.yml"
  "$PROMETHEUS_BIN" --config.file="$out/prometheus.yml" --storage.tsdb.path="$data" --storage.tsdb.retention.time=100y \
    --web.listen-address="127.0.0.1:$port" --query.lookback-delta=1m > "$out/prometheus.log" 2>&1 &
  prometheus=$!
  trap 'kill "$prometheus" 2> /dev/null || true' EXIT
  bench_wait_ready "http://127.0.0.1:$port/-/ready" "$prometheus" "$out/prometheus.log"
}

bench_trainer() {
  bench_publish app/Trainer "$out/trainer"
  trainer() { dotnet "$out/trainer/labA-trainer.dll" "$@"; }
}

bench_need() {
  command -v "$1" > /dev/null || { echo "$1 is missing: apt-get install -y $1" >&2; exit 1; }
}
