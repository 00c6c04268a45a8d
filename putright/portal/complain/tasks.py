"""The online complaint's scheduled work, as tasks a scheduler can queue.

``clear_uploads`` does what ``putright complaint-uploads-clear`` does: it deletes the files of
journeys nobody sent, once they are older than a session lasts. Queue it daily.
"""

from __future__ import annotations

import logging

from django_tasks import task

from putright.portal.complain.pending import abandoned_after, clear_abandoned

log = logging.getLogger(__name__)


@task()
def clear_uploads(hours: int | None = None) -> int:
    """Delete files uploaded to online complaints never sent, older than ``hours`` (default:
    as long as a session lasts; at least 1). Returns how many files were deleted."""
    removed = clear_abandoned(older_than=abandoned_after(hours))
    log.info("Deleted %s file(s) from online complaints never sent.", removed)
    return removed
