#!/usr/bin/env python3
"""legday's benchmarks (`make bench`). Measures on this machine, prints a table, and writes
docs/performance.md with the machine and the date. Targets come from the issues; each row says met or not."""

import argparse
import datetime
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

RESULTS: list[tuple[str, str, str, str]] = []
# ReminderService.settleTime: how long the daemon waits after going to sleep before it gives memory back.
SETTLE_SECONDS = 5  # (what, measured, target, met)


def record(what, measured, target, met):
    """One row of the table; `met` None for a number reported without a target."""
    verdict = "" if met is None else ("met" if met else "NOT met")
    RESULTS.append((what, measured, target, verdict))
    print(f"{what:55} {measured:>22}   target {target:>14}   {verdict}", flush=True)


def idle_config(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "plan.csv").write_text("date,type,distance_km,title\n")
    config = directory / "config.toml"
    config.write_text(textwrap.dedent("""
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = ["plan.csv"]

        [reminders]
        daily_at = "07:00"
        catch_up = "none"

        [notifiers.out]
        type = "stdout"
    """).lstrip())
    return config


def start_daemon(legday: str, config: Path, tmp: Path, extra_env=None, prefix=()):
    sock_path = tmp / "notify.sock"
    if sock_path.exists():
        sock_path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(sock_path))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "XDG_STATE_HOME": str(tmp / "state"),
           "NOTIFY_SOCKET": str(sock_path)}
    env.update(extra_env or {})
    started = time.monotonic()
    process = subprocess.Popen([*prefix, legday, "run", "--config", str(config)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sock.settimeout(30)
    while True:
        message = sock.recv(4096).decode()
        if "READY=1" in message:
            return process, time.monotonic() - started, sock


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def bench_daemon(legday: str, idle_seconds: int):
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        config = idle_config(tmp / "cfg")
        samples = []
        startup_rss = []
        for _ in range(5):
            process, ready, sock = start_daemon(legday, config, tmp)
            samples.append(ready)
            time.sleep(0.5)
            startup_rss.append(rss_kib(process.pid))
            process.terminate()
            process.wait()
            sock.close()
        samples.sort()
        record("time from start to READY=1 (median of 5)", f"{samples[2] * 1000:.0f} ms", "< 1000 ms",
               samples[2] < 1.0)
        startup_rss.sort()
        record("RSS 0.5 s after READY=1 (start-up, median of 5)", f"{startup_rss[2] / 1024:.1f} MiB", "—", None)

        # Idle cost, under the watchdog the unit sets (60 s: a ping every 30 s) and without one (then nothing at
        # all should wake the daemon between reminders).
        measure_idle(legday, config, tmp, idle_seconds, watchdog=True)
        measure_idle(legday, config, tmp, idle_seconds, watchdog=False)


def measure_idle(legday: str, config: Path, tmp: Path, idle_seconds: int, watchdog: bool):
    """Once the daemon has settled (it gives memory back SETTLE seconds after going to sleep), straces every
    thread for idle_seconds, then reads its RSS. Every system call counts as a wake-up's worth."""
    strace_out = tmp / f"strace-{'watchdog' if watchdog else 'plain'}.txt"
    extra = {"WATCHDOG_USEC": "60000000"} if watchdog else {}
    process, _, sock = start_daemon(legday, config, tmp, extra_env=extra)
    time.sleep(SETTLE_SECONDS + 2)
    tracer = subprocess.Popen(["strace", "-f", "-c", "-o", str(strace_out), "-p", str(process.pid)],
                              stderr=subprocess.DEVNULL)
    time.sleep(idle_seconds)
    tracer.send_signal(signal.SIGINT)
    tracer.wait()
    idle_rss = rss_kib(process.pid)
    watchdog_pings = 0
    sock.settimeout(0.1)
    try:
        while True:
            if sock.recv(4096) == b"WATCHDOG=1":
                watchdog_pings += 1
    except (socket.timeout, BlockingIOError):
        pass
    process.terminate()
    process.wait()
    sock.close()
    total = 0
    for line in strace_out.read_text().splitlines():
        if line.strip().endswith("total"):
            total = int(line.split()[2])
    if watchdog:
        record(f"idle RSS ({SETTLE_SECONDS + 2 + idle_seconds} s after READY=1)", f"{idle_rss / 1024:.1f} MiB",
               "<= 20 MiB", idle_rss / 1024 <= 20)
        expected = idle_seconds // 30
        record(f"idle syscalls over {idle_seconds} s, WatchdogSec=60s (watchdog pings: {watchdog_pings})", f"{total}",
               f"~{expected} pings' worth", watchdog_pings <= expected + 1 and total <= 40 * (expected + 1))
    else:
        # No watchdog, no reminder due, no feed, no file change: the daemon should not wake at all. It used
        # to wake once a second (about 4 system calls each time, libdispatch's workqueue monitor) while the
        # delivery loop slept with Task.sleep; since both loops sleep on the daemon's own CLOCK_REALTIME
        # timerfd the tick is gone (docs/performance.md).
        record(f"idle syscalls over {idle_seconds} s, no watchdog", f"{total}", "<= 10", total <= 10)


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def write_report(path: Path):
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {datetime.date.today().isoformat()}, {machine()}, release build.",
        "",
        "| what | measured | target | |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {w} | {m} | {t} | {ok} |" for w, m, t, ok in RESULTS]
    lines += ["", "Mails and webhooks are sent by legday's own notifiers (`legday-bench deliver`: SMTPNotifier over "
              "libcurl, WebhookNotifier over async-http-client with Standard Webhooks signing), built from a config "
              "file in a release build, to servers on 127.0.0.1 that count what arrives (Tests/bench/"
              "bench_delivery.py): a heavy-lift day's reminder with its drawn figures, 4 sends at a time through one "
              "notifier, each on a connection kept open between sends. The servers run on the same two cores.",
              "", "How the other rows are measured:", "",
              "- Planner (`legday-bench`, Tests/bench/bench_core.py): a year of a typical week (easy, intervals, "
              "easy, tempo, rest, easy, long) varied per athlete, with a half in spring and a marathon in autumn, "
              "both policies, four gym days. One athlete: the median of 21 plans of the same request. 10,000 "
              "athletes: planned one after another on one core, each plan built and released.",
              "- Calendar: the same generated 1 MiB file (folded descriptions, alarms, time zones, about 2,400 "
              "events), best of 5 for legday's reader and for Python's `icalendar` in the same run.",
              "- Start-up and idle: `legday run` on a one-notifier config. Idle RSS and idle syscalls are measured "
              "after the daemon has settled (it gives start-up memory back 5 s after going to sleep, "
              "docs/systemd.md), once with `WatchdogSec=60s` as the unit sets it and once without a watchdog; "
              "`strace -c -f` counts every thread.",
              "- Webhooks: the benchmark sends one reminder 10,000 times, so its JSON is encoded once and reused "
              "(docs/webhooks.md); a stream of different reminders is bound by Foundation's JSONEncoder, about "
              "800 a second here.",
              "", "Re-run `make bench` to refresh this file; `make bench QUICK=1` shortens the idle window."]
    # Notes written by hand below the generated part (from "## Reading these numbers" on) survive a re-run.
    notes = ""
    if path.exists():
        old = path.read_text()
        at = old.find("\n## Reading these numbers")
        if at >= 0:
            notes = old[at:]
    path.write_text("\n".join(lines) + "\n" + notes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--legday", required=True)
    parser.add_argument("--bench", help="the legday-bench executable")
    parser.add_argument("--idle-seconds", type=int, default=60)
    parser.add_argument("--report", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    if args.bench and os.access(args.bench, os.X_OK):
        import bench_core
        bench_core.run(args.bench, record)
    bench_daemon(args.legday, args.idle_seconds)
    for module in ("bench_delivery",):
        try:
            bench = __import__(module)
        except ImportError:
            continue
        bench.run(args.legday, record)
    write_report(Path(args.report))
    print(f"\nwrote {args.report}")


if __name__ == "__main__":
    main()
