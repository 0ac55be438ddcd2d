"""The clock the integration tests run under, in one place.

Normally that is the machine's clock. `make test-clock` moves it: it sets LEGDAY_TEST_CLOCK_OFFSET to a
number of seconds, and then
- every legday the tests start reads the real clock moved by that offset (libfaketime, FAKETIME="+N"), and
- the tests' own idea of "now" (`now`, `today`), the test certificates and the webhook verifier move with it.

Python itself is not run under libfaketime: with a moved monotonic clock its timed waits (queue.get,
Event.wait) never return, and with the monotonic clock left alone every sleep fails with EINVAL.
"""

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

OFFSET_VARIABLE = "LEGDAY_TEST_CLOCK_OFFSET"
OFFSET = int(os.environ.get(OFFSET_VARIABLE, "0") or "0")
LIBFAKETIME = next(iter(sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))), None)


def now(zone=timezone.utc) -> datetime:
    """Now on the tests' clock, in `zone` (a tzinfo or an IANA name)."""
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    return datetime.now(zone) + timedelta(seconds=OFFSET)


def today(zone: str = "Europe/Berlin") -> date:
    return now(zone).date()


def legday_environment(extra_seconds: int = 0) -> dict:
    """Environment variables that put a legday on the tests' clock moved on by `extra_seconds`; none when
    that is the machine's own clock. Start such a legday through env(1) (see conftest.legday_command)."""
    total = OFFSET + extra_seconds
    if total == 0:
        return {}
    if LIBFAKETIME is None:
        raise RuntimeError("libfaketime (Debian faketime) is not installed")
    return {"LD_PRELOAD": str(LIBFAKETIME), "FAKETIME": f"{total:+d}", "FAKETIME_DONT_RESET": "1"}


def verify_standard_webhook(secret: str, body: bytes, headers) -> None:
    """The reference `standardwebhooks` verification, with its five-minute timestamp window taken on the
    tests' clock (the package reads the machine's clock itself)."""
    import standardwebhooks.webhooks as reference

    class TestClockDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(seconds=OFFSET)

    real = reference.datetime
    reference.datetime = TestClockDatetime
    try:
        reference.Webhook(secret).verify(body, headers)
    finally:
        reference.datetime = real
