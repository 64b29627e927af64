#!/usr/bin/python3
"""A webhook endpoint for src/alerts tests: verifies each request's signature with Python's
own hmac (an implementation independent of ours) and prints one JSON line per request.

Usage: webhook_receiver.py SECRET. Prints "PORT <n>" first. The path says how to answer:
  /ok          200
  /flaky/N     500 for the first N requests to this path, then 200
  /fail        500 always
  /reject      400
  /hang        never answers in time (sleeps 60 s)
"""
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = sys.argv[1].encode()
counts = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ts = self.headers.get("X-Anninh-Timestamp", "")
        sig = self.headers.get("X-Anninh-Signature", "")
        expected = "sha256=" + hmac.new(SECRET, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        with lock:
            n = counts.get(self.path, 0) + 1
            counts[self.path] = n
        status = 200
        if self.path == "/fail":
            status = 500
        elif self.path == "/reject":
            status = 400
        elif self.path.startswith("/flaky/"):
            status = 500 if n <= int(self.path.split("/")[2]) else 200
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        line = {"path": self.path, "t": time.monotonic(), "valid": hmac.compare_digest(sig, expected),
                "ts": ts, "status": status, "body": parsed,
                "content_type": self.headers.get("Content-Type", "")}
        # One write per line under the lock: concurrent requests must not interleave.
        with lock:
            sys.stdout.write(json.dumps(line) + "\n")
            sys.stdout.flush()
        if self.path == "/hang":
            time.sleep(60)
            return
        answer = b"ok" if status == 200 else b"no"
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print("PORT %d" % server.server_address[1], flush=True)
server.serve_forever()
