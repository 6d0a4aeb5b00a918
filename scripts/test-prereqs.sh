#!/usr/bin/env bash
# Sourced by test.sh: makes sure the Docker tests have what they need, installing and starting it where it is
# missing, and exports the variables those tests read. Idempotent and quick when everything is already there.
# A Docker engine (dockerd) with no iptables and no bridge, on the vfs storage driver, runs inside an
# unprivileged CI container; containers then use host networking. No registry is reachable, so the base image
# the tests build on is made locally with debootstrap from the same Debian mirror apt uses. The Scaler image tests
# publish it with Native AOT, as its image ships, which links with clang and zlib.

laba_prereqs() {
  local base_image="laba-test-base:bookworm"
  # What minbase lacks: libssl3 and ca-certificates, as in the official runtime-deps image (.NET's TLS: without
  # them the Scaler dies on its first HTTPS call to the API server), and libgomp1 (ML.NET's LightGBM/FastTree
  # native libraries link OpenMP).
  # The image is labelled with this list, so an image built from an older list is rebuilt, even on a running engine.
  local base_packages="ca-certificates,libgomp1,libssl3"
  local base_label="lab-a.base-packages"
  local log_dir="${TMPDIR:-/tmp}/laba-prereqs"
  mkdir -p "$log_dir"

  local missing=()
  command -v dockerd > /dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap > /dev/null 2>&1 || missing+=(debootstrap)
  command -v clang > /dev/null 2>&1 || missing+=(clang)
  dpkg-query -W -f='${Status}' zlib1g-dev 2> /dev/null | grep -q 'ok installed' || missing+=(zlib1g-dev)
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

  local built_with
  built_with=$(docker image inspect -f "{{ index .Config.Labels \"$base_label\" }}" "$base_image" 2> /dev/null || true)
  if [ "$built_with" != "$base_packages" ]; then
    local mirror
    mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
      | grep -oE 'https?://[^ ]+' | head -n 1)
    mirror=${mirror:-http://deb.debian.org/debian}
    # Its own directory: another checkout sourcing this script at the same time may be building one too.
    local rootfs
    rootfs=$(mktemp -d "$log_dir/rootfs.XXXXXX")
    # It becomes the image's /: mktemp's 0700 would lock every non-root user out of the whole file system.
    chmod 0755 "$rootfs"
    if docker image inspect "$base_image" > /dev/null 2>&1; then
      echo "prereqs: $base_image has packages '${built_with:-an unlabelled older set}', not '$base_packages': rebuilding it"
    fi
    echo "prereqs: building the local base image $base_image with debootstrap from $mirror (once; about a minute)"
    if ! debootstrap --variant=minbase --include="$base_packages" bookworm "$rootfs" "$mirror" > "$log_dir/debootstrap.log" 2>&1; then
      echo "prereqs: debootstrap failed; see $log_dir/debootstrap.log"
      tail -n 5 "$log_dir/debootstrap.log"
      rm -rf "$rootfs"
      return 1
    fi
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker import --change "LABEL $base_label=$base_packages" - "$base_image" > /dev/null \
      || { echo "prereqs: docker import failed"; rm -rf "$rootfs"; return 1; }
    rm -rf "$rootfs"
  fi

  export LABA_TEST_BASE_IMAGE="$base_image"
  echo "prereqs: Docker engine ready, LABA_TEST_BASE_IMAGE=$LABA_TEST_BASE_IMAGE"
}

if ! laba_prereqs; then
  echo "prereqs: NOT READY; the Docker tests in tests/LabA.Deployment.Tests will fail: they need a Docker engine and the local base image"
fi
unset -f laba_prereqs
