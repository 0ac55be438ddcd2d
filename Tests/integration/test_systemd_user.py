"""legday under a real `systemd --user` manager and a real journald, in a private mount namespace:
install, start (Type=notify), STATUS=, a reminder in the journal, reload with a good and a broken config,
kill -9 and restart with nothing repeated, stop."""

import json
import os
import signal
import time
from pathlib import Path

import pytest

import testclock
from conftest import days_from_today, wait_out_midnight, write_config

# systemd starts the service, on the machine's own clock: a moved test clock (make test-clock) cannot reach it.
pytestmark = pytest.mark.skipif(testclock.OFFSET != 0, reason="the service runs on the machine's real clock")

MESSAGE_ID = "7c1e0a4d2f8b4c39a6e5d1b3f0a9c2e8"

CONFIG = """
    [athlete]
    timezone = "UTC"

    [schedule]
    files = ["plan.csv"]

    [reminders]
    daily_at = "{daily_at}"
    catch_up = "same-day"

    [notifiers.log]
    type = "journal"
"""


class UserManager:
    def __init__(self, sandbox, tmp_path: Path):
        self.sandbox = sandbox
        self.runtime = tmp_path / "runtime"
        self.runtime.mkdir(mode=0o700)
        os.chmod(self.runtime, 0o700)
        self.home = tmp_path / "home"
        self.home.mkdir()
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "USER": os.environ.get("USER", "root"),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_STATE_HOME": str(self.home / ".local/state"),
            "XDG_DATA_HOME": str(self.home / ".local/share"),
        }
        sandbox.spawn(["/lib/systemd/systemd", "--user"], env=self.env)
        deadline = time.monotonic() + 20
        while not (self.runtime / "systemd" / "private").exists():
            if time.monotonic() > deadline:
                raise TimeoutError("systemd --user did not start")
            time.sleep(0.05)

    def run(self, *argv, check=False):
        result = self.sandbox.run(list(argv), env=self.env)
        if check:
            assert result.returncode == 0, f"{argv}: {result.stdout}\n{result.stderr}"
        return result

    def systemctl(self, *argv, check=False):
        return self.run("systemctl", "--user", "--no-pager", *argv, check=check)

    def show(self, *properties) -> dict:
        out = self.systemctl("show", "legday", "-p", ",".join(properties), check=True).stdout
        return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    def wait_for(self, predicate, timeout=20, what="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.show("ActiveState", "SubState", "MainPID", "StatusText", "NRestarts")
            if predicate(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; last state {state}")


def reminders_in_journal(sandbox, date: str) -> list[dict]:
    return sandbox.journal(f"MESSAGE_ID={MESSAGE_ID}", f"LEGDAY_DATE={date}")


def wait_for_journal(sandbox, *match, timeout=10) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        entries = sandbox.journal(*match)
        if entries or time.monotonic() > deadline:
            return entries
        time.sleep(0.1)


def test_user_service_end_to_end(sandbox, legday, tmp_path):
    sandbox.start_journald()
    manager = UserManager(sandbox, tmp_path)
    config_dir = manager.home / ".config" / "legday"
    config = write_config(config_dir, CONFIG.format(daily_at="00:00"))
    # The service runs on the real clock (systemd starts it); the test reads the same clock. Close to midnight
    # UTC, "today" would change under the test: start it in the new day instead.
    wait_out_midnight("UTC", margin=120)
    today = days_from_today(0, zone="UTC")
    (config_dir / "plan.csv").write_text(f"date,type,distance_km,title\n{today},tempo,8,Tempo 8k\n")

    result = manager.run(legday, "install", "--no-start", check=True)
    assert "installed" in result.stdout
    unit = manager.home / ".config/systemd/user/legday.service"
    assert unit.exists()
    installed = manager.home / ".local/bin/legday"
    assert installed.exists()

    verify = manager.run("systemd-analyze", "--user", "verify", str(unit))
    complaints = [line for line in (verify.stdout + verify.stderr).splitlines() if "legday.service" in line]
    assert complaints == [], complaints

    # Restart quickly in this test; the shipped unit waits 5 s.
    dropin = manager.home / ".config/systemd/user/legday.service.d"
    dropin.mkdir(parents=True)
    (dropin / "test.conf").write_text("[Service]\nRestartSec=200ms\n")
    manager.systemctl("daemon-reload", check=True)

    # Type=notify: start returns once legday has said READY=1.
    manager.systemctl("start", "legday", check=True)
    state = manager.show("ActiveState", "StatusText", "MainPID")
    assert state["ActiveState"] == "active"
    assert state["StatusText"].startswith("Next reminder"), state
    assert "00:00 UTC" in state["StatusText"]

    # 00:00 has passed today, so the reminder goes out late, at once, exactly once.
    deadline = time.monotonic() + 15
    while not reminders_in_journal(sandbox, today) and time.monotonic() < deadline:
        time.sleep(0.1)
    entries = reminders_in_journal(sandbox, today)
    assert len(entries) == 1, [(e.get("_PID"), e.get("__CURSOR"), e.get("_SYSTEMD_USER_UNIT"), e.get("_COMM")) for e in entries]
    assert entries[0]["LEGDAY_KIND"] in {"heavy-lift", "light-lift", "recovery", "rest", "race"}
    assert entries[0]["LEGDAY_REMINDER_ID"] == f"default:{today}:daily"
    assert entries[0]["LEGDAY_LATE"] == "1"

    # A good reload: the new time shows in STATUS=.
    write_config(config_dir, CONFIG.format(daily_at="23:59"))
    assert manager.systemctl("reload", "legday").returncode == 0
    manager.wait_for(lambda s: "23:59 UTC" in s["StatusText"], what="the reloaded time in STATUS")

    # A broken reload: systemctl reports the failure, legday keeps running on the old config.
    (config_dir / "config.toml").write_text('[athlete]\ntimezone = "Mars/Olympus"\nbogus = 1\n')
    broken = manager.systemctl("reload", "legday")
    assert broken.returncode != 0
    state = manager.show("ActiveState", "MainPID")
    assert state["ActiveState"] == "active"
    # Saving the file made the daemon try too (inotify); it logged each problem at priority err.
    errors = wait_for_journal(sandbox, "SYSLOG_IDENTIFIER=legday", "PRIORITY=3")
    messages = [e.get("MESSAGE", "") for e in errors]
    assert any("config.toml:2:12: athlete.timezone: unknown time zone" in m for m in messages), messages
    assert any("config.toml:3:1: unknown key \"bogus\"" in m for m in messages), messages
    write_config(config_dir, CONFIG.format(daily_at="00:00"))
    assert manager.systemctl("reload", "legday").returncode == 0

    # kill -9: systemd restarts legday; today's reminder is not sent again.
    old_pid = int(state["MainPID"])
    os.kill(old_pid, signal.SIGKILL)
    state = manager.wait_for(lambda s: s["ActiveState"] == "active" and s["MainPID"] not in ("0", str(old_pid)),
                             what="a restart after kill -9")
    assert int(state["NRestarts"]) >= 1
    # The new process has handed over today's reminder (catch_up = "same-day") and the outbox, which holds
    # it as delivered, has kept it from going out again.
    new_pid = state["MainPID"]
    assert wait_for_journal(sandbox, "SYSLOG_IDENTIFIER=legday", f"_PID={new_pid}", "MESSAGE=sending reminder"), \
        "the restarted daemon did not look at today's reminder"
    outbox = manager.run(str(installed), "outbox", "--all", "--format", "json", check=True)
    assert [(e["state"], e["attempts"]) for e in json.loads(outbox.stdout)] == [("delivered", 1)], outbox.stdout
    assert len(reminders_in_journal(sandbox, today)) == 1

    # The installed binary reads time zones (a static stdlib would not).
    berlin = write_config(tmp_path / "berlin", CONFIG.replace('"UTC"', '"Europe/Berlin"').format(daily_at="07:00"))
    (tmp_path / "berlin" / "plan.csv").write_text("date,type,distance_km,title\n")
    # A summer instant given with --from: `next` reads no clock then.
    nxt = manager.run(str(installed), "next", "--config", str(berlin), "--from", "2026-07-01T00:00:00Z",
                      "--count", "1", "--format", "json", check=True)
    assert json.loads(nxt.stdout)[0]["offset"] == "+02:00"
    assert json.loads(nxt.stdout)[0]["utc"] == "2026-07-01T05:00:00Z"

    manager.systemctl("stop", "legday", check=True)
    assert manager.show("ActiveState")["ActiveState"] == "inactive"
