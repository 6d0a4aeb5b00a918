#!/usr/bin/env bash
# Do the probes stay fast while clients hammer the most expensive request? 256 connections ask /predict for a
# week-long window (window=10080) for 20 s, once on the model's step grid (the default target, served from the
# calendar model's week table) and once off it (at= with seconds, computed prediction by prediction behind the
# long-window gate); meanwhile /health and /ready are measured with 4 connections each.
# Target: /health and /ready p99 < 100 ms in both floods (the liveness probe times out at 2 s).
# Usage: bench/health-under-flood.sh          NICE=-10 bench/health-under-flood.sh (see bench/predictor.sh)
# Writes everything under out/bench/health-under-flood/. Exits 1 when a target is missed.
set -euo pipefail
source "$(dirname "$0")/predictor-service.sh"
out=out/bench/health-under-flood
command -v wrk > /dev/null || { apt-get update > /dev/null && apt-get install -y wrk > /dev/null; }

bench_out health-under-flood
predictor_build
predictor_train calendar
predictor_start "$(pwd)/$out/calendar"

to_ms() { # wrk prints 812.00us, 1.23ms or 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}
run() { nice -n "${NICE:-0}" "$@"; }
failed=0
off_grid=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:17Z)
for flood in "on-grid:/predict?window=10080" "off-grid:/predict?at=$off_grid&window=10080"; do
  name=${flood%%:*}
  path=${flood#*:}
  run wrk -t1 -c256 -d20s --timeout 30s "$predictor_url$path" > "$out/flood-$name.txt" &
  flood_pid=$!
  sleep 3
  run wrk -t1 -c4 -d15s --latency "$predictor_url/health" > "$out/health-$name.txt" &
  run wrk -t1 -c4 -d15s --latency "$predictor_url/ready" > "$out/ready-$name.txt"
  wait
  flood_rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/flood-$name.txt")
  flood_non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out/flood-$name.txt")
  echo "== $name flood ($path): ${flood_rps} req/s, non-2xx ${flood_non2xx:-0}"
  for probe in health ready; do
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out/$probe-$name.txt")")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/$probe-$name.txt")
    if awk -v p="$p99" 'BEGIN { exit !(p < 100) }'; then verdict=PASS; else verdict=FAIL; failed=1; fi
    echo "$verdict  /$probe p99 $p99 ms (target < 100), $rps req/s"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wrk and the service share them), nice ${NICE:-0}"
exit "$failed"
