"""The release binary, `make install` and the Debian package, tested as a user and a Debian system meet them.

`make test-package` builds them (make release, make deb) and runs this with LEGDAY_DIST (the release folder)
and LEGDAY_DEB (the .deb). Every test leaves the machine as it found it: installs go into temporary roots,
the toolchain is hidden in a private mount namespace.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("LEGDAY_DIST", ROOT / ".build/dist"))
DEB = os.environ.get("LEGDAY_DEB", "")
TOOLCHAIN = Path(shutil.which("swift") or "/opt/swift/usr/bin/swift").resolve().parents[2]
VERSION = (ROOT / "VERSION").read_text().strip()

BERLIN_CONFIG = """
[athlete]
timezone = "Europe/Berlin"

[schedule]
files = []

[reminders]
daily_at = "07:00"
"""


def run(argv, **kwargs):
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 120)
    return subprocess.run(argv, **kwargs)


@pytest.fixture(scope="module")
def binary() -> Path:
    path = DIST / "legday"
    if not path.exists():
        pytest.fail(f"{path} is missing: run make release (make test-package does)")
    return path


def test_the_release_binary_links_only_debian_libraries(binary):
    ldd = run(["ldd", str(binary)], check=True).stdout
    libraries = [line.split()[0] for line in ldd.splitlines() if line.strip()]
    assert not [line for line in ldd.splitlines() if "not found" in line], ldd
    assert not [line for line in ldd.splitlines() if str(TOOLCHAIN) in line or "swift" in line.lower()], ldd
    assert any(name.startswith("libsystemd") for name in libraries), ldd
    assert any(name.startswith("libcurl") for name in libraries), ldd
    # Stripped: no symbol table left.
    assert "no symbols" in run(["nm", str(binary)]).stderr


def test_the_release_binary_runs_with_the_toolchain_hidden_and_knows_time_zones(binary, tmp_path):
    """The toolchain folder is covered by an empty tmpfs in a private mount namespace: what still runs needs
    nothing from it. Time zones are the part a static Foundation most easily loses."""
    if run(["unshare", "-m", "true"]).returncode != 0:
        pytest.skip("unshare -m is not permitted here")
    config = tmp_path / "config.toml"
    config.write_text(BERLIN_CONFIG)
    script = (f'mount -t tmpfs tmpfs "{TOOLCHAIN}" && "{binary}" --version && '
              f'"{binary}" next --config "{config}" --from 2027-07-01T00:00:00Z --count 1 --format json && '
              f'"{binary}" exercise goblet-squat')
    result = run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                 env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"legday {VERSION} (commit ") and "unknown" not in lines[0], lines[0]
    nxt = json.loads("\n".join(lines[1:lines.index("]") + 1]))
    assert nxt[0]["offset"] == "+02:00" and nxt[0]["utc"] == "2027-07-01T05:00:00Z", nxt
    assert "Goblet squat" in result.stdout


def test_make_install_and_uninstall_with_destdir_leave_nothing_behind(tmp_path):
    stage = tmp_path / "stage"
    env = dict(os.environ, PREFIX="/usr/local", DESTDIR=str(stage))
    installed = run([str(ROOT / "packaging/install.sh"), str(DIST)], env=env)
    assert installed.returncode == 0, installed.stderr
    files = {str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file()}
    for expected in ["usr/local/bin/legday", "usr/local/lib/systemd/user/legday.service",
                     "usr/local/share/man/man1/legday.1", "usr/local/share/man/man5/legday.toml.5",
                     "usr/local/share/bash-completion/completions/legday",
                     "usr/local/share/zsh/site-functions/_legday",
                     "usr/local/share/fish/vendor_completions.d/legday.fish",
                     "usr/local/lib/legday/plugins/legday-notify-ntfy",
                     "usr/local/share/doc/legday/config.toml"]:
        assert expected in files, sorted(files)
    unit = (stage / "usr/local/lib/systemd/user/legday.service").read_text()
    assert "ExecStart=/usr/local/bin/legday run" in unit
    # The exercise library is inside the binary: nothing but the binary is installed for it.
    assert not any("LegdayExercises" in f for f in files), sorted(files)
    shown = run([str(stage / "usr/local/bin/legday"), "exercise", "goblet-squat"])
    assert shown.returncode == 0 and "Goblet squat" in shown.stdout, shown.stderr
    removed = run([str(ROOT / "packaging/install.sh"), "--uninstall"], env=env)
    assert removed.returncode == 0, removed.stderr
    assert [p for p in stage.rglob("*") if not p.is_dir()] == []
    left = sorted(str(p.relative_to(stage)) for p in stage.rglob("*"))
    assert left == ["usr", "usr/local"], f"uninstall left folders behind: {left}"  # PREFIX itself stays


@pytest.fixture(scope="module")
def deb() -> Path:
    if not DEB or not Path(DEB).exists():
        pytest.fail("no .deb: run make deb (make test-package does)")
    return Path(DEB)


def test_the_package_is_named_and_described_as_debian_expects(deb):
    arch = run(["dpkg", "--print-architecture"], check=True).stdout.strip()
    assert deb.name == f"legday_{VERSION}_{arch}.deb"
    fields = run(["dpkg-deb", "--field", str(deb)], check=True).stdout
    assert f"Version: {VERSION}" in fields
    depends = next(line for line in fields.splitlines() if line.startswith("Depends:"))
    for library in ("libc6", "libsystemd0", "libcurl4", "libcairo2", "libsqlite3-0"):
        assert library in depends, depends
    contents = run(["dpkg-deb", "--contents", str(deb)], check=True).stdout
    for path in ("./usr/bin/legday", "./usr/lib/systemd/user/legday.service", "./usr/lib/legday/plugins/",
                 "./usr/share/man/man1/legday.1.gz", "./usr/share/man/man5/legday.toml.5.gz",
                 "./usr/share/doc/legday/README.Debian", "./usr/share/doc/legday/copyright"):
        assert path in contents, path


def test_lintian_finds_no_errors(deb):
    if shutil.which("lintian") is None:
        pytest.fail("lintian is not installed (make deps installs it)")
    result = run(["lintian", "--no-tag-display-limit", str(deb)], timeout=600)
    errors = [line for line in result.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], result.stdout


def test_the_package_installs_into_a_throwaway_root_and_runs(deb, tmp_path):
    """dpkg --root into an empty folder (its own dpkg database; the maintainer script run without chroot),
    then the installed legday: --version, check on the shipped example, and systemd-analyze verify on the
    installed unit."""
    root = tmp_path / "root"
    admin = root / "var/lib/dpkg"
    for folder in ("info", "updates", "triggers"):
        (admin / folder).mkdir(parents=True)
    (admin / "status").write_text("")
    (admin / "available").write_text("")
    installed = run(["dpkg", f"--root={root}", "--force-depends", "--force-script-chrootless",
                     "--force-not-root", "--log=/dev/null", "-i", str(deb)], timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    legday = root / "usr/bin/legday"
    assert run([str(legday), "--version"]).stdout.startswith(f"legday {VERSION}")
    example = tmp_path / "example"
    example.mkdir()
    for name in ("config.toml", "plan.ics"):
        shutil.copy(root / "usr/share/doc/legday" / name, example / name)
    checked = run([str(legday), "check", "--config", str(example / "config.toml")],
                  env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")})
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("config.toml: ok")
    verify = run(["systemd-analyze", "--user", f"--root={root}", "verify", "/usr/lib/systemd/user/legday.service"])
    complaints = [line for line in (verify.stdout + verify.stderr).splitlines() if "legday.service" in line]
    assert complaints == [], complaints
    removed = run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "--log=/dev/null",
                   "--purge", "legday"], timeout=300)
    assert removed.returncode == 0, removed.stderr
    assert not legday.exists()
