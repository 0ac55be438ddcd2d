"""legday.toml(5) from docs/configuration.md: one source for every config key, the web page and the man page.

Turns the small Markdown that file uses into roff (man(7)): headings into sections, key tables into tagged
paragraphs (one per key, with its default), fenced code into literal blocks, `code` into bold, paragraphs and
numbered lists as they are. Hand-written rather than pandoc: pandoc is not part of the toolchain here, and
the file uses only these few forms.

    python3 packaging/md2man.py docs/configuration.md VERSION > legday.toml.5
"""

import re
import sys


def inline(text: str) -> str:
    text = text.replace("\\", "\\e")
    text = re.sub(r"`([^`]*)`", lambda m: "\\fB" + m.group(1) + "\\fR", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text


def line(text: str) -> str:
    """A roff text line: one that starts with a dot or an apostrophe would be read as a request."""
    return "\\&" + text if text[:1] in (".", "'") else text


def convert(markdown: str, version: str) -> str:
    out = [f'.TH LEGDAY.TOML 5 "" "legday {version}" "File Formats"',
           ".SH NAME", "legday.toml \\- legday's configuration file",
           ".SH SYNOPSIS", "\\fI~/.config/legday/config.toml\\fR, or the file named by \\fB\\-\\-config\\fR or "
           "\\fB$LEGDAY_CONFIG\\fR", ".SH DESCRIPTION"]
    lines = markdown.splitlines()
    i = 0
    in_code = False
    header: list[str] | None = None
    while i < len(lines):
        raw = lines[i]
        i += 1
        if raw.startswith("```"):
            out.append(".EE" if in_code else ".EX")
            in_code = not in_code
            continue
        if in_code:
            out.append(line(raw.replace("\\", "\\e")))
            continue
        if raw.startswith("# "):
            continue  # the title; .TH and NAME stand for it
        if raw.startswith("## "):
            out.append(".SH " + inline(raw[3:]).upper())
            continue
        if raw.startswith("### "):
            out.append(".SS " + inline(raw[4:]))
            continue
        if raw.startswith("|"):
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            if header is None:
                header = [c.lower() for c in cells]
            elif all(set(c) <= set("-: ") for c in cells):
                pass
            else:
                row = dict(zip(header, cells))
                first = cells[0]
                out += [".TP", inline(first)]
                rest = [(name, value) for name, value in row.items() if value != first and value]
                for name, value in rest:
                    prefix = "" if name in ("value", "what", "meaning", "what it is") else name.capitalize() + ": "
                    out.append(line(prefix + inline(value)))
                    out.append(".br")
                if out[-1] == ".br":
                    out.pop()
            continue
        header = None
        if not raw.strip():
            out.append(".PP")
            continue
        numbered = re.match(r"(\d+)\. (.*)", raw)
        if numbered:
            out += [f'.IP {numbered.group(1)}. 4', line(inline(numbered.group(2)))]
            continue
        if raw.startswith("- "):
            out += [".IP \\(bu 2", line(inline(raw[2:]))]
            continue
        out.append(line(inline(raw.strip())))
    out += [".SH SEE ALSO", "\\fBlegday\\fR(1), \\fBsystemd.unit\\fR(5), \\fBtoml.io\\fR"]
    # Collapse runs of paragraph breaks.
    collapsed: list[str] = []
    for entry in out:
        if entry == ".PP" and collapsed and collapsed[-1] in (".PP", ".SH DESCRIPTION") or \
                entry == ".PP" and collapsed and collapsed[-1].startswith((".SH", ".SS")):
            continue
        collapsed.append(entry)
    return "\n".join(collapsed) + "\n"


if __name__ == "__main__":
    source, version_file = sys.argv[1], sys.argv[2]
    version = open(version_file).read().strip()
    sys.stdout.write(convert(open(source, encoding="utf-8").read(), version))
