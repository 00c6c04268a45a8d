"""Every string has real Welsh, and the compiled catalogue matches its source."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "putright/locale/cy/LC_MESSAGES/django.po"


def entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if "msgid" in block and "#~" not in block]


def test_no_welsh_string_is_missing_or_fuzzy():
    problems = []
    for block in entries(CATALOGUE.read_text(encoding="utf-8"))[1:]:  # [0] is the header
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        if "#, fuzzy" in block or re.search(r'^msgstr(\[\d\])? ""\n?$', block, re.M):
            # msgstr "" followed by continuation lines is a wrapped (non-empty) string
            lines = block.splitlines()
            for i, line in enumerate(lines):
                empty = re.fullmatch(r'msgstr(\[\d\])? ""', line)
                wrapped = i + 1 < len(lines) and lines[i + 1].startswith('"')
                if "#, fuzzy" in block or (empty and not wrapped):
                    problems.append(msgid.group(1) if msgid else block[:60])
                    break
    assert problems == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(CATALOGUE)], check=True)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes(), (
        "Run: cd putright && ../.venv/bin/putright compilemessages"
    )


def msgids(text: str) -> set[str]:
    found = set()
    for block in entries(text)[1:]:
        match = re.search(r'^msgid ((?:".*"\n?)+?)(?=^msgid_plural|^msgstr)', block, re.M)
        if match:
            found.add("".join(re.findall(r'"(.*)"', match.group(1))))
    return found


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
def test_every_translatable_string_in_the_code_is_in_the_catalogue(tmp_path):
    """A string marked for translation but never extracted would show in English only."""
    package = CATALOGUE.parents[3]
    copy = tmp_path / "putright"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "build", "*.mo"))
    (copy / "locale/cy/LC_MESSAGES/django.po").unlink()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "putright"),
            "makemessages",
            "-l",
            "cy",
            "--ignore=policy",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
    )
    extracted = msgids((copy / "locale/cy/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    committed = msgids(CATALOGUE.read_text(encoding="utf-8"))
    assert sorted(extracted - committed) == [], (
        "Run makemessages in putright/ and add the Welsh for these"
    )
