#!/usr/bin/env bash
# Writes a kubeconfig for the bench stand-in (stand-in.py) on 127.0.0.1:PORT to FILE: what the Scaler reads outside a pod.
#   bench/scaler-startup/kubeconfig.sh PORT FILE
set -euo pipefail
cat > "$2" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: stand-in
  cluster:
    server: http://127.0.0.1:$1
users:
- name: scaler
  user:
    token: bench
contexts:
- name: stand-in
  context:
    cluster: stand-in
    user: scaler
current-context: stand-in
YAML
