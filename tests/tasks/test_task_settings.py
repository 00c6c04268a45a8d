"""Choosing the task queue: PUTRIGHT_TASK_BACKEND=database (the default) or rq with REDIS_URL;
a wrong value stops start-up with one line naming the variable (docs/configuration.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PUTRIGHT = Path(sys.executable).parent / "putright"
SHOW = (
    "from django.conf import settings as s; "
    "print(s.TASKS['default']['BACKEND'], sorted(getattr(s, 'RQ_QUEUES', {}).items()), "
    "'django_rq' in s.INSTALLED_APPS)"
)


def putright(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"PUTRIGHT_TASK_BACKEND", "REDIS_URL"}}
    return subprocess.run(
        [str(PUTRIGHT), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_database_queue_is_the_default_and_needs_no_redis():
    shown = putright("shell", "--no-imports", "-c", SHOW)
    assert shown.stdout.split() == ["django_tasks_db.DatabaseBackend", "[]", "False"]


def test_rq_puts_every_queue_on_the_redis_named_by_redis_url():
    shown = putright(
        "shell",
        "--no-imports",
        "-c",
        SHOW,
        PUTRIGHT_TASK_BACKEND="rq",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert shown.returncode == 0, shown.stderr
    url = {"URL": "redis://127.0.0.1:6379/3"}
    assert shown.stdout.strip() == (
        f"django_tasks_rq.RQBackend {[('default', url), ('letters', url)]} True"
    )


@pytest.mark.parametrize(
    ("env", "named", "hint"),
    [
        ({"PUTRIGHT_TASK_BACKEND": "celery"}, "PUTRIGHT_TASK_BACKEND", "'database' or 'rq'"),
        ({"PUTRIGHT_TASK_BACKEND": "rq"}, "REDIS_URL", "redis://127.0.0.1:6379/0"),
        (
            {"PUTRIGHT_TASK_BACKEND": "rq", "REDIS_URL": "http://:hunter2@cache.internal/0"},
            "REDIS_URL",
            "redis://",
        ),
        (
            {"PUTRIGHT_TASK_BACKEND": "rq", "REDIS_URL": "redis://:hunter2@cache.internal/zero"},
            "REDIS_URL",
            "database number",
        ),
    ],
)
def test_a_wrong_task_setting_is_one_line_naming_the_variable(env, named, hint):
    result = putright("check", **env)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert named in line
    assert hint in line
    assert "hunter2" not in line  # a password in the URL is never repeated


def test_every_queue_a_task_names_is_configured_and_worked_by_the_rq_worker():
    root = Path(__file__).resolve().parents[2]
    source = "\n".join(p.read_text() for p in (root / "putright").rglob("*.py"))
    named = set(re.findall(r"""queue_name=["']([^"']+)["']""", source)) | {"default"}
    assert named <= set(settings.TASK_QUEUES)

    makefile = (root / "Makefile").read_text()
    (rq_worker,) = re.findall(r"^TASK_WORKER := (rqworker .*)$", makefile, flags=re.M)
    assert rq_worker.split()[-len(settings.TASK_QUEUES) :] == settings.TASK_QUEUES
    readme = (root / "README.md").read_text()
    assert rq_worker in readme
