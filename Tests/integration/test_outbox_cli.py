"""`legday notify` and `legday outbox` on the built binary: sending through the outbox, never twice."""

import json
from datetime import date

from conftest import days_from_today, write_config

CONFIG = """
    [athlete]
    timezone = "Europe/Berlin"

    [schedule]
    files = []

    [notifiers.out]
    type = "stdout"

    [notifiers.also]
    type = "stdout"
    fallback = "out"
    timeout = 5
"""


def outbox_file(run_legday):
    return run_legday.home / ".local/state/legday/outbox.sqlite"


def test_notify_sends_once_and_says_already_delivered(run_legday, tmp_path):
    config = str(write_config(tmp_path, CONFIG))
    day = days_from_today(1)
    heading = f"{date.fromisoformat(day):%A} {day}"
    first = run_legday("notify", "--config", config, "--date", day)
    assert first.returncode == 0, first.stderr
    assert "  out: delivered" in first.stdout and "  also: delivered" in first.stdout
    # The stdout notifiers printed the reminder, each once.
    assert first.stdout.count(heading) == 3  # two notifiers and the heading
    assert outbox_file(run_legday).exists()

    second = run_legday("notify", "--config", config, "--date", day, "--notifier", "out")
    assert second.returncode == 0, second.stderr
    assert "out: already delivered at" in second.stdout
    assert second.stdout.count(heading) == 1  # only the heading: nothing sent

    listed = run_legday("outbox", "--config", config, "--all", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert sorted(e["id"] for e in entries) == [f"default:{day}:daily:also", f"default:{day}:daily:out"]
    assert all(e["state"] == "delivered" and e["attempts"] == 1 for e in entries)

    # Nothing is pending, failed or expired.
    plain = run_legday("outbox")
    assert plain.returncode == 0
    assert "Nothing pending, failed or expired." in plain.stdout
    assert json.loads(run_legday("outbox", "--format", "json").stdout) == []


def test_notify_test_always_sends_with_its_own_id(run_legday, tmp_path):
    config = str(write_config(tmp_path, CONFIG))
    for _ in range(2):
        result = run_legday("notify", "--config", config, "--test", "--notifier", "also")
        assert result.returncode == 0, result.stderr
        assert "  also: delivered" in result.stdout
        assert "Test from legday" in result.stdout
    entries = json.loads(run_legday("outbox", "--all", "--format", "json").stdout)
    assert len(entries) == 2
    assert len({e["id"] for e in entries}) == 2
    assert all(":test-" in e["id"] and e["notifier"] == "also" for e in entries)


def test_retry_refuses_what_is_delivered_or_unknown(run_legday, tmp_path):
    config = str(write_config(tmp_path, CONFIG))
    assert run_legday("notify", "--config", config, "--notifier", "out").returncode == 0
    delivered = json.loads(run_legday("outbox", "--all", "--format", "json").stdout)[0]["id"]
    again = run_legday("outbox", "retry", delivered, "--config", config)
    assert again.returncode == 1
    assert "already delivered" in again.stderr
    unknown = run_legday("outbox", "retry", "nope:2026-01-01:daily:out", "--config", config)
    assert unknown.returncode == 1
    assert "no delivery with id nope:2026-01-01:daily:out" in unknown.stderr


def test_an_unknown_notifier_or_fallback_is_a_clear_error(run_legday, tmp_path):
    config = str(write_config(tmp_path, CONFIG))
    result = run_legday("notify", "--config", config, "--notifier", "pager")
    assert result.returncode == 1
    assert 'no notifier named "pager"' in result.stderr
    assert "Traceback" not in result.stderr and "Fatal error" not in result.stderr

    bad = str(write_config(tmp_path / "bad", CONFIG.replace('fallback = "out"', 'fallback = "pager"')))
    result = run_legday("notify", "--config", bad)
    assert result.returncode == 1
    assert "config.toml:" in result.stderr and "notifiers.also.fallback" in result.stderr
    assert not outbox_file(run_legday).exists() or "delivered" not in run_legday("outbox", "--all").stdout


def test_a_damaged_outbox_is_moved_aside_and_replaced(run_legday, tmp_path):
    config = str(write_config(tmp_path, CONFIG))
    path = outbox_file(run_legday)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not an SQLite database" * 300)
    result = run_legday("notify", "--config", config, "--notifier", "out")
    assert result.returncode == 0, result.stderr
    assert "the outbox database was damaged" in result.stderr
    aside = list(path.parent.glob("outbox.sqlite.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not an SQLite database")
    assert "out: delivered" in result.stdout
    # The new outbox works and the next run finds nothing wrong.
    again = run_legday("outbox", "--all")
    assert again.returncode == 0 and "damaged" not in again.stderr
    assert "default:" in again.stdout
