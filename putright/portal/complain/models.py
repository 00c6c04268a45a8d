"""The one table the online complaint form keeps: how many complaints each place sent lately.

It lives in the database, not in a process's memory, so every web process counts together.
"""

from __future__ import annotations

from django.db import models


class SubmissionCount(models.Model):
    """Complaints sent from one place (a keyed hash of its address, never the address itself)
    in the window that starts at ``window_start``."""

    client = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "window_start"], name="submission_count_once_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="submission_count_window")]

    def __str__(self) -> str:
        return f"{self.client[:8]}… {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
