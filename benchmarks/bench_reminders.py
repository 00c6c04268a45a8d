"""Time of the daily reminder sweep over a million open stages, on PostgreSQL.

Runs on a database of its own (``putright_bench_reminders``, created if missing). The first run
loads it: demo data through ``demo.generate``, then the open cases copied in bulk (each copy with
its running stage, given to one of several hundred extra caseworkers and reviewers) until at
least a million stages are running. Then the sweep is timed: the first run of a day sends (it
writes every digest to the outbox and queues it), the next runs that day find every digest
already queued and send nothing.

    .venv/bin/python benchmarks/bench_reminders.py       # 100k running stages, or 1M once loaded
    BENCH_OPEN_STAGES=1000000 .venv/bin/python benchmarks/bench_reminders.py   # loads 1M once
    BENCH_RUNS=5 .venv/bin/python benchmarks/bench_reminders.py

Goal: a sweep over a million open stages finishes in at most 5 s.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "putright_bench_reminders")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
#: How many stages should be running: BENCH_OPEN_STAGES, else a million once loaded, else 100k.
MILLION = 1_000_000
#: Demo complaints made through demo.generate; the rest are copies of its open ones.
DEMO_COMPLAINTS = int(os.environ.get("BENCH_DEMO_COMPLAINTS", "50000"))
#: Extra staff the copies are given to: a large organisation's complaints workforce.
CASEWORKERS = 400
REVIEWERS = 100


def running_stages() -> int:
    from putright.cases.models import StageInstance, Status

    return StageInstance.objects.filter(
        responded_on__isnull=True, complaint__status=Status.OPEN
    ).count()


def bench_staff(role: str, prefix: str, count: int) -> tuple[int, int]:
    """``count`` staff named ``<prefix><n>`` with ``role``, made once: their lowest, highest id."""
    from putright.accounts.models import StaffUser, Team

    have = StaffUser.objects.filter(username__startswith=prefix).count()
    if have < count:
        team = Team.objects.get(code="casework")
        StaffUser.objects.bulk_create(
            [
                StaffUser(
                    username=f"{prefix}{n}",
                    first_name="Bench",
                    last_name=f"{role} {n}",
                    role=role,
                    grade=5 if role == "reviewer" else 2,
                    team=team,
                    email=f"{prefix}{n}@putright.invalid",
                    password="!",
                )
                for n in range(have, count)
            ]
        )
    ids = StaffUser.objects.filter(username__startswith=prefix).values_list("pk", flat=True)
    return min(ids), max(ids)


def copy_open_cases(target: int) -> None:
    """Copy the open demo cases, each with its running stage, until ``target`` stages run.

    Each copy keeps its original's dates (so due dates spread as the demo's do), and goes to one
    of the extra caseworkers; a stage with a reviewer goes to one of the extra reviewers."""
    from django.db import connection, transaction

    from putright.accounts.models import Role

    have = running_stages()
    if have >= target:
        return
    caseworkers = bench_staff(Role.CASEWORKER, "bench-caseworker-", CASEWORKERS)
    reviewers = bench_staff(Role.REVIEWER, "bench-reviewer-", REVIEWERS)
    with connection.cursor() as cursor:
        # The open demo cases and their running stages, copied below.
        cursor.execute(
            "CREATE TEMPORARY TABLE originals AS "
            "SELECT c.id, s.id AS stage_id FROM cases_complaint c "
            "JOIN cases_stageinstance s ON s.complaint_id = c.id AND s.responded_on IS NULL "
            "WHERE c.status = 'open' AND c.submission_key IS NULL"
        )
        cursor.execute("SELECT count(*) FROM originals")
        originals = cursor.fetchone()[0]
        cursor.execute(
            "SELECT coalesce(max(split_part(submission_key, '-', 3)::int), 0) "
            "FROM cases_complaint WHERE submission_key LIKE 'bench-%'"
        )
        done = cursor.fetchone()[0]
        copies = -(-(target - have) // originals)
        print(f"copying {originals:,} open cases {copies} times…", flush=True)
        columns = [
            f.name
            for f in connection.introspection.get_table_description(cursor, "cases_complaint")
            if f.name not in {"id", "reference", "submission_key", "assigned_to_id"}
        ]
        stage_columns = [
            f.name
            for f in connection.introspection.get_table_description(cursor, "cases_stageinstance")
            if f.name not in {"id", "complaint_id", "reviewer_id"}
        ]
        low, high = caseworkers
        rlow, rhigh = reviewers
        for copy in range(done + 1, done + copies + 1):
            started = time.perf_counter()
            with transaction.atomic():
                cursor.execute(
                    f"""
                    WITH made AS (
                        INSERT INTO cases_complaint
                            (reference, submission_key, assigned_to_id, {", ".join(columns)})
                        SELECT 'B' || %s || '-' || c.id, 'bench-' || c.id || '-' || %s,
                               %s + (c.id * 7919 + %s) %% %s,
                               {", ".join("c." + c for c in columns)}
                        FROM cases_complaint c JOIN originals o ON o.id = c.id
                        RETURNING id, submission_key
                    )
                    INSERT INTO cases_stageinstance
                        (complaint_id, reviewer_id, {", ".join(stage_columns)})
                    SELECT made.id,
                           CASE WHEN s.reviewer_id IS NULL THEN NULL
                                ELSE %s + (made.id * 104729) %% %s END,
                           {", ".join("s." + c for c in stage_columns)}
                    FROM made
                    JOIN originals o ON 'bench-' || o.id || '-' || %s = made.submission_key
                    JOIN cases_stageinstance s ON s.id = o.stage_id
                    """,
                    [copy, copy, low, copy, high - low + 1, rlow, rhigh - rlow + 1, copy],
                )
            print(f"  copy {copy}: {time.perf_counter() - started:.1f} s", flush=True)
        cursor.execute("DROP TABLE originals")


def main() -> None:
    url = f"{BENCH_SERVER}/{DATABASE}"
    os.environ["DATABASE_URL"] = url
    from benchmarks.bench_staff_pages import ensure_database

    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from putright.cases import demo, rules
    from putright.cases.models import Complaint

    call_command("migrate", verbosity=0)
    demo.ensure_demo_staff()
    have = Complaint.objects.filter(submission_key__isnull=True).count()
    if have < DEMO_COMPLAINTS:
        started = time.perf_counter()
        demo.generate(DEMO_COMPLAINTS - have, today=rules.today(), seed=7, batch_size=5000)
        print(
            f"loaded {DEMO_COMPLAINTS - have:,} demo complaints in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
    have = running_stages()
    target = int(os.environ.get("BENCH_OPEN_STAGES", 0)) or (
        MILLION if have >= MILLION else 100_000
    )
    if have < target:
        started = time.perf_counter()
        copy_open_cases(target)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"copied open cases in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"{running_stages():,} running stages", flush=True)
    if os.environ.get("BENCH_LOAD_ONLY"):
        return
    measure()
    if running_stages() < MILLION:
        print(
            "Not measured at a million running stages. To load them once (10 to 20 minutes):\n"
            "    BENCH_OPEN_STAGES=1000000 .venv/bin/python benchmarks/bench_reminders.py"
        )


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process on this machine (the database server's backend)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure() -> None:
    """Time the sweep: the reads alone, then whole sweeps of one day, the first of which sends.

    Wall time depends on what else the machine runs, so each run also reports the CPU time it
    used: this process's, and the database backend's (read from /proc when the server is local;
    with BENCH_SERIAL=1 the database works in that one process, so nothing is left out)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from putright.cases import rules
    from putright.letters.models import OutboxMessage
    from putright.reminders import digests
    from putright.reminders.sweep import send_reminders

    calendar = rules.calendar()
    day = rules.today()
    while not calendar.is_working_day(day):  # the sweep sends nothing on a day nobody works
        day -= timedelta(days=1)
    # Start from a day with nothing sent: earlier runs' digests and their send tasks go.
    OutboxMessage.objects.filter(idempotency_key__startswith="reminder-").delete()
    DBTaskResult.objects.filter(task_path="putright.letters.tasks.send_message").delete()
    with connection.cursor() as cursor:
        if os.environ.get("BENCH_SERIAL"):
            cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    local = Path(f"/proc/{backend}/stat").exists()

    def timed(work):
        load = os.getloadavg()[0]
        db_before = cpu_seconds(backend) if local else 0.0
        cpu_before, started = time.process_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = work()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        db_cpu = cpu_seconds(backend) - db_before if local else float("nan")
        return result, seconds, cpu, db_cpu, len(queries), load

    last_day = digests.horizon(day, 3, calendar)
    found, seconds, cpu, db_cpu, count, load = timed(lambda: digests.all_digests(day, last_day))
    print(
        f"reads only: {len(found)} digests in {seconds:.2f} s (CPU: {cpu:.2f} s here, "
        f"{db_cpu:.2f} s database), {count} queries, load {load:.1f}",
        flush=True,
    )
    rows = []
    for run in range(1, RUNS + 1):
        sweep, seconds, cpu, db_cpu, count, load = timed(
            lambda: send_reminders(day, working_days=3)
        )
        rows.append((run, sweep, seconds, cpu, db_cpu, count, load))
        print(
            f"run {run}: {sweep.digests} digests, {sweep.queued} queued, "
            f"{sweep.already} already queued, {seconds:.2f} s (CPU: {cpu:.2f} s here, "
            f"{db_cpu:.2f} s database), {count} queries, load {load:.1f}",
            flush=True,
        )
    print()
    serial = " (database in one process)" if os.environ.get("BENCH_SERIAL") else ""
    print(f"{running_stages():,} running stages, sweep for {day.isoformat()}{serial}")
    print(
        "| run | digests | queued | already queued | seconds | CPU here | CPU database "
        "| queries | load |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run, sweep, seconds, cpu, db_cpu, count, load in rows:
        print(
            f"| {run} | {sweep.digests} | {sweep.queued} | {sweep.already} | {seconds:.2f} "
            f"| {cpu:.2f} | {db_cpu:.2f} | {count} | {load:.1f} |"
        )


if __name__ == "__main__":
    main()
