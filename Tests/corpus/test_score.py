"""The corpus scorer counts right: checked with a fake legday (a shell script that prints canned JSON) and a
tiny calendar and label file made up here, so no real calendar is needed."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCORE = HERE / "score.py"
sys.path.insert(0, str(HERE))
import score  # noqa: E402

LABELS = {
    "file": "made-up__plan.ics",
    "config": {"timezone": "Europe/Berlin", "races": [{"date": "2030-05-05", "name": "Test 10K", "distance": "10k"}]},
    "entries": [
        {"date": "2030-04-01", "title": "Easy 5 km", "read_as": "run", "type": "easy", "distance_km": 5, "duration_min": None, "also": []},
        {"date": "2030-04-02", "title": "Gym + 3 mi", "read_as": "run", "type": "easy", "distance_km": 4.83, "duration_min": None, "also": [{"read_as": "strength"}]},
        {"date": "2030-04-03", "title": "Intervals 6x400m", "read_as": "run", "type": "intervals", "distance_km": None, "duration_min": None, "also": []},
        {"date": "2030-04-04", "title": "Tempo 40:00", "read_as": "run", "type": "tempo", "distance_km": None, "duration_min": 40, "also": []},
        {"date": "2030-04-05", "title": "Race pace 8 km", "read_as": "run", "type": "tempo", "distance_km": 8, "duration_min": None, "also": []},
        {"date": "2030-04-06", "title": "Rest", "read_as": "rest", "type": None, "distance_km": None, "duration_min": None, "also": []},
        {"date": "2030-04-06", "title": "Rest", "read_as": "rest", "type": None, "distance_km": None, "duration_min": None, "also": []},
        {"date": "2030-04-07", "title": "Mystery", "read_as": "note", "type": None, "distance_km": None, "duration_min": None, "also": []},
    ],
}

OUTPUT = {"entries": [
    # right: title differs only by emoji, case and spaces; distance within 5 %
    {"date": "2030-04-01", "title": " 🏃 easy  5 KM", "source": "p:1", "read_as": "run", "type": "easy", "distance_km": 5.2, "duration_min": None, "also": [], "why": "easy"},
    # right: also as a multiset
    {"date": "2030-04-02", "title": "Gym + 3 mi", "source": "p:2", "read_as": "run", "type": "easy", "distance_km": 4.828, "duration_min": None, "also": [{"read_as": "strength"}], "why": ""},
    # wrong: type
    {"date": "2030-04-03", "title": "Intervals 6x400m", "source": "p:3", "read_as": "run", "type": "tempo", "distance_km": None, "duration_min": None, "also": [], "why": "said tempo"},
    # wrong: duration off by more than 10 %
    {"date": "2030-04-04", "title": "Tempo 40:00", "source": "p:4", "read_as": "run", "type": "tempo", "distance_km": None, "duration_min": 50, "also": [], "why": ""},
    # phantom race (and wrong)
    {"date": "2030-04-05", "title": "Race pace 8 km", "source": "p:5", "read_as": "race", "type": "race", "distance_km": 8, "duration_min": None, "also": [], "why": "race"},
    # only one of the two rests: the other is a silent drop
    {"date": "2030-04-06", "title": "Rest", "source": "p:6", "read_as": "rest", "type": None, "distance_km": None, "duration_min": None, "also": [], "why": ""},
    # unknown, paired by date although the title differs
    {"date": "2030-04-07", "title": "Something else", "source": "p:7", "read_as": "unknown", "type": None, "distance_km": None, "duration_min": None, "also": [], "why": "no idea"},
    # extra entry with no label
    {"date": "2030-04-08", "title": "Bonus run", "source": "p:8", "read_as": "run", "type": "easy", "distance_km": 3, "duration_min": None, "also": [], "why": ""},
]}


HELP = '[ "$2" = --help ] && { echo "USAGE: legday schedule --config <config> [--format <format>]"; exit 0; }\n'


def fake_legday(tmp: Path, body: str) -> Path:
    path = tmp / "legday"
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def corpus(tmp_path: Path):
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "made-up__plan.ics.json").write_text(json.dumps(LABELS))
    absent = dict(LABELS, file="not-here__plan.ics")
    (labels / "not-here__plan.ics.json").write_text(json.dumps(absent))
    cals = tmp_path / "cals"
    cals.mkdir()
    (cals / "made-up__plan.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    out = tmp_path / "out.json"
    out.write_text(json.dumps(OUTPUT))
    return tmp_path, labels, cals, out


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCORE), *args], capture_output=True, text=True, timeout=60)


def test_counts_right_wrong_drop_phantom_and_skips_absent(corpus):
    tmp, labels, cals, out = corpus
    seen = tmp / "seen-config.toml"
    legday = fake_legday(tmp, HELP + f'[ "$1" = schedule ] || exit 64\ncp "$3" "{seen}"\ncat "{out}"\n')
    proc = run("--legday", str(legday), "--dirs", f"{tmp / 'nowhere'}:{cals}", "--labels", str(labels), "--verbose")
    assert proc.returncode == 0, proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.startswith("made-up__plan.ics "))
    # labelled right wrong unknown drops extra phantom
    assert line.split()[1:8] == ["8", "3", "3", "1", "1", "1", "1"], line
    assert "not-here__plan.ics" in proc.stdout and "skipped (absent)" in proc.stdout
    assert "silent drop" in proc.stdout and "said tempo" in proc.stdout
    config = seen.read_text()
    assert 'timezone = "Europe/Berlin"' in config
    assert "date = 2030-05-05\n" in config  # a TOML date, not a string
    assert 'distance = "10k"' in config
    assert f'files = ["{(cals / "made-up__plan.ics").resolve()}"]' in config
    assert "notifiers" not in config and "units" not in config

    strict = run("--legday", str(legday), "--dirs", str(cals), "--labels", str(labels), "--strict")
    assert strict.returncode == 1


@pytest.mark.parametrize("body", [
    # what swift-argument-parser does without the command: root help for --help, an error otherwise
    '[ "$2" = --help ] && { echo "USAGE: legday <subcommand>"; exit 0; }\n'
    "echo \"Error: Unknown option '--config'\" >&2\nexit 64\n",
    "echo \"Error: Unexpected argument 'schedule'\" >&2\nexit 64\n",
])
def test_a_legday_without_schedule_is_reported_not_a_traceback(corpus, body):
    tmp, labels, cals, _ = corpus
    legday = fake_legday(tmp, body)
    proc = run("--legday", str(legday), "--dirs", str(cals), "--labels", str(labels))
    assert proc.returncode == 0
    assert "no `schedule` command" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_all_absent_measures_nothing_and_passes(corpus):
    tmp, labels, _, _ = corpus
    proc = run("--legday", str(tmp / "no-binary"), "--dirs", str(tmp / "empty"), "--labels", str(labels), "--strict")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.count("  skipped (absent)") == 2


def test_a_perfect_reading_passes_strict(corpus, tmp_path):
    tmp, labels, cals, _ = corpus
    perfect = tmp_path / "perfect.json"
    perfect.write_text(json.dumps({"entries": [dict(e, source="x:1", why="") for e in LABELS["entries"]]}))
    legday = fake_legday(tmp, HELP + f'cat "{perfect}"\n')
    proc = run("--legday", str(legday), "--dirs", str(cals), "--labels", str(labels), "--strict")
    assert proc.returncode == 0, proc.stdout
    assert "100.0%" in proc.stdout


def test_title_normalisation():
    assert score.norm_title("  🏃 Long  Run ") == score.norm_title("long run")
    assert score.norm_title("&quot;Rest&quot;") == "rest"
    assert score.norm_title("RACE DAY 🏁") == "race day"
    assert score.norm_title("休息") == "休息"


def test_every_label_file_is_well_formed():
    for path in sorted((HERE / "labels").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["file"] + ".json" == path.name, path.name
        assert isinstance(doc["config"].get("timezone"), str), path.name
        dates = [e["date"] for e in doc["entries"]]
        assert dates == sorted(dates), f"{path.name}: entries not in date order"
        for e in doc["entries"]:
            where = f"{path.name} {e['date']} {e['title']!r}"
            assert set(e) >= {"date", "title", "read_as", "type", "distance_km", "duration_min", "also"}, where
            assert e["read_as"] in score.READ_AS, where
            if e["read_as"] in ("run", "race"):
                assert e["type"] in score.TYPES, where
            else:
                assert e["type"] is None, where
            for part in e["also"]:
                assert part["read_as"] in score.READ_AS, where
