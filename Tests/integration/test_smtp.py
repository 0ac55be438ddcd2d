"""Email over SMTP, end to end: the built `legday notify --test` sends through real aiosmtpd servers on
loopback, and Python's own `email` package reads what arrived. What a reminder should say comes from
`legday plan --format json` for the same day; how many connections carried the mails comes from the server.
Several mails through one notifier are sent by `legday-bench deliver`, which builds the notifier from the
same config as `legday` does."""

import email
import email.policy
import json
import os
import re
import socket
import subprocess
import time
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from conftest import legday_command, legday_environment, next_weekday
from smtp_server import PASSWORD, TOKEN, USERNAME, SMTPServer, SilentServer, free_port, make_certificates

LEGDAY = os.environ.get("LEGDAY", str(Path(__file__).resolve().parents[2] / ".build/debug/legday"))
# Built beside legday (swift build builds every product).
BENCH = str(Path(LEGDAY).parent / "legday-bench")
# A Wednesday with intervals, counted from the tests' clock: a heavy-lift day in SCHEDULE, so the mail has
# exercises and figures.
WEDNESDAY = next_weekday(2)
DAY = WEDNESDAY.isoformat()
SCHEDULE = ("date,type,distance_km,title\n"
            f"{WEDNESDAY - timedelta(days=2)},easy,8,Easy run\n{DAY},intervals,10,Intervals\n")


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("certs"))


def write_config(folder: Path, port: int, certs=None, security="starttls", host="127.0.0.1", secret="password",
                 extra="", password=PASSWORD, mode=0o600):
    """A config.toml with a schedule and one [notifiers.mail] table, its secret files beside it."""
    (folder / "plan.csv").write_text(SCHEDULE)
    lines = ['[athlete]', 'timezone = "Europe/Berlin"', '', '[schedule]', 'files = ["plan.csv"]', '',
             "[notifiers.mail]", 'type = "smtp"', f'host = "{host}"', f"port = {port}", f'security = "{security}"']
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


def legday(config: Path, *args, env=None, timeout=60):
    """Runs legday with HOME and the XDG folders (so the outbox) beside the config."""
    environment = legday_environment(config.parent / "home", **(env or {}))
    started = time.monotonic()
    result = subprocess.run(legday_command(LEGDAY, *args, "--config", str(config)), capture_output=True, text=True,
                            timeout=timeout, env=environment)
    result.elapsed = time.monotonic() - started
    result.output = result.stdout + result.stderr
    return result


def mail_test(config: Path, env=None, timeout=60):
    """`legday notify --test` for DAY through the mail notifier."""
    return legday(config, "notify", "--test", "--notifier", "mail", "--date", DAY, env=env, timeout=timeout)


def planned_day(config: Path) -> dict:
    result = legday(config, "plan", "--from", DAY, "--days", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["days"][0]


def outbox_entries(config: Path) -> list:
    result = legday(config, "outbox", "--all", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def message_id(delivery_id: str, domain="example.org") -> str:
    """The Message-ID legday derives from a delivery id (docs/email.md): dots for colons."""
    return f"<legday.{delivery_id.replace(':', '.')}@{domain}>"


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_sends_a_proper_message_over_starttls_with_auth(tmp_path, certs):
    with SMTPServer(certs) as server:
        config = write_config(tmp_path, server.port, certs)
        result = mail_test(config)
    assert result.returncode == 0, result.output
    assert "  mail: delivered" in result.stdout
    rec = server.recorder
    assert rec.tls_on_mail == [True]
    assert [(mech, login, ok) for mech, login, ok in rec.auth_attempts] in (
        [("PLAIN", USERNAME, True)], [("LOGIN", USERNAME, True)])
    assert len(rec.messages) == 1
    mail_from, rcpts, raw = rec.messages[0]
    assert mail_from == "legday@example.org"
    assert rcpts == ["runner@example.org", "coach@example.net"]
    assert rec.ehlo_names[-1] == socket.gethostname()  # EHLO names this machine
    assert rec.quits == 1  # the kept connection is closed politely before legday exits

    # Every line CRLF and short; the whole message 7-bit.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert all(byte < 128 for byte in raw)

    # The Message-ID is made from the delivery id the outbox holds.
    [entry] = outbox_entries(config)
    assert entry["notifier"] == "mail" and entry["state"] == "delivered" and ":test-" in entry["id"]
    msg = parse(raw)
    assert msg["MIME-Version"] == "1.0"
    assert msg["Message-ID"] == message_id(entry["id"])
    assert msg["Date"].datetime is not None
    assert msg["From"].addresses[0].display_name == "Légday Coach"
    assert msg["From"].addresses[0].addr_spec == "legday@example.org"
    assert [a.addr_spec for a in msg["To"].addresses] == ["runner@example.org", "coach@example.net"]

    # The subject is the title legday printed, non-ASCII dash and all, through RFC 2047 encoded-words.
    title = result.stdout.splitlines()[0]
    assert title.startswith(f"Test from legday — Wednesday {DAY}: Heavy lift day — ")
    assert b"Subject: =?UTF-8?" in raw
    assert str(make_header(decode_header(msg["Subject"]))) == title == str(msg["Subject"])

    # The words: the day's runs, each exercise with its dose, from the plan legday shows for that day.
    day = planned_day(config)
    assert day["kind"] == "heavy-lift"
    assert msg.get_content_type() == "multipart/alternative"
    plain, related = msg.get_payload()
    assert plain.get_content_type() == "text/plain"
    text = plain.get_content()
    assert "Runs: intervals 10 km" in text
    html = related.get_payload()[0].get_content()
    assert "<h1" in html and day["session"]["name"] in html and "Cues:" in html
    for item in day["session"]["exercises"]:
        dose = f"{item['sets']} × {item['reps']}"
        assert item["name"] in text and dose in text
        assert item["name"] in html and dose in html
        for position in item["positions"]:
            assert position["text"] in text


def test_html_shows_the_drawn_exercise_figures(tmp_path, certs):
    with SMTPServer(certs) as server:
        config = write_config(tmp_path, server.port, certs)
        result = mail_test(config)
    assert result.returncode == 0, result.output
    raw = server.recorder.messages[0][2]
    assert len(raw) < 150_000  # the size limit of docs/email.md
    msg = parse(raw)
    plain, related = msg.get_payload()
    assert related.get_content_type() == "multipart/related"
    html, *images = related.get_payload()
    assert html.get_content_type() == "text/html"
    body = html.get_content()
    # One picture per exercise shown in full, all its positions in one: the main work first, in its order;
    # warm-up, cool-down and activation are one line each without pictures, except in a block's first week,
    # when what is new follows the main work (as many as fit under the size limit).
    day = planned_day(config)
    posed = lambda item: any(position.get("pose") for position in item["positions"])
    main = [item["id"] for item in day["session"]["exercises"] if posed(item)]
    pictured = [image.get_filename().removesuffix(".png") for image in images]
    assert main and pictured[:len(main)] == main
    new_this_block = {item["id"] for part in ("warmup", "cooldown") for item in (day["session"].get(part) or [])}
    new_this_block |= {item["id"] for item in ((day.get("activation") or {}).get("exercises") or [])}
    if day["block_week"] == 1:
        assert set(pictured[len(main):]) <= new_this_block
    else:
        assert pictured == main
    for image in images:
        assert image.get_content_type() == "image/png"
        assert image.get_content_disposition() == "inline"
        png = image.get_content()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        # 960 px wide, shown at 480 CSS px (sharp on a 2x screen); as tall as the figures need; a palette PNG.
        assert width == 960 and 150 <= height <= 600 and png[25] == 3
        cid = image["Content-ID"].strip("<>")
        assert re.search(rf'<img src="cid:{re.escape(cid)}" width="480" alt="[^"]{{20,}}"', body), cid
    # Every picture the HTML shows is attached, each once.
    referenced = re.findall(r'src="cid:([^"]+)"', body)
    assert sorted(referenced) == sorted(image["Content-ID"].strip("<>") for image in images)
    assert len(set(referenced)) == len(referenced)


def test_a_line_break_in_a_config_value_never_becomes_a_header(tmp_path, certs):
    with SMTPServer(certs) as server:
        config = write_config(tmp_path, server.port, certs)
        text = config.read_text().replace('from = "Légday Coach <legday@example.org>"',
                                          'from = "Coach\\r\\nBcc: victim@example.com <legday@example.org>"')
        config.write_text(text)
        result = mail_test(config)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if text.startswith("from"))
    assert f"{config}:{line}:" in result.stderr and "notifiers.mail.from" in result.stderr
    assert "Traceback" not in result.output
    assert server.recorder.mail_from == [] and server.recorder.messages == []


def test_implicit_tls(tmp_path, certs):
    with SMTPServer(certs, mode="tls") as server:
        result = mail_test(write_config(tmp_path, server.port, certs, security="tls"))
    assert result.returncode == 0, result.output
    assert server.recorder.tls_on_mail == [True]
    assert len(server.recorder.messages) == 1


def test_xoauth2_with_a_token_command(tmp_path, certs):
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs, secret="token-command"))
    assert result.returncode == 0, result.output
    assert server.recorder.auth_attempts == [("XOAUTH2", USERNAME, True)]
    assert len(server.recorder.messages) == 1
    assert TOKEN not in result.output


def test_server_down_is_temporary(tmp_path, certs):
    config = write_config(tmp_path, free_port(), certs)
    result = mail_test(config)
    assert result.returncode == 1
    assert "  mail: temporary failure" in result.stdout and "will retry at" in result.stdout
    [entry] = outbox_entries(config)
    assert entry["state"] == "pending" and entry["attempts"] == 1


def test_stalled_server_times_out_as_temporary(tmp_path, certs):
    with SilentServer() as server:
        # `timeout = 2` ends the wait; the 30 s bound on the process is only there to fail a hang.
        result = mail_test(write_config(tmp_path, server.port, certs, extra="timeout = 2"), timeout=30)
    assert result.returncode == 1
    assert "  mail: temporary failure" in result.stdout
    assert "imeout" in result.stdout or "timed out" in result.stdout


def test_4xx_is_temporary_and_the_retry_carries_the_same_message_id(tmp_path, certs):
    with SMTPServer(certs) as server:
        server.recorder.data_replies = ["451 4.3.0 Mailbox busy, try again later"]
        config = write_config(tmp_path, server.port, certs)
        first = mail_test(config)
        [pending] = outbox_entries(config)
        second = legday(config, "outbox", "retry", pending["id"])
    assert first.returncode == 1
    assert "  mail: temporary failure" in first.stdout and "451" in first.stdout
    assert pending["state"] == "pending" and f"[{pending['id']}]" in first.stdout
    assert second.returncode == 0, second.output
    assert "mail: delivered" in second.stdout
    assert len(server.recorder.messages) == 1
    assert parse(server.recorder.messages[0][2])["Message-ID"] == message_id(pending["id"])


def test_5xx_is_permanent(tmp_path, certs):
    with SMTPServer(certs) as server:
        server.recorder.rcpt_reply = "550 5.1.1 No such user here"
        config = write_config(tmp_path, server.port, certs)
        result = mail_test(config)
    assert result.returncode == 1
    assert "  mail: failed: permanent failure" in result.stdout and "550" in result.stdout
    assert server.recorder.messages == []
    assert [e["state"] for e in outbox_entries(config)] == ["failed"]


def test_refused_login_is_permanent_and_the_password_is_never_printed(tmp_path, certs):
    with SMTPServer(certs) as server:
        result = mail_test(write_config(tmp_path, server.port, certs, password="wrong password 1234"))
    assert result.returncode == 1
    assert "  mail: failed: permanent failure" in result.stdout and "login" in result.stdout
    assert "wrong password 1234" not in result.output
    assert server.recorder.messages == []


def test_server_without_starttls_gets_nothing(tmp_path, certs):
    with SMTPServer(certs, mode="plain") as server:
        result = mail_test(write_config(tmp_path, server.port, certs))
    assert result.returncode == 1
    assert "  mail: failed: permanent failure" in result.stdout and "STARTTLS" in result.stdout
    assert server.recorder.auth_attempts == []
    assert server.recorder.mail_from == []
    assert server.recorder.messages == []


def test_security_none_is_allowed_on_loopback_only(tmp_path, certs):
    with SMTPServer(certs, mode="plain", auth=False) as server:
        result = mail_test(write_config(tmp_path, server.port, security="none", secret=None))
    assert result.returncode == 0, result.output
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
    assert PASSWORD not in result.output


def test_systemd_credentials_directory_is_used(tmp_path, certs):
    creds = tmp_path / "credentials"
    creds.mkdir()
    (creds / "smtp-password").write_text(PASSWORD)
    (creds / "smtp-password").chmod(0o400)
    with SMTPServer(certs) as server:
        config = write_config(tmp_path, server.port, certs, secret=None,
                              extra=f'username = "{USERNAME}"\npassword_credential = "smtp-password"')
        result = mail_test(config, env={"CREDENTIALS_DIRECTORY": str(creds)})
    assert result.returncode == 0, result.output
    assert server.recorder.auth_attempts[-1] == (server.recorder.auth_attempts[-1][0], USERNAME, True)
    assert len(server.recorder.messages) == 1


# Several mails through one notifier: one connection, STARTTLS and AUTH once, on its first use.

def deliver(config: Path, count: int, concurrency: int = 1):
    assert os.access(BENCH, os.X_OK), f"{BENCH} not built (swift build builds it)"
    result = subprocess.run([BENCH, "deliver", str(config), "mail", str(count), str(concurrency)],
                            capture_output=True, text=True, timeout=120)
    result.values = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    return result


@pytest.mark.real_clock
def test_mails_one_after_another_share_one_authenticated_connection(tmp_path, certs):
    with SMTPServer(certs) as server:
        result = deliver(write_config(tmp_path, server.port, certs), 12)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.values["sent"] == "12" and result.values["failed"] == "0"
    rec = server.recorder
    assert len(rec.messages) == 12
    assert len({parse(raw)["Message-ID"] for _, _, raw in rec.messages}) == 12
    assert rec.connections == 1
    # STARTTLS, then EHLO again, then one AUTH: all on the first mail; nothing went in clear.
    assert len(rec.ehlo_names) == 2
    assert len(rec.auth_attempts) == 1 and rec.auth_attempts[0][2]
    assert rec.tls_on_mail == [True] * 12


@pytest.mark.real_clock
def test_a_connection_the_server_dropped_is_replaced_and_the_next_mail_goes_out(tmp_path, certs):
    with SMTPServer(certs) as server:
        server.recorder.close_after = {2}
        result = deliver(write_config(tmp_path, server.port, certs), 4)
    assert result.returncode == 0, result.stdout + result.stderr
    rec = server.recorder
    assert len(rec.messages) == 4
    assert rec.connections == 2
    assert [ok for _, _, ok in rec.auth_attempts] == [True, True]  # logged in again on the new connection
    assert rec.tls_on_mail == [True] * 4


@pytest.mark.real_clock
def test_a_failed_mail_does_not_spoil_the_next(tmp_path, certs):
    with SMTPServer(certs) as server:
        server.recorder.data_reply_at = {2: "451 4.3.0 Mailbox busy, try again later"}
        result = deliver(write_config(tmp_path, server.port, certs), 4)
    assert result.returncode == 1
    assert result.values["sent"] == "3" and result.values["failed"] == "1"
    assert "451" in result.values["first_error"]
    rec = server.recorder
    # The refused mail was not sent again behind legday's back; the next one went out on a new connection.
    assert len(rec.mail_from) == 4 and len(rec.messages) == 3
    assert rec.connections == 2


@pytest.mark.real_clock
def test_sends_at_once_share_at_most_four_connections(tmp_path, certs):
    # The delivery engine sends up to 16 at once; one notifier opens no more than 4 connections for them.
    with SMTPServer(certs) as server:
        result = deliver(write_config(tmp_path, server.port, certs), 24, concurrency=12)
    assert result.returncode == 0, result.stdout + result.stderr
    rec = server.recorder
    assert len(rec.messages) == 24
    assert 1 < rec.connections <= 4
    assert len(rec.auth_attempts) == rec.connections and all(ok for _, _, ok in rec.auth_attempts)
    assert rec.tls_on_mail == [True] * 24
