"""`make test-clock`: the integration tests that involve dates and delivery, run again with the whole test
clock moved to instants where date arithmetic breaks: just before local midnight, on a DST change day, on
31 December, and a year from now.

Each run sets LEGDAY_TEST_CLOCK_OFFSET to the instant's distance from now in seconds: every legday the tests
start then runs under libfaketime with that offset (FAKETIME="+N", a clock that runs on at the real rate from
the instant), and the tests' own "now" moves with it (testclock.py). A test that pins a calendar date next
to that clock fails here.

Instants are computed from now, in the bundled example's zone (Europe/Berlin), so they stay meaningful on
any day: `python3 clock_instants.py --list` prints them.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ZONE = ZoneInfo("Europe/Berlin")
# What involves dates and delivery. The tests under a real `systemd --user` (test_systemd_user.py,
# test_localtime.py) run the service on the machine's real clock, which libfaketime cannot reach; tests
# marked real_clock time waits inside legday that libfaketime stops (pytest.ini says which) and hold no date;
# tests marked own_clock pin legday to an instant of their own, so a shifted clock underneath changes nothing.
FILES = ["test_faults.py", "test_outbox_cli.py", "test_smtp.py", "test_webhook_cli.py", "test_faketime.py",
         "test_daemon_notify.py", "test_journal.py", "test_check.py"]
LIBFAKETIME = next(iter(sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))), None)


def next_dst_change(after: datetime) -> datetime:
    """The first instant after `after` at which Europe/Berlin's UTC offset changes (to the minute). Steps are
    taken in UTC: arithmetic on a zoned datetime is wall-clock arithmetic, which a DST gap breaks."""
    start = after.astimezone(ZoneInfo("UTC")).replace(second=0, microsecond=0)
    offset = start.astimezone(ZONE).utcoffset()
    for hours in range(1, 24 * 400):
        moment = start + timedelta(hours=hours)
        if moment.astimezone(ZONE).utcoffset() != offset:
            for minutes in range(-59, 1):
                probe = moment + timedelta(minutes=minutes)
                if probe.astimezone(ZONE).utcoffset() != offset:
                    return probe
    raise RuntimeError("no DST change in Europe/Berlin within 400 days")


def instants(now: datetime) -> list[tuple[str, datetime]]:
    local = now.astimezone(ZONE)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), ZONE)
    if midnight - local < timedelta(minutes=10):
        midnight += timedelta(days=1)
    new_year = datetime(local.year + 1, 1, 1, tzinfo=ZONE)
    return [
        ("3 minutes before local midnight", midnight - timedelta(minutes=3)),
        ("2 minutes before a DST change", next_dst_change(now) - timedelta(minutes=2)),
        ("31 December, 3 minutes before the new year", new_year - timedelta(minutes=3)),
        ("a year from now", now + timedelta(days=365)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the instants and exit")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (e.g. -k smtp)")
    args = parser.parse_args()
    now = datetime.now(ZONE)
    chosen = instants(now)
    if args.list:
        for name, moment in chosen:
            print(f"{moment.astimezone(ZONE).isoformat()}  {name}")
        return 0
    if LIBFAKETIME is None:
        print("clock_instants.py: libfaketime (Debian faketime) is not installed", file=sys.stderr)
        return 2
    failed = []
    for name, moment in chosen:
        offset = round(moment.timestamp() - time.time())
        print(f"\n== {name}: {moment.astimezone(ZONE):%Y-%m-%d %H:%M:%S %Z} (clock {offset:+d} s)", flush=True)
        env = dict(os.environ, LEGDAY_TEST_CLOCK_OFFSET=str(offset))
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not real_clock and not own_clock",
                                 *FILES, *args.pytest_args], cwd=HERE, env=env)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\ntest-clock: failed at {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"\ntest-clock: passed at all {len(chosen)} instants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
