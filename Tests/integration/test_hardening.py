"""Hardening on the built binary: what an attacker or a broken machine can do, and that legday holds.
docs/robustness.md lists each case with its bound."""

import json
import os

import pytest

from conftest import days_from_today, write_config

JOURNAL_SOCKET = "/run/systemd/journal/socket"


@pytest.mark.skipif(os.path.exists(JOURNAL_SOCKET), reason="a journald listens on this machine")
def test_journal_without_journald_fails_the_delivery_instead_of_losing_it(run_legday, tmp_path):
    config = write_config(tmp_path, """
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = []

        [notifiers.log]
        type = "journal"
    """)
    result = run_legday("notify", "--config", str(config), "--date", days_from_today(1))
    assert result.returncode != 0
    assert f"log: temporary failure: no journald is listening (no socket at {JOURNAL_SOCKET}); will retry" in result.stdout, result.stdout
    listed = run_legday("outbox", "--config", str(config), "--all", "--format", "json")
    entries = json.loads(listed.stdout)
    assert [e["state"] for e in entries] == ["pending"]

