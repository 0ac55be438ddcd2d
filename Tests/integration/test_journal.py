"""The journal notifier against a real systemd-journald, read back with journalctl -o json."""

from datetime import date

from conftest import days_from_today, write_config

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
    day = days_from_today(1)
    (tmp_path / "cfg" / "plan.csv").write_text(
        f"date,type,distance_km,title\n{day},intervals,10,6x800 at 5k pace\n")
    result = sandbox.run([legday, "today", "--config", str(config), "--date", day, "--send"],
                         env={"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
                              "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    sandbox.run(["journalctl", "--flush"])

    entries = sandbox.journal(f"MESSAGE_ID={MESSAGE_ID}")
    assert len(entries) == 1, entries
    entry = entries[0]
    assert entry["PRIORITY"] == "5"
    assert entry["SYSLOG_IDENTIFIER"] == "legday"
    assert entry["LEGDAY_DATE"] == day
    assert entry["LEGDAY_KIND"] in {"heavy-lift", "light-lift", "recovery", "rest", "race"}
    assert entry["LEGDAY_REMINDER_ID"] == f"default:{day}:daily"
    # MESSAGE is the title line followed by the body, exactly as `legday today` prints them.
    printed = result.stdout.split("\n")
    assert entry["MESSAGE"].split("\n")[0] == printed[0]
    assert f"{date.fromisoformat(day):%A} {day}" in entry["MESSAGE"]


def test_journal_entry_kind_matches_the_plan(sandbox, legday, tmp_path):
    sandbox.start_journald()
    race_day = days_from_today(60, zone="UTC")
    config = write_config(tmp_path / "cfg", f"""
        [athlete]
        timezone = "UTC"

        [schedule]
        files = []

        [[races]]
        date = {race_day}
        name = "Spring Marathon"
        distance = "marathon"

        [notifiers.log]
        type = "journal"
    """)
    result = sandbox.run([legday, "today", "--config", str(config), "--date", race_day, "--send"],
                         env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    entries = sandbox.journal(f"LEGDAY_DATE={race_day}")
    assert [e["LEGDAY_KIND"] for e in entries] == ["race"]
