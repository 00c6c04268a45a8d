"""Uploaded documents are judged by their whole content, never by their name (ADR 0009).

A file is recognised by its signature (``puremagic``), then must hold together as that kind of
file from its first byte to its last: a PDF must parse (``pypdf``) and carry no scripts, launch
actions or attached files; a Word document must be a sound zip package that unpacks within limits,
counted while it is read rather than taken from the sizes it declares; a PNG or JPEG must decode
(Pillow) within a pixel limit; plain text must be UTF-8. Web page code or script is refused under
whatever name or type it arrives.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from xml.parsers import expat

import puremagic
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.text import get_valid_filename
from PIL import Image
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from putright.cases import messages as msg

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: What a Word document may unpack to in total, and how many parts it may have.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PACKAGE_ENTRIES = 1_000
#: A part this many times bigger than its compressed self is a zip bomb, not a document. Parts
#: under a mebibyte are let off: a small part that compresses well does no harm.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000
#: How many objects a PDF may hold, and how many values the search for scripts may visit. A PDF is
#: parsed in pure Python at about a quarter of a millisecond an object, so these bound the time.
MAX_PDF_OBJECTS = 25_000
MAX_PDF_NODES = 500_000

PDF = ("application/pdf", "pdf")
PNG = ("image/png", "png")
JPEG = ("image/jpeg", "jpg")
WORD = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
TEXT = ("text/plain", "txt")

_CHUNK = 64 * 1024
#: Where browsers look when they guess a file's type: markup here is refused in any file.
_HEAD = 1024
#: Markup or script that a browser would act on. Short markers are looked for only at the head of
#: a binary file, where a browser sniffs; in compressed data they would turn up by chance.
_MARKUP_ANYWHERE = (b"<script", b"<iframe", b"<!doctype", b"javascript:", b"vbscript:")
_MARKUP = (
    *_MARKUP_ANYWHERE,
    b"<html",
    b"<svg",
    b"<body",
    b"<object",
    b"<embed",
    b"onerror=",
    b"onload=",
)
_MARKUP_TYPES = frozenset(
    {
        "text/html",
        "image/svg+xml",
        "application/xhtml+xml",
        "application/javascript",
        "text/javascript",
        "application/x-shellscript",
    }
)

_CONTENT_TYPES = "[Content_Types].xml"
_RELATIONSHIPS = "_rels/.rels"  # its officeDocument relationship names the main part
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: Word stores or deflates its parts; other methods and encryption are refused before unpacking,
#: and these are how zipfile and zlib say a package is broken.
_PACKAGE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_UNREADABLE_PACKAGE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    expat.ExpatError,
    NotImplementedError,
    RuntimeError,
)
_WORD_MACRO_MAINS = (
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
)

#: Keys, and values of /S, /Type or /Subtype, that give a PDF something to run or to unpack.
_PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMedia", "/XFA"})
_PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/GoToE",
        "/RichMediaExecute",
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMedia",
    }
)
_PDF_NAMED_KEYS = ("/S", "/Type", "/Subtype")
#: Page content, fonts, images and the structure tree hold nothing a viewer runs; back links would
#: only lead to what has been seen.
_PDF_SKIPPED_KEYS = frozenset(
    {
        "/Parent",
        "/P",
        "/Prev",
        "/Contents",
        "/Resources",
        "/StructTreeRoot",
        "/Metadata",
        "/Thumb",
        "/AP",
        "/PieceInfo",
        "/DR",
    }
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


def inspect_upload(upload: UploadedFile) -> CheckedUpload:
    """Return what the upload really is, or raise ``UploadRefused`` saying what to fix.

    The verdict is kept on the upload, so a form and then the action storing it judge it once.
    """
    verdict = getattr(upload, "_putright_verdict", None)
    if verdict is None:
        content = read_content(upload)
        verdict = (*judge_content(content), len(content))
        upload._putright_verdict = verdict  # type: ignore[attr-defined]
    content_type, extension, size = verdict
    stem = get_valid_filename(PurePath(upload.name or "document").stem)[:80] or "document"
    return CheckedUpload(
        content_type=content_type,
        extension=extension,
        size=size,
        safe_name=f"{stem}.{extension}",
        stored_name=f"{secrets.token_hex(16)}.{extension}",
    )


def read_content(upload: UploadedFile) -> bytes:
    """A file must have something in it and be no bigger than ``MAX_UPLOAD_BYTES``, counted as
    it is read rather than taken from the size it declares."""
    too_big = UploadRefused(msg.FILE_TOO_BIG % {"size": filesizeformat(MAX_UPLOAD_BYTES)})
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise too_big
    upload.seek(0)
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    if not content:
        raise UploadRefused(msg.FILE_EMPTY)
    if len(content) > MAX_UPLOAD_BYTES:
        raise too_big
    return content


def judge_content(content: bytes) -> tuple[str, str]:
    """Say what the content is, as a content type and extension, after checking all of it."""
    kind = recognise(content)
    refuse_markup(content, whole_text=kind == TEXT)
    _CHECKS[kind](content)
    return kind


def recognise(content: bytes) -> tuple[str, str]:
    """Recognise the file by its signature; anything without an accepted one may be plain text."""
    try:
        matches = puremagic.magic_string(content)
    except (puremagic.PureError, ValueError):
        matches = []
    mime_types = {match.mime_type.lower() for match in matches}
    if mime_types & _MARKUP_TYPES:
        raise UploadRefused(msg.FILE_WEB_CODE)
    for kind in (PDF, PNG, JPEG):
        if kind[0] in mime_types:
            return kind
    if "application/zip" in mime_types:
        return WORD
    return TEXT


def refuse_markup(content: bytes, *, whole_text: bool) -> None:
    """Web page code or script is refused under any type: anywhere in a text file, and in a
    binary file at its head or wherever a marker is too long to turn up by chance."""
    lowered = content.lower()
    head = lowered[:_HEAD]
    anywhere = _MARKUP if whole_text else _MARKUP_ANYWHERE
    if any(marker in head for marker in _MARKUP) or any(m in lowered for m in anywhere):
        raise UploadRefused(msg.FILE_WEB_CODE)


def check_pdf(content: bytes) -> None:
    """A PDF must parse, have a page, carry no password, hold at most ``MAX_PDF_OBJECTS`` objects
    (parsing is pure Python: this bounds the time it takes), and give a viewer nothing to run."""
    try:
        with apply_configuration(zlib_maximum_output_length=MAX_UNPACKED_BYTES):
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise UploadRefused(msg.FILE_PROTECTED)
            if count_pdf_objects(reader) > MAX_PDF_OBJECTS:
                raise UploadRefused(msg.FILE_TOO_MANY_PARTS)
            if len(reader.pages) == 0:
                raise UploadRefused(msg.FILE_DAMAGED)
            active = pdf_has_active_content(reader)
    except UploadRefused:
        raise
    except LimitReachedError as exc:
        raise UploadRefused(msg.FILE_TOO_BIG_UNPACKED) from exc
    except Exception as exc:  # a parser's every failure on untrusted bytes means the same
        raise UploadRefused(msg.FILE_DAMAGED) from exc
    if active:
        raise UploadRefused(msg.FILE_ACTIVE_CONTENT)


def count_pdf_objects(reader: PdfReader) -> int:
    """Count a PDF's objects from its cross-reference tables and the headers of its object
    streams, before any object is parsed."""
    listed = sum(len(numbers) for numbers in reader.xref.values())
    if listed + len(reader.xref_objStm) > MAX_PDF_OBJECTS:
        return listed + len(reader.xref_objStm)
    streams = {stream for stream, _ in reader.xref_objStm.values()}
    packed = sum(int(IndirectObject(n, 0, reader).get_object()["/N"]) for n in streams)
    return listed + max(packed, len(reader.xref_objStm))


def pdf_has_active_content(reader: PdfReader) -> bool:
    """Look for JavaScript, launch actions, embedded files and XFA forms everywhere a viewer
    would: from the document catalog through pages, annotations, outlines, names and forms."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer.raw_get("/Root")]
    nodes = 0
    while stack:
        item = stack.pop()
        nodes += 1
        if nodes > MAX_PDF_NODES:
            raise UploadRefused(msg.FILE_TOO_MANY_PARTS)
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if _pdf_dictionary_is_active(item):
                return True
            stack.extend(value for key, value in item.items() if key not in _PDF_SKIPPED_KEYS)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


def _pdf_dictionary_is_active(dictionary: DictionaryObject) -> bool:
    if any(key in _PDF_ACTIVE_KEYS for key in dictionary):
        return True
    names = (dictionary.get(key) for key in _PDF_NAMED_KEYS)  # get() resolves references
    if any(isinstance(name, str) and name in _PDF_ACTIVE_NAMES for name in names):
        return True
    uri = dictionary.get("/URI")
    return isinstance(uri, str) and uri.strip().lower().startswith(("javascript:", "vbscript:"))


def check_word(content: bytes) -> None:
    """A Word document must be a sound zip package with ``[Content_Types].xml``, its package
    relationships and a Word main part, each XML part well formed, unpacking within limits."""
    facts = _PackageFacts()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            entries = package.infolist()
            check_package_directory(entries)
            budget = _Budget(MAX_UNPACKED_BYTES)
            for entry in entries:
                parser = _xml_parser(entry.filename, facts)
                for chunk in unpack(package, entry, budget):
                    if parser:
                        parser.Parse(chunk, False)
                if parser:
                    parser.Parse(b"", True)
    except _UNREADABLE_PACKAGE as exc:
        raise UploadRefused(msg.FILE_DAMAGED) from exc
    check_word_main_part(facts, {entry.filename.lower() for entry in entries})


def check_package_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Before anything is unpacked, the package's directory must declare an Office package of at
    most ``MAX_PACKAGE_ENTRIES`` parts, unpacking to at most ``MAX_UNPACKED_BYTES``, none of them
    compressed more than ``MAX_COMPRESSION_RATIO`` times, none encrypted and no name twice
    (in any case, as Office reads them)."""
    names = [entry.filename for entry in entries]
    if _CONTENT_TYPES not in names:
        raise UploadRefused(msg.FILE_TYPE)
    if len(entries) > MAX_PACKAGE_ENTRIES:
        raise UploadRefused(msg.FILE_TOO_MANY_PARTS)
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES or any(
        _too_compressed(entry.file_size, entry.compress_size) for entry in entries
    ):
        raise UploadRefused(msg.FILE_TOO_BIG_UNPACKED)
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise UploadRefused(msg.FILE_PROTECTED)
    if len({name.lower() for name in names}) != len(names):
        raise UploadRefused(msg.FILE_DAMAGED)
    if any(entry.compress_type not in _PACKAGE_METHODS for entry in entries):
        raise UploadRefused(msg.FILE_DAMAGED)


@dataclass
class _Budget:
    """How many more bytes the whole package may unpack to."""

    left: int


def unpack(package: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """Unpack one part in chunks, counting what really comes out: more than the part declared,
    or more than the package's budget allows, is refused however the directory described it."""
    produced = 0
    with package.open(entry) as part:
        while chunk := part.read(_CHUNK):
            produced += len(chunk)
            budget.left -= len(chunk)
            if produced > entry.file_size:
                raise UploadRefused(msg.FILE_DAMAGED)
            if budget.left < 0 or _too_compressed(produced, entry.compress_size):
                raise UploadRefused(msg.FILE_TOO_BIG_UNPACKED)
            yield chunk


@dataclass
class _PackageFacts:
    """What a package says about itself: each part's content type, by part name (``overrides``)
    or by extension (``defaults``), and the parts its relationships name as the main document."""

    overrides: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    main_parts: list[str] = field(default_factory=list)

    def content_type(self, part: str) -> str:
        extension = part.rsplit(".", 1)[-1] if "." in part else ""
        kind = self.overrides.get(part) or self.defaults.get(extension, "")
        return kind.strip().lower()


def check_word_main_part(facts: _PackageFacts, names: set[str]) -> None:
    """The package's relationships must name one main document, which must be in the package and
    be declared a Word document without macros."""
    if len(facts.main_parts) != 1:
        raise UploadRefused(msg.FILE_DAMAGED)
    main = facts.main_parts[0]
    kind = facts.content_type(main)
    if kind in _WORD_MACRO_MAINS:
        raise UploadRefused(msg.FILE_ACTIVE_CONTENT)
    if kind != _WORD_MAIN:
        raise UploadRefused(msg.FILE_TYPE)
    if main not in names:
        raise UploadRefused(msg.FILE_DAMAGED)


def _too_compressed(unpacked: int, compressed: int) -> bool:
    return unpacked > RATIO_CHECKED_ABOVE and unpacked > MAX_COMPRESSION_RATIO * max(compressed, 1)


def _xml_parser(name: str, facts: _PackageFacts) -> Any:
    """For an XML part, a parser that refuses a DTD (no Office part has one, and entities are how
    XML bombs work) and notes what ``[Content_Types].xml`` and ``_rels/.rels`` declare."""
    if not name.lower().endswith((".xml", ".rels")):
        return None
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*args: Any) -> None:
        raise UploadRefused(msg.FILE_DAMAGED)

    def element(tag: str, attributes: dict[str, str]) -> None:
        local, get = tag.rsplit(" ", 1)[-1], attributes.get
        if name == _CONTENT_TYPES and local == "Override":
            facts.overrides[_part_name(get("PartName", ""))] = get("ContentType", "")
        elif name == _CONTENT_TYPES and local == "Default":
            facts.defaults[get("Extension", "").lower()] = get("ContentType", "")
        elif (name, local) == (_RELATIONSHIPS, "Relationship") and get("Type", "").endswith(
            "/officeDocument"
        ):
            facts.main_parts.append(_part_name(get("Target", "")))

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = element
    return parser


def _part_name(reference: str) -> str:
    """A part name as the zip directory holds it: no leading slash, and (as in OPC) any case."""
    return reference.strip().lstrip("/").lower()


def check_image(expected: str) -> Callable[[bytes], None]:
    def check(content: bytes) -> None:
        """An image must be what its signature says, within ``MAX_IMAGE_PIXELS``, and decode:
        a PNG's every chunk checks out, a JPEG decodes (at an eighth of its size, to be quick)."""
        too_big = UploadRefused(
            msg.FILE_IMAGE_TOO_BIG % {"megapixels": MAX_IMAGE_PIXELS // 1_000_000}
        )
        try:
            with Image.open(io.BytesIO(content), formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise too_big
                if expected == "JPEG":
                    image.draft(image.mode, (max(width // 8, 1), max(height // 8, 1)))
                    image.load()
                else:
                    image.verify()
        except UploadRefused:
            raise
        except Image.DecompressionBombError as exc:
            raise too_big from exc
        except Exception as exc:  # a decoder's every failure on untrusted bytes means the same
            raise UploadRefused(msg.FILE_DAMAGED) from exc

    return check


def check_text(content: bytes) -> None:
    """Plain text must be UTF-8 with no control characters but tabs, line and page breaks. Text
    in another encoding is told to save as UTF-8; anything else is not a type we take."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        if content.startswith((b"\xff\xfe", b"\xfe\xff")) or _is_legacy_text(content):
            raise UploadRefused(msg.FILE_TEXT_ENCODING) from None
        raise UploadRefused(msg.FILE_TYPE) from None
    if _has_control_characters(text):
        raise UploadRefused(msg.FILE_TYPE)


def _is_legacy_text(content: bytes) -> bool:
    try:
        return not _has_control_characters(content.decode("cp1252"))
    except UnicodeDecodeError:
        return False


def _has_control_characters(text: str) -> bool:
    return _CONTROL_CHARACTERS.search(text) is not None


#: Control characters other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

_CHECKS: dict[tuple[str, str], Callable[[bytes], None]] = {
    PDF: check_pdf,
    PNG: check_image("PNG"),
    JPEG: check_image("JPEG"),
    WORD: check_word,
    TEXT: check_text,
}
