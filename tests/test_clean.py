"""Layout repair: interrupted sentences re-join, captions and headlines stay apart, offsets map back.

The synthetic layouts below are written for the tests (not the article's sentences); the last group
checks the same rules on the real article.
"""

from __future__ import annotations

import pytest

from index.clean import CleanDocument, clean_text


def blocks_of(doc: CleanDocument) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def body_texts(doc: CleanDocument) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "body"]


def assert_offsets_map_back(original: str, doc: CleanDocument) -> None:
    """Every cleaned character comes from the original (via segments) or is a block separator."""
    assert doc.segments, "no segments"
    covered = [False] * len(doc.text)
    previous_end = -1
    for clean_start, orig_start, length in doc.segments:
        assert length > 0
        assert clean_start >= previous_end  # ordered, non-overlapping
        previous_end = clean_start + length
        assert doc.text[clean_start:clean_start + length] == original[orig_start:orig_start + length]
        for k in (0, length // 2, length - 1):
            assert doc.to_original(clean_start + k) == orig_start + k
        a = doc.to_original(clean_start)
        assert doc.text[clean_start:clean_start + length] == original[a:a + length]
        for i in range(clean_start, clean_start + length):
            covered[i] = True
    # whatever is not copied from the original is the "\n\n" between blocks
    uncovered = "".join(ch for ch, c in zip(doc.text, covered, strict=True) if not c)
    assert set(uncovered) <= {"\n"}
    assert len(uncovered) == 2 * (len(doc.blocks) - 1)
    # each block is exactly the concatenation of its segments, and blocks are separated by "\n\n"
    for block in doc.blocks:
        pieces = [s for s in doc.segments if block.start <= s[0] < block.end]
        assert pieces and pieces[0][0] == block.start
        assert sum(s[2] for s in pieces) == block.end - block.start
        assert "".join(original[o:o + n] for _, o, n in pieces) == doc.text[block.start:block.end]
    for left, right in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert doc.text[left.end:right.start] == "\n\n"


# -- synthetic layouts ------------------------------------------------------------------------------

CAPTION_MARKER = (
    "市里今年新建了三座桥梁，其中两座位于\n"
    "\n"
    "▲新建的大桥全景。\n"
    "\n"
    "\n"
    "城东的河道上，预计年底通车。\n"
)

SHORT_CAPTION = (
    "工厂的新生产线投产以后，每天可以生产\n"
    "\n"
    "工人在车间里忙碌。\n"
    "\n"
    "两千件零部件，供应周边的企业。\n"
)

HEADLINE = (
    "园区去年引进了十二家企业，带动就业\n"
    "\n"
    "春风十里\n"
    "共谋发展\n"
    "\n"
    "三千余人，成为县域经济的增长极。\n"
)

FIGURE_BROKEN = (
    "市委、市政府主要领导带队，全力争取上级资金。1月至6月，全市共争取到各类资金37.6\n"
    "\n"
    "亿元，较去年全年增长一倍，为项目建设提供了保障。\n"
)

TRUNCATED = (
    "城市更新行动覆盖了全部老旧小区，按照统一规划，将项目建设\n"
    "\n"
    "农业方面，今年全县粮食产量再创新高，达到了历史最好水平。\n"
)

HEADINGS = (
    "开篇的导语写在这里，介绍全文的背景。\n"
    "\n"
    "科学统筹为先导——\n"
    "重点项目量多质高\n"
    "\n"
    "正文第一段说明情况，列出主要的数字。\n"
    "\n"
    "精准发力争资金——\n"
    "分兵把口衔接跟进\n"
    "\n"
    "正文第二段继续说明，给出资金的来源。\n"
)

PHOTO_CREDIT = (
    "市民在新建成的滨河公园里散步，享受秋日的阳光。\n"
    "\n"
    "滨河公园一角 记者 张三 摄\n"
)

ALL_LAYOUTS = [CAPTION_MARKER, SHORT_CAPTION, HEADLINE, FIGURE_BROKEN, TRUNCATED, HEADINGS, PHOTO_CREDIT]


def test_sentence_broken_by_a_marked_caption_rejoins_and_caption_is_kept() -> None:
    doc = clean_text(CAPTION_MARKER)
    assert blocks_of(doc) == [
        ("body", "市里今年新建了三座桥梁，其中两座位于城东的河道上，预计年底通车。"),
        ("caption", "▲新建的大桥全景。"),
    ]
    assert not any(b.truncated for b in doc.blocks)


def test_sentence_broken_by_a_short_standalone_caption_rejoins() -> None:
    doc = clean_text(SHORT_CAPTION)
    assert blocks_of(doc) == [
        ("body", "工厂的新生产线投产以后，每天可以生产两千件零部件，供应周边的企业。"),
        ("caption", "工人在车间里忙碌。"),
    ]


def test_sentence_broken_by_a_headline_block_rejoins() -> None:
    doc = clean_text(HEADLINE)
    assert blocks_of(doc) == [
        ("body", "园区去年引进了十二家企业，带动就业三千余人，成为县域经济的增长极。"),
        ("headline", "春风十里"),
        ("headline", "共谋发展"),
    ]


def test_figure_broken_from_its_unit_across_a_blank_line_rejoins() -> None:
    doc = clean_text(FIGURE_BROKEN)
    (body,) = body_texts(doc)
    assert "资金37.6亿元，较去年全年增长一倍" in body
    assert "37.6\n" not in doc.text
    assert not doc.blocks[0].truncated


def test_paragraph_stopping_mid_sentence_is_truncated_not_joined() -> None:
    doc = clean_text(TRUNCATED)
    assert blocks_of(doc) == [
        ("body", "城市更新行动覆盖了全部老旧小区，按照统一规划，将项目建设"),
        ("body", "农业方面，今年全县粮食产量再创新高，达到了历史最好水平。"),
    ]
    assert [b.truncated for b in doc.blocks] == [True, False]


def test_last_paragraph_stopping_mid_sentence_is_truncated() -> None:
    doc = clean_text("第一段是完整的句子，说明了情况。\n\n第二段写到一半，计划建设2条智能制造")
    assert [b.truncated for b in doc.blocks] == [False, True]


def test_dash_headings_become_section_metadata() -> None:
    doc = clean_text(HEADINGS)
    kinds = [(b.kind, b.section) for b in doc.blocks]
    first = "科学统筹为先导——重点项目量多质高"
    second = "精准发力争资金——分兵把口衔接跟进"
    assert kinds == [
        ("body", ""),
        ("heading", first),
        ("body", first),
        ("heading", second),
        ("body", second),
    ]
    # heading and subtitle form one heading block
    assert doc.text[doc.blocks[1].start:doc.blocks[1].end] == first
    assert body_texts(doc)[1] == "正文第一段说明情况，列出主要的数字。"


def test_photo_credit_line_is_a_caption() -> None:
    doc = clean_text(PHOTO_CREDIT)
    assert blocks_of(doc)[-1] == ("caption", "滨河公园一角 记者 张三 摄")


def test_crlf_and_fullwidth_indent_are_stripped_but_offsets_still_map() -> None:
    original = ("\u3000\u3000第一段，说明了情况。\r\n\r\n"
                "\u3000\u3000第二段，资金37.6\r\n\r\n亿元，增长一倍。\r\n")
    doc = clean_text(original)
    assert body_texts(doc) == ["第一段，说明了情况。", "第二段，资金37.6亿元，增长一倍。"]
    assert_offsets_map_back(original, doc)


@pytest.mark.parametrize("original", ALL_LAYOUTS, ids=lambda s: s[:6])
def test_offsets_map_back_to_the_original(original: str) -> None:
    assert_offsets_map_back(original, clean_text(original))


def test_blank_document_has_no_blocks() -> None:
    doc = clean_text("\n\n  \n")
    assert doc.text == "" and doc.blocks == []


# -- the real article -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def article(article_text: str) -> CleanDocument:
    return clean_text(article_text)


def test_article_offsets_map_back(article_text: str, article: CleanDocument) -> None:
    assert_offsets_map_back(article_text, article)


def test_article_body_paragraphs_have_no_line_breaks(article: CleanDocument) -> None:
    bodies = body_texts(article)
    assert len(bodies) > 15
    assert not [b for b in bodies if "\n" in b]


def test_article_marked_caption_lines_are_caption_blocks(article_text: str, article: CleanDocument) -> None:
    marked = [line.strip() for line in article_text.splitlines() if line.strip().startswith(("▲", "▶", "▼"))]
    assert len(marked) == 3
    captions = {article.text[b.start:b.end] for b in article.blocks if b.kind == "caption"}
    assert set(marked) <= captions
    # and no body paragraph swallowed a caption
    assert not [b for b in body_texts(article) if any(m in b for m in marked)]


def test_article_sentence_across_interrupters_is_joined(article: CleanDocument) -> None:
    joined = [b for b in body_texts(article) if "全年谋划10场重大招商活动" in b]
    assert len(joined) == 1
    # the same paragraph continues past the headline and captions to its end
    assert "推动招商线索向落地项目转化" in joined[0]


def test_article_figure_broken_from_its_unit_is_joined(article: CleanDocument) -> None:
    assert any("资金37.6亿元，较2024年全年增长103%" in b for b in body_texts(article))


def test_article_truncated_paragraphs_are_marked_not_joined(article: CleanDocument) -> None:
    truncated = [article.text[b.start:b.end] for b in article.blocks if b.truncated]
    assert "围绕市委“1288”总体工作思路，将项目建设" in truncated
    assert truncated[-1].endswith("计划建设2条智能制造")
    assert all(b.kind == "body" for b in article.blocks if b.truncated)


def test_article_sections(article: CleanDocument) -> None:
    headings = [article.text[b.start:b.end] for b in article.blocks if b.kind == "heading"]
    assert headings == [
        "科学统筹为先导——重点项目量多质高",
        "“三级联动”激活力——签约落地“双提速”",
        "聚焦节点抓关键——现场协调“开复工”",
        "精准发力争资金——分兵把口衔接跟进",
        "健全机制强服务——包保到人全程督导",
    ]
    block = next(b for b in article.blocks if "5000万元以上项目196个" in article.text[b.start:b.end])
    assert block.section == "科学统筹为先导——重点项目量多质高"
