#!/usr/bin/env bash
# Measures the images as the CI path builds them (a host publish packaged by the Dockerfiles' "prebuilt" target
# onto the local Debian base from scripts/test-prereqs.sh): build time, image size, and the size of the archive
# the load step streams into the kind node. The predictor is published self-contained (the base has no .NET), the
# scaler as the Native AOT binary its image ships. Run from anywhere: bash bench/images.sh
# On a machine that can pull, the default (SDK-built, official runtime image) sizes differ: see the notes.
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
source scripts/test-prereqs.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# image name, Dockerfile's app, publish options
variants=(
  "predictor Predictor --self-contained"
  "scaler Scaler -p:PublishAot=true"
)

echo "== publish (linux-x64) and train"
for variant in "${variants[@]}"; do
  read -r name app options <<< "$variant"
  mkdir -p "$work/app/$app"
  cp "app/$app/Dockerfile" "$work/app/$app/Dockerfile"
  # shellcheck disable=SC2086 # the options are words
  bench_publish "app/$app/LabA.$app.csproj" "$work/publish-$name" -r linux-x64 $options
  # Symbols stay on the host, as in the tests: the scaler's default target copies its binary alone.
  rm -f "$work/publish-$name"/*.dbg "$work/publish-$name"/*.pdb
done
dotnet run --project app/Trainer -c Release -- generate --out "$work/data.csv" > /dev/null
dotnet run --project app/Trainer -c Release --no-build -- train --data "$work/data.csv" --out "$work/model" > /dev/null

printf '%-10s %-28s %10s %10s %12s\n' image publish build_s size_MB archive_MB
for variant in "${variants[@]}"; do
  read -r name app options <<< "$variant"
  tag="lab-a-bench/$name:latest"
  start=$(date +%s.%N)
  DOCKER_BUILDKIT=0 docker build -q -f "$work/app/$app/Dockerfile" --target prebuilt \
    --build-arg RUNTIME_IMAGE="$LABA_TEST_BASE_IMAGE" --build-arg PUBLISH_DIR="publish-$name" -t "$tag" "$work" > /dev/null
  end=$(date +%s.%N)
  size=$(docker image inspect -f '{{.Size}}' "$tag")
  archive=$(docker save "$tag" | wc -c)
  awk -v a="$name" -v o="$options" -v b="$start" -v e="$end" -v s="$size" -v z="$archive" \
    'BEGIN { printf "%-10s %-28s %10.1f %10.1f %12.1f\n", a, o, e - b, s / 1048576, z / 1048576 }'
  docker image rm -f "$tag" > /dev/null
done
base=$(docker image inspect -f '{{.Size}}' "$LABA_TEST_BASE_IMAGE")
packages=$(docker image inspect -f '{{ index .Config.Labels "lab-a.base-packages" }}' "$LABA_TEST_BASE_IMAGE")
awk -v s="$base" -v p="$packages" 'BEGIN { printf "base image (debootstrap minbase + %s): %.1f MB\n", p, s / 1048576 }'
