#!/usr/bin/env bash
# Start-up cost of the Scaler CronJob: one whole decision, process start to exit (ask the predictor, read the
# Deployment and its scale, patch the scale and the annotations, post the Event), against a local stand-in.
# Builds each variant to out/bench/scaler/<variant>, then times them with hyperfine.
#   bench/scaler-startup.sh              # all variants
#   bench/scaler-startup.sh jit r2r      # only these (jit, apphost, r2r, r2r-sc, aot)
# Needs: the .NET SDK, python3, hyperfine (apt-get install -y hyperfine); aot also clang and zlib1g-dev.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(jit apphost r2r r2r-sc aot)
out=out/bench/scaler
port=${PORT:-$(bench_free_port)}
runs=${RUNS:-20}
project=app/Scaler/LabA.Scaler.csproj

command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 1; }
mkdir -p "$out"

publish() { # variant -> the command that runs it
  local variant=$1 dir="$out/$1"
  case $variant in
    jit | apphost) dotnet publish "$project" -c Release -o "$dir" -nologo -v quiet >&2 ;;
    r2r) dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$dir" -nologo -v quiet >&2 ;;
    r2r-sc) dotnet publish "$project" -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -o "$dir" -nologo -v quiet >&2 ;;
    aot) dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$dir" -nologo -v quiet >&2 ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac
  case $variant in
    jit) echo "dotnet $dir/labA-scaler.dll" ;;
    *) echo "$dir/labA-scaler" ;;
  esac
}

python3 bench/scaler-startup/stand-in.py "$port" > "$out/stand-in.log" 2>&1 &
stand_in=$!
trap 'kill $stand_in 2>/dev/null' EXIT
bench_wait_ready "http://127.0.0.1:$port/predict" "$stand_in" "$out/stand-in.log"

kubeconfig="$out/kubeconfig"
bench/scaler-startup/kubeconfig.sh "$port" "$kubeconfig"
export KUBECONFIG=$PWD/$kubeconfig PREDICTOR_URL=http://127.0.0.1:$port/predict
unset KUBERNETES_SERVICE_HOST

commands=()
for variant in "${variants[@]}"; do
  command=$(publish "$variant")
  # One run first: it must be a successful decision, or the timing means nothing.
  $command > "$out/$variant.log" || { echo "$variant: the run failed:" >&2; cat "$out/$variant.log" >&2; exit 1; }
  grep -q '"scaled":true' "$out/$variant.log" || { echo "$variant: no scaling decision in the log" >&2; exit 1; }
  echo "$variant: $(du -sh --exclude='*.dbg' --exclude='*.pdb' "$out/$variant" | cut -f1) on disk (symbols excluded)"
  commands+=(-n "$variant" "$command")
done

hyperfine --warmup 3 --runs "$runs" --export-markdown "$out/results.md" "${commands[@]}"
echo "results: $out/results.md"
