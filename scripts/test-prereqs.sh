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

# Docker registries on loopback for the push tests: Debian's docker-registry (distribution 2.8), each with a config
# and storage of its own under the temp dir, so the package's default (all interfaces, /var/lib) never comes into
# play. One is anonymous; the other asks for a login from an htpasswd file (bcrypt, made with perl's crypt, which
# libcrypt backs). dockerd treats 127.0.0.0/8 as an insecure registry by default, so plain HTTP is enough.
laba_start_registry() {
  local address=$1 dir=$2 auth=$3
  mkdir -p "$dir/storage"
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
$auth
CONFIG
  echo "prereqs: starting docker-registry on $address (storage $dir/storage, log $dir/registry.log)"
  nohup docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
  local waited=0
  # Any HTTP answer on /v2/ (200, or 401 where a login is asked for) means it is serving.
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$address/v2/")" != "000" ]; do
    if [ "$waited" -ge 30 ]; then
      echo "prereqs: docker-registry did not answer on $address within 30s; last lines of its log:"
      tail -n 10 "$dir/registry.log"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

laba_registry_prereqs() {
  local address="127.0.0.1:${LABA_TEST_REGISTRY_PORT:-5000}"
  local auth_address="127.0.0.1:${LABA_TEST_AUTH_REGISTRY_PORT:-5001}"
  local dir="${TMPDIR:-/tmp}/laba-prereqs/registry"
  mkdir -p "$dir"
  if ! command -v docker-registry > /dev/null 2>&1; then
    echo "prereqs: installing docker-registry (apt-get)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends docker-registry; } > "$dir/apt.log" 2>&1; then
      echo "prereqs: apt-get install docker-registry failed; see $dir/apt.log"
      tail -n 5 "$dir/apt.log"
      return 1
    fi
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$address/v2/")" != "200" ]; then
    laba_start_registry "$address" "$dir/anonymous" "" || return 1
  fi
  # The login is made once and kept with the registry that checks it, so a re-sourced script finds the same one.
  local login_file="$dir/login/login"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$auth_address/v2/")" != "401" ] || [ ! -s "$login_file" ]; then
    mkdir -p "$dir/login"
    local password salt
    password="laba-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    salt=$(head -c 16 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 22)
    # bcrypt salts are 22 characters of ./A-Za-z0-9; pad if the random draw gave fewer.
    salt="${salt}abcdefghijklmnopqrstuv"; salt=${salt:0:22}
    perl -e 'print "laba:" . crypt($ARGV[0], "\$2b\$05\$" . $ARGV[1]) . "\n"' "$password" "$salt" > "$dir/login/htpasswd"
    printf 'laba:%s\n' "$password" > "$login_file"
    laba_start_registry "$auth_address" "$dir/login" "auth:
  htpasswd:
    realm: laba-test
    path: $dir/login/htpasswd" || return 1
  fi
  export LABA_TEST_REGISTRY="$address" LABA_TEST_AUTH_REGISTRY="$auth_address" LABA_TEST_AUTH_REGISTRY_LOGIN_FILE="$login_file"
  echo "prereqs: registries ready, LABA_TEST_REGISTRY=$LABA_TEST_REGISTRY (anonymous), LABA_TEST_AUTH_REGISTRY=$LABA_TEST_AUTH_REGISTRY (login in $login_file)"
}

if ! laba_registry_prereqs; then
  echo "prereqs: NOT READY; the registry push tests in tests/LabA.Deployment.Tests will fail: they need registries on loopback"
fi
unset -f laba_registry_prereqs laba_start_registry
