"""The reminder sweep as a task, queued daily by ``putright scheduler`` (ADR 0015)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from putright.reminders.sweep import send_reminders


@task()
def send_reminder_digests(day: str = "") -> int:
    """Queue today's reminder digests (or those of ``day``, written YYYY-MM-DD). Returns how
    many messages were queued: none on a second run the same day."""
    return send_reminders(date.fromisoformat(day) if day else None).queued
