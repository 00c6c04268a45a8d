"""Health of the service for a load balancer: is the database reachable?"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import DatabaseError, connection


@dataclass(frozen=True)
class Health:
    database_ok: bool
    database_ms: float
    detail: str

    @property
    def ok(self) -> bool:
        return self.database_ok

    def as_dict(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "unavailable",
            "database": {
                "ok": self.database_ok,
                "vendor": connection.vendor,
                "latency_ms": round(self.database_ms, 2),
                "detail": self.detail,
            },
        }


def check_health() -> Health:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Health(False, (time.perf_counter() - started) * 1000, type(exc).__name__)
    return Health(True, (time.perf_counter() - started) * 1000, "reachable")
