"""`legday exercise`: the library in the terminal and every figure on disk, read back with Python's own
XML parser and a PNG reader written from the specification (zlib + IHDR), independent of cairo."""
import os
import re
import shutil
import json
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib

import pytest

LEGDAY = os.environ.get("LEGDAY")
pytestmark = pytest.mark.skipif(not LEGDAY, reason="LEGDAY (path of the built binary) is not set")
SVG = "{http://www.w3.org/2000/svg}"


def legday(*args, check=True, env_columns=None):
    env = dict(os.environ, COLUMNS=str(env_columns)) if env_columns else None
    return subprocess.run([LEGDAY, "exercise", *args], capture_output=True, text=True, timeout=120, check=check,
                          env=env)


def library_ids():
    return [exercise["id"] for exercise in json.loads(legday("--format", "json").stdout)]


def read_png(path):
    """Width, height and decompressed scanline bytes of an 8-bit RGBA/RGB PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"bad CRC in {kind}"
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = ihdr[:4]
    assert depth == 8 and colour in (2, 6)
    raw = zlib.decompress(idat)
    channels = 4 if colour == 6 else 3
    assert len(raw) == height * (1 + width * channels)
    return width, height


def test_list_and_filters():
    ids = library_ids()
    assert len(ids) >= 50 and len(set(ids)) == len(ids)
    assert "goblet-squat" in ids and "nordic-curl" in ids
    calves = legday("--muscle", "calves").stdout
    assert "eccentric-calf-drop" in calves and "goblet-squat" not in calves
    beginner = legday("--level", "beginner").stdout
    assert "goblet-squat" in beginner and "nordic-curl" not in beginner
    bodyweight = legday("--equipment", "none").stdout
    assert "plank" not in bodyweight  # needs a mat
    assert "squat-jump" in bodyweight and "barbell-back-squat" not in bodyweight


def test_the_list_is_grouped_headed_sorted_and_fits_80_columns():
    out = legday(env_columns=80).stdout
    lines = out.splitlines()
    assert lines[0].startswith("Strength (") and lines[1].split() == ["ID", "Name", "Level", "Equipment"]
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    groups = [line.split(" (")[0] for line in lines if line and not line.startswith(" ") and "(" in line]
    assert groups[:2] == ["Strength", "Power"] and "Mobility" in groups
    # Within a group, rows are in name order: the strength group's ids, as listed, name the exercises
    # of that role sorted by name.
    rows = json.loads(legday("--format", "json").stdout)
    by_id = {e["id"]: e["name"] for e in rows}
    strength = lines[2:lines.index("")]
    listed = [line.split()[0] for line in strength if line.split() and line.split()[0] in by_id]
    assert [by_id[i] for i in listed] == sorted(e["name"] for e in rows if e["role"] == "strength")


def test_positions_as_text():
    out = legday("goblet-squat").stdout
    for word in ("Goblet squat", "1. Start", "2. Bottom", "3. Finish", "Watch for:", "Harder:"):
        assert word in out
    assert "eyes" in out


def test_bad_input_is_one_clear_line_and_nonzero():
    result = legday("no-such-move", check=False)
    assert result.returncode == 1
    assert "no exercise with id 'no-such-move'" in result.stderr
    assert "Traceback" not in result.stderr and "Fatal" not in result.stderr
    result = legday("--muscle", "legs", check=False)
    assert result.returncode == 1 and "unknown muscle 'legs'" in result.stderr
    result = legday("goblet-squat", "--format", "png", check=False)
    assert result.returncode != 0 and "--out" in result.stderr


def test_every_figure_as_svg(tmp_path):
    legday("--all", "--format", "svg", "--out", str(tmp_path))
    ids = library_ids()
    assert sorted(p.stem for p in tmp_path.glob("*.svg")) == sorted(ids)
    for path in tmp_path.glob("*.svg"):
        root = ET.parse(path).getroot()
        assert root.tag == SVG + "svg"
        panels = root.findall(SVG + "g")
        assert len(panels) >= 2, path.name
        width = int(root.get("width"))
        assert width == 240 * len(panels)
        for panel in panels:
            assert panel.find(SVG + "text").text == panel.get("data-name")
            view = panel.find(SVG + "g")
            assert len(view.findall(SVG + "polygon")) >= 16, f"{path.name} {panel.get('data-name')}: no figure"
            assert view.findall(SVG + "circle"), f"{path.name}: no eyes"


def test_every_figure_as_png(tmp_path):
    legday("--all", "--format", "png", "--out", str(tmp_path))
    svg_dir = tmp_path / "svg"
    legday("--all", "--format", "svg", "--out", str(svg_dir))
    for path in tmp_path.glob("*.png"):
        width, height = read_png(path)
        panels = len(ET.parse(svg_dir / (path.stem + ".svg")).getroot().findall(SVG + "g"))
        assert (width, height) == (240 * panels, 240), path.name


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def test_gallery_renders_every_figure_in_chromium(tmp_path):
    """The gallery page `make figures` writes, opened in headless Chromium: a script in the page draws every
    figure's SVG onto a canvas and counts its inked pixels, and the page reports how many figures drew."""
    legday("--all", "--format", "svg", "--out", str(tmp_path))
    gallery = tmp_path / "index.html"
    assert gallery.exists(), "no gallery page"
    ids = library_ids()
    page = gallery.read_text()
    for exercise_id in ids:
        assert f'data-id="{exercise_id}"' in page, f"{exercise_id} missing from the gallery"
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed")
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom", gallery.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    checked = re.search(r'id="figures-checked" data-drawn="(\d+)" data-total="(\d+)"', dom)
    assert checked, "the page's check did not finish: " + dom[-500:]
    failed = re.findall(r'data-id="([^"]+)"[^>]*data-rendered="no"', dom)
    assert not failed, f"figures that did not draw: {failed}"
    assert int(checked.group(2)) == len(ids)
    assert int(checked.group(1)) == len(ids)


SECOND_VIEW = ["pallof-press", "half-kneeling-pallof-press", "ankle-circles", "spiderman-rotation",
               "worlds-greatest-stretch", "bodyweight-squat", "goblet-squat", "dumbbell-squat", "barbell-back-squat",
               "deep-squat-hold", "squat-jump", "pistol-squat", "sumo-deadlift", "split-squat",
               "bulgarian-split-squat", "forward-lunge", "reverse-lunge", "walking-lunge", "jumping-lunge", "step-up",
               "sprinter-step-up", "single-leg-deadlift", "box-jump"]


def test_sideways_turning_and_knee_tracking_moves_have_a_front_panel(tmp_path):
    """Each such exercise's SVG ends with a panel of the same moment seen from the front, with a figure."""
    legday("--all", "--format", "svg", "--out", str(tmp_path))
    for exercise_id in SECOND_VIEW:
        root = ET.parse(tmp_path / f"{exercise_id}.svg").getroot()
        panels = root.findall(SVG + "g")
        fronts = [p for p in panels if p.get("data-view") == "front"]
        assert fronts, f"{exercise_id} has no front panel"
        assert panels[-len(fronts):] == fronts, f"{exercise_id}: front panels come after the side panels"
        for panel in fronts:
            assert panel.get("data-name").endswith(" from the front")
            assert "second-view" in panel.get("class")
            assert len(panel.find(SVG + "g").findall(SVG + "polygon")) >= 16, f"{exercise_id}: empty front panel"
