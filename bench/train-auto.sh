#!/usr/bin/env bash
# Training time of `train --trainer auto` (the default) on the default synthetic series, 14 days at 1-minute steps:
# every candidate (persistence, rolling mean, seasonal naive, Holt-Winters, harmonic regression, FastTree, LightGBM,
# the blend, the adaptive blend) fitted twice (before the validation slice and on the whole training part) and scored,
# as one train command would.
# Reports the wall time of the whole command (process start to exit) and its CPU time over RUNS runs, with the load
# average before and after (the machine may be shared: wall time depends on it, CPU time much less), and what was chosen.
# Usage: bench/train-auto.sh        (RUNS=3 by default)     Needs: the .NET SDK and jq. Writes under out/bench/train-auto/.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
runs=${RUNS:-3}
bench_need jq

bench_out train-auto
bench_publish app/Trainer "$out/trainer"
dotnet "$out/trainer/labA-trainer.dll" generate --out "$out/cpu_load.csv" > /dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S" -o "$out/time-$i.txt" dotnet "$out/trainer/labA-trainer.dll" train --data "$out/cpu_load.csv" --out "$out/model" > "$out/train-$i.txt"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
stats() { sort -n | awk -v what="$1" '{a[NR]=$1} END {printf "%s: min %.2f  median %.2f  max %.2f\n", what, a[1], a[int((NR+1)/2)], a[NR]}'; }
cat "$out"/time-*.txt | awk '{print $1}' | stats "auto train wall time, s (target < 10)"
cat "$out"/time-*.txt | awk '{print $2 + $3}' | stats "auto train CPU time user+sys, s"
jq -r '"chosen: \(.selection.chosen) (\(.kind)); served hold-out MAE \(.metrics.model.mae * 1000 | round / 1000), irreducible \(.metrics.irreducible.mae * 1000 | round / 1000), ratio \(.metrics.model.mae / .metrics.irreducible.mae * 1000 | round / 1000) (target <= 1.03)"' "$out/model/model.json"
