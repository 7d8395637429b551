"""Uploaded files are judged by their content: photos are re-encoded (no EXIF), PDFs parsed, bombs and
anything else refused in Chinese, and every attachment is served as a download."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from wagtail.documents.models import Document

from cms.cases.models import Case, Status
from cms.core.uploads import MAX_UPLOAD_BYTES, checked
from tests.conftest import login
from tests.factories import cases as f

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of ``width`` × ``height`` white pixels: a few kB on disk, huge once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # taken with the phone turned: shown rotated 90°
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (23.0, 2.0, 6.0), 3: "E", 4: (113.0, 9.0, 1.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def pdf_bytes(*, pages: int = 1, script: bool = False, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if script:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1)"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = action
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_real_photo_and_a_real_pdf_pass() -> None:
    assert checked(upload("x.png", png_bytes())).content_type == "image/png"
    kept = checked(upload("x.pdf", pdf_bytes(pages=2)))
    assert kept.content_type == "application/pdf" and kept.read().startswith(b"%PDF-")


def test_a_photo_named_like_a_pdf_is_still_a_photo() -> None:
    assert checked(upload("report.pdf", png_bytes())).content_type == "image/png"


def test_a_phone_photo_loses_its_gps_position_and_is_kept_upright() -> None:
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(GPS_IFD)  # the fixture really carries a position
    kept = Image.open(checked(upload("现场.jpg", jpeg_with_gps())))
    assert kept.format == "JPEG"
    assert not kept.getexif() and "exif" not in kept.info
    assert kept.size == (20, 40)  # the rotation the EXIF asked for is applied to the pixels


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00 executable"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("photo.png", png_bytes()[:20]),
        ("fake.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>"),
        ("cut.pdf", pdf_bytes()[:200]),
        ("empty.pdf", b"%PDF-"),
    ],
)
def test_anything_else_is_refused_with_a_message(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as refusal:
        checked(upload(name, content))
    assert "不是可接受的图片或 PDF" in refusal.value.messages[0]


def test_a_pdf_that_runs_a_script_is_refused() -> None:
    with pytest.raises(ValidationError) as refusal:
        checked(upload("script.pdf", pdf_bytes(script=True)))
    assert "脚本" in refusal.value.messages[0]


def test_a_password_protected_pdf_is_refused() -> None:
    with pytest.raises(ValidationError) as refusal:
        checked(upload("locked.pdf", pdf_bytes(password="secret")))
    assert "密码" in refusal.value.messages[0]


def test_a_file_too_large_is_refused() -> None:
    big = upload("big.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as refusal:
        checked(big)
    assert "超过" in refusal.value.messages[0]


def test_a_144_megapixel_photo_is_refused_by_the_pixel_cap() -> None:
    with pytest.raises(ValidationError) as refusal:
        checked(upload("big.png", huge_png(12_000, 12_000)))
    assert "像素过多" in refusal.value.messages[0]


def test_the_pixel_cap_is_a_setting(settings) -> None:
    settings.UPLOAD_MAX_PIXELS = 63
    with pytest.raises(ValidationError):
        checked(upload("x.png", png_bytes()))  # 64 pixels


@pytest.mark.django_db
def test_a_resident_uploading_a_20000_by_20000_png_gets_a_form_error_not_a_500(
    client, settings, tmp_path
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    bomb = huge_png(20_000, 20_000)
    assert len(bomb) < MAX_UPLOAD_BYTES
    data = {
        "category": f.category("06", "投诉").pk,
        "place": "other",
        "address": "千灯湖示例花园",
        "title": "上传大图",
        "description": "附上现场照片。",
        "reporter_name": "陈阿姨",
        "reporter_phone": "13800012345",
        "consent": "on",
        "website": "",
        "files": [SimpleUploadedFile("现场.png", bomb, content_type="image/png")],
    }
    response = client.post(reverse("case_submit"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "像素过多" in html and "上传大图" in html  # what was typed is kept
    assert not Case.objects.filter(title="上传大图").exists()


@pytest.mark.django_db
def test_an_attachment_is_served_as_a_download_that_is_never_sniffed(
    client, settings, tmp_path
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    case = f.case_in(Status.ASSIGNED)
    login(client, "worker06")
    client.post(
        reverse("cases_action", args=(case.pk, "attach")),
        {"file": SimpleUploadedFile("协议.pdf", pdf_bytes())},
    )
    item = case.attachments.get()
    download = client.get(reverse("cases_attachment", args=(case.pk, item.pk)))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_wagtail_document_pdf_is_served_as_a_download(client, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(title="通知", file=ContentFile(pdf_bytes(), "notice.pdf"))
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("attachment;")
