"""Server time and query count of the staff work queue and case page at 10k, 100k and 1M complaints.

Runs on PostgreSQL (a database of its own, created if missing), loading demo data in bulk up to each
size, then timing requests through the whole Django stack in-process (middleware, auth, queries,
template rendering, the audit write of a case view). No network, no browser: this is server time.
Every queue view is measured on page 1 and page 50, for a caseworker and a complaints manager.

    .venv/bin/python benchmarks/bench_staff_pages.py    # 10k and 100k, and 1M if already loaded
    BENCH_SIZES=1000000 .venv/bin/python benchmarks/bench_staff_pages.py   # loads 1M the first time
    BENCH_ONLY=overdue,search .venv/bin/python benchmarks/bench_staff_pages.py   # some pages only

Loading a million complaints takes 7 to 20 minutes, once: the database is kept for the next run.

Goal: every queue view p95 at most 30 ms at 1M complaints; queries per page the same at every size.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# One database per size, named putright_bench_<size>, so each size is measured on its own data.
BENCH_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
ONLY = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]
MILLION = 1_000_000


def sizes() -> list[int]:
    """BENCH_SIZES if set; otherwise 10k and 100k, and 1M when its database is already loaded."""
    if os.environ.get("BENCH_SIZES"):
        return [int(s) for s in os.environ["BENCH_SIZES"].split(",") if s]
    return [10_000, 100_000] + ([MILLION] if loaded(MILLION) else [])


def loaded(size: int) -> bool:
    """Whether putright_bench_<size> exists and holds at least ``size`` complaints."""
    import psycopg

    try:
        with psycopg.connect(f"{BENCH_SERVER}/putright_bench_{size}", connect_timeout=5) as conn:
            row = conn.execute("SELECT reltuples FROM pg_class WHERE relname = 'cases_complaint'")
            found = row.fetchone()
    except psycopg.Error:
        return False
    return bool(found) and found[0] >= size * 0.99


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(client: Any, url: str, n: int) -> tuple[float, float, int]:
    """p50 and p95 of ``n`` requests of one page, after three to warm caches, and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: the next request resets the query log
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return statistics.median(samples), p95, query_count


def main() -> None:
    if len(sys.argv) == 2:
        return measure(int(sys.argv[1]))
    import subprocess

    rows: list[str] = []
    chosen = sizes()
    for size in chosen:
        out = subprocess.run(
            [sys.executable, __file__, str(size)], check=True, capture_output=True, text=True
        ).stdout
        print(out.split("|", 1)[0].rstrip(), flush=True)
        rows += [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    rows = [row for row in rows if not row.startswith("| complaints")]
    print()
    print("| complaints | user | page | p50 ms | p95 ms | queries |")
    print("| ---: | --- | --- | ---: | ---: | ---: |")
    print("\n".join(rows))
    print()
    report_query_counts(rows)
    if MILLION not in chosen:
        print(
            "Not measured at 1M complaints. To load them once (7 to 20 minutes) and measure:\n"
            "    BENCH_SIZES=1000000 make bench"
        )
    return None


def report_query_counts(rows: list[str]) -> None:
    """Say whether every page makes the same number of queries at every size measured."""
    counts: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        _, _size, user, page, _p50, _p95, queries, _ = (cell.strip() for cell in row.split("|"))
        counts.setdefault((user, page), set()).add(queries)
    grew = [f"{user} {page}: {sorted(n)}" for (user, page), n in counts.items() if len(n) > 1]
    if grew:
        print("Query counts differ between sizes:\n    " + "\n    ".join(grew))
    else:
        print("Query counts: the same at every size measured.")


def load(size: int) -> None:
    """Bring the set-up database up to ``size`` demo complaints (in bulk), then analyse it."""
    from django.core.management import call_command
    from django.db import connection

    from putright.cases import demo, rules
    from putright.cases.models import Complaint

    call_command("migrate", verbosity=0)
    demo.ensure_demo_staff()
    have = Complaint.objects.count()
    if have < size:
        started = time.perf_counter()
        demo.generate(size - have, today=rules.today(), seed=size, batch_size=5000)
        took = time.perf_counter() - started
        print(
            f"loaded {size - have:,} complaints in {took:.1f} s ({(size - have) / took:,.0f}/s)",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(size: int) -> None:
    url = f"{BENCH_SERVER}/putright_bench_{size}"
    os.environ["DATABASE_URL"] = url
    ensure_database(url)
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from putright.accounts.models import StaffUser
    from putright.cases.models import Complaint, Status
    from putright.cases.selectors import QUEUE_VIEWS

    load(size)
    rows = []
    if os.environ.get("BENCH_LOAD_ONLY"):
        return
    for username in ("caseworker", "manager"):
        client = Client()
        client.force_login(StaffUser.objects.get(username=username))
        queue = reverse("staff:queue")
        open_case = (
            Complaint.objects.filter(team__members__username="caseworker", status=Status.OPEN)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        pages = {"queue (default view)": queue}
        for view in QUEUE_VIEWS:
            pages[f"queue ({view})"] = f"{queue}?view={view}"
            pages[f"queue ({view}, page 50)"] = f"{queue}?view={view}&page=50"
        pages["queue (search name)"] = f"{queue}?view=all&q=Ffion+Jones"
        pages["queue (search surname)"] = f"{queue}?view=all&q=Jones"
        pages["case page"] = reverse("staff:detail", args=[open_case])
        for label, url in pages.items():
            if ONLY and not any(part in label for part in ONLY):
                continue
            p50, p95, queries = timed(client, url, REQUESTS)
            rows.append((size, username, label, p50, p95, queries))
            print(
                f"{size:>9,} {username:<11} {label:<28} p50 {p50:7.1f} ms  "
                f"p95 {p95:7.1f} ms  {queries:3d} queries",
                flush=True,
            )
    print()
    print("| complaints | user | page | p50 ms | p95 ms | queries |")
    print("| ---: | --- | --- | ---: | ---: | ---: |")
    for size, user, label, p50, p95, queries in rows:
        print(f"| {size:,} | {user} | {label} | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
