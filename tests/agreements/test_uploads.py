"""Uploads are judged by their content, stored under a server-made name, served only in scope."""

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Contact, Document, Stage, StageEvent
from agreements.models.documents import DocumentKind
from agreements.seeding.pdf import make_pdf
from agreements.services.documents import document_create

pytestmark = pytest.mark.usefixtures("clock")

HTML = b"<html><script>alert(1)</script></html>"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_png() -> bytes:
    """A valid 1×1 red PNG: signature, IHDR, IDAT and IEND with their CRCs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte, then one red pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def make_docx() -> bytes:
    """A minimal Word document. filetype recognises it by a first entry [Content_Types].xml
    followed by an entry under word/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Notulen</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's claimed type is ignored by the portal; claim something harmless.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


@pytest.fixture
def as_biro(client, biro):
    client.force_login(biro)
    client.cookies["django_language"] = "en"
    return client


def post_document(client, agreement, file, title="Lampiran"):
    return client.post(
        reverse("agreements:document_create", args=[agreement.pk]),
        {"kind": DocumentKind.OTHER, "title": title, "file": file},
    )


# --- refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laporan.pdf", HTML),
        ("foto.png", SVG),
        ("laporan.html", HTML),
        ("arsip.docx", make_zip()),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("catatan.pdf", b"just some plain text, no magic number"),
    ],
    ids=["html-named-pdf", "svg-named-png", "html", "zip-named-docx", "exe-named-pdf", "text"],
)
def test_it_refuses_a_file_whose_content_is_not_accepted(
    as_biro, agreement, media_root, name, content
):
    before = Document.objects.count()

    response = post_document(as_biro, agreement, upload(name, content))

    assert response.status_code == 200
    assert "This kind of file is not accepted. Allowed: PDF, JPEG, PNG, DOCX, XLSX, PPTX." in (
        response.content.decode()
    )
    assert Document.objects.count() == before
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [("scan.pdf", make_png(), "PNG"), ("mou.docx", make_pdf("MoU"), "PDF")],
)
def test_it_refuses_a_file_whose_name_does_not_match_its_content(
    as_biro, agreement, media_root, name, content, detected
):
    before = Document.objects.count()

    response = post_document(as_biro, agreement, upload(name, content))

    assert response.status_code == 200
    assert f"({detected}) does not match its name “{name}”." in response.content.decode()
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["mismatch"]
    assert Document.objects.count() == before
    assert stored_files(media_root) == []


def test_it_refuses_an_empty_file(as_biro, agreement, media_root):
    before = Document.objects.count()

    response = post_document(as_biro, agreement, upload("kosong.pdf", b""))

    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()
    assert Document.objects.count() == before
    assert stored_files(media_root) == []


def test_it_refuses_an_empty_file_in_the_service_too(biro, agreement, media_root):
    with pytest.raises(ValidationError) as refused:
        document_create(
            agreement=agreement,
            actor=biro,
            file=upload("kosong.pdf", b""),
            kind=DocumentKind.OTHER,
            title="Kosong",
        )

    assert refused.value.code == "empty"
    assert Document.objects.count() == 0
    assert stored_files(media_root) == []


def test_it_refuses_a_file_over_the_limit(as_biro, agreement, media_root, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    content = make_pdf("x" * 2000)
    assert len(content) > 1024

    response = post_document(as_biro, agreement, upload("besar.pdf", content))

    assert response.status_code == 200
    assert "the limit is 1.0\xa0KB" in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(media_root) == []


def test_it_accepts_a_file_exactly_at_the_limit(as_biro, agreement, media_root, settings):
    content = make_pdf("limit")
    settings.UPLOAD_MAX_BYTES = len(content)

    response = post_document(as_biro, agreement, upload("pas.pdf", content))

    assert response.status_code == 302
    assert Document.objects.get().size == len(content)


def test_it_refuses_an_html_attachment_and_does_not_log_the_contact(as_biro, agreement, media_root):
    response = as_biro.post(
        reverse("agreements:contact_create", args=[agreement.pk]),
        {
            "date": "2026-11-20",
            "kind": "meeting",
            "initiator_type": "official",
            "participants": "Biro AK",
            "attachment": upload("notulen.pdf", HTML),
        },
    )

    assert response.status_code == 200
    assert "This kind of file is not accepted." in response.content.decode()
    assert (Contact.objects.count(), Document.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_it_refuses_an_html_letter_of_intent_and_does_not_move_the_stage(
    as_biro, agreement, media_root
):
    response = as_biro.post(
        reverse("agreements:stage_step", args=[agreement.pk, "loi"]),
        {"date": "2026-11-02", "document": upload("loi.pdf", HTML)},
    )

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert "This kind of file is not accepted." in response.content.decode()
    assert agreement.stage == Stage.EXPLORATION
    assert (StageEvent.objects.count(), Document.objects.count()) == (1, 0)
    assert stored_files(media_root) == []


# --- accepted -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("foto kunjungan.png", make_png(), "image/png", "png"),
        ("notulen.docx", make_docx(), DOCX_TYPE, "docx"),
        ("SURAT.PDF", make_pdf("Surat"), "application/pdf", "pdf"),
    ],
    ids=["png", "docx", "pdf-upper-case"],
)
def test_it_accepts_a_file_whose_content_and_name_agree(
    as_biro, agreement, media_root, name, content, content_type, extension
):
    response = post_document(as_biro, agreement, upload(name, content))

    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.content_type, document.original_name, document.size) == (
        content_type,
        name,
        len(content),
    )
    assert re.fullmatch(rf"documents/2026/11/[0-9a-f]{{32}}\.{extension}", document.file.name)
    assert (Path(media_root) / document.file.name).read_bytes() == content


def test_it_stores_the_file_under_a_name_the_user_did_not_choose(as_biro, agreement, media_root):
    post_document(as_biro, agreement, upload("../../cooperation/settings.pdf", make_pdf("x")))
    post_document(as_biro, agreement, upload("../../cooperation/settings.pdf", make_pdf("y")))

    names = [document.file.name for document in Document.objects.order_by("pk")]
    assert len(set(names)) == 2
    assert all("settings" not in name for name in names)
    assert {path.parent for path in stored_files(media_root)} == {
        Path(media_root) / "documents" / "2026" / "11"
    }
    assert set(Document.objects.values_list("original_name", flat=True)) == {"settings.pdf"}


# --- served only in scope ----------------------------------------------------------------------


@pytest.fixture
def png_document(biro, agreement, media_root):
    return document_create(
        agreement=agreement,
        actor=biro,
        file=upload("foto.png", make_png()),
        kind=DocumentKind.PHOTO,
        title="Foto",
    )


@pytest.mark.parametrize(("role", "expected"), [("officer", 200), ("leader", 200), ("biro", 200)])
def test_it_serves_an_upload_to_those_who_may_see_the_agreement(
    client, request, png_document, role, expected
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("agreements:document_download", args=[png_document.pk]))

    body = response.getvalue()
    response.close()
    assert response.status_code == expected
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body == make_png()


def test_it_does_not_serve_an_upload_to_another_unit(client, stranger, png_document):
    client.force_login(stranger)

    response = client.get(reverse("agreements:document_download", args=[png_document.pk]))

    assert response.status_code == 404
    assert b"\x89PNG" not in response.content


def test_it_does_not_serve_an_upload_to_anonymous_users(client, png_document):
    response = client.get(reverse("agreements:document_download", args=[png_document.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_never_publishes_uploads_under_a_media_url(client, biro, png_document):
    client.force_login(biro)

    response = client.get(f"/media/{png_document.file.name}")

    assert response.status_code == 404
