"""`legday check` on good and broken configs: exit codes, the summary line, and one
`path:line:column: message` line per problem on standard error, never a stack trace."""

import os
import re
import textwrap
from pathlib import Path

import pytest

from conftest import write_config

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")

MINIMAL = """
    [athlete]
    timezone = "Europe/Berlin"
    policy = "stack"            # or "separate"

    [schedule]
    files = ["plan.csv"]        # .toml, .ics or .csv; several merge

    [[races]]
    date = 2027-04-25
    name = "Spring Marathon"
    distance = "marathon"       # 5k, 10k, half, marathon, or km as a number

    [reminders]
    daily_at = "07:00"

    [notifiers.log]
    type = "journal"
    """

PLAN_CSV = "date,type,distance_km,title\n2026-11-23,easy,8,Easy 8 km\n2026-11-25,tempo,10,Tempo 10 km\n"


def problems(result):
    """Parses stderr into (path, line, column, message); fails on any line not in that form."""
    found = []
    for line in result.stderr.splitlines():
        match = LINE.match(line)
        assert match, f"not a path:line:column line: {line!r}"
        found.append((match["path"], int(match["line"]), int(match["column"]), match["message"]))
    return found


def assert_no_trace(result):
    for marker in ("Backtrac", "Fatal error", "Program crashed", "Assertion", "Traceback"):
        assert marker not in result.stderr


def test_minimal_config_is_ok(run_legday, tmp_path):
    (tmp_path / "plan.csv").write_text(PLAN_CSV)
    config = write_config(tmp_path, MINIMAL)
    result = run_legday("check", "--config", str(config))
    assert result.returncode == 0, result.stderr
    summary, entries = result.stdout.strip().split("\n")
    assert re.fullmatch(r"config\.toml: ok — 1 schedule file, 2 runs, 1 race, 1 notifier; "
                        r"next reminder \d{4}-\d\d-\d\d 07:00 Europe/Berlin", summary), summary
    # How the entries were read, counted by what the planner takes them for.
    assert entries == "2 entries: 2 runs", entries


@pytest.mark.parametrize("body, line, column, words", [
    ("[athlete]\ntimzone = \"UTC\"\n", 2, 1, 'unknown key "timzone" in [athlete]'),
    ("[athlete]\ntimezone = 5\n", 2, 12, "expected a string, found an integer"),
    ("[athlete]\ntimezone = \"Mars/Base\"\n", 2, 12, 'unknown time zone "Mars/Base"'),
    ("[[races]]\ndate = \"2027-13-01\"\ndistance = \"10k\"\n", 2, 8, "is not a date"),
    ("[[races]]\ndate = 2027-04-25\ndistance = \"10k\"\n[[races]]\ndate = 2027-05-25\n  distance = \"ultra\"\n",
     6, 14, 'unknown race distance "ultra"'),
    ("[schedule.keywords]\nparkrun = \"sprint\"\n", 2, 11, 'unknown run type "sprint"'),
    ("[schedule]\nfiles = [\"gone.ics\"]\n", 2, 10, "schedule file not found"),
    ("[reminders]\ndaily_at = \"7:00\"\n", 2, 12, "is not a time of day"),
    ("[notifiers.mail]\ntype = \"carrier-pigeon\"\n", 2, 8, 'unknown notifier type "carrier-pigeon"'),
    ("[notifiers.mail]\ntype = \"smtp\"\nport = 587\nhots = \"x\"\n", 4, 1, 'did you mean "host"?'),
    ("[notifiers.log]\ntype = \"journal\"\nfallback = \"log\"\n", 3, 12, "cannot fall back to itself"),
    ("[athlete]\ntimezone = \"UTC\"\npolicy = stack\n", 3, 10, "TOML syntax"),
])
def test_each_problem_names_its_line_and_column(run_legday, tmp_path, body, line, column, words):
    config = tmp_path / "config.toml"
    config.write_text(body)
    result = run_legday("check", "--config", str(config))
    assert result.returncode == 1
    assert result.stdout == ""
    assert_no_trace(result)
    found = problems(result)
    assert len(found) == 1, result.stderr
    path, got_line, got_column, message = found[0]
    assert (path, got_line, got_column) == (str(config), line, column)
    assert words in message


def test_every_problem_is_reported_in_one_run(run_legday, tmp_path):
    config = write_config(tmp_path, """
        [athlete]
        timezone = "Nowhere/Special"
        policy = "whenever"

        [schedule]
        files = ["missing.csv"]

        [[races]]
        date = 2027-04-25
        distance = "marathon"
        colour = "red"

        [reminders]
        daily_at = "25:00"

        [notifiers.log]
        type = "journal"
        fallback = "mail"
        """)
    result = run_legday("check", "--config", str(config))
    assert result.returncode == 1
    assert [line for _, line, _, _ in problems(result)] == [2, 3, 6, 11, 14, 18]


def test_schedule_problems_come_with_config_problems(run_legday, tmp_path):
    (tmp_path / "plan.csv").write_text("date,type,distance_km,title\n2026-02-30,easy,5,Bad day\n")
    config = write_config(tmp_path, """
        [athlete]
        timezone = "Europe/Berlinn"
        [schedule]
        files = ["plan.csv"]
        """)
    result = run_legday("check", "--config", str(config))
    assert result.returncode == 1
    found = problems(result)
    assert (str(config), 2, 12) == found[0][:3]
    assert any(path.endswith("plan.csv") and line == 2 for path, line, _, _ in found), result.stderr


def test_unclassified_titles_are_warnings(run_legday, tmp_path):
    (tmp_path / "plan.csv").write_text("date,type,distance_km,title\n2026-11-24,,,Club night\n2026-11-25,easy,5,Easy\n")
    config = write_config(tmp_path, '[schedule]\nfiles = ["plan.csv"]\n')
    result = run_legday("check", "--config", str(config))
    assert result.returncode == 0, result.stderr
    found = problems(result)
    assert len(found) == 2
    # Half of the file is unknown: a warning for the file, naming the words that would teach legday.
    path, line, _, message = found[0]
    assert path.endswith("plan.csv") and line == 1
    assert message.startswith("warning: 1 of 2 entries (50%) read as unknown")
    assert '"night" = "easy"' in message or '"club" = "easy"' in message
    # And the entry itself, which still takes its day.
    path, line, _, message = found[1]
    assert path.endswith("plan.csv") and line == 2
    assert message.startswith("warning: \"Club night\" on 2026-11-24 read as unknown")
    assert result.stdout.strip().endswith("2 entries: 1 run, 1 unknown")


def test_unprotected_secret_file_is_refused(run_legday, tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("hunter2\n")
    secret.chmod(0o644)
    config = write_config(tmp_path, """
        [notifiers.mail]
        type = "smtp"
        host = "smtp.example.org"
        password_file = "smtp-password"
        username = "runner@example.org"
        from = "runner@example.org"
        to = "runner@example.org"
        """)
    result = run_legday("check", "--config", str(config))
    assert result.returncode == 1
    [(path, line, column, message)] = problems(result)
    assert (path, line, column) == (str(config), 4, 17)
    assert str(secret) in message and "readable by group or others" in message
    assert "hunter2" not in result.stderr + result.stdout
    secret.chmod(0o600)
    assert run_legday("check", "--config", str(config)).returncode == 0


@pytest.mark.parametrize("content", [
    b"",
    b"\x00\x01\x02\xff\xfe binary",
    b"\xc3\x28 not utf-8",
    b"[\x7f",
    b"a = [ } ]",
    b"[[[[[[[[",
    b"x = " + b"[" * 3000 + b"]" * 3000,
    os.urandom(4096),
])
def test_weird_files_never_crash(run_legday, tmp_path, content):
    config = tmp_path / "config.toml"
    config.write_bytes(content)
    result = run_legday("check", "--config", str(config))
    assert result.returncode in (0, 1)
    assert_no_trace(result)
    if result.returncode == 1:
        assert problems(result)


def test_missing_config_file(run_legday, tmp_path):
    result = run_legday("check", "--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 1
    [(path, line, column, message)] = problems(result)
    assert (line, column) == (1, 1) and "not found" in message


def test_config_found_through_LEGDAY_CONFIG_then_XDG(run_legday, tmp_path):
    from_env = write_config(tmp_path / "env", "[athlete]\ntimezone = \"Bad/Zone\"\n")
    result = run_legday("check", env={"LEGDAY_CONFIG": str(from_env)})
    assert result.returncode == 1 and result.stderr.startswith(str(from_env) + ":2:12:")

    xdg = run_legday.home / ".config" / "legday"
    write_config(xdg, "[reminders]\ndaily_at = \"06:30\"\n")
    result = run_legday("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("config.toml: ok")
    assert "06:30" in result.stdout
