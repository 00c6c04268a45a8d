"""Every string has real Welsh, and the compiled catalogue matches its source."""

from __future__ import annotations

import re
import shutil
import subprocess
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
