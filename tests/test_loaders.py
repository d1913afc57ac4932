"""Reading files into documents: encodings, clear errors, corpus iteration and the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index import loaders
from index.loaders import DocumentError, decode_bytes, iter_corpus, load_file, read_manifest

TEXT = ("四平市深入贯彻落实省委、省政府部署，牢固树立“项目为王”理念，"
        "全市累计开工复工5000万元以上项目196个，计划总投资750.4亿元。\n\n"
        "双辽市绿电产业示范园区15万千瓦风电项目，总投资7.52亿元。\n")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8", TEXT.encode("utf-8")),
        ("utf8_bom", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("gbk", TEXT.encode("gbk")),
        ("gb18030", TEXT.encode("gb18030")),
        ("utf16_le_bom", b"\xff\xfe" + TEXT.encode("utf-16-le")),
        ("utf16_be_bom", b"\xfe\xff" + TEXT.encode("utf-16-be")),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, name: str, data: bytes) -> None:
    doc = load_file(_write(tmp_path / f"{name}.txt", data))
    assert doc.text == TEXT  # exact: no BOM left at the start, no mis-decoded character
    assert doc.doc_id == f"{name}.txt"
    assert doc.path == tmp_path / f"{name}.txt"


def test_decode_bytes_strips_the_utf8_bom() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + "项目".encode()) == "项目"


def test_binary_file_is_rejected_with_a_clear_message(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    path = _write(tmp_path / "picture.txt", png)
    with pytest.raises(DocumentError, match="binary") as info:
        load_file(path)
    assert "picture.txt" in str(info.value)  # the message names the file


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n", "\ufeff".encode()])
def test_empty_file_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path / "empty.txt", content)
    with pytest.raises(DocumentError, match="empty") as info:
        load_file(path)
    assert "empty.txt" in str(info.value)


def test_missing_path_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read") as info:
        load_file(tmp_path / "nowhere.txt")
    assert "nowhere.txt" in str(info.value)


def test_directory_path_is_a_document_error(tmp_path: Path) -> None:
    folder = tmp_path / "a_folder.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match="cannot read"):
        load_file(folder)


def test_file_over_the_size_limit_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "MAX_FILE_BYTES", 100)
    path = _write(tmp_path / "big.txt", TEXT.encode("utf-8"))
    with pytest.raises(DocumentError, match="limit"):
        load_file(path)


def test_document_error_is_a_value_error() -> None:
    # callers (the CLI) catch ValueError-family errors and print them as "error: ..."
    assert issubclass(DocumentError, ValueError)


def test_iter_corpus_skips_a_bad_file_reports_it_and_yields_the_good_ones(tmp_path: Path) -> None:
    _write(tmp_path / "a_good.txt", TEXT.encode("utf-8"))
    _write(tmp_path / "b_binary.txt", b"\x00\x01\x02\x03" * 100)
    _write(tmp_path / "c_empty.md", b"")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub" / "d_gbk.txt", TEXT.encode("gbk"))
    _write(tmp_path / "photo.png", b"\x89PNG\x00\x00")  # not a text suffix: ignored, not an error
    errors: list[str] = []
    docs = list(iter_corpus(tmp_path, errors))
    assert [d.doc_id for d in docs] == ["a_good.txt", "sub/d_gbk.txt"]  # sorted, relative, posix
    assert all(d.text == TEXT for d in docs)
    assert len(errors) == 2
    assert any("b_binary.txt" in e and "binary" in e for e in errors)
    assert any("c_empty.md" in e and "empty" in e for e in errors)
    assert not any("photo.png" in e for e in errors)


def test_iter_corpus_without_an_errors_list_still_skips(tmp_path: Path) -> None:
    _write(tmp_path / "bad.txt", b"")
    _write(tmp_path / "good.txt", TEXT.encode("utf-8"))
    assert [d.doc_id for d in iter_corpus(tmp_path)] == ["good.txt"]


def test_iter_corpus_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="not found"):
        list(iter_corpus(tmp_path / "no_corpus"))


def test_manifest_metadata_is_attached(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", TEXT.encode("utf-8"))
    _write(tmp_path / "b.txt", TEXT.encode("utf-8"))
    manifest = {"documents": [{"file": "a.txt", "title": "下好「先手棋」", "date": 2025, "language": "zh"}]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    docs = {d.doc_id: d for d in iter_corpus(tmp_path)}
    assert set(docs) == {"a.txt", "b.txt"}  # manifest.json itself is not a document
    assert docs["a.txt"].metadata == {"title": "下好「先手棋」", "date": "2025", "language": "zh"}
    assert docs["b.txt"].metadata == {}


def test_corrupt_manifest_is_a_document_error(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", TEXT.encode("utf-8"))
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DocumentError, match="manifest"):
        read_manifest(tmp_path)


def test_real_corpus_manifest_describes_the_article(corpus_dir: Path, article_path: Path) -> None:
    docs = list(iter_corpus(corpus_dir))
    assert [d.doc_id for d in docs] == [article_path.name]
    assert "四平市全面推进重点项目建设记事" in docs[0].metadata["title"]


# -- issue 7: links out of the corpus, encodings without a byte-order mark, arbitrary bytes ----------------
SECRET = "外部文件：金库密码是483920。\n"


def test_symlink_in_corpus_to_an_outside_file_is_skipped_with_a_message(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    _write(corpus / "good.txt", TEXT.encode("utf-8"))
    _write(outside / "secret.txt", SECRET.encode("utf-8"))
    (corpus / "linked.txt").symlink_to(outside / "secret.txt")
    (corpus / "inner_link.md").symlink_to(corpus / "good.txt")  # even a link inside: one rule, no exceptions
    errors: list[str] = []
    docs = list(iter_corpus(corpus, errors))
    assert [d.doc_id for d in docs] == ["good.txt"]
    assert all("483920" not in d.text for d in docs)
    assert len(errors) == 2, errors
    assert any("linked.txt" in e and "symbolic link" in e for e in errors)
    assert any("inner_link.md" in e and "symbolic link" in e for e in errors)


def test_symlinked_directory_in_corpus_is_not_followed(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    (outside / "deep").mkdir(parents=True)
    _write(corpus / "good.txt", TEXT.encode("utf-8"))
    _write(outside / "secret.txt", SECRET.encode("utf-8"))
    _write(outside / "deep" / "more.md", SECRET.encode("utf-8"))
    (corpus / "docs").symlink_to(outside, target_is_directory=True)
    errors: list[str] = []
    assert [d.doc_id for d in iter_corpus(corpus, errors)] == ["good.txt"]
    assert len(errors) == 1 and "docs" in errors[0] and "not followed" in errors[0], errors


def test_load_file_without_following_links_refuses_a_link(tmp_path: Path) -> None:
    target = _write(tmp_path / "real.txt", TEXT.encode("utf-8"))
    (tmp_path / "link.txt").symlink_to(target)
    assert load_file(tmp_path / "link.txt").text == TEXT  # a caller who names a file may follow it
    with pytest.raises(DocumentError, match="symbolic link"):
        load_file(tmp_path / "link.txt", follow_symlinks=False)


MIXED = TEXT + "Project phase 2 (2025): 15 turbines, 7.5 MW each.\n"


@pytest.mark.parametrize("text", [TEXT, TEXT.replace("\n", ""), MIXED, "Plain ASCII notes, 2024.\n"],
                         ids=["chinese", "chinese_one_line", "chinese_and_english", "ascii"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_decoded(tmp_path: Path, text: str, codec: str) -> None:
    data = text.encode(codec)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert load_file(_write(tmp_path / "u16.txt", data)).text == text


@pytest.mark.parametrize(("text", "codec"), [
    (TEXT, "gb18030"),
    (TEXT + "𠀀𪚥 are outside GBK, in GB18030's four-byte range.\n", "gb18030"),
    ("臺灣的經濟發展迅速，去年國內生產總值成長了百分之三點五。\n", "big5"),
], ids=["gb18030", "gb18030_four_byte", "big5"])
def test_legacy_chinese_encodings_are_decoded(tmp_path: Path, text: str, codec: str) -> None:
    assert load_file(_write(tmp_path / "legacy.txt", text.encode(codec))).text == text


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,  # every byte value: binary even though some codec maps each one
    b"\x00" * 1000,
    b"\x7fELF\x02\x01\x01\x00" + bytes(200) + b"\x01\x02\x03\x04" * 50,
], ids=["every_byte", "nuls", "elf"])
def test_binary_is_still_refused(data: bytes) -> None:
    with pytest.raises(DocumentError, match="looks binary"):
        decode_bytes(data, "blob.txt")


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=500).map(lambda t: t.encode("utf-16-le", "surrogatepass")),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")[:-1]),
))
def test_arbitrary_bytes_only_ever_raise_document_error(tmp_path_factory: pytest.TempPathFactory,
                                                        data: bytes) -> None:
    try:
        text = decode_bytes(data, "any.txt")
    except DocumentError:
        pass
    else:
        assert isinstance(text, str)
    path = tmp_path_factory.mktemp("bytes") / "any.txt"
    path.write_bytes(data)
    try:
        doc = load_file(path, follow_symlinks=False)
    except DocumentError as exc:
        assert "any.txt" in str(exc)  # every refusal names the file
    else:
        assert doc.text.strip()
