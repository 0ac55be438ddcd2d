"""Hardening on the built binary: what an attacker or a broken machine can do, and that legday holds.
docs/robustness.md lists each case with its bound."""

import json
import os
import stat

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



BASE = """
    [athlete]
    timezone = "Europe/Berlin"

    [schedule]
    files = []

"""

# Tables `legday run` refuses; `legday check` must refuse each with the same problem at the same place.
REFUSED_BY_RUN = {
    "group-writable plugin": ('[notifiers.phone]\ntype = "plugin"\ncommand = "./legday-notify-loose"\n',
                              "is writable by its group"),
    "plain SMTP to a remote host": ('[notifiers.mail]\ntype = "smtp"\nhost = "mail.example.org"\nsecurity = "none"\n'
                                    'from = "a@example.org"\nto = "b@example.org"\n',
                                    'security = "none" sends mail and passwords in clear'),
    "absurd timeout": ('[notifiers.hook]\ntype = "webhook"\nurl = "https://example.org/h"\n'
                       'secret_credential = "webhook-secret"\ntimeout = 1e300\n', "must be above 0 s and at most 600 s"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_BY_RUN))
def test_check_refuses_exactly_what_run_refuses(run_legday, tmp_path, case):
    table, words = REFUSED_BY_RUN[case]
    loose = tmp_path / "legday-notify-loose"
    loose.write_text("#!/bin/sh\nexit 0\n")
    loose.chmod(0o775)
    config = write_config(tmp_path, BASE + table)
    checked = run_legday("check", "--config", str(config))
    started = run_legday("run", "--config", str(config), timeout=60)
    assert checked.returncode == 1 and started.returncode != 0
    check_lines = [line for line in checked.stderr.splitlines() if words in line]
    run_lines = [line for line in started.stderr.splitlines() if words in line]
    assert check_lines, checked.stderr[-2000:]
    assert check_lines == run_lines, (checked.stderr[-2000:], started.stderr[-2000:])
    assert str(config) in check_lines[0]


def test_a_webhook_secret_credential_passes_check_and_is_read_inside_the_service(run_legday, tmp_path):
    config = write_config(tmp_path, BASE + '[notifiers.hook]\ntype = "webhook"\nurl = "https://example.org/h"\n'
                                          'secret_credential = "webhook-secret"\n')
    # Outside the service there are no credentials to read: not a problem for check.
    assert run_legday("check", "--config", str(config)).returncode == 0
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "webhook-secret").write_text("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n")
    inside = run_legday("check", "--config", str(config), env={"CREDENTIALS_DIRECTORY": str(credentials)})
    assert inside.returncode == 0, inside.stderr
    (credentials / "webhook-secret").write_text("not a webhook secret\n")
    bad = run_legday("check", "--config", str(config), env={"CREDENTIALS_DIRECTORY": str(credentials)})
    assert bad.returncode == 1
    assert "is not a Standard Webhooks secret" in bad.stderr


def test_a_loose_state_folder_and_outbox_are_tightened(run_legday, tmp_path):
    state = run_legday.home / ".local/state/legday"
    state.mkdir(parents=True)
    state.chmod(0o755)
    config = write_config(tmp_path, BASE + '[notifiers.out]\ntype = "stdout"\n')
    assert run_legday("notify", "--config", str(config), "--date", days_from_today(1)).returncode == 0
    outbox = state / "outbox.sqlite"
    outbox.chmod(0o644)
    assert run_legday("outbox", "--config", str(config)).returncode == 0
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o600


def test_control_characters_from_a_plugin_are_shown_not_sent_to_the_terminal(run_legday, tmp_path):
    plugin = tmp_path / "legday-notify-loud"
    plugin.write_text("#!/bin/sh\n"
                      "[ \"$1\" = describe ] && { echo '{\"name\":\"loud\",\"protocols\":[1]}'; exit 0; }\n"
                      "printf '{\"status\":\"failed\",\"message\":\"\\\\u001b]0;owned\\\\u0007 boom\"}\\n'\n"
                      "exit 1\n")
    plugin.chmod(0o700)
    config = write_config(tmp_path, BASE + '[notifiers.loud]\ntype = "plugin"\ncommand = "./legday-notify-loud"\n')
    result = run_legday("notify", "--config", str(config), "--date", days_from_today(1))
    listed = run_legday("outbox", "--config", str(config), "--all")
    for output in (result.stdout + result.stderr, listed.stdout + listed.stderr):
        assert "\x1b" not in output and "\x07" not in output
    assert "\\u{1B}]0;owned\\u{7} boom" in result.stdout, result.stdout
    assert "\\u{1B}]0;owned\\u{7} boom" in listed.stdout, listed.stdout
