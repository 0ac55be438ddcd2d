"""`legday log`, `legday history` and `legday log --undo` on the built binary and the real training log
(`$XDG_STATE_HOME/legday/log.sqlite`), including a kill -9 in the middle of a large import."""

import json
import os
import sqlite3
import subprocess
import time

import pytest

from conftest import days_from_today, legday_command, legday_environment, write_config

CONFIG = """
    [athlete]
    timezone = "Europe/Berlin"

    [schedule]
    files = []
"""


@pytest.fixture
def config(tmp_path):
    return str(write_config(tmp_path / "config", CONFIG))


def log_file(run_legday):
    return run_legday.home / ".local/state/legday/log.sqlite"


def past_days(run_legday, config):
    """The last two weeks before today (never today: a test must not straddle midnight) by what the plan
    makes of them: (days with a session, days without one)."""
    plan = run_legday("plan", "--config", config, "--from", days_from_today(-14), "--days", "14", "--format", "json")
    assert plan.returncode == 0, plan.stderr
    days = json.loads(plan.stdout)["days"]
    with_session = [d["date"] for d in days if d["kind"] in ("heavy-lift", "light-lift", "recovery")]
    without = [(d["date"], d["kind"]) for d in days if d["kind"] in ("rest", "race")]
    assert with_session and without, days
    return with_session, without


def history(run_legday, *args):
    result = run_legday("history", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["entries"]


def test_log_a_session_and_sets_then_read_them_back(run_legday, config):
    (day, other, *_), _ = past_days(run_legday, config)
    note = "felt strong, " + "then the last set of split squats was slow and shaky " * 3
    done = run_legday("log", "--config", config, "--date", day, "done", "--rpe", "7", "--note", note)
    assert done.returncode == 0, done.stderr
    assert "Logged" in done.stdout and day in done.stdout and "done, RPE 7: felt strong" in done.stdout

    for words in (["goblet-squat", "16kg", "8", "8", "7"], ["romanian-deadlift", "60kg", "5x5"],
                  ["split-squat", "bw", "10", "10"], ["goblet-squat", "35", "lb", "8", "8"]):
        result = run_legday("log", "--config", config, "--date", other, *words)
        assert result.returncode == 0, result.stderr
    pounds = run_legday("log", "--config", config, "--date", other, "goblet-squat", "35lb", "6")
    # Pounds are kept as kilograms and shown back in kilograms (config.toml has no weight unit), with the
    # pounds as typed beside them.
    assert "15.88 kg (35 lb) × 6" in pounds.stdout

    entries = history(run_legday)
    assert entries[0] == {"date": day, "entry": "session", "status": "done", "rpe": 7, "note": note.strip(),
                          "session_id": f"default:{day}:daily", "logged_at": entries[0]["logged_at"]}
    sets = [e for e in entries if e["entry"] == "sets"]
    assert [(e["exercise"], e["load_kg"], e["reps"]) for e in sets] == [
        ("goblet-squat", 16, [8, 8, 7]), ("romanian-deadlift", 60, [5, 5, 5, 5, 5]), ("split-squat", None, [10, 10]),
        ("goblet-squat", 15.876, [8, 8]), ("goblet-squat", 15.876, [6])]
    assert all(e["date"] == other for e in sets)
    assert sets[2]["bodyweight"] is True

    # --from/--to choose days.
    assert [e["date"] for e in history(run_legday, "--from", day, "--to", day)] == [day]

    table = run_legday("history")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Date", "What", "Load", "Reps", "RPE"]
    assert all(len(line) <= 80 for line in lines), table.stdout
    assert any("romanian-deadlift" in line and "60 kg" in line and "5 × 5" in line for line in lines)

    mode = os.stat(log_file(run_legday)).st_mode & 0o777
    assert mode == 0o600


def test_errors_say_what_is_wrong_and_write_nothing(run_legday, config):
    (day, *_), ((rest_day, rest_kind), *_) = past_days(run_legday, config)
    cases = [
        (["--date", day, "goblet-squats", "16kg", "8"], 'unknown exercise "goblet-squats"; did you mean "goblet-squat"?'),
        (["--date", rest_day, "done"], f"{rest_day} is a {rest_kind} day in the plan: it has no session to log as done"),
        (["--date", day, "done", "--rpe", "11"], "RPE 11 is outside 1-10"),
        (["--date", day, "done", "--rpe", "0"], "RPE 0 is outside 1-10"),
        (["--date", day, "done", "--rpe", "hard"], "--rpe hard is not a whole number from 1 to 10"),
        (["--date", day, "goblet-squat", "-16kg", "8"], "the load -16 kg is negative"),
        (["--date", day, "goblet-squat", "16kg", "0"], "a set of 0 reps"),
        (["--date", day, "conventional-deadlift", "900kg", "1"], "900 kg is over 500 kg"),
        (["--date", day, "goblet-squat", "16kg", "150"], "150 reps is more than 100"),
        (["--date", day, "goblet-squat", "16kg", "25x5"], "25 sets is more than 20"),
        (["--date", day, "goblet-squat", "16", "8"], '"16" has no unit'),
        (["--date", day, "goblet-squat", "16kg", "8", "--rpe", "7"], "--rpe and --note go with done"),
        (["--date", days_from_today(3), "done"], "is still to come"),
        # 30 February of whatever year the clock says: no such day in any year.
        ([ "--date", f"{days_from_today(0)[:4]}-02-30", "done"], f"--date {days_from_today(0)[:4]}-02-30 is not a date"),
        ([], "say what to log"),
    ]
    for args, message in cases:
        result = run_legday("log", "--config", config, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and "Fatal error" not in result.stderr
        # Nothing written: not even an empty log file.
        assert not log_file(run_legday).exists(), args

    assert run_legday("log", "--config", config, "--date", day, "skipped").returncode == 0
    before = history(run_legday)
    for args, _ in cases:
        assert run_legday("log", "--config", config, *args).returncode == 1
    assert history(run_legday) == before


def test_undo_removes_the_last_thing_logged_and_says_what(run_legday, config):
    (day, *_), _ = past_days(run_legday, config)
    empty = run_legday("log", "--undo")
    assert empty.returncode == 1 and "nothing to undo" in empty.stderr

    assert run_legday("log", "--config", config, "--date", day, "partial", "--rpe", "8").returncode == 0
    assert run_legday("log", "--config", config, "--date", day, "goblet-squat", "20kg", "3x8").returncode == 0
    # A second status for the day replaces the first in the history; undoing it brings the first back.
    assert run_legday("log", "--config", config, "--date", day, "done").returncode == 0
    assert [e.get("status") for e in history(run_legday) if e["entry"] == "session"] == ["done"]

    undone = run_legday("log", "--undo")
    assert undone.returncode == 0, undone.stderr
    assert "Removed" in undone.stdout and f"{day}: done" in undone.stdout
    assert [e.get("status") for e in history(run_legday) if e["entry"] == "session"] == ["partial"]

    undone = run_legday("log", "--undo")
    assert f"{day}: goblet-squat 20 kg × 8, 8, 8" in undone.stdout
    assert [e["entry"] for e in history(run_legday)] == ["session"]
    assert "partial, RPE 8" in run_legday("log", "--undo").stdout
    assert history(run_legday) == []
    assert run_legday("log", "--undo").returncode == 1


def test_csv_export_imports_into_another_log_and_not_twice(run_legday, config, tmp_path):
    (day, other, *_), _ = past_days(run_legday, config)
    assert run_legday("log", "--config", config, "--date", day, "done", "--note", 'tired, "heavy" legs').returncode == 0
    assert run_legday("log", "--config", config, "--date", other, "goblet-squat", "35lb", "8", "8", "7").returncode == 0
    assert run_legday("log", "--config", config, "--date", other, "split-squat", "bw", "12").returncode == 0
    exported = run_legday("history", "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    csv_file = tmp_path / "history.csv"
    csv_file.write_text(exported.stdout)
    assert exported.stdout.startswith("date,entry,status,rpe,note,session_id,exercise,load_kg,reps,logged_at")

    other_state = {"XDG_STATE_HOME": str(tmp_path / "elsewhere")}
    imported = run_legday("log", "--import", str(csv_file), env=other_state)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 3 entries" in imported.stdout
    again = run_legday("history", "--format", "csv", env=other_state)
    assert again.stdout == exported.stdout
    assert json.loads(run_legday("history", "--format", "json", env=other_state).stdout) == \
        json.loads(run_legday("history", "--format", "json").stdout)

    # Into the log it came from: everything is already there.
    same = run_legday("log", "--import", str(csv_file))
    assert same.returncode == 0 and "Imported 0 entries" in same.stdout and "3 already in the log" in same.stdout

    # A bad row stops the import with its line, and nothing of the file is written.
    bad = tmp_path / "bad.csv"
    bad.write_text(exported.stdout + f"{day},sets,,,,,goblet-squatt,16,8,\n")
    refused = run_legday("log", "--import", str(bad), env=other_state)
    assert refused.returncode == 1
    assert f"{bad}:5: unknown exercise \"goblet-squatt\"; did you mean \"goblet-squat\"?" in refused.stderr
    assert run_legday("history", "--format", "csv", env=other_state).stdout == exported.stdout


def logged_at(i):
    """A distinct logging time per row, so every row of a generated import is a new entry."""
    return f"2026-01-{1 + i // 86400:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"


def test_kill_during_a_large_import_leaves_all_or_none(legday, run_legday, config, tmp_path):
    (day, *_), _ = past_days(run_legday, config)
    assert run_legday("log", "--config", config, "--date", day, "done").returncode == 0
    rows = 200_000
    big = tmp_path / "big.csv"
    with big.open("w") as out:
        out.write("date,entry,exercise,load_kg,reps,logged_at\n")
        for i in range(rows):
            out.write(f"{day},sets,goblet-squat,{10 + i % 400 / 4},8 8 {1 + i % 9},{logged_at(i)}\n")

    wal = log_file(run_legday).with_name("log.sqlite-wal")
    assert not wal.exists()  # the last command closed the log cleanly: its WAL was checkpointed away
    process = subprocess.Popen(legday_command(legday, "log", "--import", str(big)),
                               env=legday_environment(run_legday.home), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        # The import is one transaction: its pages reach the WAL only when they no longer fit SQLite's cache
        # (mid-transaction) or at the commit. Wait for that event, then kill.
        deadline = time.monotonic() + 120
        while not (wal.exists() and wal.stat().st_size > 0):
            assert process.poll() is None, ("the import ended before writing", process.communicate())
            assert time.monotonic() < deadline, "the WAL never grew"
            time.sleep(0.001)
        process.kill()
    finally:
        process.wait()
    assert process.returncode == -9

    # The log opens (SQLite rolls the torn transaction back from the WAL) and holds all of the import or none.
    entries = history(run_legday)
    imported = sum(1 for e in entries if e["entry"] == "sets")
    assert imported in (0, rows), imported
    assert [e["status"] for e in entries if e["entry"] == "session"] == ["done"]
    with sqlite3.connect(log_file(run_legday)) as database:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # And it goes on working.
    assert run_legday("log", "--config", config, "--date", day, "goblet-squat", "16kg", "8").returncode == 0
    assert sum(1 for e in history(run_legday) if e["entry"] == "sets") == imported + 1
