"""Word (.docx): the body's paragraphs and tables in document order, one paragraph or table row a line.

Every paragraph is followed by a blank line (it is a paragraph of its own in Word). A table's first row (its
header) is written as its cells separated by a tab; every other row as a sentence pairing each cell with its
column's header, "私营企业：利润总额6315.2亿元，同比增长12.6%。", so a passage holding one row still says what
its figures are of. A merged cell (repeated by python-docx for every grid column it spans) is written once.
Headers, footers, comments and text boxes are not read.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from index.errors import DocumentError
from index.readers import ReadText

# an encrypted Office file is not a zip but an OLE compound file (so is a legacy .doc renamed)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CELL_SEPARATOR = "\t"


def read_docx(data: bytes, name: str) -> ReadText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(_OLE_MAGIC):
        raise DocumentError.because(name, "encrypted")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError.because(name, "corrupt", kind="DOCX", detail=type(exc).__name__) from exc
    except Exception as exc:  # malformed XML inside a valid zip (lxml's errors)
        raise DocumentError.because(name, "corrupt", kind="DOCX", detail=type(exc).__name__) from exc
    lines = [line for item in document.iter_inner_content() for line in _lines(item)]
    return ReadText("\n\n".join(line for line in lines if line.strip()))


def _lines(item: Any) -> list[str]:
    from docx.table import Table

    if not isinstance(item, Table):
        return [item.text.strip()]
    rows = [_cells(row) for row in item.rows]
    if not rows:
        return []
    header = rows[0]
    lines = [CELL_SEPARATOR.join(header).strip()]
    for cells in rows[1:]:
        if len(cells) != len(header) or len(cells) < 2 or not cells[0]:  # no column to pair a cell with
            lines.append(CELL_SEPARATOR.join(cells).strip())
            continue
        pairs = [f"{name}{value}" for name, value in zip(header[1:], cells[1:], strict=True) if value]
        lines.append(f"{cells[0]}：{'，'.join(pairs)}。" if pairs else cells[0])
    return lines


def _cells(row: Any) -> list[str]:
    cells: list[str] = []
    previous: Any = None
    for cell in row.cells:
        if cell._tc is previous:  # the same merged cell again
            continue
        previous = cell._tc
        cells.append(" ".join(cell.text.split()))
    return cells
