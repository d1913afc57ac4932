"""The document readers (index/readers/) on real files made here: a PDF with a running header, page-number
footers and figures split across a line and a page break; a DOCX with a table; an HTML page with navigation
around the article; and the files that cannot be documents (encrypted, scanned, corrupt, empty, oversized).
Text from eval/general/gdp3prov.txt and the article in corpus/ (public texts, see eval/questions/SOURCES.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docfiles import FOOTER, NAVIGATION, PAGE_BREAK, make_blank_pdf, make_docx, make_html, make_pdf, wrap

import index.readers as readers
from index.chunk import page_starts
from index.clean import clean_text
from index.errors import DocumentError
from index.loaders import corpus_paths, iter_corpus, read_document

REPO = Path(__file__).resolve().parent.parent
GDP = REPO / "eval" / "general" / "gdp3prov.txt"
HEADER = "经济观察 · 省份数据"  # a running header: page furniture, not the document's text
TEXT_WIDTH = 451.0  # docfiles.make_pdf's A4 text width in points
LINE_SPLIT = ["110760.94亿元", "69146.82亿元"]  # figures the layout breaks at a line's end ("110760." | "94亿元")
PAGE_SPLIT = "43879.71亿元"  # a figure broken at a line's end that is also the page's end


def paragraphs(path: Path = GDP) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]


def _line_ends(lines: list[str]) -> list[int]:
    ends, pos = [], 0
    for line in lines:
        pos += len(line)
        ends.append(pos)
    return ends


def _split(paras: list[str], figure: str, size: float) -> int | None:
    """The index of the printed line after which `figure` is broken at this font size, if it is."""
    paragraph = next(p for p in paras if figure in p)
    at = paragraph.index(figure)
    ends = _line_ends(wrap(paragraph, TEXT_WIDTH, size, 2 * size))
    return next((i for i, end in enumerate(ends) if at < end < at + len(figure)), None)


def split_size(paras: list[str]) -> float:
    """A font size at which the line wrap breaks every figure of LINE_SPLIT and PAGE_SPLIT in two (the font's
    metrics decide where lines end: the size is searched, not assumed)."""
    for tenth in range(100, 126):
        size = tenth / 10
        if all(_split(paras, f, size) is not None for f in [*LINE_SPLIT, PAGE_SPLIT]):
            return size
    raise AssertionError("no font size breaks the figures across lines")


def gdp_pdf(path: Path) -> tuple[Path, list[str]]:
    """gdp3prov.txt as a printed PDF: justified lines, a running header, "- n -" footers, two figures broken
    by a line's end and one by the page's end."""
    paras = paragraphs()
    size = split_size(paras)
    laid: list[str | list[str]] = list(paras)
    i = next(i for i, p in enumerate(paras) if PAGE_SPLIT in p)
    lines = wrap(paras[i], TEXT_WIDTH, size, 2 * size)
    cut = _split(paras, PAGE_SPLIT, size)
    assert cut is not None
    laid[i] = [*lines[:cut + 1], PAGE_BREAK, *lines[cut + 1:]]
    made = make_pdf(path, laid, header=HEADER, footer="- {page} -", size=size)
    assert made.pages >= 2
    return made.path, paras


@pytest.fixture(scope="module")
def gdp(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return gdp_pdf(tmp_path_factory.mktemp("pdf") / "gdp.pdf")


def test_the_registry_is_the_one_list_of_document_suffixes(tmp_path: Path) -> None:
    import app
    from assistant import ui_service

    assert {".txt", ".md", ".pdf", ".docx", ".html", ".htm"} <= set(readers.SUFFIXES)
    assert ui_service.SUFFIXES is readers.SUFFIXES
    assert app.SUFFIXES is readers.SUFFIXES
    for name in ["a.txt", "b.PDF", "c.docx", "d.htm", "e.html", "f.md", "g.png", "h.doc"]:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in corpus_paths(tmp_path)] == ["a.txt", "b.PDF", "c.docx", "d.htm", "e.html", "f.md"]


def test_pdf_text_keeps_pages_and_the_layouts_paragraph_ends(gdp: tuple[Path, list[str]]) -> None:
    path, _ = gdp
    read = readers.read_bytes(path.read_bytes(), path.name)
    assert read.wrapped
    pages = read.text.split(PAGE_BREAK)
    assert len(pages) >= 2 and all(page.startswith(HEADER) for page in pages)  # the original keeps everything
    assert [page.rstrip().splitlines()[-1] for page in pages] == [f"- {n} -" for n in range(1, len(pages) + 1)]


def test_pdf_cleaning_gives_back_each_paragraph_whole_and_nothing_else(gdp: tuple[Path, list[str]]) -> None:
    path, paras = gdp
    read = readers.read_bytes(path.read_bytes(), path.name)
    doc = clean_text(read.text, read.wrapped)
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    # every paragraph of the source is one block, in order: lines and pages re-joined (the split figures
    # included), no two paragraphs joined, headers and page numbers gone
    assert blocks == paras
    plain = clean_text(GDP.read_text(encoding="utf-8"))  # the same text as a plain file: the same blocks
    assert [(b.kind, b.truncated) for b in doc.blocks] == [(b.kind, b.truncated) for b in plain.blocks]
    assert HEADER not in doc.text and not re.search(r"^- \d+ -$", doc.text, re.MULTILINE)
    for figure in [*LINE_SPLIT, PAGE_SPLIT]:
        assert figure in doc.text
        assert figure not in read.text.replace(PAGE_BREAK, "")  # broken in the original, whole when cleaned


def test_pdf_offsets_map_back_to_the_original_and_its_page(gdp: tuple[Path, list[str]]) -> None:
    path, _ = gdp
    read = readers.read_bytes(path.read_bytes(), path.name)
    doc = clean_text(read.text, read.wrapped)
    starts = page_starts(read.text)
    for figure in [*LINE_SPLIT, PAGE_SPLIT]:
        at = doc.text.index(figure)
        begin, end = doc.to_original(at), doc.to_original(at + len(figure))
        # the same figure in the original: its halves around a line break (and a page's footer and header)
        lines = read.text[begin:end].replace(PAGE_BREAK, "\n").splitlines()
        assert "".join(x for x in lines if x != HEADER and not re.fullmatch(r"- \d+ -", x)) == figure
        page = 1 + sum(s <= begin for s in starts)
        assert figure[:4] in read.text.split(PAGE_BREAK)[page - 1]


def test_paged_text_rules_hold_for_any_document() -> None:
    """Invented pages: furniture is found by recurrence and shape, not by any document's words."""
    body = ["全市粮食总产量达到120万吨，比上年增长3.5%，连续五年稳定在百万吨以上，" * 2,
            "其中稻谷产量45万吨。"]
    pages = [f"某市统计月报\n\n{body[0]}\n第 1 页 共 2 页", f"某市统计月报\n{body[1]}\n\n第 2 页 共 2 页"]
    doc = clean_text(PAGE_BREAK.join(pages), wrapped=True)
    assert doc.text == body[0] + body[1]  # the sentence runs on over the page break; header and footers gone
    english = clean_text("The total output reached 120 thousand\ntonnes this year.", wrapped=True)
    assert english.text == "The total output reached 120 thousand tonnes this year."
    # one page: nothing is taken for furniture, and a blank line still ends a paragraph
    single = clean_text("第一段到此结束。\n\n3\n\n第二段。", wrapped=True)
    assert [single.text[b.start:b.end] for b in single.blocks] == ["第一段到此结束。", "3", "第二段。"]


def test_docx_paragraphs_and_table_rows_are_lines(tmp_path: Path) -> None:
    paras = paragraphs()
    table = [["省份", "2021年GDP", "2020年GDP"], ["广东", "124369.67亿元", "110760.94亿元"],
             ["江苏", "116364.2亿元", "102719亿元"], ["山东", "83095.9亿元", "73129亿元"]]
    path = tmp_path / "gdp.docx"
    make_docx(path, paras[0], paras[1:3], table, paras[3:4])
    text, wrapped = read_document(path.read_bytes(), path.name)
    assert not wrapped
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == paras[0] and lines[1:3] == paras[1:3]
    assert lines[3] == "\t".join(table[0])  # the header row, then each row's cells paired with their columns
    assert lines[4] == "广东：2021年GDP124369.67亿元，2020年GDP110760.94亿元。"
    assert len(lines) == 8 and lines[7] == paras[3]


def test_html_keeps_the_article_and_drops_navigation(tmp_path: Path, article_text: str) -> None:
    paras = [p.strip() for p in article_text.splitlines() if p.strip()][:6]
    path = tmp_path / "siping.html"
    make_html(path, "四平市全面推进重点项目建设", paras)
    text, _ = read_document(path.read_bytes(), path.name)
    for p in paras:
        assert p in text
    for item in [*NAVIGATION, FOOTER, "热点新闻"]:
        assert item not in text, item


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("locked.pdf", lambda p: make_pdf(p, paragraphs()[:3], encrypt="secret"), "encrypted"),
    ("scan.pdf", lambda p: make_blank_pdf(p, 3), "scanned"),
    ("cut.pdf", lambda p: (make_pdf(p, paragraphs()[:3]), p.write_bytes(p.read_bytes()[:700])), "corrupt"),
    ("fake.pdf", lambda p: p.write_text("这不是PDF。", encoding="utf-8"), "corrupt"),
    ("fake.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "corrupt"),
    ("locked.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "encrypted"),
    ("empty.html", lambda p: p.write_bytes(b""), "empty"),
    ("app.html", lambda p: p.write_text("<html><head><title>应用</title><script>var page = 1;</script></head>"
                                        "<body><div id='root'></div><img src='a.png'></body></html>"), "no_article"),
    ("photo.txt", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256))), "binary"),
    ("blank.md", lambda p: p.write_bytes(b" \n\n"), "empty"),
])
def test_a_file_that_is_no_document_is_refused_naming_it_and_why(tmp_path: Path, name: str, make, reason: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / name
    make(path)
    (corpus / "good.txt").write_text("全市粮食总产量达到120万吨。", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_document(path.read_bytes(), name)
    assert caught.value.reason == reason and str(caught.value).startswith(f"{name}: "), caught.value
    errors: list[str] = []
    assert [d.doc_id for d in iter_corpus(corpus, errors)] == ["good.txt"]  # the others are still read
    assert len(errors) == 1 and name in errors[0]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    path, _ = gdp_pdf(tmp_path / "big.pdf")
    with pytest.raises(DocumentError) as caught:
        readers.read_bytes(path.read_bytes(), path.name)
    assert caught.value.reason == "too_large" and caught.value.fields["limit"] == 1000


def test_an_unchanged_pdf_is_read_from_its_cache_not_parsed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gdp: tuple[Path, list[str]]) -> None:
    import index.readers.pdf as pdf_reader

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    parsed: list[str] = []
    real = pdf_reader.read_pdf

    def counted(data: bytes, name: str) -> readers.ReadText:
        parsed.append(name)
        return real(data, name)

    monkeypatch.setattr(pdf_reader, "read_pdf", counted)
    path, _ = gdp
    first = readers.read_bytes(path.read_bytes(), path.name)
    again = readers.read_bytes(path.read_bytes(), "renamed.pdf")  # same bytes under another name: same entry
    assert again == first and parsed == [path.name]
    entries = list(readers.read_cache_dir().glob("*.json"))
    assert len(entries) == 1

    other = make_pdf(tmp_path / "other.pdf", list(paragraphs()[:2])).path  # other bytes: parsed
    assert readers.read_bytes(other.read_bytes(), other.name).text != first.text
    assert parsed == [path.name, other.name]

    entries[0].write_text("{not json", encoding="utf-8")  # a damaged entry is parsed afresh and replaced
    assert readers.read_bytes(path.read_bytes(), path.name) == first and parsed[-1] == path.name
    assert readers.read_bytes(path.read_bytes(), path.name) == first and len(parsed) == 3

    scan = tmp_path / "scan.pdf"  # a refusal is not kept: it is reached again, as a refusal
    make_blank_pdf(scan, 2)
    for _ in range(2):
        with pytest.raises(DocumentError):
            readers.read_bytes(scan.read_bytes(), scan.name)
    assert parsed.count(scan.name) == 2
