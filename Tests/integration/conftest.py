"""Shared fixtures for the integration tests: the built binary, temporary configs, and a sandbox with a
real systemd-journald (and, when asked, a real `systemd --user`) in a private mount namespace."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import testclock  # noqa: E402  (found through the path above)


@pytest.fixture(scope="session")
def legday() -> str:
    path = os.environ.get("LEGDAY") or str(ROOT / ".build" / "debug" / "legday")
    if not os.access(path, os.X_OK):
        pytest.fail(f"legday binary not found at {path}; build first (make test does)")
    return path


def write_config(directory: Path, body: str, name: str = "config.toml") -> Path:
    """Writes a config file (dedented) and returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(textwrap.dedent(body).lstrip())
    return path


# The clock the tests run under (testclock.py): the machine's, or under `make test-clock` one moved to an
# instant where date arithmetic breaks. A test never pins a calendar date next to that clock: it asks
# `today()` and counts from there, or runs legday on a clock of its own (libfaketime).
LIBFAKETIME = testclock.LIBFAKETIME


def clock_environment(offset_seconds: int = 0) -> dict:
    """Environment for a legday on the tests' clock moved on by `offset_seconds`."""
    if LIBFAKETIME is None and testclock.OFFSET + offset_seconds != 0:
        pytest.skip("libfaketime (Debian faketime) is not installed")
    return testclock.legday_environment(offset_seconds)


def today(zone: str = "Europe/Berlin") -> date:
    """Today in `zone` by the clock the tests run under."""
    return testclock.today(zone)


def days_from_today(days: int, zone: str = "Europe/Berlin") -> str:
    """The ISO date `days` after today in `zone`: a day whose reminder cannot expire while a test runs when
    `days` >= 1 (its day has not begun)."""
    return (today(zone) + timedelta(days=days)).isoformat()


def wait_out_midnight(zone: str, margin: float = 120):
    """For a test whose program reads the real clock: when midnight in `zone` is less than `margin` seconds
    away, returns just after it, so "today" cannot change while the test runs."""
    now = testclock.now(zone)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), ZoneInfo(zone))
    left = (midnight - now).total_seconds()
    if left < margin:
        time.sleep(left + 1)


def next_weekday(weekday: int, at_least: int = 1, zone: str = "Europe/Berlin") -> date:
    """The first day at least `at_least` days from today that falls on `weekday` (Monday 0 … Sunday 6)."""
    first = today(zone) + timedelta(days=at_least)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def legday_command(legday: str, *args: str) -> list[str]:
    """The argv that starts legday: through env(1), because a Swift program exec'd straight from Python with
    libfaketime preloaded loses its arguments (a quirk of the preload, not of legday)."""
    return ["/usr/bin/env", legday, *args]


def legday_environment(home: Path, **extra) -> dict:
    """A clean environment for legday with every XDG folder inside `home`, never the real user's. Under
    `make test-clock` it carries the moved clock too, unless `extra` sets a clock of its own."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "LANG": "C.UTF-8",
        "SWIFT_BACKTRACE": "enable=no",
    }
    if not any(key.startswith("FAKETIME") for key in extra):
        environment.update(clock_environment())
    environment.update(extra)
    return environment


@pytest.fixture
def run_legday(legday, tmp_path):
    """Runs legday with a private HOME and XDG folders; returns CompletedProcess."""
    home = tmp_path / "home"
    home.mkdir()

    def run(*args, env=None, timeout=60, input=None):
        environment = legday_environment(home, **(env or {}))
        return subprocess.run(legday_command(legday, *args), env=environment, capture_output=True, text=True,
                              timeout=timeout, input=input)

    run.home = home
    return run


def terminate(process: subprocess.Popen, timeout: float = 5) -> int:
    """Stops a process a test started: SIGTERM, then SIGKILL when it has not ended within `timeout` seconds.
    Returns its exit status."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def notify_listener(directory: Path, **extra):
    """A datagram socket in `directory` standing in for systemd's NOTIFY_SOCKET, and the environment for a
    daemon that should talk to it (its state kept in `directory` too)."""
    path = str(directory / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(directory), "XDG_STATE_HOME": str(directory / "state"),
           "NOTIFY_SOCKET": path, **extra}
    return sock, env


def receive_until(sock, predicate, timeout=10.0):
    messages = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = sock.recv(4096).decode()
        except socket.timeout:
            break
        messages.append(data)
        if predicate(data):
            return messages
    raise AssertionError(f"expected message not received; got {messages}")


class Sandbox:
    """A private mount namespace with tmpfs over /run/systemd, /run/log and /var/log/journal, held open by
    a sleeping process; commands enter it with nsenter. Everything started in it is stopped at the end."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.children: list[subprocess.Popen] = []
        ready = workdir / "ns-ready"
        script = textwrap.dedent("""
            set -e
            mount -t tmpfs tmpfs /run/systemd
            mkdir -p /run/systemd/system /run/log /var/log/journal
            mount -t tmpfs tmpfs /run/log
            mount -t tmpfs tmpfs /var/log/journal
            touch "$1"
            exec sleep 3600
        """)
        self.holder = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                                        str(ready)], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while not ready.exists():
            if self.holder.poll() is not None:
                raise PermissionError(self.holder.stderr.read().decode(errors="replace"))
            if time.monotonic() > deadline:
                raise TimeoutError("mount namespace did not come up")
            time.sleep(0.02)

    def path(self, inside: str) -> Path:
        """A path as seen inside the namespace, reachable from outside through /proc/PID/root."""
        return Path(f"/proc/{self.holder.pid}/root") / inside.lstrip("/")

    def command(self, argv: list[str]) -> list[str]:
        return ["nsenter", f"--mount=/proc/{self.holder.pid}/ns/mnt", "--", *argv]

    def run(self, argv, **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        kwargs.setdefault("timeout", 60)
        return subprocess.run(self.command(argv), **kwargs)

    def spawn(self, argv, **kwargs) -> subprocess.Popen:
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        process = subprocess.Popen(self.command(argv), **kwargs)
        self.children.append(process)
        return process

    def wait_for(self, inside: str, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while not self.path(inside).exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{inside} did not appear")
            time.sleep(0.02)

    def start_journald(self):
        self.spawn(["/lib/systemd/systemd-journald"])
        self.wait_for("/run/systemd/journal/socket")

    def journal(self, *match: str, user_dir: bool = False) -> list[dict]:
        """Entries from the namespace's journal as dicts (journalctl -o json)."""
        result = self.run(["journalctl", "--no-pager", "-o", "json", "--all", *match])
        entries, seen = [], set()
        for line in result.stdout.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                # The same entry can be read from the runtime and the persistent journal while journald
                # flushes one into the other; the cursor identifies it.
                if entry.get("__CURSOR") not in seen:
                    seen.add(entry.get("__CURSOR"))
                    entries.append(entry)
        return entries

    def close(self):
        for process in reversed(self.children):
            terminate(process)
        # Killing the holder ends the namespace; journald and friends started in it were stopped above.
        self.holder.kill()
        self.holder.wait()


@pytest.fixture
def sandbox(tmp_path):
    if shutil.which("unshare") is None or shutil.which("nsenter") is None:
        pytest.skip("unshare/nsenter (util-linux) not installed")
    try:
        box = Sandbox(tmp_path)
    except PermissionError as error:
        pytest.skip(f"unshare -m is not permitted here: {error}")
    try:
        yield box
    finally:
        box.close()
