"""The evening-before and weekly reminders on the real binary under libfaketime: each arrives once with its
own id (a restart the same evening sends neither again), and the daemon says its next reminder in one line
on start and on reload. The daemon runs on a clock of its own (fixed instants in December 2026, in UTC);
the test reads no clock beside them and waits for events (files growing, notify messages), never for a while."""

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import LIBFAKETIME, legday_command, notify_listener, terminate, write_config

CONFIG = """
    [athlete]
    timezone = "UTC"

    [schedule]
    files = ["plan.toml"]

    [reminders]
    daily_at = "07:00"
    evening_before = "20:00"
    weekly = "sun 18:00"
    catch_up = "same-day"

    [notifiers.out]
    type = "stdout"
"""

PLAN = """
[weekly]
from = 2026-11-02
until = 2027-03-28
tue = "intervals 10 km"
thu = "easy 8 km"
sat = "long 20 km"
"""

pytestmark = pytest.mark.skipif(LIBFAKETIME is None, reason="libfaketime (Debian package faketime) is not installed")


class MomentsDaemon:
    """`legday run` on a libfaketime clock the test sets (UTC), its reminders appended to one file, its log
    lines to another, its systemd messages on a socket; state in `tmp_path` so a restart shares the outbox."""

    def __init__(self, legday, tmp_path):
        self.legday = legday
        self.tmp_path = tmp_path
        self.clock_file = tmp_path / "faketime"
        self.output = tmp_path / "stdout.txt"
        self.log = tmp_path / "stderr.txt"
        (tmp_path / "plan.toml").write_text(PLAN.lstrip())
        self.config = write_config(tmp_path, CONFIG)
        self.socket, self.env = notify_listener(tmp_path, TZ="UTC", LANG="C.UTF-8", LD_PRELOAD=str(LIBFAKETIME),
                                                FAKETIME_TIMESTAMP_FILE=str(self.clock_file), FAKETIME_NO_CACHE="1",
                                                FAKETIME_DONT_FAKE_MONOTONIC="1",
                                                FAKETIME_DONT_RESET="1", WATCHDOG_USEC="1000000")
        self.process = None
        self.messages: list[str] = []
        self.seen = 0

    def set(self, moment: str):
        """Pins the fake clock to `moment` (UTC), from which it runs on at the real rate."""
        temporary = self.clock_file.with_suffix(".tmp")
        temporary.write_text(f"@{moment}\n")
        os.replace(temporary, self.clock_file)

    def start(self):
        with open(self.output, "a") as out, open(self.log, "a") as err:
            self.process = subprocess.Popen(legday_command(self.legday, "run", "--config", str(self.config)),
                                            env=self.env, stdout=out, stderr=err)

    def stop(self):
        if self.process is not None:
            terminate(self.process)
            self.process = None

    def pump(self, wait: float = 0.05):
        """Reads every systemd message waiting on the socket (the daemon blocks once ten are unread, since
        that is a Unix datagram socket's queue), waiting up to `wait` seconds for the first."""
        self.socket.settimeout(wait)
        while True:
            try:
                self.messages.append(self.socket.recv(4096).decode())
            except (socket.timeout, BlockingIOError):
                return
            self.socket.settimeout(0)

    def wait_for(self, predicate, timeout: float = 20) -> str:
        """The first systemd message not seen by an earlier wait for which `predicate` is true."""
        deadline = time.monotonic() + timeout
        while True:
            while self.seen < len(self.messages):
                self.seen += 1
                if predicate(self.messages[self.seen - 1]):
                    return self.messages[self.seen - 1]
            assert time.monotonic() < deadline, f"expected message not received; got {self.messages[-20:]}"
            self.pump()

    def wait_until(self, predicate, what: str, timeout: float = 20):
        """Waits until `predicate` (a look at a file the daemon writes) holds, reading systemd messages meanwhile."""
        deadline = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            self.pump()

    def titles(self, prefix: str) -> list[str]:
        return [line for line in self.output.read_text().splitlines() if line.startswith(prefix)]

    def start_lines(self) -> list[str]:
        return [line[line.index("next reminder:"):] for line in self.log.read_text().splitlines()
                if "next reminder:" in line]

    def outbox(self) -> list[dict]:
        # Not under libfaketime: listing reads no clock that matters.
        env = {key: value for key, value in self.env.items() if not key.startswith(("LD_PRELOAD", "FAKETIME"))}
        result = subprocess.run(legday_command(self.legday, "outbox", "--all", "--format", "json", "--config",
                                               str(self.config)), env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


def upcoming(legday, config, start: str) -> list[dict]:
    """What `legday next` says from a fixed instant (it reads no clock when given --from)."""
    result = subprocess.run(legday_command(legday, "next", "--config", str(config), "--from", start, "--count", "8",
                                           "--format", "json"), capture_output=True, text=True, timeout=60,
                            # Its own home and state: never the machine's (a training log there changes plans).
                            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
                                 "HOME": str(Path(config).parent), "XDG_STATE_HOME": str(Path(config).parent / "state")})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_evening_and_weekly_reminders_arrive_once_each_with_their_ids(legday, tmp_path):
    daemon = MomentsDaemon(legday, tmp_path)
    # The plan decides which evenings speak: ask legday, from a fixed Sunday noon, for the weekly reminder and
    # the first evening after it (the eve of Tuesday's lift).
    coming = upcoming(legday, daemon.config, "2026-12-06T12:00:00Z")
    weekly = next(e for e in coming if e["moment"] == "weekly")
    evening = next(e for e in coming if e["moment"] == "evening" and e["utc"] > weekly["utc"])
    assert weekly["utc"] == "2026-12-06T18:00:00Z" and weekly["id"] == "default:2026-12-07:weekly"
    assert evening["id"] == f"default:{evening['day']}:evening"
    # The table says the same, with its headers.
    table = subprocess.run(legday_command(legday, "next", "--config", str(daemon.config), "--from",
                                          "2026-12-06T12:00:00Z", "--count", "3"),
                           capture_output=True, text=True, timeout=60,
                           env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "HOME": str(tmp_path),
                                "XDG_STATE_HOME": str(tmp_path / "state")})
    assert table.stdout.splitlines()[0].split() == ["When", "(local)", "Moment", "Day", "Kind"], table.stdout
    assert "weekly" in table.stdout

    try:
        daemon.set("2026-12-06 17:59:57")
        daemon.start()
        daemon.wait_for(lambda m: "READY=1" in m and "2026-12-06 18:00" in m and "weekly" in m)
        daemon.wait_until(lambda: daemon.start_lines(), "the start line")
        assert daemon.start_lines()[0].startswith("next reminder: weekly, Sun 2026-12-06 18:00 UTC: the week of "
                                                  "2026-12-07: "), daemon.log.read_text()

        # 18:00: the week at a glance, one line per day.
        daemon.wait_until(lambda: daemon.titles("Week of Monday 2026-12-07"), "the weekly reminder")
        text = daemon.output.read_text()
        for day in range(7, 14):
            assert f"2026-12-{day:02d} · " in text, text

        # The evening before Tuesday's lift, reached by a step of the clock to just before it (the watchdog
        # wakes the loop every half second to look).
        sent_on = evening["date"]
        daemon.set(f"{sent_on} 19:59:57")
        daemon.wait_until(lambda: daemon.titles("Tomorrow, "), "the evening reminder")
        following = f"{evening['day']} 07:00"  # the next morning's reminder, the day the evening was about
        daemon.wait_for(lambda m: m.startswith("STATUS=Next reminder") and following in m)
        assert "Pack: " in daemon.output.read_text()

        # A reload logs the next reminder again.
        daemon.process.send_signal(signal.SIGHUP)
        daemon.wait_for(lambda m: "Reloaded configuration" in m)
        daemon.wait_until(lambda: len(daemon.start_lines()) >= 2, "the line after the reload")
        assert daemon.start_lines()[1].startswith("next reminder: daily, "), daemon.start_lines()

        # A restart the same evening catches up what today still holds: the outbox has it all already.
        daemon.stop()
        daemon.set(f"{sent_on} 20:01:00")
        daemon.start()
        daemon.wait_for(lambda m: m.startswith("STATUS=Next reminder") and following in m)
        daemon.wait_until(lambda: len(daemon.start_lines()) >= 3, "the restarted daemon's start line")
    finally:
        daemon.stop()
        daemon.socket.close()

    assert len(daemon.titles("Week of ")) == 1, daemon.output.read_text()
    assert len(daemon.titles("Tomorrow, ")) == 1, daemon.output.read_text()
    rows = daemon.outbox()
    ids = [row.get("reminderID", row.get("reminder_id")) for row in rows]
    assert ids.count("default:2026-12-07:weekly") == 1, ids
    assert ids.count(evening["id"]) == 1, ids
    assert all(row["state"] == "delivered" for row in rows), rows
