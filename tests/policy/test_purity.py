"""The policy engine is pure Python: no Django anywhere in it, no clock, no network."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import putright.policy

POLICY = Path(putright.policy.__file__).parent


def test_no_module_imports_django_or_reads_the_clock():
    for path in POLICY.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in {"django", "requests"} for n in names), path
        assert "date.today(" not in source and "datetime.now(" not in source, path


def test_importing_the_engine_loads_no_django():
    code = (
        "import sys, putright.policy as p; p.get_registry(); p.Calendar().is_working_day("
        "__import__('datetime').date(2026, 12, 25)); "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
