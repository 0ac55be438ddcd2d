"""End-to-end time on the real binary under libfaketime: a reminder due during a simulated suspend, or
around a clock step, fires exactly once."""

import glob
import os
import subprocess
import time

import pytest

from conftest import legday_command, notify_listener, receive_until, terminate, write_config

LIBFAKETIME = (glob.glob("/usr/lib/*/faketime/libfaketime.so.1") + [None])[0]

CONFIG = """
    [athlete]
    timezone = "UTC"

    [schedule]
    files = []

    [reminders]
    daily_at = "07:00"
    catch_up = "same-day"

    [notifiers.out]
    type = "stdout"
"""


# Every test here runs legday on a clock of its own (make test-clock leaves them out).
pytestmark = pytest.mark.own_clock


class FakeClockDaemon:
    """`legday run` on a libfaketime clock the test moves, its reminders in a file and its systemd messages
    (READY, STATUS, WATCHDOG) on a socket the test reads: the test waits for those, never for a while."""

    def __init__(self, legday, tmp_path, start: str, watchdog_usec: int | None = None):
        self.clock_file = tmp_path / "faketime"
        self.set(start)
        self.output = tmp_path / "stdout.txt"
        config = write_config(tmp_path, CONFIG)
        self.socket, env = notify_listener(tmp_path, LD_PRELOAD=LIBFAKETIME,
                                           FAKETIME_TIMESTAMP_FILE=str(self.clock_file), FAKETIME_NO_CACHE="1",
                                           # Only the wall clock is moved. libfaketime rereads the file at
                                           # every reading without a lock, and under many threads reading
                                           # at once an odd reading comes back real (about 1 in 2,000
                                           # with 4 threads, measured); the monotonic readings of NIO and
                                           # Dispatch are most of them.
                                           FAKETIME_DONT_FAKE_MONOTONIC="1",
                                           FAKETIME_DONT_RESET="1")
        if watchdog_usec:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        self.process = subprocess.Popen(legday_command(legday, "run", "--config", str(config)), env=env,
                                        stdout=open(self.output, "w"), stderr=subprocess.DEVNULL)

    def set(self, moment: str):
        # "@" pins the fake clock to this moment, from which it runs on at the real rate. Written by rename:
        # libfaketime rereads the file at every clock reading and must never see it half-written.
        temporary = self.clock_file.with_suffix(".tmp")
        temporary.write_text(f"@{moment}\n")
        os.replace(temporary, self.clock_file)
        self.set_at = time.monotonic()

    def wait_for(self, predicate, timeout: float = 15) -> str:
        """The next message from the daemon for which `predicate` is true."""
        return receive_until(self.socket, predicate, timeout=timeout)[-1]

    def reminders(self) -> list[str]:
        return [line for line in self.output.read_text().splitlines() if line.startswith("Monday 2026-11-23")]

    def wait_for_reminders(self, count: int, timeout: float):
        deadline = time.monotonic() + timeout
        while len(self.reminders()) < count:
            assert time.monotonic() < deadline, f"no reminder within {timeout} s: {self.output.read_text()!r}"
            time.sleep(0.05)

    def stop(self):
        terminate(self.process)
        self.socket.close()


def next_reminder_is(date: str):
    return lambda message: f"STATUS=Next reminder" in message and date in message


@pytest.mark.skipif(LIBFAKETIME is None, reason="libfaketime (Debian package faketime) is not installed")
def test_reminder_due_during_a_suspend_fires_once_late(legday, tmp_path):
    daemon = FakeClockDaemon(legday, tmp_path, "2026-11-23 06:59:57")
    try:
        daemon.wait_for(lambda m: "READY=1" in m and "2026-11-23 07:00" in m)
        # The machine "sleeps" across 07:00 and wakes at 09:00; the timer set for 07:00 fires on wake.
        daemon.set("2026-11-23 09:00:00")
        daemon.wait_for_reminders(1, timeout=15)
        # The daemon has moved on to the next day: the 23rd cannot come round again.
        daemon.wait_for(next_reminder_is("2026-11-24 07:00"))
        reminders = daemon.reminders()
        assert len(reminders) == 1, daemon.output.read_text()
        assert reminders[0].endswith("(late)")
    finally:
        daemon.stop()


@pytest.mark.skipif(LIBFAKETIME is None, reason="libfaketime (Debian package faketime) is not installed")
def test_clock_steps_forward_then_back_across_the_reminder_fire_it_once(legday, tmp_path):
    # With a watchdog the loop wakes every half interval and looks at the clock again.
    daemon = FakeClockDaemon(legday, tmp_path, "2026-11-23 06:00:00", watchdog_usec=1_000_000)
    try:
        daemon.wait_for(lambda m: "READY=1" in m)
        daemon.set("2026-11-23 07:00:30")  # an NTP step forward, past 07:00
        daemon.wait_for_reminders(1, timeout=10)
        assert len(daemon.reminders()) == 1, daemon.output.read_text()
        assert not daemon.reminders()[0].endswith("(late)")
        daemon.wait_for(next_reminder_is("2026-11-24 07:00"))
        daemon.set("2026-11-23 06:59:57")  # and back again, before 07:00
        # The loop sees the clock go back and recomputes: still tomorrow, never the 23rd again.
        daemon.wait_for(next_reminder_is("2026-11-24 07:00"))
        # 07:00 comes round a second time: wait for a watchdog ping from after it (the fake clock runs at the
        # real rate from 06:59:57), so the loop has looked at the clock past 07:00.
        stepped_back = daemon.set_at
        daemon.wait_for(lambda m: m == "WATCHDOG=1" and time.monotonic() - stepped_back > 4)
        assert len(daemon.reminders()) == 1, daemon.output.read_text()
    finally:
        daemon.stop()
