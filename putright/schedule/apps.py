from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    """``putright scheduler``: queues the periodic tasks at set times, each slot once (ADR 0015)."""

    name = "putright.schedule"
    label = "schedule"
    verbose_name = "Schedule"
