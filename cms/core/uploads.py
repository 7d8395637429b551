"""Checking uploaded files by their content, not their name: photos (JPEG, PNG, WebP) and PDF only.

Used by the case admin and the residents' form. What is kept is never the uploaded bytes of a photo: it is
decoded (after checking its pixel count from the header, so a decompression bomb is refused before any
memory is spent) and encoded again, which drops EXIF, including a phone's GPS position. A PDF is kept as
uploaded once pypdf has parsed it and found pages, no encryption and no scripts. Files are served only as
downloads (``cms.cases.views.attachment``).
"""

import io
import logging
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Entries of a PDF's catalogue that run something when it is opened.
_PDF_ACTIONS = ("/OpenAction", "/AA", "/JavaScript")

logger = logging.getLogger(__name__)


class CheckedFile(ContentFile):
    """The bytes to keep, with the content type they were found to be."""

    def __init__(self, content: bytes, name: str, content_type: str):
        super().__init__(content, name=name)
        self.content_type = content_type


def max_pixels() -> int:
    return settings.UPLOAD_MAX_PIXELS


def checked(upload) -> CheckedFile:
    """The file to keep (a photo re-encoded, a PDF as parsed), or a ValidationError in plain Chinese."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过 %(limit)s，请压缩后再上传。")
            % {"name": upload.name, "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if content.startswith(b"%PDF-"):
        return CheckedFile(_checked_pdf(upload.name, content), upload.name, "application/pdf")
    return _reencoded_image(upload.name, content)


def _reencoded_image(name: str, content: bytes) -> CheckedFile:
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; our own limit decides first.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content))
        except Image.DecompressionBombError as error:
            raise _too_many_pixels(name) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _refused(name) from error
        with image:
            if image.format not in _IMAGE_TYPES:
                raise _refused(name)
            width, height = image.size
            if width * height > max_pixels():
                raise _too_many_pixels(name)
            kind = image.format
            try:
                upright = ImageOps.exif_transpose(image)
                clean = _without_metadata(upright, kind)
            except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
                raise _refused(name) from error
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {"optimize": False}}[kind]
    clean.save(buffer, kind, **options)
    return CheckedFile(buffer.getvalue(), name, _IMAGE_TYPES[kind])


def _without_metadata(image: Image.Image, kind: str) -> Image.Image:
    """A fresh image holding only the pixels (first frame): no EXIF, XMP, ICC text chunks or comments."""
    image.seek(0)
    mode = image.mode
    if kind == "JPEG" and mode not in ("RGB", "L", "CMYK"):
        mode = "RGB"
    elif mode not in ("RGB", "RGBA", "L", "LA", "P", "1", "CMYK"):
        mode = "RGBA" if "A" in mode else "RGB"
    pixels = image.convert(mode) if mode != image.mode else image
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    if pixels.mode == "P" and pixels.getpalette():
        clean.putpalette(pixels.getpalette())
    return clean


def _checked_pdf(name: str, content: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("PDF 文件“%(name)s”设有密码，无法查看，请上传未加密的文件。") % {"name": name},
                code="encrypted_pdf",
            )
        pages = len(reader.pages)
        catalogue = reader.trailer["/Root"]
        names = catalogue.get("/Names", {})
        scripted = any(key in catalogue for key in _PDF_ACTIONS) or "/JavaScript" in names
    except ValidationError:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
        logger.info("refused an unparsable PDF upload: %s", error)
        raise _refused(name) from error
    if pages == 0:
        raise _refused(name)
    if scripted:
        raise ValidationError(
            _("PDF 文件“%(name)s”含有自动运行的动作或脚本，不能接受。请另存为普通 PDF 后再上传。")
            % {"name": name},
            code="scripted_pdf",
        )
    return content


def _too_many_pixels(name: str) -> ValidationError:
    limit = max_pixels() // 1_000_000
    return ValidationError(
        _(
            "图片“%(name)s”的像素过多（上限约 %(limit)s 百万像素），可能是异常文件。"
            "请缩小图片尺寸或截图后再上传。"
        )
        % {"name": name, "limit": limit},
        code="too_many_pixels",
    )


def _refused(name: str) -> ValidationError:
    return ValidationError(
        _("文件“%(name)s”不是可接受的图片或 PDF（只接受 JPG、PNG、WebP 照片和 PDF 文件）。")
        % {"name": name},
        code="bad_type",
    )
