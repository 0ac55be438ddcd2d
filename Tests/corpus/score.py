#!/usr/bin/env python3
"""Measure how well legday reads real training calendars.

For every label file in Tests/corpus/labels/ this finds the calendar it describes in the corpus folders
(calendars are never kept in the repository), runs `legday schedule --config CFG --format json` on it with
the races and time zone from the label, pairs legday's entries with the hand-made labels and counts, per
file and in total: entries read right, read wrong, read as `unknown`, silent drops (a labelled entry legday
did not report), extra entries (reported but not labelled) and phantom races (legday says race, the label
does not). Calendars that are absent are skipped, so a fresh clone measures nothing and still passes.

Python 3.11 standard library only. Exit status is 0 (it is a measurement) unless --strict is given: then
it is 1 when any measured file is under the target share of right entries, or has a phantom race or a
silent drop, and 2 when legday itself could not be run on a calendar.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_LABELS = HERE / "labels"
TARGET = 0.97
READ_AS = {"run", "race", "strength", "cross", "rest", "note", "unknown"}
TYPES = {"easy", "long", "tempo", "threshold", "intervals", "hills", "fartlek", "recovery", "race"}
DISTANCE_TOLERANCE = 0.05
DURATION_TOLERANCE = 0.10


def default_dirs() -> list[Path]:
    env = os.environ.get("CORPUS_DIRS")
    if env:
        return [Path(p) for p in env.split(":") if p]
    return [ROOT.parent / "shared" / "calendars", ROOT.parent / "calendars"]


# ---------------------------------------------------------------------------------------------------
# Pairing keys


def norm_title(title: str | None) -> str:
    """Case-insensitive, whitespace collapsed, HTML entities decoded, and surrounding quotes, emoji and
    punctuation dropped, so "  🏃 Long Run " and "long run" pair, and so do `&quot;Rest&quot;` and `Rest`."""
    text = html.unescape(title or "")
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()

    def droppable(ch: str) -> bool:
        cat = unicodedata.category(ch)
        return cat.startswith(("S", "P", "Z", "C")) or ch in "\ufe0f\u200d"

    start, end = 0, len(text)
    while start < end and droppable(text[start]):
        start += 1
    while end > start and droppable(text[end - 1]):
        end -= 1
    return text[start:end]


# ---------------------------------------------------------------------------------------------------
# Comparison


def close(expected, got, tolerance: float) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    try:
        e, g = float(expected), float(got)
    except (TypeError, ValueError):
        return False
    if e == 0:
        return abs(g) < 1e-9
    return abs(g - e) <= tolerance * abs(e)


def also_kinds(entry: dict) -> list[str]:
    kinds = []
    for part in entry.get("also") or []:
        if isinstance(part, dict):
            kinds.append(str(part.get("read_as")))
        else:
            kinds.append(str(part))
    return sorted(kinds)


def differences(label: dict, got: dict) -> list[str]:
    """Why `got` is not a right reading of `label`; empty when it is right."""
    why = []
    if label.get("read_as") != got.get("read_as"):
        why.append(f"read_as {label.get('read_as')} != {got.get('read_as')}")
    if label.get("read_as") in ("run", "race") and label.get("type") != got.get("type"):
        why.append(f"type {label.get('type')} != {got.get('type')}")
    # Distance and duration matter to the planner only for runs and races: a CSV's minutes column on a
    # strength row ("pushups", 10) is not a reading error.
    if label.get("read_as") in ("run", "race"):
        if not close(label.get("distance_km"), got.get("distance_km"), DISTANCE_TOLERANCE):
            why.append(f"distance_km {label.get('distance_km')} != {got.get('distance_km')}")
        if not close(label.get("duration_min"), got.get("duration_min"), DURATION_TOLERANCE):
            why.append(f"duration_min {label.get('duration_min')} != {got.get('duration_min')}")
    if also_kinds(label) != also_kinds(got):
        why.append(f"also {also_kinds(label)} != {also_kinds(got)}")
    return why


def pair(labels: list[dict], outputs: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs labels with legday's entries: first by date and normalised title (several with the same key
    pair in order), then whatever is left on the same date, in order (a title legday shows differently,
    say another CSV column, still meets its label). Returns pairs, unpaired labels, unpaired outputs."""
    pairs: list[tuple[dict, dict]] = []
    used_out: set[int] = set()
    left_labels: list[dict] = []
    by_key: dict[tuple[str, str], list[int]] = {}
    for i, out in enumerate(outputs):
        by_key.setdefault((str(out.get("date")), norm_title(out.get("title"))), []).append(i)
    for lab in labels:
        queue = by_key.get((str(lab.get("date")), norm_title(lab.get("title"))), [])
        while queue and queue[0] in used_out:
            queue.pop(0)
        if queue:
            i = queue.pop(0)
            used_out.add(i)
            pairs.append((lab, outputs[i]))
        else:
            left_labels.append(lab)
    by_date: dict[str, list[int]] = {}
    for i, out in enumerate(outputs):
        if i not in used_out:
            by_date.setdefault(str(out.get("date")), []).append(i)
    drops = []
    for lab in left_labels:
        queue = by_date.get(str(lab.get("date")), [])
        if queue:
            i = queue.pop(0)
            used_out.add(i)
            pairs.append((lab, outputs[i]))
        else:
            drops.append(lab)
    extras = [out for i, out in enumerate(outputs) if i not in used_out]
    return pairs, drops, extras


@dataclass
class FileScore:
    name: str
    labelled: int = 0
    right: int = 0
    wrong: int = 0
    unknown: int = 0
    drops: int = 0
    extra: int = 0
    phantom: int = 0
    status: str = "measured"  # measured | skipped (absent) | error: ...
    wrong_entries: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0

    def passes(self) -> bool:
        return self.share >= TARGET and self.phantom == 0 and self.drops == 0


def score(label_doc: dict, outputs: list[dict], name: str) -> FileScore:
    labels = label_doc.get("entries", [])
    result = FileScore(name=name, labelled=len(labels))
    pairs, drops, extras = pair(labels, outputs)
    for lab, got in pairs:
        if got.get("read_as") == "race" and lab.get("read_as") != "race":
            result.phantom += 1
        why = differences(lab, got)
        if not why:
            result.right += 1
            continue
        if got.get("read_as") == "unknown":
            result.unknown += 1
        else:
            result.wrong += 1
        result.wrong_entries.append(
            f"  {lab.get('date')}  {lab.get('title')!r}: " + "; ".join(why)
            + (f"  (why: {got.get('why')})" if got.get("why") else "")
        )
    for lab in drops:
        result.drops += 1
        result.wrong_entries.append(f"  {lab.get('date')}  {lab.get('title')!r}: silent drop (no entry from legday)")
    for out in extras:
        result.extra += 1
        if out.get("read_as") == "race":
            result.phantom += 1
        result.wrong_entries.append(
            f"  {out.get('date')}  {out.get('title')!r}: extra entry from legday, read_as {out.get('read_as')}"
            + (" (phantom race)" if out.get("read_as") == "race" else "")
        )
    return result


# ---------------------------------------------------------------------------------------------------
# Running legday


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_config(directory: Path, calendar: Path, config: dict) -> Path:
    zone = config.get("timezone") or "UTC"
    lines = [
        "[athlete]",
        f"timezone = {toml_string(zone)}",
        "",
        "[schedule]",
        f"files = [{toml_string(str(calendar.resolve()))}]",
        "",
        "[reminders]",
        'daily_at = "07:00"',
    ]
    # The [schedule.csv] lines a user of that plan would write for columns no header name gives away
    # (a "reps" column that holds a run's minutes).
    if config.get("csv"):
        lines += ["", "[schedule.csv]"] + [f"{key} = {toml_string(str(value))}" for key, value in config["csv"].items()]
    for race in config.get("races") or []:
        lines += ["", "[[races]]", f"date = {race['date']}"]
        lines.append(f"name = {toml_string(str(race.get('name') or 'Race'))}")
        distance = race.get("distance")
        if isinstance(distance, (int, float)):
            lines.append(f"distance = {distance}")
        else:
            lines.append(f"distance = {toml_string(str(distance))}")
    path = directory / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class NoScheduleCommand(Exception):
    pass


def lacks_schedule(rc: int, stderr: str) -> bool:
    text = stderr.lower()
    return rc != 0 and (
        "unexpected argument 'schedule'" in text
        or "unknown command" in text
        or "unknown subcommand" in text
        or ("schedule" in text and ("unexpected argument" in text or "unrecognized" in text))
    )


def has_schedule(legday: str) -> bool:
    """Whether this legday has a `schedule` command: its help names `legday schedule`. (An unknown command
    with options makes the argument parser complain about the first option instead, so asking is surer
    than reading the error of a real run.)"""
    try:
        proc = subprocess.run([legday, "schedule", "--help"], capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "legday schedule" in (proc.stdout + proc.stderr).lower()


def run_legday(legday: str, config: Path, timeout: float) -> list[dict]:
    try:
        proc = subprocess.run(
            [legday, "schedule", "--config", str(config), "--format", "json"],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
            env={**os.environ, "XDG_STATE_HOME": str(config.parent / "state")},
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"legday took longer than {timeout:g}s")
    if lacks_schedule(proc.returncode, proc.stderr):
        raise NoScheduleCommand(proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "")
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        first = (proc.stderr.strip().splitlines() or ["(nothing on stderr)"])[0]
        raise RuntimeError(f"no JSON on stdout (exit {proc.returncode}): {first}")
    entries = doc.get("entries") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise RuntimeError(f"JSON without an `entries` list (exit {proc.returncode})")
    return [e for e in entries if isinstance(e, dict)]


# ---------------------------------------------------------------------------------------------------


def find_calendar(name: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        candidate = d / name
        if candidate.is_file():
            return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--legday", default=os.environ.get("LEGDAY") or str(ROOT / ".build" / "debug" / "legday"))
    parser.add_argument("--dirs", help="colon-separated corpus folders (default $CORPUS_DIRS, else "
                        "<repo>/../shared/calendars:<repo>/../calendars)")
    parser.add_argument("--labels", default=str(DEFAULT_LABELS), help="folder of label files")
    parser.add_argument("--only", action="append", default=[], help="measure only label files containing this text")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds legday may take per calendar")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every entry not read right")
    parser.add_argument("--strict", action="store_true",
                        help=f"exit non-zero when a file is under {TARGET:.0%} right, or has a phantom race or a silent drop")
    args = parser.parse_args(argv)

    dirs = [Path(p) for p in args.dirs.split(":") if p] if args.dirs else default_dirs()
    label_files = sorted(Path(args.labels).glob("*.json"))
    if args.only:
        label_files = [p for p in label_files if any(o in p.name for o in args.only)]
    print(f"corpus folders: {', '.join(str(d) for d in dirs)}")
    print(f"labels: {len(label_files)} file(s) in {args.labels}")

    docs = []
    for path in label_files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        docs.append((path, doc, find_calendar(doc.get("file") or path.name.removesuffix(".json"), dirs)))
    present = [d for d in docs if d[2] is not None]

    if present and not os.access(args.legday, os.X_OK):
        print(f"legday binary not found at {args.legday}; build it first (make build). Nothing measured.")
        return 2 if args.strict else 0

    if present and not has_schedule(args.legday):
        print(f"\nthis legday ({args.legday}) has no `schedule` command yet "
              f"(`legday schedule --help` does not show it), so nothing can be measured.")
        return 2 if args.strict else 0

    results: list[FileScore] = []
    failed = False
    for path, doc, calendar in docs:
        name = doc.get("file") or path.name
        if calendar is None:
            results.append(FileScore(name=name, labelled=len(doc.get("entries", [])), status="skipped (absent)"))
            continue
        with tempfile.TemporaryDirectory(prefix="legday-corpus-") as tmp:
            config = write_config(Path(tmp), calendar, doc.get("config") or {})
            try:
                outputs = run_legday(args.legday, config, args.timeout)
            except NoScheduleCommand as exc:
                print(f"\nthis legday ({args.legday}) has no `schedule` command yet, so nothing can be measured"
                      + (f": {exc}" if str(exc) else "."))
                return 2 if args.strict else 0
            except (RuntimeError, OSError) as exc:
                results.append(FileScore(name=name, labelled=len(doc.get("entries", [])), status=f"error: {exc}"))
                failed = True
                continue
        results.append(score(doc, outputs, name))

    report(results, args.verbose)
    if not args.strict:
        return 0
    if failed:
        return 2
    return 0 if all(r.passes() for r in results if r.status == "measured") else 1


def report(results: list[FileScore], verbose: bool) -> None:
    width = max([len(r.name) for r in results] + [len("file"), len("total")])
    head = f"{'file':<{width}}  {'labelled':>8} {'right':>6} {'wrong':>6} {'unknown':>7} {'drops':>6} {'extra':>6} {'phantom':>7} {'right%':>7}"
    print()
    print(head)
    print("-" * len(head))
    total = FileScore(name="total")
    for r in results:
        if r.status != "measured":
            print(f"{r.name:<{width}}  {r.labelled:>8}  {r.status}")
            continue
        mark = "" if r.passes() else "  <"
        print(f"{r.name:<{width}}  {r.labelled:>8} {r.right:>6} {r.wrong:>6} {r.unknown:>7} {r.drops:>6} "
              f"{r.extra:>6} {r.phantom:>7} {r.share:>7.1%}{mark}")
        for attr in ("labelled", "right", "wrong", "unknown", "drops", "extra", "phantom"):
            setattr(total, attr, getattr(total, attr) + getattr(r, attr))
    print("-" * len(head))
    measured = [r for r in results if r.status == "measured"]
    skipped = len([r for r in results if r.status.startswith("skipped")])
    errors = len([r for r in results if r.status.startswith("error")])
    share = f"{total.share:>7.1%}" if total.labelled else f"{'-':>7}"
    print(f"{'total':<{width}}  {total.labelled:>8} {total.right:>6} {total.wrong:>6} {total.unknown:>7} "
          f"{total.drops:>6} {total.extra:>6} {total.phantom:>7} {share}")
    below = [r.name for r in measured if not r.passes()]
    print(f"\n{len(measured)} measured, {skipped} skipped (absent), {errors} error(s); target {TARGET:.0%} right "
          f"on every file with 0 phantom races and 0 silent drops: "
          + ("met" if measured and not below and not errors else "not met" if measured else "nothing measured"))
    if verbose:
        for r in measured:
            if r.wrong_entries:
                print(f"\n{r.name}:")
                print("\n".join(r.wrong_entries))


if __name__ == "__main__":
    sys.exit(main())
