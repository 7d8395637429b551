"""Checking uploaded files by their content, not their name: photos (JPEG, PNG, WebP) and PDF only.

Used by the case admin and (later) the residents' form; an SVG or an executable renamed ``.jpg`` is refused.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def checked_content_type(upload) -> str:
    """The file's real content type, or a ValidationError in plain Chinese."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过 %(limit)s，请压缩后再上传。")
            % {"name": upload.name, "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "application/pdf"
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise _refused(upload) from error
    finally:
        upload.seek(0)
    if kind not in _IMAGE_TYPES:
        raise _refused(upload)
    return _IMAGE_TYPES[kind]


def _refused(upload) -> ValidationError:
    return ValidationError(
        _("文件“%(name)s”不是可接受的图片或 PDF（只接受 JPG、PNG、WebP 照片和 PDF 文件）。")
        % {"name": upload.name},
        code="bad_type",
    )
