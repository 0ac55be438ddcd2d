"""Numbers bounded at the edge: every duration or count from config.toml or from a plugin is range-checked
where it is read. A saved config with an absurd value is refused by `legday check`, and a running daemon
that reloads it keeps its old configuration instead of trapping in an integer conversion."""

import os
import subprocess

import pytest

from conftest import legday_command, legday_environment, write_config
from test_faults import NotifySocket, basic_config, replace_by_rename, start_daemon, stop

WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

# (type, the table's other keys, the bad timeout as written in TOML)
BAD_TIMEOUTS = [
    ("webhook", 'url = "http://127.0.0.1:9/hook"\nsecret_file = "webhook-secret"', "1e300"),
    ("webhook", 'url = "http://127.0.0.1:9/hook"\nsecret_file = "webhook-secret"', "1e10"),
    ("smtp", 'host = "127.0.0.1"\nsecurity = "none"\nfrom = "a@example.org"\nto = "b@example.org"', "1e300"),
    ("smtp", 'host = "127.0.0.1"\nsecurity = "none"\nfrom = "a@example.org"\nto = "b@example.org"',
     '"99999999999999999999999d"'),
    ("plugin", 'command = "/bin/true"', "1e300"),
]


def config_with(folder, notifier_type: str, keys: str, timeout: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "webhook-secret").write_text(WEBHOOK_SECRET + "\n")
    (folder / "webhook-secret").chmod(0o600)
    notifiers = f'[notifiers.out]\ntype = "stdout"\n\n[notifiers.bad]\ntype = "{notifier_type}"\n{keys}\ntimeout = {timeout}\n'
    return basic_config(folder, notifiers=notifiers)


@pytest.mark.parametrize("notifier_type, keys, timeout", BAD_TIMEOUTS)
def test_check_refuses_a_timeout_out_of_range_at_its_line_and_column(legday, tmp_path, notifier_type, keys, timeout):
    (tmp_path / "plan.csv").write_text("date,type,distance_km,title\n")
    config = config_with(tmp_path, notifier_type, keys, timeout)
    line = config.read_text().splitlines().index(f"timeout = {timeout}") + 1
    result = subprocess.run(legday_command(legday, "check", "--config", str(config)),
                            env=legday_environment(tmp_path / "home"), capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{config}:{line}:11: notifiers.bad.timeout: must be above 0 s and at most" in output, output[-3000:]
    assert "Fatal error" not in output


@pytest.mark.real_clock
@pytest.mark.parametrize("notifier_type, keys, timeout", BAD_TIMEOUTS)
def test_a_reload_with_a_bad_timeout_keeps_the_daemon_on_its_old_config(legday, tmp_path, notifier_type, keys, timeout):
    home = tmp_path / "home"
    (tmp_path / "plan.csv").write_text("date,type,distance_km,title\n2026-12-01,easy,6,easy 6 km\n")
    config = basic_config(tmp_path)
    good = config.read_text()
    # The same folder's files (schedule, secret), only the notifiers differ.
    bad = config_with(tmp_path / "bad", notifier_type, keys, timeout).read_text()
    (tmp_path / "webhook-secret").write_text(WEBHOOK_SECRET + "\n")
    (tmp_path / "webhook-secret").chmod(0o600)
    notify = NotifySocket(tmp_path / "notify.sock")
    daemon = start_daemon(legday, config, home, notify)
    try:
        notify.wait_for("READY=1")
        replace_by_rename(config, bad)
        failed = notify.wait_for("STATUS=Reload failed")
        assert "running on the previous configuration" in failed
        assert daemon.poll() is None
        replace_by_rename(config, good)
        notify.wait_for("STATUS=Reloaded configuration")
        assert daemon.poll() is None
    finally:
        errors = stop(daemon)
        notify.close()
    assert "notifiers.bad.timeout: must be above 0 s and at most" in errors
    assert "Fatal error" not in errors


def test_plugins_list_survives_a_describe_with_absurd_protocol_numbers(legday, tmp_path):
    home = tmp_path / "home"
    folder = home / ".local/share/legday/plugins"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o700)
    plugin = folder / "legday-notify-odd"
    plugin.write_text("#!/bin/sh\necho '{\"name\":\"odd\",\"protocols\":[1e300]}'\n")
    plugin.chmod(0o700)
    result = subprocess.run(legday_command(legday, "plugins", "list"),
                            env=legday_environment(home, LEGDAY_CONFIG=str(home / "no-config.toml")),
                            capture_output=True, text=True, timeout=60)
    assert "Fatal error" not in result.stderr
    assert "not a whole number from 1 to 1000" in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]
