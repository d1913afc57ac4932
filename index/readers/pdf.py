"""PDF: the text layer, line by line as laid out (pdfplumber), with the layout's paragraph ends kept.

A printed page wraps a paragraph's lines at the text width, indents a paragraph's first line and leaves a
short last line. We write each page's lines as they stand, one a line, and put a blank line where the layout
shows a paragraph end: the next line indented, this line stopping well short of the text's right edge, or
more vertical space than between the lines of a paragraph. Pages are separated by a form feed. Repeated page
headers and footers, page numbers and sentences running on across a line or a page are the cleaner's work
(index.clean), which reads this text.
"""

from __future__ import annotations

import io
import statistics
from typing import Any

from index.errors import DocumentError
from index.readers import PAGE_BREAK, ReadText

INDENT_EMS = 0.8  # a line starting this many font sizes right of the text's left edge is indented
SHORT_EMS = 1.5  # a line ending this many font sizes left of the text's right edge is a paragraph's last
GAP_EMS = 0.9  # more space above a line than this many font sizes: it starts a new block
RIGHT_EDGE_SHARE = 0.9  # the text's right edge: the x reached by this share of the longest lines


def read_pdf(data: bytes, name: str) -> ReadText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors; the cause says which
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) or "password" in repr(exc).lower():
            raise DocumentError.because(name, "encrypted") from exc
        raise DocumentError.because(name, "corrupt", kind="PDF", detail=type(cause).__name__) from exc
    try:
        with pdf:
            pages = [_lines(page) for page in pdf.pages]
    except Exception as exc:  # a damaged page or stream: the file is not a PDF we can read
        raise DocumentError.because(name, "corrupt", kind="PDF", detail=type(exc).__name__) from exc
    if not any(pages):
        raise DocumentError.because(name, "scanned", pages=len(pages))
    every = [line for page in pages for line in page]
    size = statistics.median(line["bottom"] - line["top"] for line in every) or 10.0
    left = statistics.median_low(sorted(round(line["x0"]) for line in every))
    left = min((line["x0"] for line in every if line["x0"] <= left + INDENT_EMS * size), default=left)
    widths = sorted(line["x1"] for line in every)
    right = widths[int(RIGHT_EDGE_SHARE * (len(widths) - 1))]
    return ReadText(PAGE_BREAK.join(_page_text(page, left, right, size) for page in pages), wrapped=True)


def _lines(page: Any) -> list[dict[str, Any]]:
    return [line for line in page.extract_text_lines(return_chars=False) if str(line["text"]).strip()]


def _page_text(lines: list[dict[str, Any]], left: float, right: float, size: float) -> str:
    out: list[str] = []
    for i, line in enumerate(lines):
        if i:
            prev = lines[i - 1]
            ends = (line["x0"] > left + INDENT_EMS * size or prev["x1"] < right - SHORT_EMS * size
                    or line["top"] - prev["bottom"] > GAP_EMS * size)
            out.append("\n\n" if ends else "\n")
        out.append(str(line["text"]).strip())
    return "".join(out)
