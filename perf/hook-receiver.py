#!/usr/bin/env python3
"""Webhook receiver of perf/fault (loopback only): answers every POST 200 and appends one line per
delivery to OUT: "<X-Voltgate-Event-Id>\t<type>\t<data.sessionId or empty>".

    perf/hook-receiver.py PORT OUT
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, out = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
sink = open(out, "a", buffering=1)


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        try:
            event = json.loads(body)
            session = (event.get("data") or {}).get("sessionId") or ""
            kind = event.get("type") or ""
        except ValueError:
            session, kind = "", "unparseable"
        with lock:
            sink.write(f"{self.headers.get('X-Voltgate-Event-Id', '')}\t{kind}\t{session}\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Hook).serve_forever()
