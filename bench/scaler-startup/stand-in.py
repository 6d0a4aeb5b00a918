#!/usr/bin/env python3
"""Kubernetes API and predictor stand-in for bench/scaler-startup.sh and bench/scaler-closed-loop.sh: the paths one
Scaler run calls, answered at once (the Deployment is always at 2 replicas, the predictor always recommends 3), so
that every measured run takes the same path: read the state ConfigMap and the Deployment, write the state, patch the
scale, read the state back, post the Event. The state ConfigMap keeps the last data written, as the Scaler checks
after its patch that its own entry is still there. The tests use a fuller stand-in (tests/LabA.Scaler.Tests/StandIns);
this one only has to be fast and fixed."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/default/deployments/sample-app"
META = {"name": "sample-app", "namespace": "default", "uid": "bench", "resourceVersion": "1", "annotations": {}}
DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": META, "spec": {"replicas": 2}}
SCALE = {"apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": META, "spec": {"replicas": 2}, "status": {"replicas": 2}}
STATE_PATH = "/api/v1/namespaces/default/configmaps/lab-a-scaler-state"
STATE = {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "lab-a-scaler-state", "namespace": "default", "uid": "bench-state", "resourceVersion": "1"},
         "data": {}}
FORECAST = {"predicted_cpu": 55.0, "recommended_replicas": 3, "timestamp": "2025-06-01T14:35:00Z", "peak_cpu": 55.0,
            "provisioned_cpu": 55.0, "window_minutes": 2, "horizon_minutes": 5.0, "model_version": "bench"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def drain(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/predict":
            self.reply(200, FORECAST)
        elif path == DEPLOYMENT_PATH:
            self.reply(200, DEPLOYMENT)
        elif path == STATE_PATH:
            self.reply(200, STATE)
        elif path == DEPLOYMENT_PATH + "/scale":
            self.reply(200, SCALE)
        else:
            self.reply(404, {"kind": "Status", "code": 404, "message": path + " not found"})

    def do_PATCH(self):
        self.drain()
        path = self.path.split("?")[0]
        self.reply(200, SCALE if path.endswith("/scale") else DEPLOYMENT)

    def do_POST(self):
        body = self.drain()
        self.reply(201, json.loads(body or b"{}"))

    def do_PUT(self):
        body = json.loads(self.drain() or b"{}")
        if self.path.split("?")[0] != STATE_PATH:
            self.reply(404, {"kind": "Status", "code": 404, "message": self.path + " not found"})
            return
        STATE["data"] = body.get("data") or {}
        self.reply(200, STATE)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.serve_forever()
