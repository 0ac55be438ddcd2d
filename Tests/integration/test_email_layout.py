"""The reminder email as a runner sees it. The example heavy day (etc/config.toml, 2026-12-08, passed with
--date) is sent by the built `legday notify --test` to an aiosmtpd server on loopback; Python's `email`
package takes the message apart; the HTML part, its `cid:` pictures saved beside it, is opened in Debian's
headless Chromium at a phone's width (375 px) and a desktop's (900 px). Headless Chromium will not make its
window narrower than 500 px, so the mail is shown in a frame of exactly the width wanted (`srcdoc`, so the
frame shares the outer page's origin and can report), and a script the test adds to its own copy of the mail
(the mail has none) measures where things landed.

Set LEGDAY_EMAIL_SCREENSHOTS=/some/folder to also keep screenshots of both widths for a human to look at."""

import email
import email.policy
import html as htmllib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, legday_command, legday_environment
from smtp_server import SMTPServer, make_certificates
from test_exercise_figures import find_chromium

LEGDAY = os.environ.get("LEGDAY", str(ROOT / ".build/debug/legday"))
# The bundled example's heavy day: intervals, then four main lifts, in the last week of a block.
HEAVY_DAY = "2026-12-08"
SIZE_LIMIT = 150_000
FIRST_SCREEN = 700

MEASURE = """
<script>
window.addEventListener("load", () => {
  const box = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, width: r.width};
  };
  const order = (a, b) => {
    const x = document.querySelector(a), y = document.querySelector(b);
    return !!(x && y && (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING));
  };
  const result = {
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    headline: box("#headline"),
    headlineText: (document.querySelector("#headline") || {}).textContent,
    firstMainLine: box(".main-line"),
    firstMainLineText: (document.querySelector(".main-line") || {}).textContent,
    why: box("#why"),
    firstExercise: box(".exercise"),
    whyBeforeDetails: order("#why", ".exercise"),
    images: [...document.images].map((image) => ({
      alt: image.getAttribute("alt"), complete: image.complete, naturalWidth: image.naturalWidth,
      width: image.getBoundingClientRect().width, right: image.getBoundingClientRect().right})),
  };
  // Reported to the page around the frame, which is what --dump-dom prints.
  const out = parent.document.createElement("pre");
  out.id = "layout-measured";
  out.textContent = JSON.stringify(result);
  parent.document.body.appendChild(out);
});
</script>
"""


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("certs"))


def example_config(folder: Path, port: int) -> Path:
    """The bundled example (config and schedules), sending to a plain SMTP server on loopback."""
    for name in ("config.toml", "plan.ics", "plan.csv", "plan.toml"):
        shutil.copy(ROOT / "etc" / name, folder / name)
    config = folder / "config.toml"
    config.write_text(config.read_text() + "\n[notifiers.mail]\ntype = \"smtp\"\nhost = \"127.0.0.1\"\n"
                      f"port = {port}\nsecurity = \"none\"\nfrom = \"legday <legday@example.org>\"\n"
                      "to = [\"runner@example.org\"]\n")
    return config


def legday(config: Path, *args):
    return subprocess.run(legday_command(LEGDAY, *args, "--config", str(config)), capture_output=True, text=True,
                          timeout=120, env=legday_environment(config.parent / "home"))


def received_mail(folder: Path, certs, day: str):
    """The raw bytes of the test mail of `day` as the server received them."""
    with SMTPServer(certs, mode="plain", auth=False) as server:
        config = example_config(folder, server.port)
        result = legday(config, "notify", "--test", "--notifier", "mail", "--date", day)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(server.recorder.messages) == 1
    return config, server.recorder.messages[0][2]


def parts(raw: bytes):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    html = next(part for part in msg.walk() if part.get_content_type() == "text/html").get_content()
    text = next(part for part in msg.walk() if part.get_content_type() == "text/plain").get_content()
    images = [part for part in msg.walk() if part.get_content_maintype() == "image"]
    return msg, text, html, images


def png_size(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def measure(chromium: str, page: Path, width: int, screenshot_dir: str | None):
    """Layout facts of the mail `page` shown `width` CSS pixels wide (and 800 high)."""
    frame = page.with_name(f"frame-{width}.html")
    frame.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin: 0;">'
                     f'<iframe style="width: {width}px; height: 800px; border: 0;" '
                     f'srcdoc="{htmllib.escape(page.read_text(), quote=True)}"></iframe></body></html>')
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
             "--allow-file-access-from-files", f"--window-size={max(width, 500) + 40},900",
             "--virtual-time-budget=10000"]
    result = subprocess.run([*flags, "--dump-dom", frame.as_uri()], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="layout-measured">(.*?)</pre>', result.stdout, re.S)
    assert found, "the page's measuring script did not run: " + result.stdout[-500:]
    if screenshot_dir:
        Path(screenshot_dir).mkdir(parents=True, exist_ok=True)
        shot = Path(screenshot_dir) / f"email-{width}.png"
        taller = [*flags[:-2], f"--window-size={width},2400", "--virtual-time-budget=10000"]
        subprocess.run([*taller, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=180)
    return json.loads(htmllib.unescape(found.group(1)))


@pytest.fixture(scope="module")
def heavy_day(tmp_path_factory, certs):
    folder = tmp_path_factory.mktemp("heavy")
    config, raw = received_mail(folder, certs, HEAVY_DAY)
    plan = json.loads(legday(config, "plan", "--from", HEAVY_DAY, "--days", "1", "--format", "json").stdout)
    return folder, raw, plan["days"][0]


def test_heavy_day_mail_is_small_with_one_sharp_picture_per_main_exercise(heavy_day):
    folder, raw, day = heavy_day
    assert day["kind"] == "heavy-lift" and day["block_week"] != 1
    assert len(raw) < SIZE_LIMIT, f"the mail is {len(raw)} bytes"
    msg, text, html, images = parts(raw)
    main = day["session"]["exercises"]
    # One picture per main exercise (each has drawn positions), none for warm-up, cool-down or activation.
    assert sorted(image.get_filename() for image in images) == sorted(f"{item['id']}.png" for item in main)
    for image in images:
        width, height = png_size(image.get_content())
        assert width >= 960 and 150 <= height <= 600, (image.get_filename(), width, height)
        assert len(image.get_content()) < 25_000, image.get_filename()  # a palette PNG, well compressed
        assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html
    # Inline CSS only and nothing fetched from elsewhere: every picture is a cid: part of the mail.
    assert "<style" not in html and "<script" not in html.lower() and "<link" not in html
    assert re.findall(r'src="([^"]+)"', html) and all(src.startswith("cid:") for src in re.findall(r'src="([^"]+)"', html))
    # The summary comes first in the HTML as in the plain text: headline, main lines, why, then details.
    headline = text.splitlines()[0]
    assert headline.startswith("Heavy lift after your intervals")
    shown = re.search(r'<h1 id="headline"[^>]*>(.*?)</h1>', html, re.S)
    assert shown and htmllib.unescape(re.sub(r"<[^>]+>", "", shown.group(1))) == headline
    positions = [html.index('id="headline"'), html.index('class="main-line"'), html.index('id="why"'),
                 html.index("Runs:"), html.index("How to do the main work"), html.index('class="exercise"')]
    assert positions == sorted(positions)
    assert main[0]["name"] in html[positions[1]:positions[2]]


@pytest.mark.parametrize("width", [375, 900])
def test_heavy_day_mail_in_chromium(heavy_day, width, tmp_path):
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed")
    folder, raw, day = heavy_day
    msg, text, html, images = parts(raw)
    # The page as a mail client shows it: each cid: picture from its part, saved beside the page.
    for image in images:
        name = image.get_filename()
        (tmp_path / name).write_bytes(image.get_content())
        html = html.replace(f'cid:{image["Content-ID"].strip("<>")}', name)
    page = tmp_path / "mail.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"))
    got = measure(chromium, page, width, os.environ.get("LEGDAY_EMAIL_SCREENSHOTS"))

    assert got["innerWidth"] == width
    # The first screen: the day in one line and the first main exercise with its sets, reps and load.
    main = day["session"]["exercises"][0]
    assert got["headlineText"].startswith("Heavy lift after your intervals")
    assert got["headline"]["bottom"] <= FIRST_SCREEN, got["headline"]
    assert main["name"] in got["firstMainLineText"] and f"{main['sets']} × {main['reps']}" in got["firstMainLineText"]
    assert got["firstMainLine"]["bottom"] <= FIRST_SCREEN, got["firstMainLine"]
    assert got["whyBeforeDetails"]
    # No sideways scrolling on a phone.
    assert got["scrollWidth"] <= width, got["scrollWidth"]
    # Every picture loaded, says what it shows, and is large: 480 CSS px on a desktop (drawn at 960).
    assert len(got["images"]) == len(images) >= 1
    for image in got["images"]:
        assert image["complete"] and image["naturalWidth"] >= 960, image
        assert image["alt"] and image["alt"].strip(), image
        assert image["right"] <= width, image
        if width >= 900:
            assert image["width"] >= 480, image
    # Real alt text: the exercise, then each position in words.
    names = [item["name"] for item in day["session"]["exercises"]]
    assert sorted(next(n for n in names if i["alt"].startswith(n)) for i in got["images"]) == sorted(names)
    assert all("Start:" in image["alt"] and len(image["alt"]) > 60 for image in got["images"])


def test_first_week_of_a_block_stays_under_the_limit(tmp_path, certs):
    """In a block's first week the mail also shows what is new (activation, warm-up, cool-down) in full;
    their pictures come after the main work's and only as many as fit under the limit."""
    folder = tmp_path / "plan"
    folder.mkdir()
    config = example_config(folder, 25)
    days = json.loads(legday(config, "plan", "--from", HEAVY_DAY, "--days", "70", "--format", "json").stdout)["days"]
    first_week = next((d for d in days if d["kind"] == "heavy-lift" and d["block_week"] == 1), None)
    if first_week is None:
        pytest.skip("the example has no heavy day in a block's first week in these ten weeks")
    config, raw = received_mail(tmp_path, certs, first_week["date"])
    assert len(raw) < SIZE_LIMIT, f"the mail is {len(raw)} bytes"
    msg, text, html, images = parts(raw)
    assert "New this block" in html
    names = [image.get_filename() for image in images]
    main = [f"{item['id']}.png" for item in first_week["session"]["exercises"]]
    assert names[:len(main)] == main  # every main exercise pictured, and first
    assert len(names) == len(set(names))
