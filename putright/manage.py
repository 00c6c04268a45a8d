"""The ``putright`` console script: the project's manage.py, usable from any directory."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv or sys.argv)
    except ImproperlyConfigured as exc:
        # One clear line that names the setting, never a traceback.
        print(f"putright: configuration problem: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(
            f"putright: cannot use the database named by DATABASE_URL: {first}",
            file=sys.stderr,
        )
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
