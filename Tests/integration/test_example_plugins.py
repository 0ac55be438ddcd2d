"""The example plugins in plugins/, driven through `legday plugins test` and directly, against a loopback
HTTP server (ntfy), a stand-in notify-send on PATH (desktop) and real files (the Swift file plugin)."""

import json
import os
import shutil
import signal
import stat
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, write_config

PLUGINS = ROOT / "plugins"
# How a reminder's first line begins (ReminderText.headline).
HEADLINES = ("Heavy lift", "Light lift", "Recovery", "Run only", "Rest day", "Race day")


@pytest.fixture
def plugin_folder(run_legday):
    """$XDG_DATA_HOME/legday/plugins with the three examples installed (mode 0700)."""
    folder = run_legday.home / ".local/share/legday/plugins"
    folder.mkdir(parents=True)
    return folder


def install(folder: Path, source: Path) -> Path:
    target = folder / source.name
    shutil.copyfile(source, target)
    target.chmod(0o700)
    return target


@pytest.fixture
def examples(plugin_folder, legday):
    install(plugin_folder, PLUGINS / "ntfy" / "legday-notify-ntfy")
    install(plugin_folder, PLUGINS / "desktop" / "legday-notify-desktop")
    install(plugin_folder, Path(legday).parent / "legday-notify-file")
    return plugin_folder


class NtfyServer:
    """A loopback HTTP server that records what it is sent and answers from a list of replies."""

    def __init__(self):
        self.requests = []
        self.replies = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, headers = server.replies.pop(0) if server.replies else (200, {})
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                answer = b'{"id":"abc"}' if status == 200 else b'{"error":"nope"}'
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def ntfy():
    server = NtfyServer()
    yield server
    server.close()


def no_config(run_legday):
    return {"LEGDAY_CONFIG": str(run_legday.home / "no-config.toml")}


def sent_title(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Sending: ")).removeprefix("Sending: ")


@pytest.fixture
def envelope(run_legday, plugin_folder):
    """A real envelope, as legday writes it: captured by a plugin that saves its standard input."""
    capture = plugin_folder / "legday-notify-capture"
    saved = run_legday.home / "envelope.json"
    capture.write_text(f"#!/bin/sh\n[ \"$1\" = describe ] && {{ echo '{{\"name\":\"capture\",\"protocols\":[1]}}'; exit 0; }}\n"
                       f"cat > {saved}\n")
    capture.chmod(0o700)
    result = run_legday("plugins", "test", "capture", "--option", "x=1", env=no_config(run_legday))
    assert result.returncode == 0, result.stderr
    capture.unlink()
    return json.loads(saved.read_text())


def test_plugins_list_shows_every_example_with_its_options(run_legday, examples):
    result = run_legday("plugins", "list", env=no_config(run_legday))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"ntfy  {examples}/legday-notify-ntfy" in out
    assert "options: priority, server, token, topic (required)" in out
    assert f"desktop  {examples}/legday-notify-desktop" in out
    assert f"file  {examples}/legday-notify-file" in out
    assert "options: format, path (required)" in out
    assert "problem" not in out


def test_a_world_writable_plugin_is_refused_by_name(run_legday, examples):
    (examples / "legday-notify-ntfy").chmod(0o777)
    listed = run_legday("plugins", "list", env=no_config(run_legday))
    assert f"problem: {examples}/legday-notify-ntfy is writable by others" in listed.stdout
    tried = run_legday("plugins", "test", "ntfy", "--option", "topic=x", env=no_config(run_legday))
    assert tried.returncode == 1
    assert f"{examples}/legday-notify-ntfy is writable by others" in tried.stderr


def test_ntfy_publishes_the_reminder_as_json(run_legday, examples, ntfy):
    result = run_legday("plugins", "test", "ntfy", "--option", "topic=legs", "--option", f"server={ntfy.url}",
                        env=no_config(run_legday))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Outcome: delivered" in result.stdout
    [request] = ntfy.requests
    assert request["path"] == "/"
    body = json.loads(request["body"])
    assert body["topic"] == "legs"
    assert body["title"] == sent_title(result.stdout)
    # Summary first: the day in one line, then the main work.
    assert body["message"].startswith(HEADLINES), body["message"][:80]
    assert "\n" in body["message"]
    assert body["tags"] == ["legday", "heavy-lift"]
    assert "Authorization" not in request["headers"]


def test_ntfy_token_comes_from_a_file_named_in_config(run_legday, examples, ntfy, tmp_path):
    config = write_config(tmp_path / "cfg", f"""
        [athlete]
        timezone = "UTC"

        [schedule]
        files = []

        [notifiers.phone]
        type = "plugin"
        command = "ntfy"
        timeout = 20
        options = {{ topic = "legs", server = "{ntfy.url}", priority = 4, token_file = "ntfy-token" }}
    """)
    token = tmp_path / "cfg" / "ntfy-token"
    token.write_text("tk_secret_42\n")
    token.chmod(0o600)
    result = run_legday("plugins", "test", "phone", "--config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    [request] = ntfy.requests
    assert request["headers"]["Authorization"] == "Bearer tk_secret_42"
    assert json.loads(request["body"])["priority"] == 4
    assert "tk_secret_42" not in result.stdout + result.stderr

    listed = run_legday("plugins", "list", "--config", str(config))
    assert "used by: notifiers.phone" in listed.stdout


def test_ntfy_busy_server_means_try_later_with_its_retry_after(run_legday, examples, ntfy):
    ntfy.replies = [(503, {"Retry-After": "7"})]
    result = run_legday("plugins", "test", "ntfy", "--option", "topic=legs", "--option", f"server={ntfy.url}",
                        env=no_config(run_legday))
    assert result.returncode == 75
    assert "Outcome: temporary failure:" in result.stdout
    assert "HTTP 503" in result.stdout
    assert "(retry after 7.0 s)" in result.stdout
    assert "legday-notify-ntfy: ntfy:" in result.stderr  # the plugin's standard error, tagged with its name


def test_ntfy_refusal_is_permanent(run_legday, examples, ntfy):
    ntfy.replies = [(403, {})]
    result = run_legday("plugins", "test", "ntfy", "--option", "topic=legs", "--option", f"server={ntfy.url}",
                        env=no_config(run_legday))
    assert result.returncode == 1
    assert "Outcome: permanent failure:" in result.stdout
    assert "HTTP 403" in result.stdout


def test_ntfy_unreachable_server_means_try_later(run_legday, examples, ntfy):
    url = ntfy.url
    ntfy.close()
    result = run_legday("plugins", "test", "ntfy", "--option", "topic=legs", "--option", f"server={url}",
                        env=no_config(run_legday))
    assert result.returncode == 75
    assert "cannot reach" in result.stdout


def test_ntfy_without_topic_fails_for_good(examples, envelope):
    envelope["options"] = {}
    result = subprocess.run([str(examples / "legday-notify-ntfy"), "send"], input=json.dumps(envelope),
                            capture_output=True, text=True, timeout=30, env={"PATH": os.environ["PATH"]})
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"status": "failed", "message": "option topic is required"}


@pytest.fixture
def stand_in_notify_send(tmp_path):
    """A notify-send that writes its arguments, as one JSON list, to a file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    record = tmp_path / "notify-send.json"
    script = folder / "notify-send"
    script.write_text(
        "#!/usr/bin/env python3\nimport json, sys\n"
        f"open({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n")
    script.chmod(0o755)
    return folder, record


def test_desktop_shows_the_reminder_through_notify_send(run_legday, examples, stand_in_notify_send):
    folder, record = stand_in_notify_send
    env = no_config(run_legday) | {"PATH": f"{folder}:{os.environ['PATH']}"}
    result = run_legday("plugins", "test", "desktop", "--option", "urgency=critical", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    args = json.loads(record.read_text())
    assert args[:4] == ["--app-name=legday", "--urgency=critical", "--icon=appointment-soon", "--"]
    title, body = args[4:]
    assert title == sent_title(result.stdout)
    assert body.startswith(HEADLINES) and "\n" in body


def test_desktop_summary_and_late_reminders(examples, envelope, stand_in_notify_send):
    folder, record = stand_in_notify_send
    envelope["options"] = {"body": "summary", "expire_seconds": 15}
    envelope["reminder"]["late"] = True
    result = subprocess.run([str(examples / "legday-notify-desktop"), "send"], input=json.dumps(envelope),
                            capture_output=True, text=True, timeout=30,
                            env={"PATH": f"{folder}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    args = json.loads(record.read_text())
    assert "--expire-time=15000" in args
    assert args[-2] == envelope["reminder"]["title"] + " (late)"
    assert args[-1] == envelope["reminder"]["body"].split("\n\n")[0]


def test_desktop_without_a_session_bus_means_try_later(run_legday, examples, tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    failing = folder / "notify-send"
    failing.write_text("#!/bin/sh\necho 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2\nexit 1\n")
    failing.chmod(0o755)
    env = no_config(run_legday) | {"PATH": f"{folder}:{os.environ['PATH']}"}
    result = run_legday("plugins", "test", "desktop", env=env)
    assert result.returncode == 75
    assert "notify-send failed: Cannot autolaunch D-Bus" in result.stdout


def test_file_plugin_appends_each_delivery_once(examples, envelope, tmp_path):
    log = tmp_path / "reminders.txt"
    envelope["options"] = {"path": str(log)}
    for _ in range(2):
        result = subprocess.run([str(examples / "legday-notify-file"), "send"], input=json.dumps(envelope),
                                capture_output=True, text=True, timeout=30, env={})
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["status"] == "delivered"
    text = log.read_text()
    assert text.count(f"[{envelope['delivery_id']}]") == 1
    assert envelope["reminder"]["title"] in text
    assert envelope["reminder"]["body"] in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600

    envelope["delivery_id"] = "another"
    subprocess.run([str(examples / "legday-notify-file"), "send"], input=json.dumps(envelope), text=True,
                   capture_output=True, timeout=30, env={}, check=True)
    assert log.read_text().count(envelope["reminder"]["title"]) == 2


def test_file_plugin_writes_json_lines(run_legday, examples, tmp_path):
    log = tmp_path / "reminders.jsonl"
    result = run_legday("plugins", "test", "file", "--option", f"path={log}", "--option", "format=jsonl",
                        env=no_config(run_legday))
    assert result.returncode == 0, result.stdout + result.stderr
    [line] = log.read_text().splitlines()
    entry = json.loads(line)
    assert entry["reminder"]["title"] == sent_title(result.stdout)
    assert entry["reminder"]["day"]["kind"] == "heavy-lift"
    assert entry["delivery_id"].endswith(":test")


def test_file_plugin_option_errors_are_permanent(run_legday, examples, tmp_path):
    result = run_legday("plugins", "test", "file", "--option", f"path={tmp_path}/missing/r.txt",
                        env=no_config(run_legday))
    assert result.returncode == 1
    assert f"Outcome: permanent failure: the folder {tmp_path}/missing does not exist" in result.stdout
    bad = run_legday("plugins", "test", "file", "--option", f"path={tmp_path}/r.txt", "--option", "format=xml",
                     env=no_config(run_legday))
    assert bad.returncode == 1
    assert 'option "format" must be "text" or "jsonl"' in bad.stdout


# --- desktop: Done and Skip, which run `legday log` from the notification -----------------------------

# What `notify-send --help` says about actions in libnotify 0.7.10 and later, and in 0.7.9 and earlier.
NEW_HELP = """Usage:
  notify-send [OPTION…] <SUMMARY> [BODY] - create a notification

Application Options:
  -u, --urgency=LEVEL               Specifies the urgency level (low, normal, critical).
  -t, --expire-time=TIME            Specifies the timeout in milliseconds at which to expire the notification.
  -a, --app-name=APP_NAME           Specifies the app name for the icon
  -i, --icon=ICON                   Specifies an icon filename or stock icon to display.
  -p, --print-id                    Print the notification ID.
  -r, --replace-id=REPLACE_ID       The ID of the notification to replace.
  -w, --wait                        Wait for the notification to be closed before exiting.
  -A, --action=[NAME=]Text...       Specifies the actions to display to the user.
"""
OLD_HELP = """Usage:
  notify-send [OPTION…] <SUMMARY> [BODY] - create a notification

Application Options:
  -u, --urgency=LEVEL               Specifies the urgency level (low, normal, critical).
  -t, --expire-time=TIME            Specifies the timeout in milliseconds at which to expire the notification.
  -a, --app-name=APP_NAME           Specifies the app name for the icon
  -i, --icon=ICON[,ICON...]         Specifies an icon filename or stock icon to display.
"""


def wait_for(condition, what: str, timeout: float = 30):
    """Polls `condition` until it returns something true, and returns that; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as ended: its parent, timeout(1), may not have reaped it yet)."""
    try:
        with open(f"/proc/{pid}/stat") as stat_file:
            return stat_file.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class ActingNotifySend:
    """A stand-in notify-send on PATH. `--help` prints `help`. Every other call appends a JSON line to
    `calls` (its arguments, pid, session, process group, open descriptors and LEGDAY_BIN). A call with
    --print-id prints `shown_id` at once, then waits until the test "clicks" (`click`), and prints the
    name of the button clicked, as libnotify's notify-send does."""

    def __init__(self, tmp_path: Path, help_text: str = NEW_HELP, shown_id: int = 42):
        self.folder = tmp_path / "bin"
        self.folder.mkdir()
        self.calls_file = tmp_path / "notify-send.jsonl"
        self.gate = tmp_path / "clicked"
        script = self.folder / "notify-send"
        script.write_text(f"""#!/usr/bin/env python3
import json, os, sys, time
args = sys.argv[1:]
if args == ["--help"]:
    sys.stdout.write({help_text!r})
    sys.exit(0)
fds = {{}}
for fd in os.listdir("/proc/self/fd"):
    try:
        fds[fd] = os.readlink("/proc/self/fd/" + fd)
    except OSError:
        pass
call = {{"args": args, "pid": os.getpid(), "sid": os.getsid(0), "pgid": os.getpgid(0), "fds": fds,
        "legday_bin": os.environ.get("LEGDAY_BIN")}}
with open({str(self.calls_file)!r}, "a") as calls:
    calls.write(json.dumps(call) + "\\n")
if "--print-id" in args:
    print({shown_id}, flush=True)
    if {shown_id} == 0:
        print("GDBus.Error: the name org.freedesktop.Notifications was not provided", file=sys.stderr, flush=True)
    deadline = time.monotonic() + 120
    while not os.path.exists({str(self.gate)!r}) and time.monotonic() < deadline:
        time.sleep(0.02)
    choice = open({str(self.gate)!r}).read() if os.path.exists({str(self.gate)!r}) else ""
    if choice:
        print(choice, flush=True)
""")
        script.chmod(0o755)

    def calls(self) -> list:
        if not self.calls_file.exists():
            return []
        return [json.loads(line) for line in self.calls_file.read_text().splitlines(keepends=True)
                if line.endswith("\n")]

    def click(self, choice: str):
        """Presses a button ("done", "skip"), or with "" closes the notification."""
        partial = self.gate.with_suffix(".partial")
        partial.write_text(choice)
        partial.replace(self.gate)

    def waiter_calls(self) -> list:
        return [call for call in self.calls() if "--print-id" in call["args"]]

    def end_waiters(self):
        """Ends every waiter still running (their process groups), so no test leaves one behind."""
        for call in self.waiter_calls():
            try:
                os.killpg(call["pgid"], signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


@pytest.fixture
def acting_notify_send(tmp_path):
    stand_in = ActingNotifySend(tmp_path)
    yield stand_in
    stand_in.end_waiters()


@pytest.fixture
def stand_in_legday(tmp_path):
    """A legday that records its arguments (as one JSON list, written whole) and says it logged the day."""
    script = tmp_path / "legday-stand-in"
    record = tmp_path / "legday-args.json"
    script.write_text(
        "#!/usr/bin/env python3\nimport json, os, sys\n"
        f"open({str(record)!r} + '.partial', 'w').write(json.dumps(sys.argv[1:]))\n"
        f"os.replace({str(record)!r} + '.partial', {str(record)!r})\n"
        "print('Logged ' + sys.argv[3] + ': ' + sys.argv[4])\n")
    script.chmod(0o755)
    return script, record


def send_desktop(examples, envelope, folder: Path, tmp_path: Path, **env):
    """Runs the desktop plugin's send directly; returns (CompletedProcess, seconds it took)."""
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    environment = {"PATH": f"{folder}:{os.environ['PATH']}", "TMPDIR": str(scratch), "LEGDAY_TIMEOUT": "30"} | env
    started = time.monotonic()
    result = subprocess.run([str(examples / "legday-notify-desktop"), "send"], input=json.dumps(envelope),
                            capture_output=True, text=True, timeout=60, env=environment)
    return result, time.monotonic() - started


@pytest.mark.parametrize("button, status", [("done", "done"), ("skip", "skipped")])
def test_desktop_done_and_skip_log_the_session_after_delivery(examples, envelope, acting_notify_send,
                                                               stand_in_legday, tmp_path, button, status):
    legday_script, record = stand_in_legday
    assert envelope["reminder"]["moment"] == "daily" and envelope["reminder"]["kind"] == "heavy-lift"
    date = envelope["reminder"]["date"]
    result, seconds = send_desktop(examples, envelope, acting_notify_send.folder, tmp_path,
                                   LEGDAY_BIN=str(legday_script))

    # Delivered while notify-send still waits for the click: the plugin did not wait for the user.
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"status": "delivered", "message": "shown on the desktop, with Done and Skip"}
    assert seconds < 10
    assert not record.exists()
    [call] = acting_notify_send.calls()
    args = call["args"]
    assert args[:3] == ["--app-name=legday", "--urgency=normal", "--icon=appointment-soon"]
    assert args[3:7] == ["--action=done=Done", "--action=skip=Skip", "--wait", "--print-id"]
    assert args[7:] == ["--", envelope["reminder"]["title"], envelope["reminder"]["body"]]
    assert alive(call["pid"])
    # The waiter is in a session (and process group) of its own, with nothing of the plugin's open.
    assert call["sid"] == call["pgid"] != os.getsid(0)
    assert call["fds"]["0"] == "/dev/null"
    assert not [target for target in call["fds"].values() if target.startswith(("pipe:", "socket:"))], call["fds"]

    acting_notify_send.click(button)
    logged = wait_for(lambda: record.exists() and json.loads(record.read_text()), "the stand-in legday to run")
    assert logged == ["log", "--date", date, status]
    confirmed = wait_for(lambda: acting_notify_send.calls()[1:], "the confirmation")[0]["args"]
    assert confirmed[-2:] == [f"Logged: {status}", f"Logged {date}: {status}"]
    # Then the waiter ends and removes its folder.
    wait_for(lambda: not alive(call["pid"]) and not list((tmp_path / "scratch").iterdir()), "the waiter to end")


def test_desktop_a_failed_log_is_shown(examples, envelope, acting_notify_send, tmp_path):
    failing = tmp_path / "legday-failing"
    failing.write_text("#!/bin/sh\necho 'legday: 2026-11-23 is a rest day; nothing to log' >&2\nexit 1\n")
    failing.chmod(0o755)
    result, _ = send_desktop(examples, envelope, acting_notify_send.folder, tmp_path, LEGDAY_BIN=str(failing))
    assert result.returncode == 0, result.stderr
    acting_notify_send.click("done")
    shown = wait_for(lambda: acting_notify_send.calls()[1:], "the error notification")[0]["args"]
    assert shown[-2:] == ["legday log failed", "legday: 2026-11-23 is a rest day; nothing to log"]


def test_desktop_waiter_outlives_the_plugin_run_by_legday(run_legday, legday, examples, acting_notify_send):
    """Through legday, which SIGKILLs the plugin's process group once the plugin exits: the waiter lives
    on, and legday told the plugin where it is (LEGDAY_BIN)."""
    env = no_config(run_legday) | {"PATH": f"{acting_notify_send.folder}:{os.environ['PATH']}"}
    result = run_legday("plugins", "test", "desktop", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Outcome: delivered" in result.stdout
    [call] = acting_notify_send.calls()
    assert "--action=done=Done" in call["args"]
    assert call["legday_bin"] == os.path.realpath(legday)
    assert alive(call["pid"])
    acting_notify_send.click("")  # closed without a choice: nothing is logged
    wait_for(lambda: not alive(call["pid"]), "the waiter to end")
    assert len(acting_notify_send.calls()) == 1


@pytest.mark.parametrize("change", ["rest day", "evening", "weekly", "actions = false", "no legday"])
def test_desktop_shows_no_actions_where_there_is_nothing_to_log(examples, envelope, acting_notify_send,
                                                                 stand_in_legday, tmp_path, change):
    legday_script, record = stand_in_legday
    env = {"LEGDAY_BIN": str(legday_script)}
    if change == "rest day":
        envelope["reminder"]["kind"] = "rest"
    elif change in ("evening", "weekly"):
        envelope["reminder"]["moment"] = change
    elif change == "actions = false":
        envelope["options"] = {"actions": False}
    else:
        env = {"LEGDAY_BIN": str(tmp_path / "missing")}  # and no legday on PATH
    result, _ = send_desktop(examples, envelope, acting_notify_send.folder, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["message"] == "shown on the desktop"
    [call] = acting_notify_send.calls()
    assert call["args"] == ["--app-name=legday", "--urgency=normal", "--icon=appointment-soon", "--",
                            envelope["reminder"]["title"], envelope["reminder"]["body"]]
    assert not record.exists()


def test_desktop_old_notify_send_shows_the_reminder_without_actions(examples, envelope, stand_in_legday, tmp_path):
    legday_script, _ = stand_in_legday
    old = ActingNotifySend(tmp_path, help_text=OLD_HELP)
    result, _ = send_desktop(examples, envelope, old.folder, tmp_path, LEGDAY_BIN=str(legday_script))
    assert result.returncode == 0, result.stderr
    [call] = old.calls()
    assert not [arg for arg in call["args"] if arg.startswith(("--action", "--wait", "--print-id"))]
    assert call["args"][-2:] == [envelope["reminder"]["title"], envelope["reminder"]["body"]]


def test_desktop_actions_option_must_be_a_boolean(examples, envelope, acting_notify_send, tmp_path):
    envelope["options"] = {"actions": "yes"}
    result, _ = send_desktop(examples, envelope, acting_notify_send.folder, tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout)["message"] == "option actions must be true or false"


def test_desktop_notification_not_shown_means_try_later_and_no_waiter(examples, envelope, stand_in_legday, tmp_path):
    """notify-send prints id 0 when the notification could not be shown, and then waits for ever: the
    plugin ends the waiter and asks legday to try again later."""
    legday_script, record = stand_in_legday
    broken = ActingNotifySend(tmp_path, shown_id=0)
    try:
        result, _ = send_desktop(examples, envelope, broken.folder, tmp_path, LEGDAY_BIN=str(legday_script))
        assert result.returncode == 75, result.stderr
        outcome = json.loads(result.stdout)
        assert outcome["status"] == "try-later"
        assert "GDBus.Error" in outcome["message"] or "could not show" in outcome["message"]
        [call] = broken.calls()
        wait_for(lambda: not alive(call["pid"]), "the waiter to be ended")
        assert not list((tmp_path / "scratch").iterdir())
        assert not record.exists()
    finally:
        broken.end_waiters()
