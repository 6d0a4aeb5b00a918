#!/usr/bin/env bash
# Throughput, latency and memory of the Predictor on a Release build, measured the same way on every run:
#   wrk -t2 -c16 -d15s --latency on /predict?hour=14&minute=30, then the service's resident memory (VmRSS).
# Targets: >= 15,000 requests/s, p99 < 5 ms, RSS < 150 MB after the run.
# The original Python lab (Flask + gunicorn, 2 workers) on this kind of 2-core machine: ~420 req/s, p99 ~50 ms, ~340 MB.
# Usage: bench/predictor.sh                (trains the default calendar model first, with the Trainer)
#        MODEL_DIR=path bench/predictor.sh (benchmarks that model instead)
#        NICE=-10 bench/predictor.sh       (service and wrk at a raised priority, to shield the measurement from other
#                                           work on a shared machine; say so when you report such a run)
# Writes everything under out/bench/predictor/. Exits 1 when a target is missed.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
out=out/bench/predictor
# A free port unless PORT is given: other services may hold the usual ones.
port=${PORT:-$(bench_free_port)}
url="http://127.0.0.1:$port/predict?hour=14&minute=30"

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

bench_out predictor
bench_publish app/Predictor "$out/app"
if [ -z "${MODEL_DIR:-}" ]; then
  bench_publish app/Trainer "$out/trainer"
  dotnet "$out/trainer/labA-trainer.dll" generate --out "$out/cpu_load.csv" > /dev/null
  dotnet "$out/trainer/labA-trainer.dll" train --data "$out/cpu_load.csv" --out "$out/model" > /dev/null
  MODEL_DIR=$(pwd)/$out/model
fi

run() { nice -n "${NICE:-0}" "$@"; }
# nice execs the service, so $! is the service's own pid (for VmRSS), not a subshell's.
MODEL_DIR="$MODEL_DIR" PORT="$port" nice -n "${NICE:-0}" "$out/app/labA-predictor" > "$out/service.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
bench_wait_ready "http://127.0.0.1:$port/ready" "$pid" "$out/service.log"
echo "answer: $(curl -fs "$url")"
echo "RSS after start: $(awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$pid/status)"

# Warm-up (JIT tiers, pools), not counted.
run wrk -t2 -c16 -d5s "$url" > "$out/warmup.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wrk and the service share them), nice ${NICE:-0}"
run wrk -t2 -c16 -d15s --latency "$url" | tee "$out/wrk.txt"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

to_ms() { # wrk prints 812.00us, 1.23ms or 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/wrk.txt")
p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out/wrk.txt")")
errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out/wrk.txt")
rss_mb=$(awk -v kb="$rss_kb" 'BEGIN { printf "%.1f", kb / 1024 }')

echo
echo "== result (original Python lab: ~420 req/s, p99 ~50 ms, ~340 MB)"
failed=0
check() { # description, passed(0/1)
  if [ "$2" = 1 ]; then echo "PASS  $1"; else echo "FAIL  $1"; failed=1; fi
}
check "throughput $rps req/s (target >= 15000)" "$(awk -v r="$rps" 'BEGIN { print (r >= 15000) }')"
check "p99 latency $p99 ms (target < 5)" "$(awk -v p="$p99" 'BEGIN { print (p < 5) }')"
check "RSS after the run $rss_mb MB (target < 150)" "$(awk -v m="$rss_mb" 'BEGIN { print (m < 150) }')"
check "non-2xx responses: ${errors:-0} (target 0)" "$([ -z "$errors" ] && echo 1 || echo 0)"
exit "$failed"
