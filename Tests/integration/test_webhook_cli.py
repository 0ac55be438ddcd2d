"""Webhooks from the built binary: `legday notify --test --notifier hook` and `legday outbox retry` against
`webhook_receiver.py` on 127.0.0.1, with every signature checked by the reference `standardwebhooks`
package, in the receiver and again here. (The notifier's own cases, Swift-level, are in
Tests/LegdayWebhookTests; this is the proof that the shipped command line signs, retries under the same
webhook-id, and reports.)"""

import base64
import datetime
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import legday_command, legday_environment, write_config
import testclock

RECEIVER = Path(__file__).resolve().parent / "webhook_receiver.py"


@pytest.fixture
def receiver(tmp_path):
    """The receiver as a child process; yields (base URL, secret, function reading what it got)."""
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    log = tmp_path / "receiver.jsonl"
    env = dict(os.environ, RECEIVER_LOG=str(log), WEBHOOK_SECRETS=secret)
    process = subprocess.Popen([sys.executable, str(RECEIVER)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        port = int(process.stdout.readline().split()[1])

        def received():
            if not log.exists():
                return []
            return [json.loads(line) for line in log.read_text().splitlines()]

        yield f"http://127.0.0.1:{port}", secret, received
    finally:
        process.terminate()
        process.wait(10)


def setup(tmp_path, url, secret):
    (tmp_path / "webhook-secret").write_text(secret + "\n")
    (tmp_path / "webhook-secret").chmod(0o600)
    config = write_config(tmp_path, f"""
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = []

        [notifiers.hook]
        type = "webhook"
        url = "{url}"
        secret_file = "webhook-secret"
        format = "json"
        timeout = 5
    """)

    def legday(*args):
        binary = os.environ.get("LEGDAY") or str(Path(__file__).resolve().parents[2] / ".build/debug/legday")
        return subprocess.run(legday_command(binary, *args, "--config", str(config)), capture_output=True, text=True, timeout=60,
                              env=legday_environment(tmp_path / "home"))

    return legday


def check_signature(request, secret):
    """Verifies again here, with the reference package, on the exact body the receiver logged."""
    testclock.verify_standard_webhook(secret, request["body"].encode(), request["headers"])
    assert request["verified_with"] == [0], request["verify_error"]


def outbox(legday):
    result = legday("outbox", "--all", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_test_reminder_arrives_signed(tmp_path, receiver):
    base, secret, received = receiver
    legday = setup(tmp_path, f"{base}/ok", secret)
    result = legday("notify", "--test", "--notifier", "hook")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  hook: delivered" in result.stdout
    [request] = received()
    check_signature(request, secret)
    [entry] = outbox(legday)
    assert entry["state"] == "delivered" and ":test-" in entry["id"]
    assert request["headers"]["webhook-id"] == entry["id"]
    assert request["headers"]["content-type"] == "application/json"
    body = json.loads(request["body"])
    assert body["type"] == "legday.reminder"
    assert body["data"]["title"] == result.stdout.splitlines()[0]
    assert abs(int(request["headers"]["webhook-timestamp"]) - testclock.now().timestamp()) < 120


def test_500_then_200_is_retried_under_the_same_webhook_id(tmp_path, receiver):
    base, secret, received = receiver
    legday = setup(tmp_path, f"{base}/flaky", secret)
    first = legday("notify", "--test", "--notifier", "hook")
    assert first.returncode == 1
    assert "  hook: temporary failure" in first.stdout and "500" in first.stdout
    [pending] = outbox(legday)
    assert pending["state"] == "pending" and pending["attempts"] == 1
    assert f"[{pending['id']}]" in first.stdout and "will retry at" in first.stdout

    second = legday("outbox", "retry", pending["id"])
    assert second.returncode == 0, second.stdout + second.stderr
    assert "hook: delivered" in second.stdout
    requests = received()
    assert len(requests) == 2
    for request in requests:
        check_signature(request, secret)
        assert request["headers"]["webhook-id"] == pending["id"]
    [delivered] = outbox(legday)
    assert delivered["state"] == "delivered"


def test_429_waits_at_least_as_long_as_retry_after_says(tmp_path, receiver):
    base, secret, received = receiver
    legday = setup(tmp_path, f"{base}/busy", secret)
    # The outbox lists instants to the whole second (rounded down): compare with `before` rounded down too.
    before = testclock.now().replace(microsecond=0)
    result = legday("notify", "--test", "--notifier", "hook")
    assert result.returncode == 1
    assert "  hook: temporary failure" in result.stdout and "429" in result.stdout
    [pending] = outbox(legday)
    next_attempt = datetime.datetime.fromisoformat(pending["nextAttemptAt"].replace("Z", "+00:00"))
    assert next_attempt >= before + datetime.timedelta(seconds=7)
    check_signature(received()[0], secret)


def test_410_is_permanent_and_fails_the_command(tmp_path, receiver):
    base, secret, received = receiver
    legday = setup(tmp_path, f"{base}/gone", secret)
    result = legday("notify", "--test", "--notifier", "hook")
    assert result.returncode == 1
    assert "  hook: failed: permanent failure" in result.stdout and "410" in result.stdout
    [entry] = outbox(legday)
    assert entry["state"] == "failed"
    [request] = received()
    check_signature(request, secret)
