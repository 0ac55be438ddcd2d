"""A real webhook receiver on loopback, for legday's webhook tests.

It answers by path, so one receiver can play every kind of endpoint:

    /ok, /ok/…    200
    /flaky        500 the first time, 200 after
    /busy         429 with Retry-After: 7
    /unavailable  503 with Retry-After: Wed, 21 Oct 2026 07:28:00 GMT
    /gone         410
    /bad          400 with a JSON error body
    /redirect     302 to /ok
    /stall        reads the request, then never answers

Every request is appended to $RECEIVER_LOG (one JSON object per line) *before* the answer is sent, with
its path, headers (lower-cased names), body, and which of the secrets in $WEBHOOK_SECRETS (space-separated
whsec_ secrets) verify it according to the reference `standardwebhooks` package. With $RECEIVER_TLS_CERT
and $RECEIVER_TLS_KEY (PEM files) it speaks HTTPS. On start it prints `PORT <n>` on stdout. Run it directly: `python3 webhook_receiver.py`; stop it with SIGTERM.
"""

import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import standardwebhooks  # noqa: F401  (verified through testclock, on the tests' clock)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testclock  # noqa: E402

SECRETS = os.environ.get("WEBHOOK_SECRETS", "").split()
LOG_PATH = os.environ["RECEIVER_LOG"]
RETRY_AFTER_DATE = "Wed, 21 Oct 2026 07:28:00 GMT"

_lock = threading.Lock()
_seen: dict[str, int] = {}


def verified_with(body: bytes, headers: dict[str, str]) -> tuple[list[int], str]:
    """Indices of the secrets whose check passes, and the last failure's reason."""
    passed, reason = [], ""
    for index, secret in enumerate(SECRETS):
        try:
            testclock.verify_standard_webhook(secret, body, headers)
            passed.append(index)
        except Exception as error:  # the library raises its own WebhookVerificationError
            reason = f"{type(error).__name__}: {error}"
    return passed, reason


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = {name.lower(): value for name, value in self.headers.items()}
        passed, reason = verified_with(body, headers)
        with _lock:
            count = _seen.get(self.path, 0) + 1
            _seen[self.path] = count
            with open(LOG_PATH, "a", encoding="utf-8") as log:
                log.write(json.dumps({
                    "method": self.command, "path": self.path, "headers": headers,
                    "body": body.decode("utf-8", errors="replace"),
                    "verified_with": passed, "verify_error": reason,
                }) + "\n")
        self.respond(count)

    def respond(self, count: int):
        path = self.path
        if path == "/ok" or path.startswith("/ok/") or (path == "/flaky" and count > 1):
            self.answer(200, b"ok")
        elif path == "/flaky":
            self.answer(500, b"try later")
        elif path == "/busy":
            self.answer(429, b"slow down", {"Retry-After": "7"})
        elif path == "/unavailable":
            self.answer(503, b"maintenance", {"Retry-After": RETRY_AFTER_DATE})
        elif path == "/gone":
            self.answer(410, b"this hook was deleted")
        elif path == "/bad":
            self.answer(400, b'{"error": "invalid_payload"}')
        elif path == "/redirect":
            self.answer(302, b"", {"Location": "/ok"})
        elif path == "/stall":
            time.sleep(3600)
        else:
            self.answer(404, b"no such hook")

    def answer(self, status: int, body: bytes, headers: dict[str, str] | None = None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if os.environ.get("RECEIVER_TLS_CERT"):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.environ["RECEIVER_TLS_CERT"], os.environ["RECEIVER_TLS_KEY"])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
