"""Planner and calendar-reader numbers from the legday-bench executable, with Python's icalendar read on
the same 1 MiB file in the same run as the yardstick."""

import subprocess
import tempfile
import time
from pathlib import Path


def python_icalendar_seconds(path: str) -> float:
    import icalendar
    data = Path(path).read_bytes()
    best = None
    for _ in range(3):
        start = time.perf_counter()
        events = icalendar.Calendar.from_ical(data).walk("VEVENT")
        [(e.get("SUMMARY"), e.decoded("DTSTART")) for e in events]
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def run(bench: str, record):
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "megabyte.ics")
        out = subprocess.run([bench, path, "10000"], capture_output=True, text=True, check=True,
                             timeout=1800).stdout
        values = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
        one = float(values["plan_one_athlete_year_ms"][0])
        many = float(values["plan_many_athletes_year_s"][0])
        ics = float(values["ics_megabyte_s"][0])
        record("plan one athlete over one year", f"{one:.3f} ms", "< 1 ms", one < 1)
        record("plan 10,000 athletes over one year (one core)", f"{many:.2f} s", "< 2 s", many < 2)
        python = python_icalendar_seconds(path)
        ratio = python / ics
        record("1 MiB calendar: legday vs Python icalendar", f"{ics * 1000:.0f} ms vs {python * 1000:.0f} ms = {ratio:.1f}x",
               ">= 20x", ratio >= 20)
