"""The thin commands over the policy engine: output, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PUTRIGHT = Path(sys.executable).parent / "putright"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_deadline_text():
    out = run(
        "deadline", "--procedure", "two-stage-review", "--step", "stage-1", "--start", "2026-12-18"
    )
    lines = out.splitlines()
    assert lines[0] == "2027-02-03"
    assert lines[1].startswith("Received Friday 18 December 2026. 30 working days after that is")
    assert lines[2] == "Rule: two-stage-review v1 § stage-1.target"


def test_deadline_json_in_scotland():
    out = run(
        "deadline",
        "--procedure=two-stage-review",
        "--step=stage-2",
        "--start=2027-01-29",
        "--division=scotland",
        "--format=json",
    )
    data = json.loads(out)
    assert data["due"] == "2027-02-26"
    assert data["division"] == "scotland"
    assert data["explanation"].startswith("Asked for the next stage Friday 29 January 2027.")
    assert data["explanation_detail"]["rule_params"]["clause"] == "stage-2.target"


def test_deadline_in_welsh():
    out = run(
        "deadline",
        "--procedure=service-complaint",
        "--step=acknowledge",
        "--start=2026-12-04",
        "--language=cy",
    )
    assert out.splitlines()[1].startswith("Dyddiad derbyn: dydd Gwener 4 Rhagfyr 2026.")


def test_workdays_text_and_json():
    out = run("workdays", "--start", "2026-12-04", "--add", "20")
    assert out.splitlines()[0] == "2027-01-06"
    data = json.loads(run("workdays", "--start=2026-12-04", "--add=20", "--format=json"))
    assert data["result"] == "2027-01-06"
    assert data["add"] == 20
    assert "Christmas Day (25 December)" in data["explanation"]
    assert data["explanation_detail"]["skipped"][0]["date"] == "2026-12-25"


def test_procedures_list_and_show():
    out = run("procedures")
    assert out.splitlines()[0].startswith("service-complaint  v1  from 2026-01-01")
    data = json.loads(run("procedures", "--format=json"))
    assert [p["id"] for p in data["procedures"]] == ["service-complaint", "two-stage-review"]
    page = run("procedures", "show", "two-stage-review")
    assert page.startswith("# Complaining about a service we have provided")
    page = run("procedures", "show", "service-complaint", "--version", "1", "--language", "cy")
    assert page.startswith("# Trefn cwynion am wasanaeth")
    data = json.loads(run("procedures", "show", "service-complaint", "--format=json"))
    assert data["page"].startswith("# Service complaints procedure")


BAD = [
    (
        ["deadline", "--procedure=nope", "--step=stage-1", "--start=2026-12-18"],
        "unknown procedure 'nope'; valid procedures: service-complaint, two-stage-review",
    ),
    (
        ["deadline", "--procedure=two-stage-review", "--step=stage-9", "--start=2026-12-18"],
        "valid steps: acknowledge, stage-1, stage-2",
    ),
    (
        ["deadline", "--procedure=service-complaint", "--step=frontline", "--start=2026-12-18"],
        "valid steps: acknowledge, senior-manager",
    ),
    (
        ["deadline", "--procedure=two-stage-review", "--step=stage-1", "--start=18/12/2026"],
        "--start: '18/12/2026' is not a date; use YYYY-MM-DD",
    ),
    (
        ["deadline", "--procedure=two-stage-review", "--step=stage-1", "--start=2026-1-8"],
        "is not a date",
    ),
    (
        [
            "deadline",
            "--procedure=two-stage-review",
            "--step=stage-1",
            "--start=2026-12-18",
            "--division=wales",
        ],
        "--division: unknown value 'wales'; "
        "valid choices: england-and-wales, scotland, northern-ireland",
    ),
    (
        ["deadline", "--procedure=two-stage-review", "--step=stage-1", "--start=2100-12-30"],
        "outside the dates",
    ),
    (
        [
            "deadline",
            "--procedure=two-stage-review",
            "--step=stage-1",
            "--start=2026-12-18",
            "--format=xml",
        ],
        "--format: unknown value 'xml'; valid choices: text, json",
    ),
    (["workdays", "--start=2026-12-04", "--add=-1"], "--add: must be 0 or more, not -1"),
    (["workdays", "--start=2026-12-04", "--add=two"], "--add: 'two' is not a whole number"),
    (["workdays", "--start=2026-12-04", "--add=5", "--language=fr"], "valid choices: en, cy"),
    (["workdays", "--start=2100-12-31", "--add=5"], "outside the dates"),
    (["workdays", "--start=2026-12-04"], "the following arguments are required: --add"),
    (["procedures", "show", "nope"], "valid procedures: service-complaint, two-stage-review"),
    (["procedures", "show"], "show needs a procedure id; valid procedures"),
    (["procedures", "show", "two-stage-review", "--version=9"], "valid versions: 1"),
    (["procedures", "frob"], "action: unknown value 'frob'; valid choices: list, show"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_via_call_command(args, message):
    with pytest.raises(CommandError) as info:
        call_command(*args, stdout=StringIO())
    assert info.value.returncode == 2
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("args", "message"), [*BAD[::3], BAD[12]])
def test_bad_input_from_the_command_line(args, message):
    result = subprocess.run([str(PUTRIGHT), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_the_command_line_runs():
    result = subprocess.run(
        [str(PUTRIGHT), "workdays", "--start", "2026-12-04", "--add", "20", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["result"] == "2027-01-06"
