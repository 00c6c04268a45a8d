"""Server time and query count of the online complaint: every question page and the final submit.

Runs on the same PostgreSQL databases as ``bench_staff_pages.py`` (putright_bench_<size>, loaded
by it the first time), so the complaints a person sends join a table of that size. Each journey is
a new visitor from an address of its own (the hourly limit per address is counted, as it is for
real, in the database): it opens the start page, answers every question the journey asks (the
GET that shows the page, then the POST that answers it), checks its answers and sends. Timing
is through the whole Django stack in-process (middleware, session, queries, templates, the
complaint service and the engine); no network, no browser.

    .venv/bin/python benchmarks/bench_portal.py            # 10k and 100k, and 1M if loaded
    BENCH_SIZES=1000000 BENCH_JOURNEYS=60 .venv/bin/python benchmarks/bench_portal.py

Goals (issue "Public service"): each question page p95 at most 15 ms and the final submit p95 at
most 60 ms at 1M complaints, with the same number of queries at every size.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench_staff_pages import BENCH_SERVER, MILLION, ensure_database, load, loaded  # noqa: E402
from journey_answers import answers  # noqa: E402

JOURNEYS = int(os.environ.get("BENCH_JOURNEYS", "40"))
START = "/complain/start/"
CHECK = "/complain/check-your-answers/"


def sizes() -> list[int]:
    if os.environ.get("BENCH_SIZES"):
        return [int(s) for s in os.environ["BENCH_SIZES"].split(",") if s]
    return [10_000, 100_000] + ([MILLION] if loaded(MILLION) else [])


class Timer:
    """Times each request a client makes and counts its queries, by label."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.queries: dict[str, int] = {}

    def __call__(self, label: str, send: Any, *, count: bool = False) -> Any:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        if count:
            with CaptureQueriesContext(connection) as captured:
                response = send()
            self.queries[label] = len(captured.captured_queries)
            return response
        started = time.perf_counter()
        response = send()
        self.times[label].append((time.perf_counter() - started) * 1000)
        return response


def journey(timer: Timer, n: int, today: date, *, count: bool = False) -> None:
    """One visitor's whole journey, from the start page to "Complaint sent"."""
    from django.test import Client

    client = Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
    pages = answers(today, n)
    response = timer("start page", lambda: client.get("/complain/"), count=count)
    assert response.status_code == 200, response.status_code
    response = client.get(START)
    url = response["Location"]
    while not url.startswith(CHECK):
        slug = url.split("/complain/", 1)[1].split("/", 1)[0]
        if slug not in pages:
            raise SystemExit(f"The journey asked a question this benchmark does not know: {slug}")
        shown = timer(f"{slug} (show)", lambda u=url: client.get(u), count=count)
        assert shown.status_code == 200, (slug, shown.status_code)
        answered = timer(
            f"{slug} (answer)", lambda u=url, s=slug: client.post(u, pages[s]), count=count
        )
        assert answered.status_code == 302, (slug, answered.status_code)
        url = answered["Location"]
    shown = timer("check your answers (show)", lambda: client.get(CHECK), count=count)
    assert shown.status_code == 200, shown.status_code
    sent = timer("submit", lambda: client.post(CHECK, {"website": ""}), count=count)
    assert sent.status_code == 302, sent.status_code
    done = timer("complaint sent", lambda: client.get(sent["Location"]), count=count)
    assert done.status_code == 200, done.status_code


def measure(size: int) -> list[tuple[int, str, float, float, int]]:
    url = f"{BENCH_SERVER}/putright_bench_{size}"
    os.environ["DATABASE_URL"] = url
    ensure_database(url)
    import django

    django.setup()
    from django.conf import settings

    from putright.cases import rules

    if not loaded(size):
        load(size)
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PUTRIGHT_COMPLAINTS_PER_HOUR = 10
    today = rules.today()
    timer = Timer()
    first = 1_000_000 + size // 1000 * 1000 + (int(time.time()) % 100_000) * 100
    journey(timer, first, today)  # warm up: templates, procedure data, connections
    journey(timer, first + 1, today, count=True)
    timer.times.clear()
    for n in range(JOURNEYS):
        journey(timer, first + 2 + n, today)
    rows = []
    for label, values in timer.times.items():
        values.sort()
        p95 = values[max(0, round(len(values) * 0.95) - 1)]
        rows.append((size, label, statistics.median(values), p95, timer.queries.get(label, -1)))
        print(
            f"{size:>9,} {label:<38} p50 {rows[-1][2]:6.1f} ms  p95 {p95:6.1f} ms  "
            f"{rows[-1][4]:3d} queries",
            flush=True,
        )
    return rows


def main() -> None:
    if len(sizes()) > 1:
        # Django is set up once per process: each size runs in a process of its own.
        import subprocess

        rows: list[str] = []
        for size in sizes():
            env = {**os.environ, "BENCH_SIZES": str(size)}
            done = subprocess.run(
                [sys.executable, __file__], env=env, capture_output=True, text=True, check=False
            )
            sys.stdout.write(done.stdout)
            sys.stderr.write(done.stderr)
            rows += [line for line in done.stdout.splitlines() if line.startswith("| ")]
        return
    rows_measured = measure(sizes()[0])
    print()
    print("| complaints | page | p50 ms | p95 ms | queries |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for size, label, p50, p95, queries in rows_measured:
        print(f"| {size:,} | {label} | {p50:.1f} | {p95:.1f} | {queries} |")
    worst_page = max(
        (r for r in rows_measured if r[1] not in {"submit"}), key=lambda r: r[3], default=None
    )
    submit = next((r for r in rows_measured if r[1] == "submit"), None)
    if worst_page and submit:
        print(
            f"\nSlowest question page p95: {worst_page[3]:.1f} ms ({worst_page[1]}; goal 15 ms). "
            f"Submit p95: {submit[3]:.1f} ms (goal 60 ms)."
        )


if __name__ == "__main__":
    main()
