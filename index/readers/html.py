"""HTML: the page's main text (trafilatura), navigation, menus, footers and other boilerplate dropped.

The page's bytes are decoded like a text file (its encoding detected); trafilatura keeps the article's
paragraphs, headings, lists and tables (a table row's cells separated by " | "), one a line.
"""

from __future__ import annotations

from index.errors import DocumentError
from index.readers import ReadText


def read_html(data: bytes, name: str) -> ReadText:
    import trafilatura

    from index.loaders import decode_bytes

    page = decode_bytes(data, name)
    if not page.strip():
        raise DocumentError.because(name, "empty")
    text = trafilatura.extract(page, include_tables=True, include_comments=False, include_links=False,
                               include_images=False, deduplicate=False)
    if not text or not text.strip():
        raise DocumentError.because(name, "no_article")
    # one paragraph a line, a blank line between (as in a text file): each is a block of its own
    return ReadText("\n\n".join(line.strip() for line in text.splitlines() if line.strip()))
