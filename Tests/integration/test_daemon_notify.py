"""The daemon's systemd conversation over a real NOTIFY_SOCKET: READY, STATUS, WATCHDOG, STOPPING."""

import os
import signal
import subprocess

from conftest import notify_listener, receive_until, write_config


def test_ready_status_watchdog_and_stopping(legday, tmp_path):
    config = write_config(tmp_path, """
        [athlete]
        timezone = "Europe/Berlin"

        [schedule]
        files = []

        [reminders]
        daily_at = "07:00"
        catch_up = "none"

        [notifiers.out]
        type = "stdout"
    """)
    sock, env = notify_listener(tmp_path, WATCHDOG_USEC="200000")
    daemon = subprocess.Popen([legday, "run", "--config", str(config)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        env["WATCHDOG_PID"] = str(daemon.pid)
        messages = receive_until(sock, lambda m: "READY=1" in m)
        ready = messages[-1]
        assert "STATUS=Next reminder" in ready and "07:00 Europe/Berlin" in ready
        # WATCHDOG_USEC=200 ms: pings every 100 ms from the scheduler loop.
        receive_until(sock, lambda m: m == "WATCHDOG=1", timeout=3)
        receive_until(sock, lambda m: m == "WATCHDOG=1", timeout=3)

        daemon.send_signal(signal.SIGTERM)
        receive_until(sock, lambda m: m == "STOPPING=1", timeout=10)
        assert daemon.wait(timeout=10) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
        sock.close()
