"""Uploaded documents are checked by their content, not their name, and by size."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.text import get_valid_filename

from putright.cases import messages as msg

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Magic numbers of the formats we accept. The extension is taken from the content, never trusted.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
)


class UploadRefused(Exception):
    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    safe_name: str
    stored_name: str


def _sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            if extension == "docx" and b"word/" not in head and b"[Content_Types]" not in head:
                return None
            return content_type, extension
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain", "txt"
    return None


def inspect_upload(upload) -> CheckedUpload:
    size = upload.size or 0
    if size == 0:
        raise UploadRefused(msg.FILE_EMPTY)
    if size > MAX_UPLOAD_BYTES:
        raise UploadRefused(msg.FILE_TOO_BIG % {"size": filesizeformat(MAX_UPLOAD_BYTES)})
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    sniffed = _sniff(head)
    if sniffed is None:
        raise UploadRefused(msg.FILE_TYPE)
    content_type, extension = sniffed
    stem = get_valid_filename(PurePath(upload.name or "document").stem)[:80] or "document"
    return CheckedUpload(
        content_type=content_type,
        extension=extension,
        size=size,
        safe_name=f"{stem}.{extension}",
        stored_name=f"{secrets.token_hex(16)}.{extension}",
    )
