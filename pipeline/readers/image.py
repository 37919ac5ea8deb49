"""A scanned page saved as an image (PNG, JPEG, TIFF; a TIFF may hold several pages) →
`SourceDocument`, read by OCR exactly as a scanned PDF's pages are.

The image is wrapped, page for page, in a PDF held in memory and read by `read_pdf`, whose scan
path renders each image-only page at 300 dpi for Tesseract: the same OCR, paragraph joining,
running-header removal and `ocr` note as a scan that came as a PDF, with no second OCR path to
keep in step. The page is declared at 300 dpi whatever the file says, so that the rendering gives
back the image's own pixels (a photo marked 72 dpi would otherwise be rendered four times over).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import replace

from PIL import Image, ImageSequence, UnidentifiedImageError

from ..errors import IngestError, Reason
from ..records import SourceDocument
from .limits import Limits
from .ocr import DPI as _DPI
from .ocr import INSTALL, ocr_available
from .pdf import read_pdf

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def read_image(name: str, data: bytes, sha256: str, limits: Limits) -> SourceDocument:
    """An image file's pages read by OCR; without Tesseract, an error naming what to install
    (an image has no text to keep otherwise)."""
    pdf = _as_pdf(name, data, limits)  # a file that is no image says so, OCR or not
    if not ocr_available():
        raise IngestError(name, Reason.MISSING_TOOL,
                          f"an image: reading it needs OCR ({INSTALL})")
    return replace(read_pdf(name, pdf, sha256, limits), format="image")


def _as_pdf(name: str, data: bytes, limits: Limits) -> bytes:
    """The image's pages as a PDF of image-only pages, declared at the OCR's resolution."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            pages = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise IngestError(name, Reason.CORRUPT,
                          "not a readable image (PNG, JPEG or TIFF)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise IngestError(name, Reason.TOO_LARGE, "the image has too many pixels "
                          "to be a page") from None
    if len(pages) > limits.max_pdf_pages:
        raise IngestError(name, Reason.TOO_LARGE,
                          f"{len(pages)} pages is over the {limits.max_pdf_pages}-page limit")
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=_DPI, save_all=True, append_images=pages[1:])
    return out.getvalue()
