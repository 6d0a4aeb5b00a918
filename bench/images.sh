#!/usr/bin/env bash
# Measures the two images as the CI path builds them (host publish, self-contained linux-x64, on the local
# Debian base from scripts/test-prereqs.sh): build time, image size, and the size of the archive the load step
# streams into the kind node. Run from anywhere: bash bench/images.sh
# On a machine that can pull, the default (SDK-built, official runtime image) sizes differ: see the notes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-prereqs.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== publish (self-contained linux-x64) and train"
for app in Predictor Scaler; do
  mkdir -p "$work/app/$app"
  cp "app/$app/Dockerfile" "$work/app/$app/Dockerfile"
  dotnet publish "app/$app/LabA.$app.csproj" -c Release -r linux-x64 --self-contained -o "$work/publish-$app" -nologo -v q
done
dotnet run --project app/Trainer -c Release -- generate --out "$work/data.csv" > /dev/null
dotnet run --project app/Trainer -c Release --no-build -- train --data "$work/data.csv" --out "$work/model" > /dev/null

printf '%-10s %12s %12s %14s\n' image build_s size_MB archive_MB
for app in Predictor Scaler; do
  tag="lab-a-bench/${app,,}:latest"
  start=$(date +%s.%N)
  DOCKER_BUILDKIT=0 docker build -q -f "$work/app/$app/Dockerfile" --target prebuilt \
    --build-arg RUNTIME_IMAGE="$LABA_TEST_BASE_IMAGE" --build-arg PUBLISH_DIR="publish-$app" -t "$tag" "$work" > /dev/null
  end=$(date +%s.%N)
  size=$(docker image inspect -f '{{.Size}}' "$tag")
  archive=$(docker save "$tag" | wc -c)
  awk -v a="$app" -v b="$start" -v e="$end" -v s="$size" -v z="$archive" \
    'BEGIN { printf "%-10s %12.1f %12.1f %14.1f\n", a, e - b, s / 1048576, z / 1048576 }'
  docker image rm -f "$tag" > /dev/null
done
base=$(docker image inspect -f '{{.Size}}' "$LABA_TEST_BASE_IMAGE")
awk -v s="$base" 'BEGIN { printf "base image (debootstrap minbase + libgomp1): %.1f MB\n", s / 1048576 }'
