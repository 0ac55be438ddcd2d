"""Delivery throughput: 1,000 mails to a loopback SMTP sink and 10,000 webhooks to a loopback receiver, sent
by legday's own notifiers (SMTPNotifier over libcurl, WebhookNotifier over async-http-client with Standard
Webhooks signing), built from a config file by the release `legday-bench deliver`.

Both go out 4 at a time through one notifier (CONCURRENCY), as the daemon sends a burst: its delivery engine
sends up to 16 deliveries at once, an SMTP notifier uses at most 4 connections (each kept open between sends,
past STARTTLS and AUTH), and on this 2-core machine 4 webhooks at a time is where throughput stops growing.
`python3 Tests/bench/bench_delivery.py .build/release/legday` runs this part alone. The servers are on this machine and count what arrives; every mail must arrive, every webhook must
arrive once, and a sample of webhook signatures is checked with the reference `standardwebhooks` package.
"""

import asyncio
import base64
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "integration"))

MAILS = 1_000
WEBHOOKS = 10_000
CONCURRENCY = 4
USERNAME = "bench@example.org"
PASSWORD = "bench password"


def deliver(bench: str, config: Path, notifier: str, count: int, concurrency: int = 1) -> dict:
    result = subprocess.run([bench, "deliver", str(config), notifier, str(count), str(concurrency)],
                            capture_output=True, text=True, timeout=1800)
    values = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    if result.returncode != 0 or values.get("failed") != "0":
        raise RuntimeError(f"legday-bench deliver {notifier} failed: {result.stdout[-800:]} {result.stderr[-800:]}")
    return values


# --- SMTP --------------------------------------------------------------------------------------------------

class CountingSink:
    """aiosmtpd handler that counts messages and the connections they came on, keeping none of them."""

    def __init__(self):
        self.messages = 0
        self.bytes = 0
        self.peers = set()
        self.tls = set()
        self.logins = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.peers.add(server.transport.get_extra_info("peername"))
        self.tls.add(server.transport.get_extra_info("ssl_object") is not None)
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.original_content or b"")
        return "250 OK"


def bulk_data_controller():
    """An aiosmtpd Controller whose servers read DATA in blocks rather than line by line.

    aiosmtpd reads the message one line at a time in Python; for legday's emails (about 3,400 lines of
    base64 figures and quoted-printable each) that costs the sink about 25 ms a message, several times what
    legday spends, so the sink would be what is measured. Everything else (EHLO, STARTTLS, AUTH, MAIL,
    RCPT, the handler) is aiosmtpd's own."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import MISSING, SMTP

    class BulkDataSMTP(SMTP):
        async def smtp_DATA(self, arg):
            if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
                return
            if not self.envelope.rcpt_tos:
                await self.push("503 Error: need RCPT command")
                return
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            buffer = bytearray(b"\r\n")  # so that the end marker and dot-stuffing look alike on line one
            searched = 0
            while (end := buffer.find(b"\r\n.\r\n", searched)) < 0:
                searched = max(0, len(buffer) - 4)
                chunk = await self._reader.read(1 << 16)
                if not chunk:
                    return  # the client went away mid-message
                buffer += chunk
            # The client waits for the reply before its next command (no PIPELINING is offered for DATA).
            assert end + 5 == len(buffer), "bytes after the end of DATA"
            content = bytes(buffer[:end + 2]).replace(b"\r\n.", b"\r\n")[2:]
            self.envelope.content = self.envelope.original_content = content
            status = await self._call_handler_hook("DATA")
            self._set_post_data_state()
            await self.push("250 OK" if status is MISSING else status)

    class BulkDataController(Controller):
        def factory(self):
            return BulkDataSMTP(self.handler, **self.SMTP_kwargs)

    return BulkDataController


def bench_mail(bench: str, tmp: Path, record):
    import logging
    from aiosmtpd.smtp import AuthResult, LoginPassword

    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's deprecation notice at every login
    from smtp_server import free_port, make_certificates

    certs = make_certificates(tmp)
    sink = CountingSink()

    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password.decode() == PASSWORD
        sink.logins += 1
        return AuthResult(success=ok, handled=False)

    port = free_port()
    controller = bulk_data_controller()(sink, hostname="127.0.0.1", port=port, server_hostname="localhost",
                            tls_context=certs.server_context(), require_starttls=True,
                            authenticator=check, auth_required=True)
    (tmp / "smtp-password").write_text(PASSWORD)
    (tmp / "smtp-password").chmod(0o600)
    config = tmp / "mail.toml"
    config.write_text(f"""
[notifiers.mail]
type = "smtp"
host = "127.0.0.1"
port = {port}
security = "starttls"
username = "{USERNAME}"
password_file = "smtp-password"
ca_file = "{certs.ca_file}"
from = "legday <legday@example.org>"
to = ["runner@example.org"]
""")
    controller.start()
    try:
        values = deliver(bench, config, "mail", MAILS, CONCURRENCY)
    finally:
        controller.stop()
    assert sink.messages == MAILS, f"the sink got {sink.messages} of {MAILS} mails"
    assert sink.tls == {True}, "a mail went in clear"
    rate, p99 = float(values["per_second"]), float(values["p99_ms"])
    size = sink.bytes / MAILS / 1024
    how = "one at a time" if CONCURRENCY == 1 else f"{CONCURRENCY} at a time"
    record(f"{MAILS:,} mails, {how}, STARTTLS + AUTH on {len(sink.peers)} connection(s), {size:.0f} KiB each",
           f"{rate:,.0f}/s, p99 {p99:.1f} ms", ">= 100/s", rate >= 100)


# --- Webhooks ----------------------------------------------------------------------------------------------

class Receiver(asyncio.Protocol):
    """HTTP/1.1 with keep-alive, just enough for POSTs with Content-Length: answers 200 at once and keeps
    every SAMPLE_EVERY-th request for a signature check afterwards."""

    SAMPLE_EVERY = 97
    stats = None

    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""
        Receiver.stats["connections"] += 1

    def data_received(self, data):
        self.buffer += data
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end].decode("latin-1").split("\r\n")
            headers = {}
            for line in head[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            if len(self.buffer) < head_end + 4 + length:
                return
            body = self.buffer[head_end + 4:head_end + 4 + length]
            self.buffer = self.buffer[head_end + 4 + length:]
            stats = Receiver.stats
            stats["requests"] += 1
            stats["bytes"] += length
            stats["ids"].add(headers.get("webhook-id"))
            if stats["requests"] % self.SAMPLE_EVERY == 1:
                stats["samples"].append((headers, body))
            self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


def start_receiver():
    """The receiver on its own event loop in a thread; returns (port, stop)."""
    Receiver.stats = {"connections": 0, "requests": 0, "bytes": 0, "ids": set(), "samples": []}
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder = {}

    def serve():
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(loop.create_server(Receiver, "127.0.0.1", 0))
        holder["port"] = server.sockets[0].getsockname()[1]
        holder["server"] = server
        started.set()
        loop.run_forever()
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(10)

    def stop():
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

    return holder["port"], stop


def bench_webhooks(bench: str, tmp: Path, record):
    import standardwebhooks

    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    (tmp / "webhook-secret").write_text(secret)
    (tmp / "webhook-secret").chmod(0o600)
    port, stop = start_receiver()
    config = tmp / "hook.toml"
    config.write_text(f"""
[notifiers.hook]
type = "webhook"
url = "http://127.0.0.1:{port}/hooks/legday"
secret_file = "webhook-secret"
format = "json"
""")
    try:
        values = deliver(bench, config, "hook", WEBHOOKS, CONCURRENCY)
    finally:
        stop()
    stats = Receiver.stats
    assert stats["requests"] == WEBHOOKS, f"the receiver got {stats['requests']} of {WEBHOOKS} webhooks"
    assert len(stats["ids"]) == WEBHOOKS, "webhook-ids repeat"
    verifier = standardwebhooks.Webhook(secret)
    for headers, body in stats["samples"]:
        verifier.verify(body, headers)  # raises when a signature is wrong
    rate, p99 = float(values["per_second"]), float(values["p99_ms"])
    how = "one at a time" if CONCURRENCY == 1 else f"{CONCURRENCY} at a time"
    size = stats["bytes"] / WEBHOOKS / 1024
    record(f"{WEBHOOKS:,} signed webhooks, {how}, {stats['connections']} connection(s), {size:.0f} KiB each "
           f"({len(stats['samples'])} signatures checked)",
           f"{rate:,.0f}/s, p99 {p99:.2f} ms", ">= 1,000/s", rate >= 1000)


def run(legday: str, record):
    bench = str(Path(legday).parent / "legday-bench")
    if not os.access(bench, os.X_OK):
        print(f"bench_delivery: {bench} not found; skipped", flush=True)
        return
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        bench_mail(bench, tmp, record)
        bench_webhooks(bench, tmp, record)


if __name__ == "__main__":
    # python3 Tests/bench/bench_delivery.py .build/release/legday
    def show(what, measured, target, met):
        print(f"{what:75} {measured:>24}   target {target:>10}   {'met' if met else 'NOT met'}", flush=True)
    run(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/release/legday"), show)
