"""Faults: legday against crashes, outages, broken disks and files replaced while it reads them.

Every test drives the built binary (LEGDAY), uses loopback only, bounds its time and output, and stops every
process it starts. `make test-faults` runs these alone (pytest -m faults); docs/robustness.md says what each
one proves.
"""

import json
import os
import random
import signal
import socket
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import legday_environment, write_config

pytestmark = pytest.mark.faults

RUNS_CSV = "date,type,distance_km,title\n" + "".join(
    f"2026-12-{day:02d},{kind},{km},{kind} {km} km\n"
    for day, kind, km in [(1, "intervals", 10), (2, "easy", 6), (3, "tempo", 8), (5, "long", 24), (8, "intervals", 10)]
)


def environment(home: Path, **extra) -> dict:
    return legday_environment(home, **extra)


def basic_config(folder: Path, schedule: str = "plan.csv", notifiers: str = "[notifiers.out]\ntype = \"stdout\"\n") -> Path:
    return write_config(folder, f"""
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = ["{schedule}"]

        [reminders]
        daily_at = "07:00"
        catch_up = "none"

""" + notifiers)


class NotifySocket:
    """A NOTIFY_SOCKET the daemon reports READY=1 and STATUS= to, read with a deadline."""

    def __init__(self, path: Path):
        self.path = str(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)

    def wait_for(self, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                message = self.sock.recv(4096).decode(errors="replace")
            except socket.timeout:
                break
            seen.append(message)
            if needle in message:
                return message
        raise AssertionError(f"no {needle!r} from the daemon within {timeout}s; got {seen[-5:]}")

    def close(self):
        self.sock.close()


def start_daemon(legday, config: Path, home: Path, notify: NotifySocket) -> subprocess.Popen:
    (home / "runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
    return subprocess.Popen([legday, "run", "--config", str(config)],
                            env=environment(home, NOTIFY_SOCKET=notify.path),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> str:
    """Stops a process this test started and returns (the end of) what it wrote to standard error."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return (process.stderr.read() if process.stderr else "")[-20000:]


def replace_by_rename(path: Path, text: str):
    """How most editors save: write a new file next to it, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


# Files replaced while legday reads them


def test_schedule_replaced_by_rename_never_yields_an_empty_plan(legday, tmp_path):
    """`legday plan` runs again and again while another process saves the schedule by rename 300 times:
    every plan shows the runs; none is empty, none fails."""
    home = tmp_path / "home"
    config = basic_config(tmp_path)
    schedule = tmp_path / "plan.csv"
    schedule.write_text(RUNS_CSV)
    stop_writing = threading.Event()
    saves = 0

    def writer():
        nonlocal saves
        while not stop_writing.is_set() and saves < 300:
            # Alternate two contents that differ only in a title, so every read has the same runs.
            replace_by_rename(schedule, RUNS_CSV.replace("tempo 8 km", f"tempo 8 km #{saves}"))
            saves += 1
            time.sleep(0.002)

    thread = threading.Thread(target=writer)
    thread.start()
    plans = 0
    try:
        deadline = time.monotonic() + 60
        while thread.is_alive() and time.monotonic() < deadline:
            result = subprocess.run([legday, "plan", "--config", str(config), "--from", "2026-11-30", "--days", "7", "--format", "json"],
                                    env=environment(home), capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr[-2000:]
            runs = [run["type"] for day in json.loads(result.stdout)["days"] for run in day["runs"]]
            assert runs == ["intervals", "easy", "tempo", "long"], result.stdout[:2000]
            plans += 1
    finally:
        stop_writing.set()
        thread.join(timeout=10)
    assert plans >= 3 and saves >= 100


def test_schedule_truncated_in_place_is_an_error_not_an_empty_plan(legday, tmp_path):
    """Editors that write in place leave an empty file for a moment: `legday plan` says so and fails."""
    config = basic_config(tmp_path)
    (tmp_path / "plan.csv").write_text("")
    result = subprocess.run([legday, "plan", "--config", str(config), "--days", "7"],
                            env=environment(tmp_path / "home"), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "plan.csv:1:1: the schedule file is empty: no runs read" in result.stderr
    assert "Traceback" not in result.stderr and "Fatal error" not in result.stderr


def test_daemon_keeps_its_plan_when_the_schedule_is_emptied_then_takes_the_new_one(legday, tmp_path):
    """The daemon reloads on file changes. An emptied schedule is a failed reload (the previous setup stays);
    the next good save by rename is taken."""
    home = tmp_path / "home"
    schedule = tmp_path / "plan.csv"
    schedule.write_text(RUNS_CSV)
    config = basic_config(tmp_path, schedule=str(schedule))
    notify = NotifySocket(tmp_path / "notify.sock")
    daemon = start_daemon(legday, config, home, notify)
    try:
        notify.wait_for("READY=1")
        with open(schedule, "w"):
            pass  # truncated in place, as an editor that writes in place leaves it for a moment
        failed = notify.wait_for("STATUS=Reload failed")
        assert "running on the previous configuration" in failed
        replace_by_rename(schedule, RUNS_CSV)
        notify.wait_for("STATUS=Reloaded configuration")
        assert daemon.poll() is None
    finally:
        errors = stop(daemon)
        notify.close()
    assert "the schedule file is empty" in errors


# Files that are not files


def test_schedule_that_is_a_fifo_does_not_block(legday, tmp_path):
    config = basic_config(tmp_path, schedule="plan.ics")
    os.mkfifo(tmp_path / "plan.ics")
    started = time.monotonic()
    result = subprocess.run([legday, "check", "--config", str(config)], env=environment(tmp_path / "home"),
                            capture_output=True, text=True, timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode != 0
    assert "plan.ics:1:1: cannot read the schedule file: this is a FIFO (named pipe), not a regular file" in result.stdout + result.stderr


def test_config_that_is_a_directory_is_a_clear_error(legday, tmp_path):
    folder = tmp_path / "config.toml"
    folder.mkdir()
    result = subprocess.run([legday, "check", "--config", str(folder)], env=environment(tmp_path / "home"),
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert f"{folder}:1:1: this is a folder, not a config file" in result.stdout + result.stderr
    assert "Fatal error" not in result.stderr


# Delivery: kill -9, outages and broken disks. These need `legday notify`, `legday outbox` and the smtp and
# webhook notifiers; on a build without them they are skipped with the reason.

LIBFAKETIME = next(iter(sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))), None)
WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
FIRST_DAY = 1  # December 2026: ahead of the test clock, so no reminder has expired


def require_delivery(legday):
    for command in (["notify", "--help"], ["outbox", "--help"]):
        if subprocess.run([legday, *command], capture_output=True, timeout=30).returncode != 0:
            pytest.skip(f"this legday has no `{command[0]}` command yet")


class MailSink:
    """aiosmtpd on loopback, keeping the Message-ID of every message it accepts."""

    def __init__(self, port: int = 0):
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                import email
                message = email.message_from_bytes(envelope.original_content or envelope.content)
                with sink.lock:
                    sink.message_ids.append(str(message["Message-ID"]).strip("<>"))
                    sink.headers.append(list(message.keys()))
                return "250 OK"

        self.lock = threading.Lock()
        self.message_ids: list[str] = []
        self.headers: list[list[str]] = []
        self.port = port or free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


class HookSink:
    """A loopback HTTP receiver keeping the webhook-id of every request it answers 2xx. `mode` decides the
    answer: "ok", "500", or "stall" (read the request, never answer)."""

    def __init__(self, port: int = 0):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length", "0")))
                mode = sink.mode
                if mode == "stall":
                    sink.released.wait(30)
                    return
                status = 500 if mode == "500" else 200
                if status == 200:
                    with sink.lock:
                        sink.webhook_ids.append(self.headers.get("webhook-id", ""))
                with sink.lock:
                    sink.requests += 1
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

        self.mode = "ok"
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.webhook_ids: list[str] = []
        self.requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def delivery_config(folder: Path, mail_port: int | None, hook_port: int | None, timeout: int = 5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "webhook-secret").write_text(WEBHOOK_SECRET + "\n")
    (folder / "webhook-secret").chmod(0o600)
    body = """
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = []

        [reminders]
        daily_at = "07:00"
        catch_up = "none"
    """
    if mail_port:
        body += f"""
        [notifiers.mail]
        type = "smtp"
        host = "127.0.0.1"
        port = {mail_port}
        security = "none"
        from = "legday@example.org"
        to = ["runner@example.org"]
        timeout = {timeout}
        """
    if hook_port:
        body += f"""
        [notifiers.hook]
        type = "webhook"
        url = "http://127.0.0.1:{hook_port}/hook"
        secret_file = "webhook-secret"
        timeout = {timeout}
        """
    return write_config(folder, body)


def message_id(delivery_id: str) -> str:
    """The Message-ID legday derives from a delivery id (RFC 5322 dot-atom: ':' becomes '.')."""
    return "legday." + delivery_id.replace(":", ".") + "@example.org"


def notify(legday, config: Path, home: Path, date: str, fake_offset: str | None = None, timeout: float = 120):
    env = environment(home)
    argv = [legday, "notify", "--config", str(config), "--date", date]
    if fake_offset:
        if LIBFAKETIME is None:
            pytest.skip("libfaketime (Debian faketime) is not installed")
        env.update({"LD_PRELOAD": str(LIBFAKETIME), "FAKETIME": fake_offset, "FAKETIME_DONT_RESET": "1"})
        argv = ["/usr/bin/env", *argv]  # see test_faketime.py: exec through env(1) under the preload
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)


def outbox_entries(legday, home: Path, config: Path) -> list[dict]:
    result = subprocess.run([legday, "outbox", "--config", str(config), "--all", "--format", "json"],
                            env=environment(home), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_kill_9_during_delivery_100_times_loses_nothing_and_repeats_no_id(legday, tmp_path):
    """`legday notify` killed with SIGKILL at random moments, 100 times over 20 days' reminders, then each day
    sent once more (an hour later on a fake clock, past any claim a killed process left): every delivery
    arrives, under its own id, and the outbox says delivered for each."""
    require_delivery(legday)
    mail, hooks = MailSink(), HookSink()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", mail.port, hooks.port)
    days = [f"2026-12-{FIRST_DAY + i:02d}" for i in range(20)]
    rng = random.Random(20261122)
    kills = 0
    try:
        for index in range(100):
            process = subprocess.Popen([legday, "notify", "--config", str(config), "--date", days[index % len(days)]],
                                       env=environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                process.wait(timeout=rng.uniform(0.0, 0.6))
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.wait(timeout=10)
        for date in days:
            result = notify(legday, config, home, date, fake_offset="+1h")
            assert result.returncode == 0, (date, result.stdout[-1500:], result.stderr[-1500:])
    finally:
        mail.stop()
        hooks.stop()
    expected_ids = {f"default:{date}:daily:{name}" for date in days for name in ("mail", "hook")}
    assert {message_id(i) for i in expected_ids if i.endswith(":mail")} == set(mail.message_ids)
    assert {i for i in expected_ids if i.endswith(":hook")} == set(hooks.webhook_ids)
    # Delivery is at least once: a kill between the server's "OK" and the commit sends again, under the same
    # id, which the receiver can drop. Count such repeats; they can only come from kills.
    repeats = (len(mail.message_ids) - len(set(mail.message_ids))) + (len(hooks.webhook_ids) - len(set(hooks.webhook_ids)))
    assert repeats <= kills
    entries = outbox_entries(legday, home, config)
    assert {e["id"] for e in entries} == expected_ids
    assert all(e["state"] == "delivered" for e in entries), [e for e in entries if e["state"] != "delivered"][:3]
    print(f"{kills} kills, {repeats} repeated sends (same id)")


def test_smtp_down_then_back_loses_nothing(legday, tmp_path):
    require_delivery(legday)
    port = free_port()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", port, None)
    down = notify(legday, config, home, "2026-12-02")
    assert down.returncode == 1
    assert "mail:" in down.stdout and "will retry at" in down.stdout, down.stdout
    listed = subprocess.run([legday, "outbox", "--config", str(config)], env=environment(home),
                            capture_output=True, text=True, timeout=60)
    assert "default:2026-12-02:daily:mail" in listed.stdout and "pending" in listed.stdout.lower(), listed.stdout
    mail = MailSink(port)
    try:
        # `notify` tries a pending delivery at once, whenever its next attempt was planned.
        back = notify(legday, config, home, "2026-12-02")
        assert back.returncode == 0, back.stdout + back.stderr
        assert "mail: delivered" in back.stdout
    finally:
        mail.stop()
    assert mail.message_ids == [message_id("default:2026-12-02:daily:mail")]


def test_webhook_500_then_stall_then_ok_loses_nothing(legday, tmp_path):
    require_delivery(legday)
    hooks = HookSink()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", None, hooks.port, timeout=2)
    try:
        hooks.mode = "500"
        first = notify(legday, config, home, "2026-12-03")
        assert first.returncode == 1 and "will retry at" in first.stdout, first.stdout
        hooks.mode = "stall"
        started = time.monotonic()
        second = notify(legday, config, home, "2026-12-03")
        assert time.monotonic() - started < 60
        assert second.returncode == 1, second.stdout
        hooks.released.set()
        hooks.mode = "ok"
        third = notify(legday, config, home, "2026-12-03")
        assert third.returncode == 0, third.stdout + third.stderr
    finally:
        hooks.stop()
    assert hooks.webhook_ids == ["default:2026-12-03:daily:hook"]


def test_read_only_state_folder_is_a_clear_error_and_corrupts_nothing(legday, tmp_path):
    """As root, permissions do not stop writes: the state folder is bind-mounted read-only in a private mount
    namespace instead."""
    require_delivery(legday)
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -m is not permitted here")
    hooks = HookSink()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", None, hooks.port)
    try:
        assert notify(legday, config, home, "2026-12-04").returncode == 0
        state = home / ".local/state" / "legday"
        before = (state / "outbox.sqlite").read_bytes()
        script = f'mount --bind "{state}" "{state}" && mount -o remount,bind,ro "{state}" && exec "$@"'
        result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                                 legday, "notify", "--config", str(config), "--date", "2026-12-05"],
                                env=environment(home), capture_output=True, text=True, timeout=60)
    finally:
        hooks.stop()
    assert result.returncode != 0
    assert "outbox" in result.stderr and "Fatal error" not in result.stderr, result.stderr[-2000:]
    assert (state / "outbox.sqlite").read_bytes() == before
    assert hooks.webhook_ids == ["default:2026-12-04:daily:hook"]
    entries = outbox_entries(legday, home, config)
    assert [e["id"] for e in entries] == ["default:2026-12-04:daily:hook"]
