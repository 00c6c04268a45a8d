"""The service starts with clear answers: bad configuration gets one line naming the variable."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUTRIGHT = Path(sys.executable).parent / "putright"
GOOD_KEY = secrets.token_urlsafe(64)


def run(*args: str, cwd: Path | str = "/", **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PUTRIGHT_"))}
    base.pop("DATABASE_URL", None)
    base.pop("SECRET_KEY", None)
    base.pop("ALLOWED_HOSTS", None)
    return subprocess.run(
        [str(PUTRIGHT), *args],
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {"PUTRIGHT_ENVIRONMENT": "production"}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "example.org"}, "DATABASE_URL"),
        (
            {
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": "example.org",
                "DATABASE_URL": "nonsense://x",
            },
            "DATABASE_URL",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"},
            "ALLOWED_HOSTS",
        ),
    ],
)
def test_production_configuration_problems_give_one_line_naming_the_variable(env, named):
    result = run("check", **PRODUCTION, **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_gives_one_line(tmp_path):
    result = run("migrate", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert result.stderr.strip().startswith(
        "putright: cannot use the database named by DATABASE_URL"
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_deploy_is_clean_under_production_settings():
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        ALLOWED_HOSTS="complaints.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_putright_command_works_from_any_directory(tmp_path):
    result = run("workdays", "--start", "2026-12-04", "--add", "20", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2027-01-06" in result.stdout or "6 January 2027" in result.stdout
