#!/usr/bin/env bash
# Sourced by test.sh: a real kube-apiserver and etcd for the tests in tests/LabA.KubernetesApi.Tests/RealApiServer
# (envtest-style: the tests start both on free loopback ports, with certificates they make). No release binaries
# are reachable here, only Debian's mirror, so kube-apiserver is built once from Debian bookworm's `kubernetes`
# source package (1.20.2, with its vendor/ tree) with Debian's Go 1.19, and kept in a cache keyed by version; etcd
# is Debian's etcd-server. Exports LABA_KUBE_APISERVER_BIN and LABA_ETCD_BIN when both are usable; otherwise unsets
# them and sets LABA_KUBE_APISERVER_MISSING to a one-line reason, so test.sh can skip those tests loudly.
# Idempotent, and a few seconds when the binary is cached.

laba_kube_apiserver_prereqs() {
  local version=1.20.2
  # The source package's upstream version: Debian went back from 1.20.5 to 1.20.2 ("really") and kept the higher
  # number. Any Debian revision of it (bookworm has 1.20.5+really1.20.2-1.1+deb12u1).
  local source_version="1.20.5+really1.20.2"
  local cache_root="${LABA_CACHE_DIR:-$HOME/.cache/laba}/kube-apiserver"
  local cache="$cache_root/$version"
  local bin="$cache/kube-apiserver"
  local log_dir="${TMPDIR:-/tmp}/laba-prereqs/kube-apiserver"
  local goroot=/usr/lib/go-1.19
  local reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
  mkdir -p "$log_dir"

  local missing=()
  command -v etcd > /dev/null 2>&1 || missing+=(etcd-server)
  if [ ! -x "$bin" ]; then
    [ -x "$goroot/bin/go" ] || missing+=(golang-1.19-go)
    # The vendored reflect2 1.0.1 crashes under Go 1.18+ when the server encodes a map (SIGSEGV in mapiternext);
    # Debian's 1.0.2 replaces it in the build.
    [ -d "$reflect2" ] || missing+=(golang-github-modern-go-reflect2-dev)
    command -v dpkg-source > /dev/null 2>&1 || missing+=(dpkg-dev)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null 2>&1; then
      LABA_KUBE_APISERVER_MISSING="${missing[*]} not installed and cannot be installed here (needs root and apt-get)"
      return 1
    fi
    echo "kube-apiserver prereqs: installing ${missing[*]} (apt-get; log in $log_dir/apt.log)"
    # --no-upgrade: leave whatever is already installed at its version.
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
      --no-install-recommends --no-upgrade "${missing[@]}"; } > "$log_dir/apt.log" 2>&1; then
      LABA_KUBE_APISERVER_MISSING="apt-get install ${missing[*]} failed (see $log_dir/apt.log)"
      return 1
    fi
  fi
  laba_stop_package_etcd

  if [ ! -x "$bin" ]; then
    laba_build_kube_apiserver || return 1
  else
    echo "kube-apiserver v$version: cached at $bin"
  fi

  local etcd_bin
  etcd_bin=$(command -v etcd)
  if ! "$bin" --version > /dev/null 2>&1; then
    LABA_KUBE_APISERVER_MISSING="$bin does not run (--version failed)"
    return 1
  fi
  if ! "$etcd_bin" --version > /dev/null 2>&1; then
    LABA_KUBE_APISERVER_MISSING="$etcd_bin does not run (--version failed)"
    return 1
  fi
  LABA_KUBE_APISERVER_BIN="$bin"
  LABA_ETCD_BIN="$etcd_bin"
  export LABA_KUBE_APISERVER_BIN LABA_ETCD_BIN
}

# etcd-server's postinst enables and starts a system etcd on 2379 with its data in /var/lib/etcd. The tests start
# their own on free ports with a temporary data dir; the package's one would only hold memory and a well-known port.
laba_stop_package_etcd() {
  if command -v systemctl > /dev/null 2>&1; then systemctl stop etcd > /dev/null 2>&1 || true; fi
  # Without systemd (a container), postinst may have started it through the init script: stop that one, found by its
  # port and known by having no --data-dir on its command line (the tests' etcd always has one).
  local pid
  for pid in $(ss -ltnpH 'sport = :2379' 2> /dev/null | grep -oE 'pid=[0-9]+' | cut -d= -f2 | sort -u); do
    if [ "$(readlink "/proc/$pid/exe" 2> /dev/null)" = /usr/bin/etcd ] && ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- '--data-dir'; then
      echo "kube-apiserver prereqs: stopping the etcd the etcd-server package started (pid $pid, port 2379)"
      kill "$pid" 2> /dev/null || true
    fi
  done
}

# Builds cmd/kube-apiserver from Debian's source package into $bin (uses the caller's locals). Only that command:
# the whole tree would take many times as long. Built in a directory of its own beside the cache (another checkout
# may be building at the same time), the binary moved in with one rename, the source tree deleted after.
laba_build_kube_apiserver() {
  local sources_file=/etc/apt/sources.list.d/laba-deb-src.sources
  if ! apt-cache showsrc kubernetes 2> /dev/null | grep -qF "Version: $source_version"; then
    if [ "$(id -u)" -ne 0 ]; then
      LABA_KUBE_APISERVER_MISSING="kube-apiserver is not built and the kubernetes source package is not reachable without root (apt deb-src)"
      return 1
    fi
    # apt-get source needs a deb-src entry; the machine's sources have only deb. A file of its own, from the same
    # mirror as the Debian entry, so the machine's own files are left as they are.
    local mirror
    mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
      /etc/apt/sources.list.d/*.list 2> /dev/null | grep -oE 'https?://[^ ]+' | head -n 1)
    cat > "$sources_file" << SOURCES
Types: deb-src
URIs: ${mirror:-http://deb.debian.org/debian}
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt-get update -qq > "$log_dir/apt-src.log" 2>&1 || true
  fi

  mkdir -p "$cache_root"
  local work
  work=$(mktemp -d "$cache_root/build.XXXXXX")
  echo "kube-apiserver v$version: not cached; building it from Debian's kubernetes $source_version source (once; 5 to 7 min on 2 cores, 1.6 GB of disk while it builds; log in $log_dir/build.log)"
  local started=$SECONDS
  # A bash of its own, not a subshell: this runs inside test.sh's `if`, where set -e would be ignored.
  if ! version=$version source_version=$source_version goroot=$goroot reflect2=$reflect2 \
    bash -c "$(declare -f laba_build_in); laba_build_in \"\$1\"" laba_build_in "$work" > "$log_dir/build.log" 2>&1 \
    || [ ! -x "$work/kube-apiserver" ]; then
    LABA_KUBE_APISERVER_MISSING="building kube-apiserver v$version failed: $(tail -n 1 "$log_dir/build.log" | cut -c1-200) (see $log_dir/build.log)"
    rm -rf "$work"
    return 1
  fi
  mkdir -p "$cache"
  mv -f "$work/kube-apiserver" "$bin" || { LABA_KUBE_APISERVER_MISSING="could not move the built kube-apiserver to $bin"; return 1; }
  rm -rf "$work"
  echo "kube-apiserver v$version: built in $((SECONDS - started)) s ($bin)"
}

# Runs in a bash of its own (its cd and exports stay there), output to the build log.
laba_build_in() {
  set -euo pipefail
  # Each step named, so a failure's log says where it stopped.
  trap 'echo "failed (exit $?) at: $BASH_COMMAND"' ERR
  local work=$1
  cd "$work"
  echo "== apt-get source kubernetes"
  apt-get source -qq kubernetes
  local tree="$work/kubernetes-$source_version"
  [ -d "$tree" ]
  # GOPATH mode, as Debian's rules build it: module mode with -mod=vendor fails on this tree's vendor/modules.txt.
  export GOPATH="$work/gopath" GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0 GOCACHE="$work/gocache" GOROOT="$goroot"
  export PATH="$goroot/bin:$PATH"
  mkdir -p "$GOPATH/src/k8s.io"
  ln -s "$tree" "$GOPATH/src/k8s.io/kubernetes"
  cd "$GOPATH/src/k8s.io/kubernetes"
  rm -rf vendor/github.com/modern-go/reflect2
  cp -r "$reflect2" vendor/github.com/modern-go/reflect2

  # pkg/generated/openapi/zz_generated.openapi.go is generated at build time upstream and is not in the tarball:
  # make it with the vendored openapi-gen on the packages that ask for it (a +k8s:openapi-gen= tag), as upstream's
  # build/root/Makefile.generated_files does: the tree outside vendor/ and staging/, and the staging repositories
  # under their vendor/k8s.io/ import paths.
  echo "== openapi-gen"
  go build -o "$work/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
  local inputs
  inputs=$(
    {
      find . -path ./vendor -prune -o -path ./staging -prune -o -path ./_output -prune -o -path ./third_party -prune \
        -o -name '_*' -prune -o -name '*.go' -print
      find -L ./vendor/k8s.io -name '_*' -prune -o -name '*.go' -print
    } | { xargs grep -l --color=never '^// *+k8s:openapi-gen=' || true; } | xargs -n1 dirname | LC_ALL=C sort -u \
      | sed -e 's|^\./|k8s.io/kubernetes/|' | paste -sd, -
  )
  "$work/openapi-gen" --input-dirs "$inputs" --output-base "$GOPATH/src" \
    --output-package k8s.io/kubernetes/pkg/generated/openapi --output-file-base zz_generated.openapi \
    --go-header-file hack/boilerplate/boilerplate.generatego.txt --report-filename "$work/api-violations.txt"

  # Without these /version says v0.0.0. Both the vendored path (GOPATH mode) and the plain one are set; -X ignores
  # a symbol that is not linked.
  local ldflags="-s -w" pkg key value
  for pkg in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version \
    k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    for key in gitVersion=v$version gitMajor=1 gitMinor=20 gitTreeState=clean "buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"; do
      ldflags="$ldflags -X $pkg.$key"
    done
  done
  echo "== go build ./cmd/kube-apiserver"
  local timed=()
  # Peak memory and the like for the notes, where GNU time is installed.
  [ -x /usr/bin/time ] && timed=(/usr/bin/time -v)
  "${timed[@]}" go build -o "$work/kube-apiserver" -ldflags "$ldflags" ./cmd/kube-apiserver
  du -sh "$work" || true
  rm -rf "$tree" "$GOPATH" "$GOCACHE"
  echo "built $work/kube-apiserver"
}

unset LABA_KUBE_APISERVER_BIN LABA_ETCD_BIN LABA_KUBE_APISERVER_MISSING
if ! laba_kube_apiserver_prereqs; then
  echo "warning: NO kube-apiserver: ${LABA_KUBE_APISERVER_MISSING:-unknown reason}; the real API server tests (Category=ApiServer) cannot run"
  unset LABA_KUBE_APISERVER_BIN LABA_ETCD_BIN
  export LABA_KUBE_APISERVER_MISSING="${LABA_KUBE_APISERVER_MISSING:-unknown reason}"
fi
unset -f laba_kube_apiserver_prereqs laba_stop_package_etcd laba_build_kube_apiserver laba_build_in
