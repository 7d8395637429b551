"""Uploaded files are judged by their content: photos and PDFs pass, anything else is refused in Chinese."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.core.uploads import MAX_UPLOAD_BYTES, checked_content_type


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_real_photo_and_a_pdf_pass():
    assert checked_content_type(upload("x.png", png_bytes())) == "image/png"
    assert checked_content_type(upload("x.pdf", b"%PDF-1.7\n...")) == "application/pdf"


def test_a_photo_named_like_a_pdf_is_still_a_photo():
    assert checked_content_type(upload("report.pdf", png_bytes())) == "image/png"


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00 executable"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("photo.png", png_bytes()[:20]),
    ],
)
def test_anything_else_is_refused_with_a_message(name, content):
    with pytest.raises(ValidationError) as refusal:
        checked_content_type(upload(name, content))
    assert "不是可接受的图片或 PDF" in refusal.value.messages[0]


def test_a_file_too_large_is_refused():
    big = upload("big.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as refusal:
        checked_content_type(big)
    assert "超过" in refusal.value.messages[0]
