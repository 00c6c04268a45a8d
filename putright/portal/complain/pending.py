"""Files uploaded during the journey, kept in Django's storage until the complaint is sent.

Each file is judged by the core's upload rules (``inspect_upload``) before it is kept, and judged
again by the service when the complaint is sent: a kept file is never trusted twice. The session
holds only a note of each file (its name, size and where it is kept), never its content.
"""

from __future__ import annotations

import secrets
from contextlib import ExitStack, suppress
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from putright.cases.uploads import inspect_upload

#: Where kept files wait, one folder per journey.
PENDING_DIR = "complaints-pending"


def folder(journey_id: str) -> str:
    return f"{PENDING_DIR}/{journey_id}"


def keep(upload: Any, *, journey_id: str, purpose: str) -> dict[str, Any]:
    """Check ``upload`` and keep it for this journey; ``UploadRefused`` says what is wrong."""
    checked = inspect_upload(upload)
    upload.seek(0)
    path = default_storage.save(f"{folder(journey_id)}/{checked.stored_name}", upload)
    return {
        "id": secrets.token_hex(8),
        "name": checked.safe_name,
        "path": path,
        "size": checked.size,
        "purpose": purpose,
    }


def is_kept_here(note: dict[str, Any], journey_id: str) -> bool:
    """The note points into this journey's own folder (and nowhere else)."""
    path = str(note.get("path", ""))
    return path.startswith(f"{folder(journey_id)}/") and ".." not in path


def reopen(note: dict[str, Any], stack: ExitStack) -> File:
    """The kept file, open for reading under the name it was uploaded with; ``OSError`` if it
    is gone. Closed when ``stack`` closes."""
    handle = stack.enter_context(default_storage.open(note["path"], "rb"))
    return File(handle, name=str(note.get("name") or "document"))


def discard(note: dict[str, Any]) -> None:
    with suppress(OSError):  # already gone: nothing to do
        default_storage.delete(note["path"])


#: The youngest files ``clear_abandoned`` may delete: someone may still be answering.
MIN_AGE = timedelta(hours=1)


def abandoned_after(hours: int | None = None) -> timedelta:
    """How old a kept file must be to count as abandoned: ``hours`` if given, else as long as a
    session lasts (``SESSION_COOKIE_AGE``). ``ValueError`` below ``MIN_AGE``."""
    age = (
        timedelta(hours=hours)
        if hours is not None
        else timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    if age < MIN_AGE:
        raise ValueError("hours must be 1 or more: a person may still be answering")
    return age


def clear_abandoned(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete the kept files of journeys nobody finished: every waiting file last changed more
    than ``older_than`` ago. A sent complaint's files are deleted as it is sent; these are the
    ones whose session ended first. Returns how many files were deleted."""
    cutoff = (now or timezone.now()) - older_than
    try:
        folders, _files = default_storage.listdir(PENDING_DIR)
    except OSError:  # nothing has ever been kept
        return 0
    removed = 0
    for journey_folder in folders:
        _subfolders, names = default_storage.listdir(f"{PENDING_DIR}/{journey_folder}")
        for name in names:
            path = f"{PENDING_DIR}/{journey_folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
    return removed
