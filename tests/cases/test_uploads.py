"""Uploads are judged by their whole content: each test builds a real file, or a real attack."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from putright.cases import messages as msg
from putright.cases import uploads
from putright.cases.uploads import MAX_UPLOAD_BYTES, CheckedUpload, UploadRefused, inspect_upload

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Dear council, my bin was not collected.</w:t></w:r></w:p></w:body>"
    "</w:document>"
)


# -- building real files ---------------------------------------------------------------------
def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        inspect_upload(upload(name, content))
    return str(refused.value)


def pdf(*, javascript: bool = False, attachment: bool = False, password: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hello')"),
            }
        )
    if attachment:
        writer.add_attachment("run-me.txt", b"not for a complaint file")
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def package(parts: dict[str, bytes | str], *, level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def word_parts(main: str = WORD_MAIN) -> dict[str, bytes | str]:
    return {
        "[Content_Types].xml": CONTENT_TYPES.format(main=main),
        "_rels/.rels": RELATIONSHIPS,
        "word/document.xml": DOCUMENT,
    }


def docx(**extra: bytes | str) -> bytes:
    return package({**word_parts(), **extra})


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the unpacked size a zip declares for one part, in its local and central headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    central = data.rindex(name.encode()) - 46  # the central directory comes last
    struct.pack_into("<I", patched, local + 22, size)
    struct.pack_into("<I", patched, central + 24, size)
    return bytes(patched)


def png(width: int = 3, height: int = 2, *, rows: int | None = None) -> bytes:
    """An 8-bit RGB PNG built by hand, with ``rows`` rows of image data (all unless told)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    pixels = b"".join(b"\x00" + b"\xd4\x35\x1c" * width for _ in range(rows or height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (29, 112, 184)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A Word-shaped package holding 200 MiB of zeros, streamed in so it never sits in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in word_parts().items():
            archive.writestr(name, data)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as part:
            zeros = bytes(1024 * 1024)
            for _ in range(200):
                part.write(zeros)
    return buffer.getvalue()


# -- what is accepted ------------------------------------------------------------------------
def test_a_real_pdf_is_accepted_whatever_its_name():
    checked = inspect_upload(upload("Letter from the council.PNG", pdf()))
    assert isinstance(checked, CheckedUpload)
    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")
    assert checked.safe_name == "Letter_from_the_council.pdf"
    assert checked.stored_name.endswith(".pdf") and "Letter" not in checked.stored_name


def test_a_real_word_document_is_accepted():
    checked = inspect_upload(upload("statement.docx", docx()))
    assert checked.content_type == uploads.WORD[0]
    assert checked.safe_name == "statement.docx"


def test_a_real_png_and_a_real_jpeg_are_accepted():
    assert inspect_upload(upload("photo.png", png())).content_type == "image/png"
    checked = inspect_upload(upload("photo.jpeg", jpeg()))
    assert (checked.content_type, checked.safe_name) == ("image/jpeg", "photo.jpg")


def test_plain_text_in_utf8_is_accepted():
    text = "Annwyl gyngor,\r\nI paid £40 for a bin that never came.\tDiolch, Siân\n"
    checked = inspect_upload(upload("letter.txt", text.encode()))
    assert (checked.content_type, checked.size) == ("text/plain", len(text.encode()))


def test_text_that_mentions_angle_brackets_without_markup_is_accepted():
    content = b"Ref <ABC-123>: the amount was < 50 and > 10. See www.example.invalid"
    assert inspect_upload(upload("notes.txt", content)).extension == "txt"


# -- web page code in disguise ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["letter.pdf", "statement.docx", "notes.txt", "photo.png"])
def test_html_is_refused_whatever_it_is_called(name):
    assert refusal(name, HTML) == str(msg.FILE_WEB_CODE)


@pytest.mark.parametrize(
    "content",
    [
        b"Dear council,\n\nPlease see below.\n\n<ScRiPt>fetch('/staff/')</script>\n",
        b"Click here: JavaScript:alert(1)",
        b"   \n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b'<?xml version="1.0"?><note><script>alert(1)</script></note>',
        b"Some words first, then <iframe src='https://example.invalid'></iframe>",
    ],
)
def test_text_carrying_script_or_markup_is_refused(content):
    assert refusal("notes.txt", content) == str(msg.FILE_WEB_CODE)


def test_a_pdf_with_html_after_its_header_is_refused():
    assert refusal("letter.pdf", b"%PDF-1.7\n" + HTML) == str(msg.FILE_WEB_CODE)


def test_a_real_pdf_with_a_script_tacked_on_the_end_is_refused():
    assert refusal("letter.pdf", pdf() + b"\n<script>alert(1)</script>") == str(msg.FILE_WEB_CODE)


def test_a_real_png_with_a_script_tacked_on_the_end_is_refused():
    assert refusal("photo.png", png() + b"<script>alert(1)</script>") == str(msg.FILE_WEB_CODE)


# -- PDFs ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n",
        pdf()[: len(pdf()) // 2],
    ],
    ids=["junk after the header", "cut short"],
)
def test_a_pdf_that_does_not_parse_is_refused(content):
    assert refusal("letter.pdf", content) == str(msg.FILE_DAMAGED)


def test_a_pdf_that_runs_javascript_is_refused():
    assert refusal("letter.pdf", pdf(javascript=True)) == str(msg.FILE_ACTIVE_CONTENT)


def test_a_pdf_with_an_embedded_file_is_refused():
    assert refusal("letter.pdf", pdf(attachment=True)) == str(msg.FILE_ACTIVE_CONTENT)


def test_a_pdf_with_ordinary_web_links_and_bookmarks_is_accepted():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://www.gov.uk"))
    writer.add_outline_item(title="Our reply", page_number=0)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert inspect_upload(upload("reply.pdf", buffer.getvalue())).extension == "pdf"


def test_a_pdf_link_that_runs_javascript_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="JavaScript:app.alert(1)"))
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal("reply.pdf", buffer.getvalue()) == str(msg.FILE_ACTIVE_CONTENT)


def test_a_pdf_with_too_many_objects_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_OBJECTS", 3)
    assert refusal("letter.pdf", pdf()) == str(msg.FILE_TOO_MANY_PARTS)


def test_a_password_protected_pdf_is_refused():
    assert refusal("letter.pdf", pdf(password="secret")) == str(msg.FILE_PROTECTED)


# -- Word documents and zip bombs ------------------------------------------------------------
def test_a_zip_bomb_dressed_as_a_word_document_is_refused(zip_bomb):
    assert len(zip_bomb) < MAX_UPLOAD_BYTES  # it passes the upload limit: only unpacking shows it
    assert refusal("statement.docx", zip_bomb) == str(msg.FILE_TOO_BIG_UNPACKED)


def test_a_part_compressed_absurdly_well_is_refused_even_within_the_total():
    content = docx(**{"word/media/image1.png": bytes(5 * 1024 * 1024)})
    assert refusal("statement.docx", content) == str(msg.FILE_TOO_BIG_UNPACKED)


def test_sizes_a_package_declares_are_not_trusted():
    honest = docx(**{"word/media/image1.png": bytes(3 * 1024 * 1024)})
    lying = declare_size(honest, "word/media/image1.png", 1_000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:  # the directory now claims 1,000 bytes
        assert archive.getinfo("word/media/image1.png").file_size == 1_000
    assert refusal("statement.docx", lying) == str(msg.FILE_DAMAGED)


def test_unpacking_is_counted_while_reading(monkeypatch):
    """Even with a directory that passes, what comes out is counted against the limit."""
    monkeypatch.setattr(uploads, "check_package_directory", lambda entries: None)
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 64 * 1024)
    content = docx(**{"word/media/image1.png": bytes(range(256)) * 1024})
    assert refusal("statement.docx", content) == str(msg.FILE_TOO_BIG_UNPACKED)


def test_a_package_with_too_many_parts_is_refused():
    parts = {f"word/media/image{n}.png": b"x" for n in range(uploads.MAX_PACKAGE_ENTRIES)}
    assert refusal("statement.docx", docx(**parts)) == str(msg.FILE_TOO_MANY_PARTS)


def test_a_zip_that_is_not_a_word_document_is_refused():
    content = package({"notes.txt": "hello", "run.exe": b"MZ\x90\x00"})
    assert refusal("statement.docx", content) == str(msg.FILE_TYPE)


def test_a_word_document_that_declares_its_main_part_by_extension_is_accepted():
    parts = word_parts()
    parts["[Content_Types].xml"] = CONTENT_TYPES.replace(
        'ContentType="application/xml"', f'ContentType="{WORD_MAIN}"'
    ).replace('<Override PartName="/word/document.xml" ContentType="{main}"/>', "")
    assert inspect_upload(upload("statement.docx", package(parts))).extension == "docx"


def test_a_spreadsheet_is_refused_as_a_type_we_do_not_take():
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert refusal("figures.docx", package(word_parts(main=sheet))) == str(msg.FILE_TYPE)


def test_a_package_naming_a_part_twice_is_refused():
    content = docx(**{"word/documenT.xml": DOCUMENT})  # renamed below, in both headers
    content = content.replace(b"word/documenT.xml", b"word/document.xml")
    assert refusal("statement.docx", content) == str(msg.FILE_DAMAGED)


def test_a_word_document_with_macros_is_refused():
    macro_main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    content = package({**word_parts(main=macro_main), "word/vbaProject.bin": b"\x00" * 64})
    assert refusal("statement.docx", content) == str(msg.FILE_ACTIVE_CONTENT)


def test_a_word_document_without_its_main_part_is_refused():
    parts = word_parts()
    del parts["word/document.xml"]
    assert refusal("statement.docx", package(parts)) == str(msg.FILE_DAMAGED)


@pytest.mark.parametrize(
    "document",
    [
        DOCUMENT[: len(DOCUMENT) // 2],
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><w:document>&lol;</w:document>',
    ],
    ids=["XML cut short", "an XML entity bomb"],
)
def test_a_word_document_whose_xml_is_unsafe_or_broken_is_refused(document):
    content = docx(**{"word/document.xml": document})
    assert refusal("statement.docx", content) == str(msg.FILE_DAMAGED)


def test_a_truncated_word_document_is_refused():
    content = docx()
    assert refusal("statement.docx", content[: len(content) - 40]) == str(msg.FILE_DAMAGED)


# -- images ----------------------------------------------------------------------------------
def test_a_png_with_a_corrupt_chunk_is_refused():
    content = bytearray(png())
    content[40] ^= 0xFF  # inside the image data: its checksum no longer matches
    assert refusal("photo.png", bytes(content)) == str(msg.FILE_DAMAGED)


def test_a_jpeg_cut_short_is_refused():
    content = jpeg()
    assert refusal("photo.jpg", content[: len(content) // 2]) == str(msg.FILE_DAMAGED)


def test_an_image_over_the_pixel_limit_is_refused():
    assert refusal("photo.png", png(width=8_000, height=8_000, rows=1)) == str(
        msg.FILE_IMAGE_TOO_BIG % {"megapixels": 60}
    )


# -- text and anything else ------------------------------------------------------------------
def test_text_in_another_encoding_is_told_to_save_as_utf8():
    content = "I paid £40 and was charged £80".encode("cp1252")
    assert refusal("letter.txt", content) == str(msg.FILE_TEXT_ENCODING)


def test_a_program_is_refused():
    assert refusal("letter.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00") == str(msg.FILE_TYPE)


def test_an_empty_file_is_refused():
    assert refusal("letter.pdf", b"") == str(msg.FILE_EMPTY)


def test_a_file_over_the_size_limit_is_refused():
    content = b"a" * (MAX_UPLOAD_BYTES + 1)
    limit = filesizeformat(MAX_UPLOAD_BYTES)
    assert refusal("letter.txt", content) == str(msg.FILE_TOO_BIG % {"size": limit})


def test_the_upload_is_left_ready_to_be_stored():
    letter = upload("letter.pdf", pdf())
    inspect_upload(letter)
    assert letter.read(5) == b"%PDF-"


def test_an_upload_is_judged_once_however_often_it_is_checked(monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from putright.cases import uploads

    calls = []
    real = uploads.judge_content

    def counting(content):
        calls.append(len(content))
        return real(content)

    monkeypatch.setattr(uploads, "judge_content", counting)
    upload = SimpleUploadedFile("note.txt", b"Dear council, thank you.", "text/plain")
    first = uploads.inspect_upload(upload)
    second = uploads.inspect_upload(upload)
    assert (first.content_type, second.content_type) == ("text/plain", "text/plain")
    assert first.stored_name != second.stored_name
    assert len(calls) == 1
