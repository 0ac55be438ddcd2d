"""End-to-end time on the real binary under libfaketime: a reminder due during a simulated suspend, or
around a clock step, fires exactly once."""

import glob
import os
import subprocess
import time

import pytest

from conftest import write_config

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


class FakeClockDaemon:
    def __init__(self, legday, tmp_path, start: str, watchdog_usec: int | None = None):
        self.clock_file = tmp_path / "faketime"
        self.set(start)
        self.output = tmp_path / "stdout.txt"
        config = write_config(tmp_path, CONFIG)
        env = {
            "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
            "LD_PRELOAD": LIBFAKETIME, "FAKETIME_TIMESTAMP_FILE": str(self.clock_file),
            "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_RESET": "1",
        }
        if watchdog_usec:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        # Started through env(1): Swift programs exec'd straight from Python's subprocess with libfaketime
        # preloaded lose their arguments (a quirk of the preload, not of legday).
        self.process = subprocess.Popen(["/usr/bin/env", legday, "run", "--config", str(config)], env=env,
                                        stdout=open(self.output, "w"), stderr=subprocess.DEVNULL)

    def set(self, moment: str):
        # "@" pins the fake clock to this moment, from which it runs on at the real rate.
        self.clock_file.write_text(f"@{moment}\n")

    def reminders(self) -> list[str]:
        return [line for line in self.output.read_text().splitlines() if line.startswith("Monday 2026-11-23")]

    def wait_for_reminders(self, count: int, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.reminders()) >= count:
                return
            time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=5)


@pytest.mark.skipif(LIBFAKETIME is None, reason="libfaketime (Debian package faketime) is not installed")
def test_reminder_due_during_a_suspend_fires_once_late(legday, tmp_path):
    daemon = FakeClockDaemon(legday, tmp_path, "2026-11-23 06:59:57")
    try:
        time.sleep(1)
        # The machine "sleeps" across 07:00 and wakes at 09:00; the timer set for 07:00 fires on wake.
        daemon.set("2026-11-23 09:00:00")
        daemon.wait_for_reminders(1, timeout=15)
        time.sleep(2)
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
        time.sleep(1)
        daemon.set("2026-11-23 07:00:30")  # an NTP step forward, past 07:00
        daemon.wait_for_reminders(1, timeout=10)
        assert len(daemon.reminders()) == 1, daemon.output.read_text()
        assert not daemon.reminders()[0].endswith("(late)")
        daemon.set("2026-11-23 06:59:57")  # and back again, before 07:00
        time.sleep(6)  # 07:00 comes round a second time
        assert len(daemon.reminders()) == 1, daemon.output.read_text()
    finally:
        daemon.stop()
