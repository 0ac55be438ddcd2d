"""A runner who travels: with `timezone = "system"` the daemon follows the machine's zone. Replacing
/etc/localtime the way timedatectl does (a new symlink renamed over the old one) re-plans the running
daemon in the new zone, without a restart. /etc is a private copy inside the test's mount namespace."""

from conftest import notify_listener, receive_until, write_config


def set_zone(sandbox, zone):
    # timedatectl's way: a new symlink, renamed over /etc/localtime in one step.
    result = sandbox.run(["sh", "-c", f"ln -sfn /usr/share/zoneinfo/{zone} /etc/.localtime.new "
                                      "&& mv -T /etc/.localtime.new /etc/localtime"])
    assert result.returncode == 0, result.stderr


def test_a_new_system_zone_replans_the_running_daemon(legday, sandbox, tmp_path):
    etc = tmp_path / "etc"
    etc.mkdir()
    copy = sandbox.run(["sh", "-c", f"cp -a /etc/. {etc}/ && mount --bind {etc} /etc"])
    assert copy.returncode == 0, copy.stderr
    set_zone(sandbox, "Europe/Berlin")

    config = write_config(tmp_path, """
        [athlete]
        timezone = "system"

        [schedule]
        files = []

        [reminders]
        daily_at = "07:00"
        catch_up = "none"

        [notifiers.out]
        type = "stdout"
    """)
    sock, env = notify_listener(tmp_path)
    try:
        sandbox.spawn([legday, "run", "--config", str(config)], env=env)
        ready = receive_until(sock, lambda m: "READY=1" in m)[-1]
        assert "07:00 Europe/Berlin" in ready

        set_zone(sandbox, "America/New_York")
        messages = receive_until(sock, lambda m: "07:00 America/New_York" in m, timeout=15)
        assert any("RELOADING=1" in m for m in messages), messages

        # And back: every change is noticed, not only the first.
        set_zone(sandbox, "Asia/Kolkata")
        receive_until(sock, lambda m: "07:00 Asia/Kolkata" in m, timeout=15)
    finally:
        sock.close()
