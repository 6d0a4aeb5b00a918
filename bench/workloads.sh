#!/usr/bin/env bash
# One Scaler run of many workloads against a real API server (etcd and kube-apiserver on loopback, as the
# real API server suite starts them), for each size in LABA_BENCH_WORKLOADS (default: 60 125 250 500): run time, the
# API calls it made by verb and resource, the state ConfigMap's size, and what the run allocated. The run is in
# process (tests/LabA.ApiServer.Tests/Bench/WorkloadsScaleBench.cs) so that its calls can be counted; the
# predictor and Prometheus are stand-ins answering at once, so the numbers are the Scaler's and the API server's.
#   bench/workloads.sh            prints the table and writes out/bench/workloads/results.md
set -euo pipefail
source "$(dirname "$0")/prologue.sh"
bench_out workloads
source scripts/kube-apiserver-prereqs.sh
[ -z "${LABA_KUBE_APISERVER_MISSING:-}" ] || { echo "no kube-apiserver: $LABA_KUBE_APISERVER_MISSING" >&2; exit 1; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
LABA_BENCH_WORKLOADS=${LABA_BENCH_WORKLOADS:-60 125 250 500} LABA_BENCH_OUT=$(pwd)/$out/results.md \
  dotnet test tests/LabA.ApiServer.Tests -c Release --filter "Category=Bench" -nologo -v quiet >&2
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$out/results.md"
