#!/usr/bin/env bash
# Sourced by test.sh: the Prometheus server and promtool the Prometheus source tests run against (Debian's package,
# 2.42). Installs them with apt where they are missing and exports their paths as PROMETHEUS_BIN and PROMTOOL_BIN.
if ! command -v prometheus > /dev/null 2>&1 || ! command -v promtool > /dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "== installing prometheus (Debian package) for the Prometheus source tests"
    apt-get update -qq > /dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus > /dev/null 2>&1 \
      || echo "warning: apt-get install prometheus failed; the Prometheus source tests will fail"
  else
    echo "warning: prometheus and promtool are not installed and cannot be installed here (needs root and apt-get)"
  fi
fi
# The package enables a system service; the tests start their own server on a free port with a temporary data dir.
if command -v systemctl > /dev/null 2>&1; then systemctl stop prometheus > /dev/null 2>&1 || true; fi
PROMETHEUS_BIN=$(command -v prometheus || echo prometheus)
PROMTOOL_BIN=$(command -v promtool || echo promtool)
export PROMETHEUS_BIN PROMTOOL_BIN
