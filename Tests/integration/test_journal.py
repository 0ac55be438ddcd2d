"""The journal notifier against a real systemd-journald, read back with journalctl -o json."""

from conftest import write_config

MESSAGE_ID = "7c1e0a4d2f8b4c39a6e5d1b3f0a9c2e8"


def test_reminder_reaches_the_journal_with_its_fields(sandbox, legday, tmp_path):
    sandbox.start_journald()
    config = write_config(tmp_path / "cfg", """
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = ["plan.csv"]

        [reminders]
        daily_at = "07:00"

        [notifiers.log]
        type = "journal"
    """)
    (tmp_path / "cfg" / "plan.csv").write_text(
        "date,type,distance_km,title\n2026-11-24,intervals,10,6x800 at 5k pace\n")
    result = sandbox.run([legday, "today", "--config", str(config), "--date", "2026-11-24", "--send"],
                         env={"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
                              "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    sandbox.run(["journalctl", "--flush"])

    entries = sandbox.journal(f"MESSAGE_ID={MESSAGE_ID}")
    assert len(entries) == 1, entries
    entry = entries[0]
    assert entry["PRIORITY"] == "5"
    assert entry["SYSLOG_IDENTIFIER"] == "legday"
    assert entry["LEGDAY_DATE"] == "2026-11-24"
    assert entry["LEGDAY_KIND"] in {"heavy-lift", "light-lift", "recovery", "rest", "race"}
    assert entry["LEGDAY_REMINDER_ID"] == "default:2026-11-24:daily"
    # MESSAGE is the title line followed by the body, exactly as `legday today` prints them.
    printed = result.stdout.split("\n")
    assert entry["MESSAGE"].split("\n")[0] == printed[0]
    assert "Tuesday 2026-11-24" in entry["MESSAGE"]


def test_journal_entry_kind_matches_the_plan(sandbox, legday, tmp_path):
    sandbox.start_journald()
    config = write_config(tmp_path / "cfg", """
        [athlete]
        timezone = "UTC"

        [schedule]
        files = []

        [[races]]
        date = 2027-04-25
        name = "Spring Marathon"
        distance = "marathon"

        [notifiers.log]
        type = "journal"
    """)
    result = sandbox.run([legday, "today", "--config", str(config), "--date", "2027-04-25", "--send"],
                         env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    entries = sandbox.journal("LEGDAY_DATE=2027-04-25")
    assert [e["LEGDAY_KIND"] for e in entries] == ["race"]
