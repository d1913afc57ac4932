"""Real document files made for the reader tests: PDF (reportlab, a CJK TrueType font), DOCX (python-docx), HTML.

The text always comes from public Chinese texts in the repository (eval/general/*.txt, corpus/); these
helpers only lay it out the way such documents are printed: justified lines with an indented first line, a
running header and a page-number footer on every page, a table, navigation around an article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian's fonts-wqy-microhei (make browser)
FONT = "wqy-microhei"
PAGE_BREAK = "\f"  # in a paragraph's explicit lines: the next line goes to the next page


@dataclass
class Pdf:
    path: Path
    pages: int


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


def wrap(text: str, width: float, size: float, indent: float) -> list[str]:
    """A paragraph's printed lines: as many characters as fit the width (the first line indented)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _font()
    lines: list[str] = []
    line = ""
    for ch in text:
        room = width - (indent if not lines else 0)
        if line and stringWidth(line + ch, FONT, size) > room:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def make_pdf(path: Path, paragraphs: list[str | list[str]], header: str = "", size: float = 11,
             footer: str = "第 {page} 页", encrypt: str = "") -> Pdf:
    """An A4 PDF: each paragraph a string (wrapped here) or its explicit lines (PAGE_BREAK between two lines
    moves the rest to the next page); lines justified to the text width except a paragraph's last, first
    lines indented by two characters; `header` at the top of every page, `footer` (with {page}) at the bottom."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _font()
    width, height = A4
    left, right, top, bottom = 72.0, width - 72.0, height - 80.0, 70.0
    lead = size * 1.6
    indent = 2 * size
    kwargs = {}
    if encrypt:
        from reportlab.lib.pdfencrypt import StandardEncryption

        kwargs["encrypt"] = StandardEncryption(encrypt, canPrint=0)
    pdf = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    page = 1

    def furniture() -> None:
        pdf.setFont(FONT, 9)
        if header:
            pdf.drawCentredString(width / 2, height - 45, header)
        if footer:
            pdf.drawCentredString(width / 2, 40, footer.format(page=page))
        pdf.setFont(FONT, size)

    def new_page() -> None:
        nonlocal page, y
        pdf.showPage()
        page += 1
        furniture()
        y = top

    furniture()
    y = top
    for paragraph in paragraphs:
        lines = wrap(paragraph, right - left, size, indent) if isinstance(paragraph, str) else paragraph
        printed = [line for line in lines if line != PAGE_BREAK]
        done = 0
        for line in lines:
            if line == PAGE_BREAK:
                new_page()
                continue
            if y < bottom:
                new_page()
            x = left + (indent if done == 0 else 0)
            last = done == len(printed) - 1
            gap = (right - x - stringWidth(line, FONT, size)) / max(len(line) - 1, 1)
            pdf.drawString(x, y, line, charSpace=0 if last or gap < 0 else gap)  # justified, as printed
            done += 1
            y -= lead
        y -= lead * 0.3
    pdf.save()
    return Pdf(path, page)


def make_blank_pdf(path: Path, pages: int = 2) -> None:
    """A PDF whose pages hold only drawings (what a scan without a text layer looks like to a reader)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.rect(72, 400, 300, 200, fill=1)
        pdf.showPage()
    pdf.save()


def make_docx(path: Path, title: str, paragraphs: list[str], table: list[list[str]],
              after: list[str] | None = None) -> None:
    """A Word file: a heading, paragraphs, a table (first row its header), more paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for row, cells in zip(grid.rows, table, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for text in after or []:
        document.add_paragraph(text)
    document.save(str(path))


NAVIGATION = ["首页", "新闻中心", "政务公开", "办事服务", "互动交流", "数据发布"]
FOOTER = "版权所有 © 本网站 | 网站地图 | 联系我们 | 隐私政策"


def make_html(path: Path, title: str, paragraphs: list[str]) -> str:
    """A news page as sites serve it: navigation, a sidebar of other headlines and a footer around the article."""
    nav = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(NAVIGATION))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<header><div class="logo">新闻网</div><nav><ul>{nav}</ul></nav></header>
<div class="container">
<aside class="sidebar"><h3>热点新闻</h3><ul><li><a href="/a">{NAVIGATION[1]}要闻一</a></li>
<li><a href="/b">{NAVIGATION[5]}专题</a></li></ul></aside>
<main><article><h1>{title}</h1><div class="meta">来源：本报</div>{body}</article></main>
</div>
<footer><p>{FOOTER}</p></footer>
</body></html>"""
    path.write_text(page, encoding="utf-8")
    return page
