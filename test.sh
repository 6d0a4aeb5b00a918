#!/usr/bin/env bash
# The test command the README names: builds the solution, runs every test suite this machine can run,
# says loudly what it could not run and why, and ends with the totals on a line of their own.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/out/test-results"
rm -rf "$results" && mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --fast: the unit tests only, the inner loop for a change to one class. Test classes that need a Docker engine, a
# Prometheus server, a real API server or that start processes (the apps, git), or that replay weeks of the learning
# loop end to end, carry [Trait("Category", ...)]; the filter leaves them out, and the prerequisites they alone need
# are not installed.
fast=false
case "${1:-}" in
  --fast) fast=true ;;
  "") ;;
  *) echo "usage: $0 [--fast]"; exit 2 ;;
esac
# Category Bench marks the measurements bench/ scripts run through a test fixture (bench/workloads.sh): never a test.
filter=(--filter "Category!=Bench")
if $fast; then
  filter=(--filter "Category!=Docker&Category!=Prometheus&Category!=Process&Category!=ApiServer&Category!=Replay&Category!=Bench")
fi

# Prerequisites the tests need beyond the .NET SDK (a Docker engine, a local base image, a registry on loopback);
# the script installs and starts them where it can and exports what the Docker tests read.
if $fast; then
  echo "== --fast: unit tests only; no Docker, Prometheus, API server or process tests, and no prerequisites for them"
else
if [ -f scripts/test-prereqs.sh ]; then
  # shellcheck source=scripts/test-prereqs.sh
  source scripts/test-prereqs.sh
fi
source scripts/prometheus-prereqs.sh
# A real kube-apiserver (built once from Debian's source package, then cached) and etcd for tests/LabA.ApiServer.Tests.
source scripts/kube-apiserver-prereqs.sh
fi

skipped_suites=()
skipped_count=0

# Test cases in the C# files under a directory, as the runner would count them: a [Fact] is one, a [Theory] one per
# [InlineData] row (one if its data comes from elsewhere). For suites that cannot even compile here.
count_test_cases() {
  find "$1" -name '*.cs' -not -path '*/Bench/*' -print0 | xargs -0 awk '
    /^[[:space:]]*\[Fact/ { cases++ }
    /^[[:space:]]*\[Theory/ { theory = 1; rows = 0 }
    theory && /^[[:space:]]*\[InlineData/ { rows++ }
    theory && /^[[:space:]]*(public|private|internal)[^=]*\(/ { cases += (rows > 0 ? rows : 1); theory = 0 }
    END { print cases + 0 }'
}

# The Pulumi program and its mock tests need the Pulumi NuGet packages. Where the NuGet source does not serve them,
# they cannot even compile: build and test everything else (LabA.NoPulumi.slnf), say so, and count their cases as
# skipped, rather than pretend.
echo "== Pulumi packages (infra/, tests/LabA.Infra.Tests)"
if dotnet restore tests/LabA.Infra.Tests -nologo -v quiet > "$results/pulumi-restore.log" 2>&1; then
  solution=LabA.sln
  echo "restored: building and testing all of $solution"
else
  solution=LabA.NoPulumi.slnf
  pulumi_cases=$(count_test_cases tests/LabA.Infra.Tests)
  skipped_count=$((skipped_count + pulumi_cases))
  skipped_suites+=("tests/LabA.Infra.Tests ($pulumi_cases Pulumi mock test cases) and the build of infra/: the Pulumi packages did not restore ($(grep -m1 -oE 'NU1[0-9]+[^.]*' "$results/pulumi-restore.log" || echo 'restore failed'); see $results/pulumi-restore.log)")
  echo "not restored: building and testing $solution (everything but infra/ and its tests)"
fi

# Without a kube-apiserver binary the real API server suite cannot start its server: run everything else, say so, and
# count its cases as skipped.
if ! $fast && [ -n "${LABA_KUBE_APISERVER_MISSING:-}" ]; then
  apiserver_cases=$(count_test_cases tests/LabA.ApiServer.Tests)
  skipped_count=$((skipped_count + apiserver_cases))
  skipped_suites+=("tests/LabA.ApiServer.Tests ($apiserver_cases real API server test cases): $LABA_KUBE_APISERVER_MISSING")
  filter=(--filter "Category!=ApiServer&Category!=Bench")
fi

# The fast lane builds what it runs: a solution filter without the real API server's suite, whose every class it would
# leave out anyway.
if $fast; then
  projects=$(grep -oE '[A-Za-z0-9_.\\/]+\.csproj' "$solution" | tr '\\' '/' | tr -s '/' | sort -u \
    | grep -v 'LabA.ApiServer.Tests' | sed 's|.*|      "&"|; $!s|$|,|')
  printf '{\n  "solution": {\n    "path": "../LabA.sln",\n    "projects": [\n%s\n    ]\n  }\n}\n' "$projects" > out/fast.slnf
  solution=out/fast.slnf
  export LABA_TEST_LANE=fast
fi

# One compiler server for the whole build, even where the environment turns it off (CI images set
# UseSharedCompilation=false so that no server outlives a job): a fresh compiler process per project spends more on
# starting than on compiling (a cold fast-lane build takes 57 s without the server, 25 s with it). The server is shut
# down when the run ends.
build_options=(-p:UseSharedCompilation=true)
stop_compiler_server() { dotnet build-server shutdown --vbcscompiler > /dev/null 2>&1 || true; }
trap stop_compiler_server EXIT
test_options=()
# The fast lane's build leaves the analyzers out, as it leaves out the format check: they cost a tenth of a cold build
# and the full run, which CI runs, applies both.
if $fast; then
  build_options+=(-p:RunAnalyzers=false)
  # Three suites at a time, not one per core: the Scaler's and the Predictor's spend much of their time waiting on
  # timeouts and reload polls, which a third suite fills (68 s against 57 s on two cores, bench/RESULTS.md).
  test_options=(-m:3)
fi

echo "== build"
if ! dotnet build "$solution" -c Release -nologo -v quiet "${build_options[@]}"; then
  echo "BUILD FAILED"
  echo "0 passed, 1 failed"
  exit 1
fi

# Style checks, each counted as one failed check in the totals when it fails: dotnet format against .editorconfig
# (whitespace, and the rules set to warning there), and the .cs line-length limit, which dotnet format leaves alone.
check_failures=()
echo "== format (dotnet format $solution --verify-no-changes)"
if $fast; then
  # Two minutes on two cores on its own: the fast lane's whole budget. The full run checks it.
  echo "format: not checked with --fast"
elif dotnet format "$solution" --verify-no-changes --no-restore -v quiet > "$results/format.log" 2>&1; then
  echo "format: no changes needed"
else
  grep -E '(error|warning) [A-Z]+[0-9]*:' "$results/format.log" | sed -E "s|^$root/||" | head -20
  check_failures+=("format: dotnet format would change files (run \`dotnet format $solution\`; all of it in $results/format.log)")
fi

echo "== line length (tracked *.cs against max_line_length in .editorconfig)"
max_line_length=$(awk -F'=' '
  /^[[:space:]]*\[/ { in_cs = ($0 ~ /^[[:space:]]*\[\*\.cs\][[:space:]]*$/) }
  in_cs && $1 ~ /^[[:space:]]*max_line_length[[:space:]]*$/ { gsub(/[[:space:]]/, "", $2); print $2 }' .editorconfig)
if ! [[ "$max_line_length" =~ ^[0-9]+$ ]]; then
  check_failures+=("line length: no numeric max_line_length in the [*.cs] section of .editorconfig (found '${max_line_length}')")
else
  # Characters, not bytes (grep in a UTF-8 locale; awk here counts bytes): a comment's "—" is one.
  git ls-files -z '*.cs' | LC_ALL=C.UTF-8 xargs -0 grep -HnE "^.{$((max_line_length + 1)),}" | cut -d: -f1,2 \
    > "$results/long-lines.txt"
  long_lines=$(wc -l < "$results/long-lines.txt")
  if [ "$long_lines" -eq 0 ]; then
    echo "line length: every line within $max_line_length characters"
  else
    head -20 "$results/long-lines.txt"
    check_failures+=("line length: $long_lines lines of tracked .cs files are longer than $max_line_length characters (all in $results/long-lines.txt)")
  fi
fi

echo "== tests"
dotnet test "$solution" -c Release --no-build -nologo -v quiet "${filter[@]}" "${test_options[@]}" \
  --logger "trx;LogFilePrefix=tests" --logger "console;verbosity=normal" --results-directory "$results"
test_status=$?

passed=0; failed=0; skipped=$skipped_count
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -oE '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | grep -oE " $1=\"[0-9]+\"" | grep -oE '[0-9]+'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get total) - $(get executed)))
done

if [ ${#skipped_suites[@]} -gt 0 ]; then
  echo
  echo "################################################################################"
  echo "# SKIPPED — not run on this machine:"
  for s in "${skipped_suites[@]}"; do echo "#   - $s"; done
  echo "# On a machine that reaches nuget.org and Debian's mirror the same command runs them."
  echo "################################################################################"
fi
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ ${#check_failures[@]} -gt 0 ]; then
  echo
  echo "FAILED CHECKS:"
  for c in "${check_failures[@]}"; do echo "  - $c"; done
  failed=$((failed + ${#check_failures[@]}))
fi
echo
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
