"""Real SMTP servers on loopback for the email tests: aiosmtpd with STARTTLS, implicit TLS and AUTH, plus a
listener that accepts and never answers. Everything a server saw is recorded for the tests to check."""

import asyncio
import datetime
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import testclock

USERNAME = "runner@example.org"
PASSWORD = "correct horse battery staple"
TOKEN = "ya29.test-token-for-legday"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Certificates:
    ca_file: Path
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


def make_certificates(folder: Path) -> Certificates:
    """A test CA and a server certificate it signs for localhost and 127.0.0.1."""
    now = testclock.now()  # legday checks the certificates on the tests' clock
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "legday test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    files = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    files.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    return files


@dataclass
class Recorder:
    """What one server saw, and the replies it is told to give."""
    messages: list = field(default_factory=list)   # (envelope from, recipients, raw bytes)
    auth_attempts: list = field(default_factory=list)  # (mechanism, login, secret matched)
    ehlo_names: list = field(default_factory=list)
    mail_from: list = field(default_factory=list)
    tls_on_mail: list = field(default_factory=list)  # was TLS on when MAIL FROM came
    data_replies: list = field(default_factory=list)  # replies to give at end of DATA, in order, then 250
    rcpt_reply: str | None = None
    mail_peers: list = field(default_factory=list)  # the client's (address, port) at each MAIL FROM
    close_after: set = field(default_factory=set)  # close the connection right after accepting message n (1-based)
    data_reply_at: dict = field(default_factory=dict)  # the reply to the n-th DATA (1-based), instead of 250
    data_count: int = 0
    quits: int = 0

    @property
    def connections(self) -> int:
        """How many TCP connections carried a MAIL FROM."""
        return len(set(self.mail_peers))


class RecordingHandler:
    def __init__(self, recorder: Recorder):
        self.recorder = recorder

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.recorder.ehlo_names.append(hostname)
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.recorder.mail_from.append(address)
        self.recorder.tls_on_mail.append(server.transport.get_extra_info("ssl_object") is not None)
        self.recorder.mail_peers.append(server.transport.get_extra_info("peername"))
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.recorder.rcpt_reply:
            return self.recorder.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        self.recorder.quits += 1
        return "221 Bye"

    async def handle_DATA(self, server, session, envelope):
        self.recorder.data_count += 1
        if self.recorder.data_count in self.recorder.data_reply_at:
            return self.recorder.data_reply_at[self.recorder.data_count]
        if self.recorder.data_replies:
            return self.recorder.data_replies.pop(0)
        self.recorder.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        if len(self.recorder.messages) in self.recorder.close_after:
            # Hang up as soon as the 250 below is written, as a server restarting between mails would.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted for delivery"

    async def auth_XOAUTH2(self, server, args):
        """XOAUTH2 as Gmail and Microsoft 365 take it: base64 of user=U^Aauth=Bearer T^A^A."""
        blob = args[1].encode() if len(args) > 1 else await server.challenge_auth("")
        if not isinstance(blob, bytes):
            return AuthResult(success=False, handled=False)
        if len(args) > 1:
            import base64
            blob = base64.b64decode(blob)
        fields = dict(part.split("=", 1) for part in blob.decode().split("\x01") if "=" in part)
        ok = fields.get("user") == USERNAME and fields.get("auth") == f"Bearer {TOKEN}"
        self.recorder.auth_attempts.append(("XOAUTH2", fields.get("user"), ok))
        return AuthResult(success=ok, handled=False)


def authenticator(recorder: Recorder):
    def check(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            recorder.auth_attempts.append((mechanism, None, False))
            return AuthResult(success=False, handled=False)
        ok = auth_data.login.decode() == USERNAME and auth_data.password.decode() == PASSWORD
        recorder.auth_attempts.append((mechanism, auth_data.login.decode(), ok))
        # handled=False makes aiosmtpd send the 535 itself (its default is to send nothing).
        return AuthResult(success=ok, handled=False)
    return check


class SMTPServer:
    """An aiosmtpd server in a thread: `starttls` (the default), `tls` (implicit) or `plain` (no TLS at all)."""

    def __init__(self, certificates: Certificates, mode: str = "starttls", auth: bool = True):
        self.recorder = Recorder()
        self.port = free_port()
        kwargs = dict(hostname="127.0.0.1", port=self.port, server_hostname="localhost")
        if auth:
            kwargs.update(authenticator=authenticator(self.recorder), auth_required=True)
        if mode == "starttls":
            kwargs.update(tls_context=certificates.server_context(), require_starttls=True)
        elif mode == "tls":
            # aiosmtpd only counts STARTTLS as TLS for AUTH; with implicit TLS every byte is encrypted anyway.
            kwargs.update(ssl_context=certificates.server_context(), auth_require_tls=False)
        else:
            # No TLS offered at all; AUTH is still advertised, which is exactly the trap a client must not fall in.
            kwargs.update(auth_require_tls=False)
        self.controller = Controller(RecordingHandler(self.recorder), **kwargs)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class SilentServer:
    """Accepts connections and never says a word: a stalled server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
                self.accepted.append(conn)
            except OSError:
                continue

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()
        for conn in self.accepted:
            conn.close()
        self.sock.close()
