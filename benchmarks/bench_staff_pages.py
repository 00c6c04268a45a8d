"""Server time and query count of the staff work queue and case page at 10k, 100k and 1M complaints.

Runs on PostgreSQL (a database of its own, created if missing), loading demo data in bulk up to each
size, then timing requests through the whole Django stack in-process (middleware, auth, queries,
template rendering, the audit write of a case view). No network, no browser: this is server time.

    .venv/bin/python benchmarks/bench_staff_pages.py                 # 10k and 100k
    BENCH_SIZES=10000,100000,1000000 .venv/bin/python benchmarks/bench_staff_pages.py

Goal (issue 4): queue page p95 at most 50 ms at 1M complaints; queries per page constant.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# One database per size, named putright_bench_<size>, so each size is measured on its own data.
BENCH_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(client, url: str, n: int) -> tuple[float, float, int]:
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
    for size in SIZES:
        out = subprocess.run(
            [sys.executable, __file__, str(size)], check=True, capture_output=True, text=True
        ).stdout
        print(out.split("|", 1)[0].rstrip(), flush=True)
        rows += [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    print()
    print("| complaints | user | page | p50 ms | p95 ms | queries |")
    print("| ---: | --- | --- | ---: | ---: | ---: |")
    print("\n".join(row for row in rows if not row.startswith("| complaints")))
    return None


def measure(size: int) -> None:
    url = f"{BENCH_SERVER}/putright_bench_{size}"
    os.environ["DATABASE_URL"] = url
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from putright.accounts.models import StaffUser
    from putright.cases import demo, rules
    from putright.cases.models import Complaint, Status

    call_command("migrate", verbosity=0)
    demo.ensure_demo_staff()
    rows = []
    have = Complaint.objects.count()
    if have < size:
        started = time.perf_counter()
        demo.generate(size - have, today=rules.today(), seed=size, batch_size=5000)
        load = time.perf_counter() - started
        print(
            f"loaded {size - have:,} complaints in {load:.1f} s ({(size - have) / load:,.0f}/s)",
            flush=True,
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
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
        pages = {
            "queue (team)": f"{queue}?view=team",
            "queue (overdue)": f"{queue}?view=overdue",
            "queue (all, page 50)": f"{queue}?view=all&page=50",
            "queue (search name)": f"{queue}?view=all&q=Ffion+Jones",
            "queue (search surname)": f"{queue}?view=all&q=Jones",
            "case page": reverse("staff:detail", args=[open_case]),
        }
        for label, url in pages.items():
            p50, p95, queries = timed(client, url, REQUESTS)
            rows.append((size, username, label, p50, p95, queries))
            print(
                f"{size:>9,} {username:<11} {label:<22} p50 {p50:7.1f} ms  "
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
