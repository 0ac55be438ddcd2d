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
import sqlite3
import stat
import subprocess
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from conftest import (LIBFAKETIME, clock_environment, days_from_today, legday_command, legday_environment, terminate,
                      write_config)

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
    """A NOTIFY_SOCKET the daemon reports READY=1, STATUS= and WATCHDOG=1 to. A thread reads it all the time, as
    systemd does: a socket left unread fills up after a few datagrams and the daemon's sd_notify then blocks."""

    def __init__(self, path: Path):
        import queue
        self.path = str(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(0.2)
        self.messages: "queue.Queue[str]" = queue.Queue()
        self.history: list[tuple[float, str]] = []  # (monotonic time, message): everything read so far
        self.closed = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while not self.closed.is_set():
            try:
                message = self.sock.recv(4096).decode(errors="replace")
            except (socket.timeout, OSError):
                continue
            self.history.append((time.monotonic(), message))
            self.messages.put(message)

    def wait_for(self, needle, timeout: float = 20.0) -> str:
        """The next message containing `needle` (a string), or for which `needle` (a function) is true."""
        import queue
        matches = needle if callable(needle) else (lambda message: needle in message)
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(message)
            if matches(message):
                return message
        shown = [m for m in seen if m != "WATCHDOG=1"][-5:]
        raise AssertionError(f"no {needle!r} from the daemon within {timeout}s; got {shown} "
                             f"and {seen.count('WATCHDOG=1')} watchdog pings")

    def wait_for_ping(self, since: float, timeout: float = 5.0) -> None:
        """Until a watchdog ping arrives after `since`: a ping still queued from before does not count."""
        deadline = time.monotonic() + timeout
        while self.watchdog_pings(since=since) < 1:
            self.wait_for(lambda m: m == "WATCHDOG=1", timeout=max(0.05, deadline - time.monotonic()))

    def watchdog_pings(self, since: float = 0.0) -> int:
        return sum(1 for at, message in list(self.history) if at >= since and message == "WATCHDOG=1")

    def close(self):
        self.closed.set()
        self.reader.join(timeout=5)
        self.sock.close()


def start_daemon(legday, config: Path, home: Path, notify: NotifySocket) -> subprocess.Popen:
    (home / "runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
    return subprocess.Popen(legday_command(legday, "run", "--config", str(config)),
                            env=environment(home, NOTIFY_SOCKET=notify.path),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> str:
    """Stops a process this test started and returns (the end of) what it wrote to standard error."""
    terminate(process)
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
            # A fixed week of RUNS_CSV: `plan` with --from reads no clock.
            result = subprocess.run(legday_command(legday, "plan", "--config", str(config), "--from", "2026-11-30", "--days", "7", "--format", "json"),
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
    result = subprocess.run(legday_command(legday, "plan", "--config", str(config), "--days", "7"),
                            env=environment(tmp_path / "home"), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "plan.csv:1:1: the schedule file is empty: no runs read" in result.stderr
    assert "Traceback" not in result.stderr and "Fatal error" not in result.stderr


@pytest.mark.real_clock
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
    # A reader that opened the FIFO would wait for a writer for ever: the timeout is what fails then.
    result = subprocess.run(legday_command(legday, "check", "--config", str(config)), env=environment(tmp_path / "home"),
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "plan.ics:1:1: cannot read the schedule file: this is a FIFO (named pipe), not a regular file" in result.stdout + result.stderr


def test_config_that_is_a_directory_is_a_clear_error(legday, tmp_path):
    folder = tmp_path / "config.toml"
    folder.mkdir()
    result = subprocess.run(legday_command(legday, "check", "--config", str(folder)), env=environment(tmp_path / "home"),
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert f"{folder}:1:1: this is a folder, not a config file" in result.stdout + result.stderr
    assert "Fatal error" not in result.stderr


# Delivery: kill -9, outages and broken disks. These need `legday notify`, `legday outbox` and the smtp and
# webhook notifiers; on a build without them they are skipped with the reason.

WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def require_delivery(legday):
    for command in (["notify", "--help"], ["outbox", "--help"]):
        if subprocess.run(legday_command(legday, *command), capture_output=True, timeout=30).returncode != 0:
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
                    with sink.lock:
                        sink.stalled += 1
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
        self.stalled = 0
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


def delivery_config(folder: Path, mail_port: int | None, hook_port: int | None, timeout: int = 5,
                    daily_at: str = "07:00", catch_up: str = "none", extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "webhook-secret").write_text(WEBHOOK_SECRET + "\n")
    (folder / "webhook-secret").chmod(0o600)
    body = f"""
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = []

        [reminders]
        daily_at = "{daily_at}"
        catch_up = "{catch_up}"
    """ + extra
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


def delivery_id_of(mail_id: str) -> str:
    """The delivery id a Message-ID was derived from (ids hold no '.' of their own: dates use '-')."""
    if mail_id.startswith("legday.") and mail_id.endswith("@example.org"):
        return mail_id[len("legday."):-len("@example.org")].replace(".", ":")
    return mail_id


def notify(legday, config: Path, home: Path, date: str, fake_offset: int = 0, timeout: float = 120):
    """`legday notify` for `date`, on the tests' clock moved on by `fake_offset` seconds."""
    env = environment(home, **clock_environment(fake_offset)) if fake_offset else environment(home)
    argv = legday_command(legday, "notify", "--config", str(config), "--date", date)
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)


def outbox_entries(legday, home: Path, config: Path) -> list[dict]:
    result = subprocess.run(legday_command(legday, "outbox", "--config", str(config), "--all", "--format", "json"),
                            env=environment(home), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def outbox_file(home: Path) -> Path:
    return home / ".local/state/legday/outbox.sqlite"


def recorded_delivered(home: Path) -> set[str]:
    """The delivery ids the outbox has recorded as delivered, read with Python's own sqlite3 (not legday)."""
    path = outbox_file(home)
    if not path.exists():
        return set()
    with closing(sqlite3.connect(path, timeout=10)) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'delivery'").fetchall():
            return set()  # legday is still creating the outbox
        return {row[0] for row in db.execute("SELECT id FROM delivery WHERE state = 'delivered'")}


def received_counts(mail: "MailSink", hooks: "HookSink") -> Counter:
    """How often each delivery id reached its receiver (mail by the Message-ID derived from the id)."""
    with mail.lock, hooks.lock:
        counts = Counter(delivery_id_of(m) for m in mail.message_ids)
        counts.update(hooks.webhook_ids)
    return counts


def settled_counts(mail: "MailSink", hooks: "HookSink", quiet: float = 0.3, bound: float = 5.0) -> Counter:
    """The receivers' counts once they have not changed for `quiet` seconds (at most `bound` seconds)."""
    deadline = time.monotonic() + bound
    counts = received_counts(mail, hooks)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = received_counts(mail, hooks)
        if now == counts:
            break
        counts = now
    return counts


def test_kill_9_during_delivery_100_times_loses_nothing_and_repeats_only_what_was_in_flight(legday, tmp_path):
    """`legday notify` killed with SIGKILL at random moments, 100 times over 20 days' reminders, then each day
    sent once more (an hour later on a fake clock, past any claim a killed process left).

    After every run the test reads the outbox with Python's sqlite3 and the receivers' counts by delivery id:
    - every delivery arrives, and the outbox says delivered for each;
    - once the outbox has recorded a delivery as delivered, it never arrives again;
    - a delivery arrives twice only if a kill caught it in flight: received, but not yet recorded; each kill
      leaves at most one such delivery per notifier (a `notify` run sends one per notifier), and a delivery
      repeats at most once per kill that caught it."""
    require_delivery(legday)
    mail, hooks = MailSink(), HookSink()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", mail.port, hooks.port)
    # Days that have not begun by the tests' clock: no reminder expires while the test runs.
    days = [days_from_today(1 + i) for i in range(20)]
    rng = random.Random(20261122)
    kills = 0
    caught_in_flight: Counter = Counter()  # delivery id -> kills that left it received but unrecorded
    seen_when_recorded: dict[str, int] = {}  # delivery id -> arrivals when the outbox first said delivered
    try:
        for index in range(100):
            before = received_counts(mail, hooks)
            process = subprocess.Popen(legday_command(legday, "notify", "--config", str(config), "--date", days[index % len(days)]),
                                       env=environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            killed = False
            try:
                process.wait(timeout=rng.uniform(0.0, 0.6))
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                killed = True
                kills += 1
            process.wait(timeout=10)
            # What a killed process had sent reaches the receivers a moment later: count once they are quiet.
            after = settled_counts(mail, hooks) if killed else received_counts(mail, hooks)
            recorded = recorded_delivered(home)
            for delivery_id in recorded:
                seen_when_recorded.setdefault(delivery_id, after[delivery_id])
            arrived_now = {i for i in after if after[i] > before[i]}
            unrecorded = {i for i in arrived_now if i not in recorded}
            if killed:
                for notifier in ("mail", "hook"):
                    assert len([i for i in unrecorded if i.endswith(":" + notifier)]) <= 1, unrecorded
                caught_in_flight.update(unrecorded)
            else:
                assert not unrecorded, f"a finished `notify` left deliveries unrecorded: {unrecorded}"
        for date in days:
            result = notify(legday, config, home, date, fake_offset=3600)
            assert result.returncode == 0, (date, result.stdout[-1500:], result.stderr[-1500:])
    finally:
        mail.stop()
        hooks.stop()
    expected_ids = {f"default:{date}:daily:{name}" for date in days for name in ("mail", "hook")}
    final = received_counts(mail, hooks)
    assert set(final) == expected_ids
    for delivery_id, count in seen_when_recorded.items():
        assert final[delivery_id] == count, f"{delivery_id} arrived again after the outbox recorded it as delivered"
    for delivery_id in expected_ids:
        assert final[delivery_id] <= 1 + caught_in_flight[delivery_id], (delivery_id, final[delivery_id])
    entries = outbox_entries(legday, home, config)
    assert {e["id"] for e in entries} == expected_ids
    assert all(e["state"] == "delivered" for e in entries), [e for e in entries if e["state"] != "delivered"][:3]
    repeats = sum(final.values()) - len(final)
    print(f"{kills} kills, {repeats} repeated sends (same id), {sum(caught_in_flight.values())} caught in flight")


def test_a_success_is_recorded_while_another_send_is_still_in_flight(legday, tmp_path):
    """The mail goes through while the webhook receiver stalls: the outbox records the mail as delivered at
    once, not when the whole run ends. `notify` is then killed with the webhook still in flight: the mail is
    never sent again; the webhook, in flight at the kill, is sent on the next run."""
    require_delivery(legday)
    mail, hooks = MailSink(), HookSink()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", mail.port, hooks.port, timeout=30)
    # Tomorrow: its reminder cannot expire before the second run, an hour on, whatever the hour now.
    day = days_from_today(1)
    mail_id, hook_id = f"default:{day}:daily:mail", f"default:{day}:daily:hook"
    hooks.mode = "stall"
    process = subprocess.Popen(legday_command(legday, "notify", "--config", str(config), "--date", day),
                               env=environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while mail_id not in recorded_delivered(home) or hooks.stalled == 0:
            assert time.monotonic() < deadline, "the mail's success was not recorded while the webhook was in flight"
            assert process.poll() is None, "notify ended although the webhook receiver stalls"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        hooks.mode = "ok"
        hooks.released.set()
        again = notify(legday, config, home, day, fake_offset=3600)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "mail: already delivered" in again.stdout, again.stdout
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        mail.stop()
        hooks.stop()
    assert mail.message_ids == [message_id(mail_id)]
    assert hooks.webhook_ids == [hook_id]


def test_smtp_down_then_back_loses_nothing(legday, tmp_path):
    require_delivery(legday)
    port = free_port()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", port, None)
    day = days_from_today(1)
    down = notify(legday, config, home, day)
    assert down.returncode == 1
    assert "mail:" in down.stdout and "will retry at" in down.stdout, down.stdout
    listed = subprocess.run(legday_command(legday, "outbox", "--config", str(config)), env=environment(home),
                            capture_output=True, text=True, timeout=60)
    assert f"default:{day}:daily:mail" in listed.stdout and "pending" in listed.stdout.lower(), listed.stdout
    mail = MailSink(port)
    try:
        # `notify` tries a pending delivery at once, whenever its next attempt was planned.
        back = notify(legday, config, home, day)
        assert back.returncode == 0, back.stdout + back.stderr
        assert "mail: delivered" in back.stdout
    finally:
        mail.stop()
    assert mail.message_ids == [message_id(f"default:{day}:daily:mail")]


def test_webhook_500_then_stall_then_ok_loses_nothing(legday, tmp_path):
    require_delivery(legday)
    hooks = HookSink()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", None, hooks.port, timeout=2)
    day = days_from_today(1)
    try:
        hooks.mode = "500"
        first = notify(legday, config, home, day)
        assert first.returncode == 1 and "will retry at" in first.stdout, first.stdout
        hooks.mode = "stall"
        second = notify(legday, config, home, day, timeout=60)  # the 2 s timeout ends it: never the 60 s one
        assert second.returncode == 1, second.stdout
        hooks.released.set()
        hooks.mode = "ok"
        third = notify(legday, config, home, day)
        assert third.returncode == 0, third.stdout + third.stderr
    finally:
        hooks.stop()
    assert hooks.webhook_ids == [f"default:{day}:daily:hook"]


def test_read_only_state_folder_is_a_clear_error_and_corrupts_nothing(legday, tmp_path):
    """As root, permissions do not stop writes: the state folder is bind-mounted read-only in a private mount
    namespace instead."""
    require_delivery(legday)
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -m is not permitted here")
    hooks = HookSink()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", None, hooks.port)
    first_day, second_day = days_from_today(1), days_from_today(2)
    try:
        assert notify(legday, config, home, first_day).returncode == 0
        state = home / ".local/state" / "legday"
        before = (state / "outbox.sqlite").read_bytes()
        script = f'mount --bind "{state}" "{state}" && mount -o remount,bind,ro "{state}" && exec "$@"'
        result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                                 *legday_command(legday, "notify", "--config", str(config), "--date", second_day)],
                                env=environment(home), capture_output=True, text=True, timeout=60)
    finally:
        hooks.stop()
    assert result.returncode != 0
    assert "outbox" in result.stderr and "Fatal error" not in result.stderr, result.stderr[-2000:]
    assert (state / "outbox.sqlite").read_bytes() == before
    assert hooks.webhook_ids == [f"default:{first_day}:daily:hook"]
    entries = outbox_entries(legday, home, config)
    assert [e["id"] for e in entries] == [f"default:{first_day}:daily:hook"]


# The daemon during outages, a hanging plugin and a broken disk. Its clock is libfaketime's, moved by the test
# (FAKETIME_TIMESTAMP_FILE): backoff and expiry are reached by moving time, not by waiting for it. SIGHUP
# (a reload) wakes the delivery loop so it looks at the outbox at the moved time.


class FakeClock:
    def __init__(self, path: Path, start: str):
        if LIBFAKETIME is None:
            pytest.skip("libfaketime (Debian faketime) is not installed")
        self.path = path
        self.set(start)

    def set(self, moment: str):
        # "@" pins the clock to this moment (UTC: the daemon's TZ is unset), from which it runs on at the real rate.
        # Replaced by rename: libfaketime rereads the file at every clock reading and must never see it half-written.
        replace_by_rename(self.path, f"@{moment}\n")

    def environment(self) -> dict:
        return {"LD_PRELOAD": str(LIBFAKETIME), "FAKETIME_TIMESTAMP_FILE": str(self.path),
                "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_RESET": "1",
                # Only the wall clock moves: elapsed time (the watchdog's naps, timeouts) stays real
                # (test_faketime.py says why).
                "FAKETIME_DONT_FAKE_MONOTONIC": "1"}


def start_faked_daemon(legday, config: Path, home: Path, notify: NotifySocket, clock: FakeClock, log: Path,
                       spawn=subprocess.Popen, **extra) -> subprocess.Popen:
    """`legday run` on the fake clock, reporting to `notify`, its standard error in `log`. Started through
    env(1): see test_faketime.py."""
    (home / "runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
    env = environment(home, NOTIFY_SOCKET=notify.path, **clock.environment(), **extra)
    return spawn(["/usr/bin/env", legday, "run", "--config", str(config)], env=env,
                 stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def stop_daemon(process: subprocess.Popen) -> int:
    return terminate(process, timeout=10)


def outbox_entry(legday, home: Path, config: Path, delivery_id: str) -> dict:
    return next((e for e in outbox_entries(legday, home, config) if e["id"] == delivery_id), {})


def wait_for_entry(legday, home: Path, config: Path, delivery_id: str, condition, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        entry = outbox_entry(legday, home, config, delivery_id)
        if entry and condition(entry):
            return entry
        assert time.monotonic() < deadline, f"{delivery_id} never reached the expected state; last seen {entry}"
        time.sleep(0.2)


def seconds_between(earlier: str, later: str) -> float:
    from datetime import datetime
    return (datetime.fromisoformat(later.replace("Z", "+00:00"))
            - datetime.fromisoformat(earlier.replace("Z", "+00:00"))).total_seconds()


def backoff_ceiling(attempts: int) -> float:
    """RetryPolicy's defaults: the wait after attempt n is at most min(30 min, 30 s × 2^(n-1))."""
    return min(1800.0, 30.0 * 2 ** (attempts - 1))


def alive(pid: int) -> bool:
    """True when the process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


HANGING_PLUGIN = """#!/bin/sh
# Never answers. It ignores SIGTERM and starts a child that ignores it too, so only the SIGKILL legday sends to
# the plugin's whole process group ends them.
trap '' TERM
echo $$ >> "$HOME/plugin-pids"
sleep 1000 &
echo $! >> "$HOME/plugin-pids"
wait
"""


@pytest.mark.own_clock
def test_a_plugin_that_hangs_is_stopped_retried_and_expired_while_the_daemon_runs_on(legday, tmp_path):
    """A plugin notifier that never answers: each attempt ends at the plugin's timeout with its whole process
    group killed (nothing left running), the delivery is retried with backoff and expires at the end of its
    day, visibly, in `legday outbox` and `STATUS=`. The webhook of the same reminder is delivered; the daemon
    keeps running and pinging the watchdog throughout."""
    require_delivery(legday)
    hooks = HookSink()
    home, cfg = tmp_path / "home", tmp_path / "cfg"
    cfg.mkdir()
    plugin = cfg / "hang"
    plugin.write_text(HANGING_PLUGIN)
    plugin.chmod(0o755)
    # Late in the day, so that the end of the day is one moderate step of the fake clock away.
    config = delivery_config(cfg, None, hooks.port, daily_at="22:58", catch_up="same-day", extra="""
        [notifiers.slow]
        type = "plugin"
        command = "./hang"
        timeout = 1
        """)
    slow, hook = "default:2026-11-23:daily:slow", "default:2026-11-23:daily:hook"
    clock = FakeClock(tmp_path / "faketime", "2026-11-23 21:58:01")  # 22:58:01 in Berlin
    notify_socket = NotifySocket(tmp_path / "notify.sock")
    daemon = start_faked_daemon(legday, config, home, notify_socket, clock, tmp_path / "daemon.log",
                                WATCHDOG_USEC="500000")
    try:
        notify_socket.wait_for("READY=1")
        started = time.monotonic()
        # First attempt: the plugin's 1 s timeout, SIGTERM ignored, SIGKILL to the group 2 s later.
        waiting = notify_socket.wait_for("1 delivery waiting to retry (slow: ", timeout=30)
        assert "the plugin did not finish within 1.0 s and was stopped" in waiting, waiting
        assert waiting.startswith("STATUS=Next reminder") and "2026-11-24 22:58 Europe/Berlin" in waiting
        assert notify_socket.watchdog_pings(since=started) >= 4, "the watchdog went quiet while the plugin hung"
        assert hooks.webhook_ids == [hook], "the webhook of the same reminder did not go out"
        settled = lambda e: e["lastError"] and e["nextAttemptAt"] > e["updatedAt"]  # an attempt over, not claimed
        first = wait_for_entry(legday, home, config, slow, settled)
        assert first["state"] == "pending" and "did not finish within 1.0 s" in first["lastError"]
        assert 1 <= seconds_between(first["updatedAt"], first["nextAttemptAt"]) <= backoff_ceiling(first["attempts"])
        listed = subprocess.run(legday_command(legday, "outbox", "--config", str(config)), env=environment(home),
                                capture_output=True, text=True, timeout=60)
        assert f"{slow}  pending" in listed.stdout and "did not finish within 1.0 s" in listed.stdout, listed.stdout

        # Seven minutes on, past any backoff so far: tried again, hangs again, waits longer at most.
        clock.set("2026-11-23 22:05:00")
        daemon.send_signal(signal.SIGHUP)
        later = wait_for_entry(legday, home, config, slow, lambda e: e["attempts"] > first["attempts"] and settled(e))
        assert later["state"] == "pending"
        assert 1 <= seconds_between(later["updatedAt"], later["nextAttemptAt"]) <= backoff_ceiling(later["attempts"])

        # The end of its day: expired, with the reason, never dropped in silence.
        clock.set("2026-11-23 23:00:30")  # 00:00:30 in Berlin
        daemon.send_signal(signal.SIGHUP)
        expired = wait_for_entry(legday, home, config, slow, lambda e: e["state"] == "expired")
        assert "not delivered before the end of its day" in expired["lastError"]
        assert "did not finish within 1.0 s" in expired["lastError"]
        notify_socket.wait_for("1 delivery expired (slow: expired", timeout=20)
        notify_socket.wait_for_ping(since=time.monotonic())
        assert daemon.poll() is None
    finally:
        code = stop_daemon(daemon)
        notify_socket.close()
        hooks.stop()
    assert code == 0, (tmp_path / "daemon.log").read_text()[-3000:]
    pids = [int(p) for p in (home / "plugin-pids").read_text().split()]
    assert len(pids) >= 4 and len(pids) % 2 == 0  # two attempts or more, each a plugin and its child
    assert not [pid for pid in pids if alive(pid)], "a hung plugin or its child is still running"
    assert hooks.webhook_ids == [hook]
    log = (tmp_path / "daemon.log").read_text()
    assert "Fatal error" not in log and "panic" not in log.lower()


@pytest.mark.own_clock
def test_status_names_smtp_and_webhook_outages_and_clears_when_they_end(legday, tmp_path):
    """SMTP refused and a webhook answering 500: `STATUS=` says how many deliveries wait to retry and the last
    error, `legday outbox` lists each with its error; once both are back the next attempts deliver and
    `STATUS=` shows only the next reminder again."""
    require_delivery(legday)
    hooks = HookSink()
    hooks.mode = "500"
    mail_port = free_port()
    home = tmp_path / "home"
    config = delivery_config(tmp_path / "cfg", mail_port, hooks.port, catch_up="same-day")
    clock = FakeClock(tmp_path / "faketime", "2026-11-23 06:00:01")  # 07:00:01 in Berlin
    notify_socket = NotifySocket(tmp_path / "notify.sock")
    daemon = start_faked_daemon(legday, config, home, notify_socket, clock, tmp_path / "daemon.log")
    mail = None
    try:
        notify_socket.wait_for("READY=1")
        trouble = notify_socket.wait_for("2 deliveries waiting to retry (", timeout=30)
        assert "mail: " in trouble or "hook: " in trouble, trouble
        listed = subprocess.run(legday_command(legday, "outbox", "--config", str(config)), env=environment(home),
                                capture_output=True, text=True, timeout=60)
        lines = listed.stdout
        assert "default:2026-11-23:daily:mail  pending" in lines and "default:2026-11-23:daily:hook  pending" in lines
        assert "500" in lines, lines
        mail_entry = outbox_entry(legday, home, config, "default:2026-11-23:daily:mail")
        assert mail_entry["lastError"], mail_entry

        mail = MailSink(mail_port)
        hooks.mode = "ok"
        clock.set("2026-11-23 07:00:00")  # an hour on: past every backoff so far
        daemon.send_signal(signal.SIGHUP)
        try:
            cleared = notify_socket.wait_for(lambda m: m.startswith("STATUS=Next reminder") and ";" not in m,
                                             timeout=30)
        except AssertionError as error:
            entries = outbox_entries(legday, home, config)
            raise AssertionError(f"{error}\noutbox: {entries}\nlog: {(tmp_path / 'daemon.log').read_text()[-3000:]}")
        assert "2026-11-24 07:00 Europe/Berlin" in cleared
        assert daemon.poll() is None
    finally:
        code = stop_daemon(daemon)
        notify_socket.close()
        hooks.stop()
        if mail:
            mail.stop()
    assert code == 0
    assert mail.message_ids == [message_id("default:2026-11-23:daily:mail")]
    assert hooks.webhook_ids == ["default:2026-11-23:daily:hook"]


def fill(folder: Path) -> Path:
    """Writes a file in `folder` until the filesystem answers ENOSPC, in ever smaller pieces so that not even a
    page is left; returns it."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(descriptor, b"\0" * size)
            except OSError as error:
                assert error.errno == 28, error  # ENOSPC
    finally:
        os.close(descriptor)
    return filler


@pytest.mark.own_clock
def test_a_full_state_folder_is_a_clear_error_and_delivery_resumes_when_space_returns(sandbox, legday, tmp_path):
    """The state folder is a 1 MiB tmpfs in a private mount namespace, filled to ENOSPC while the daemon runs.
    A reminder due then cannot be written to the outbox: the journal says so at error priority, `STATUS=`
    names it, the daemon keeps running (no exit, so no restart loop under systemd). Once space returns the
    held reminder is written and delivered, `STATUS=` clears, and SQLite's own integrity check finds the
    outbox intact."""
    require_delivery(legday)
    sandbox.start_journald()
    hooks = HookSink()
    home, cfg = tmp_path / "home", tmp_path / "cfg"
    state = home / ".local/state/legday"
    state.mkdir(parents=True)
    mounted = sandbox.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(state)])
    assert mounted.returncode == 0, mounted.stderr
    inside = sandbox.path(str(state))  # the tmpfs, seen from outside the namespace
    config = delivery_config(cfg, None, hooks.port, daily_at="13:00", catch_up="same-day")
    clock = FakeClock(tmp_path / "faketime", "2026-11-23 11:00:00")  # 12:00 in Berlin
    notify_socket = NotifySocket(tmp_path / "notify.sock")
    # JOURNAL_STREAM makes the daemon log to the journal, as under systemd.
    daemon = start_faked_daemon(legday, config, home, notify_socket, clock, tmp_path / "daemon.log",
                                spawn=sandbox.spawn, JOURNAL_STREAM="0:0", WATCHDOG_USEC="1000000")
    hook = "default:2026-11-23:daily:hook"
    try:
        notify_socket.wait_for("READY=1")
        filler = fill(inside)
        # The reminder time moves to one already past today: the reload hands the reminder over at once.
        delivery_config(cfg, None, hooks.port, daily_at="11:00", catch_up="same-day")
        daemon.send_signal(signal.SIGHUP)
        full = notify_socket.wait_for("the outbox cannot be written: ", timeout=30)
        assert "database or disk is full" in full, full
        # A moment of the fault, two watchdog pings long: the daemon stays up, pinging, sending nothing.
        notify_socket.wait_for(lambda m: m == "WATCHDOG=1", timeout=5)
        notify_socket.wait_for(lambda m: m == "WATCHDOG=1", timeout=5)
        assert daemon.poll() is None and hooks.webhook_ids == []

        filler.unlink()
        cleared = notify_socket.wait_for(lambda m: m.startswith("STATUS=Next reminder") and ";" not in m, timeout=30)
        assert "2026-11-24 11:00 Europe/Berlin" in cleared
        assert hooks.webhook_ids == [hook], " | ".join(m for _, m in notify_socket.history if m != "WATCHDOG=1")
        assert daemon.poll() is None
    finally:
        code = stop_daemon(daemon)
        notify_socket.close()
        hooks.stop()
    assert code == 0
    # The file at rest, read by Python's sqlite3. Copied out first: SQLite resolves the /proc/PID/root link
    # and would open the folder under the tmpfs instead.
    copy = tmp_path / "outbox-copy"
    copy.mkdir()
    for name in ("outbox.sqlite", "outbox.sqlite-wal"):
        if (inside / name).exists():
            (copy / name).write_bytes((inside / name).read_bytes())
    with closing(sqlite3.connect(copy / "outbox.sqlite", timeout=10)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT id, state FROM delivery").fetchall() == [(hook, "delivered")]
    sandbox.run(["journalctl", "--flush"])
    messages = [(e.get("PRIORITY"), e.get("MESSAGE", "")) for e in sandbox.journal("SYSLOG_IDENTIFIER=legday")]
    errors = [m for p, m in messages if p == "3" and "outbox" in m]
    assert any("cannot write the reminder to the outbox" in m and "database or disk is full" in m for m in errors), messages[-10:]
    assert len(errors) <= 3, f"the fault is logged when it starts, not at every retry: {errors}"
    assert any("takes writes again" in m for _, m in messages), messages[-10:]


@pytest.mark.own_clock
def test_a_corrupt_outbox_is_moved_aside_at_start_and_the_daemon_rebuilds_it(legday, tmp_path):
    """Garbage where the outbox should be: the daemon starts anyway (no crash loop), moves the file aside,
    says so in its log, and delivers the day's reminder into a new outbox; a second start finds it healthy."""
    require_delivery(legday)
    hooks = HookSink()
    home = tmp_path / "home"
    path = outbox_file(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"SQLite format 3\0" + os.urandom(8192))
    config = delivery_config(tmp_path / "cfg", None, hooks.port, catch_up="same-day")
    clock = FakeClock(tmp_path / "faketime", "2026-11-23 06:00:01")  # 07:00:01 in Berlin
    try:
        for start in range(2):
            notify_socket = NotifySocket(tmp_path / f"notify-{start}.sock")
            log = tmp_path / f"daemon-{start}.log"
            daemon = start_faked_daemon(legday, config, home, notify_socket, clock, log)
            try:
                notify_socket.wait_for("READY=1")
                wait_for_entry(legday, home, config, "default:2026-11-23:daily:hook", lambda e: e["state"] == "delivered")
            finally:
                assert stop_daemon(daemon) == 0, log.read_text()[-2000:]
                notify_socket.close()
            damaged = "the outbox database was damaged" in log.read_text()
            assert damaged == (start == 0), log.read_text()[-2000:]
    finally:
        hooks.stop()
    assert len(list(path.parent.glob("outbox.sqlite.corrupt-*"))) == 1
    assert hooks.webhook_ids == ["default:2026-11-23:daily:hook"]
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


# Its clock is its own (FakeClock), and the daemon's wait to reopen the outbox is Dispatch-timed, which
# libfaketime can stall: make test-clock would only repeat it (see real_clock in pytest.ini).
@pytest.mark.own_clock
@pytest.mark.real_clock
def test_a_read_only_state_folder_at_start_keeps_the_daemon_up_until_it_can_open_the_outbox(sandbox, legday, tmp_path):
    """The state folder is read-only (a read-only bind mount in the sandbox's private mount namespace: root
    ignores file modes) when the daemon starts. It does not exit (systemd would restart it in a loop): it says
    READY=1 with the trouble in `STATUS=`, logs one error to the journal and keeps pinging the watchdog. Made
    writable again, the outbox opens and the day's reminder goes out."""
    require_delivery(legday)
    sandbox.start_journald()
    hooks = HookSink()
    home, cfg = tmp_path / "home", tmp_path / "cfg"
    state = home / ".local/state/legday"
    state.mkdir(parents=True)
    for step in (["mount", "--bind", str(state), str(state)], ["mount", "-o", "remount,bind,ro", str(state)]):
        result = sandbox.run(step)
        assert result.returncode == 0, result.stderr
    config = delivery_config(cfg, None, hooks.port, catch_up="same-day")
    clock = FakeClock(tmp_path / "faketime", "2026-11-23 06:00:01")  # 07:00:01 in Berlin
    notify_socket = NotifySocket(tmp_path / "notify.sock")
    daemon = start_faked_daemon(legday, config, home, notify_socket, clock, tmp_path / "daemon.log",
                                spawn=sandbox.spawn, JOURNAL_STREAM="0:0", WATCHDOG_USEC="1000000")
    try:
        waiting = notify_socket.wait_for("READY=1")
        assert "STATUS=The outbox cannot be opened: " in waiting, waiting
        started = time.monotonic()
        notify_socket.wait_for(lambda m: m == "WATCHDOG=1", timeout=5)
        notify_socket.wait_for(lambda m: m == "WATCHDOG=1", timeout=5)
        assert daemon.poll() is None and hooks.webhook_ids == []
        assert notify_socket.watchdog_pings(since=started) >= 2

        result = sandbox.run(["mount", "-o", "remount,bind,rw", str(state)])
        assert result.returncode == 0, result.stderr
        notify_socket.wait_for("STATUS=Next reminder", timeout=30)
        deadline = time.monotonic() + 30
        while hooks.webhook_ids != ["default:2026-11-23:daily:hook"]:
            assert time.monotonic() < deadline, hooks.webhook_ids
            time.sleep(0.1)
        assert daemon.poll() is None
    finally:
        code = stop_daemon(daemon)
        notify_socket.close()
        hooks.stop()
    assert code == 0
    sandbox.run(["journalctl", "--flush"])
    messages = [(e.get("PRIORITY"), e.get("MESSAGE", "")) for e in sandbox.journal("SYSLOG_IDENTIFIER=legday")]
    errors = [m for p, m in messages if p == "3" and "cannot open the outbox" in m]
    assert len(errors) == 1, messages[-10:]
    assert "keeps running and tries again" in errors[0]
    assert any("opened; starting" in m for _, m in messages), messages[-10:]
