#!/usr/bin/env bash
# Sourced by test.sh: makes sure the Docker tests have what they need, installing and starting it where it is
# missing, and exports the variables those tests read. Idempotent and quick when everything is already there.
# A Docker engine (dockerd) with no iptables and no bridge, on the vfs storage driver, runs inside an
# unprivileged CI container; containers then use host networking. No registry is reachable, so the base image
# the tests build on is made locally with debootstrap from the same Debian mirror apt uses.

laba_prereqs() {
  local base_image="laba-test-base:bookworm"
  local log_dir="${TMPDIR:-/tmp}/laba-prereqs"
  mkdir -p "$log_dir"

  local missing=()
  command -v dockerd > /dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap > /dev/null 2>&1 || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "prereqs: installing ${missing[*]} (apt-get)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } > "$log_dir/apt.log" 2>&1; then
      echo "prereqs: apt-get install ${missing[*]} failed; see $log_dir/apt.log"
      tail -n 5 "$log_dir/apt.log"
      return 1
    fi
  fi

  if ! docker info > /dev/null 2>&1; then
    echo "prereqs: starting dockerd (vfs storage, no iptables, no bridge; log in $log_dir/dockerd.log)"
    nohup dockerd --iptables=false --bridge=none --storage-driver=vfs > "$log_dir/dockerd.log" 2>&1 &
    local waited=0
    until docker info > /dev/null 2>&1; do
      if [ "$waited" -ge 60 ]; then
        echo "prereqs: dockerd did not answer within 60s; last lines of its log:"
        tail -n 10 "$log_dir/dockerd.log"
        return 1
      fi
      sleep 1
      waited=$((waited + 1))
    done
    echo "prereqs: dockerd is up after ${waited}s"
  fi

  if ! docker image inspect "$base_image" > /dev/null 2>&1; then
    local mirror
    mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
      | grep -oE 'https?://[^ ]+' | head -n 1)
    mirror=${mirror:-http://deb.debian.org/debian}
    local rootfs="$log_dir/rootfs"
    echo "prereqs: building the local base image $base_image with debootstrap from $mirror (once; about a minute)"
    rm -rf "$rootfs"
    # libgomp1: ML.NET's LightGBM/FastTree native libraries link OpenMP; the official .NET images ship it too.
    if ! debootstrap --variant=minbase --include=libgomp1 bookworm "$rootfs" "$mirror" > "$log_dir/debootstrap.log" 2>&1; then
      echo "prereqs: debootstrap failed; see $log_dir/debootstrap.log"
      tail -n 5 "$log_dir/debootstrap.log"
      return 1
    fi
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker import - "$base_image" > /dev/null || { echo "prereqs: docker import failed"; return 1; }
    rm -rf "$rootfs"
  fi

  export LABA_TEST_BASE_IMAGE="$base_image"
  echo "prereqs: Docker engine ready, LABA_TEST_BASE_IMAGE=$LABA_TEST_BASE_IMAGE"
}

if ! laba_prereqs; then
  echo "prereqs: NOT READY; the Docker tests in tests/LabA.Deployment.Tests will fail: they need a Docker engine and the local base image"
fi
unset -f laba_prereqs

# A Docker registry on loopback for the push tests: Debian's docker-registry (distribution 2.8) with a config and
# storage of its own under the temp dir, so the package's default (all interfaces, /var/lib) never comes into play.
# dockerd treats 127.0.0.0/8 as an insecure registry by default, so plain HTTP is enough.
laba_registry_prereqs() {
  local address="127.0.0.1:${LABA_TEST_REGISTRY_PORT:-5000}"
  local dir="${TMPDIR:-/tmp}/laba-prereqs/registry"
  mkdir -p "$dir/storage"
  if ! command -v docker-registry > /dev/null 2>&1; then
    echo "prereqs: installing docker-registry (apt-get)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends docker-registry; } > "$dir/apt.log" 2>&1; then
      echo "prereqs: apt-get install docker-registry failed; see $dir/apt.log"
      tail -n 5 "$dir/apt.log"
      return 1
    fi
  fi
  if ! curl -fsS "http://$address/v2/" > /dev/null 2>&1; then
    cat > "$dir/config.yml" <<CONFIG
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: $address
CONFIG
    echo "prereqs: starting docker-registry on $address (storage $dir/storage, log $dir/registry.log)"
    nohup docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
    local waited=0
    until curl -fsS "http://$address/v2/" > /dev/null 2>&1; do
      if [ "$waited" -ge 30 ]; then
        echo "prereqs: docker-registry did not answer on $address within 30s; last lines of its log:"
        tail -n 10 "$dir/registry.log"
        return 1
      fi
      sleep 1
      waited=$((waited + 1))
    done
  fi
  export LABA_TEST_REGISTRY="$address"
  echo "prereqs: registry ready, LABA_TEST_REGISTRY=$LABA_TEST_REGISTRY"
}

if ! laba_registry_prereqs; then
  echo "prereqs: NOT READY; the registry push tests in tests/LabA.Deployment.Tests will fail: they need a registry on loopback"
fi
unset -f laba_registry_prereqs
