"""Plain text and Markdown: the file's own text, in whatever encoding it was written."""

from __future__ import annotations

from index.readers import ReadText


def read_text(data: bytes, name: str) -> ReadText:
    from index.loaders import decode_bytes

    return ReadText(decode_bytes(data, name))
