"""The example plugins in plugins/, driven through `legday plugins test` and directly, against a loopback
HTTP server (ntfy), a stand-in notify-send on PATH (desktop) and real files (the Swift file plugin)."""

import json
import os
import shutil
import stat
import subprocess
import threading
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
