"""Email over SMTP, end to end: the built `legday` sends through real aiosmtpd servers on loopback, and
Python's own `email` package reads what arrived."""

import email
import email.policy
import os
import socket
import subprocess
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from smtp_server import PASSWORD, TOKEN, USERNAME, SMTPServer, SilentServer, free_port, make_certificates

LEGDAY = os.environ.get("LEGDAY", str(Path(__file__).resolve().parents[2] / ".build/debug/legday"))
# A 1x1 PNG, as the figure for every position in the inline-image test.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("certs"))


def write_config(folder: Path, port: int, certs=None, security="starttls", host="127.0.0.1", secret="password",
                 extra="", password=PASSWORD, mode=0o600):
    """A config.toml with one [notifiers.mail] table, its secret files beside it."""
    lines = ["[notifiers.mail]", 'type = "smtp"', f'host = "{host}"', f"port = {port}", f'security = "{security}"']
    if secret == "password":
        (folder / "smtp-password").write_text(password + "\n")
        (folder / "smtp-password").chmod(mode)
        lines += [f'username = "{USERNAME}"', 'password_file = "smtp-password"']
    elif secret == "token-command":
        script = folder / "token.sh"
        script.write_text(f"#!/bin/sh\necho {TOKEN}\n")
        script.chmod(0o700)
        lines += [f'username = "{USERNAME}"', f'token_command = "{script} --scope mail"']
    if certs is not None:
        lines.append(f'ca_file = "{certs.ca_file}"')
    lines += ['from = "Légday Coach <legday@example.org>"', 'to = ["runner@example.org", "coach@example.net"]']
    lines.append(extra)
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def mail_test(config: Path, *args, timeout=60):
    started = time.monotonic()
    result = subprocess.run([LEGDAY, "mail-test", "--config", str(config), *args], capture_output=True, text=True,
                            timeout=timeout)
    result.elapsed = time.monotonic() - started
    return result


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_sends_a_proper_message_over_starttls_with_auth(tmp_path, certs):
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs), "--no-figures")
    assert result.returncode == 0, result.stderr
    assert "mail: sent" in result.stdout
    rec = server.recorder
    assert rec.tls_on_mail == [True]
    assert [(mech, login, ok) for mech, login, ok in rec.auth_attempts] in (
        [("PLAIN", USERNAME, True)], [("LOGIN", USERNAME, True)])
    assert len(rec.messages) == 1
    mail_from, rcpts, raw = rec.messages[0]
    assert mail_from == "legday@example.org"
    assert rcpts == ["runner@example.org", "coach@example.net"]
    assert rec.ehlo_names[-1] == socket.gethostname()  # EHLO names this machine

    # Every line CRLF and short; the whole message 7-bit.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert all(byte < 128 for byte in raw)

    msg = parse(raw)
    assert msg["MIME-Version"] == "1.0"
    assert msg["Message-ID"] == "<legday.sample.2026-11-23.daily.mail@example.org>"
    assert msg["Date"].datetime is not None
    assert msg["From"].addresses[0].display_name == "Légday Coach"
    assert msg["From"].addresses[0].addr_spec == "legday@example.org"
    assert [a.addr_spec for a in msg["To"].addresses] == ["runner@example.org", "coach@example.net"]
    assert str(msg["Subject"]) == "Monday 2026-11-23: Heavy lift day — Heavy lower body"
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = msg.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    text = plain.get_content()
    assert "Runs: easy 8 km" in text
    assert "3 × 5, 80% 1RM" in text and "rest 120 s" in text
    body = html.get_content()
    assert "<h1" in body and "Heavy lower body" in body and "3 × 5, 80% 1RM" in body and "rest 120 s" in body
    assert "Start" in body and "Cues:" in body
    assert "cid:" not in body  # words only, as asked


def test_html_shows_the_drawn_exercise_figures(tmp_path, certs):
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs))
    assert result.returncode == 0, result.stderr
    msg = parse(server.recorder.messages[0][2])
    plain, related = msg.get_payload()
    assert related.get_content_type() == "multipart/related"
    html, *images = related.get_payload()
    body = html.get_content()
    assert images
    for image in images:
        png = image.get_content()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (240, 240)
        assert f'src="cid:{image["Content-ID"].strip("<>")}"' in body
    assert body.count('src="cid:') == len(images)


def test_subject_round_trips_non_ascii_and_never_injects_a_header(tmp_path, certs):
    subject = "Krafttag für Läufer — Kniebeuge 🏋️\r\nBcc: victim@example.com\r\n\r\nX-Injected: yes"
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs), "--subject", subject)
    assert result.returncode == 0, result.stderr
    _, rcpts, raw = server.recorder.messages[0]
    assert "victim@example.com" not in rcpts
    msg = parse(raw)
    assert msg["Bcc"] is None and msg["X-Injected"] is None
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert not any(line.startswith((b"Bcc:", b"X-Injected:")) for line in header_block.split(b"\r\n"))
    decoded = str(make_header(decode_header(msg["Subject"])))
    assert decoded == "Krafttag für Läufer — Kniebeuge 🏋️ Bcc: victim@example.com X-Injected: yes"
    assert str(msg["Subject"]) == decoded


def test_html_carries_inline_figures(tmp_path, certs):
    figure = tmp_path / "figure.png"
    figure.write_bytes(PNG)
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs), "--figure", str(figure))
    assert result.returncode == 0, result.stderr
    msg = parse(server.recorder.messages[0][2])
    assert msg.get_content_type() == "multipart/alternative"
    plain, related = msg.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html, *images = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert images and all(image.get_content_type() == "image/png" for image in images)
    assert all(image.get_content() == PNG for image in images)
    body = html.get_content()
    for image in images:
        cid = image["Content-ID"].strip("<>")
        assert image.get_content_disposition() == "inline"
        assert f'src="cid:{cid}"' in body


def test_implicit_tls(tmp_path, certs):
    with SMTPServer(certs, mode="tls") as server:
        result = mail_test(write_config(tmp_path, server.port, certs, security="tls"))
    assert result.returncode == 0, result.stderr
    assert server.recorder.tls_on_mail == [True]
    assert len(server.recorder.messages) == 1


def test_xoauth2_with_a_token_command(tmp_path, certs):
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs, secret="token-command"))
    assert result.returncode == 0, result.stderr
    assert server.recorder.auth_attempts == [("XOAUTH2", USERNAME, True)]
    assert len(server.recorder.messages) == 1
    assert TOKEN not in result.stdout + result.stderr


def test_server_down_is_temporary(tmp_path, certs):
    result = mail_test(write_config(tmp_path, free_port(), certs))
    assert result.returncode == 1
    assert "mail: temporary failure" in result.stderr


def test_stalled_server_times_out_as_temporary(tmp_path, certs):
    with SilentServer() as server:
        result = mail_test(write_config(tmp_path, server.port, certs, extra="timeout = 2"))
    assert result.returncode == 1
    assert "mail: temporary failure" in result.stderr
    assert "imeout" in result.stderr or "timed out" in result.stderr
    assert result.elapsed < 15


def test_4xx_is_temporary_and_the_retry_carries_the_same_message_id(tmp_path, certs):
    with SMTPServer(certs) as server:
        server.recorder.data_replies = ["451 4.3.0 Mailbox busy, try again later"]
        config = write_config(tmp_path, server.port, certs)
        first = mail_test(config)
        second = mail_test(config)
    assert first.returncode == 1
    assert "mail: temporary failure" in first.stderr and "451" in first.stderr
    assert second.returncode == 0, second.stderr
    assert len(server.recorder.messages) == 1
    assert parse(server.recorder.messages[0][2])["Message-ID"] == "<legday.sample.2026-11-23.daily.mail@example.org>"


def test_5xx_is_permanent(tmp_path, certs):
    with SMTPServer(certs) as server:
        server.recorder.rcpt_reply = "550 5.1.1 No such user here"
        result = mail_test(write_config(tmp_path, server.port, certs))
    assert result.returncode == 1
    assert "mail: permanent failure" in result.stderr and "550" in result.stderr
    assert server.recorder.messages == []


def test_refused_login_is_permanent_and_the_password_is_never_printed(tmp_path, certs):
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs, password="wrong password 1234"))
    assert result.returncode == 1
    assert "mail: permanent failure" in result.stderr and "login" in result.stderr
    assert "wrong password 1234" not in result.stdout + result.stderr
    assert server.recorder.messages == []


def test_server_without_starttls_gets_nothing(tmp_path, certs):
    with SMTPServer(certs, mode="plain") as server:
        result = mail_test(write_config(tmp_path, server.port, certs))
    assert result.returncode == 1
    assert "mail: permanent failure" in result.stderr and "STARTTLS" in result.stderr
    assert server.recorder.auth_attempts == []
    assert server.recorder.mail_from == []
    assert server.recorder.messages == []


def test_security_none_is_allowed_on_loopback_only(tmp_path, certs):
    with SMTPServer(certs, mode="plain", auth=False) as server:
        result = mail_test(write_config(tmp_path, server.port, security="none", secret=None))
    assert result.returncode == 0, result.stderr
    assert server.recorder.tls_on_mail == [False]

    config = write_config(tmp_path, 25, security="none", host="smtp.example.org", secret=None)
    result = mail_test(config)
    assert result.returncode == 1
    # The error points at the value: the line of `security = "none"`, the column of its opening quote.
    line, column = next((n, text.index('"') + 1) for n, text in enumerate(config.read_text().splitlines(), 1)
                        if text.startswith("security"))
    assert result.stderr.startswith(f"{config}:{line}:{column}: notifiers.mail.security: ")
    assert 'security = "none"' in result.stderr and "Traceback" not in result.stderr


def test_a_password_file_others_can_read_is_refused(tmp_path, certs):
    config = write_config(tmp_path, 587, certs, mode=0o644)
    result = mail_test(config)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if text.startswith("password_file"))
    assert f"{config}:{line}:" in result.stderr and "readable by group or others" in result.stderr
    assert PASSWORD not in result.stderr


def test_systemd_credentials_directory_is_used(tmp_path, certs):
    creds = tmp_path / "credentials"
    creds.mkdir()
    (creds / "smtp-password").write_text(PASSWORD)
    (creds / "smtp-password").chmod(0o400)
    with SMTPServer(certs) as server:
        config = write_config(tmp_path, server.port, certs, secret=None,
                              extra=f'username = "{USERNAME}"\npassword_credential = "smtp-password"')
        env = dict(os.environ, CREDENTIALS_DIRECTORY=str(creds))
        result = subprocess.run([LEGDAY, "mail-test", "--config", str(config)], capture_output=True, text=True,
                                timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert server.recorder.auth_attempts[-1] == (server.recorder.auth_attempts[-1][0], USERNAME, True)
    assert len(server.recorder.messages) == 1
