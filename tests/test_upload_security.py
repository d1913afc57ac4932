"""Issue 7: the upload endpoint reads only files the client uploaded and writes only inside the corpus folder.

A real gradio server on a free loopback port, driven through gradio_client (and, for file names no local file
can have, gradio's own upload route over HTTP). Each test gets its own corpus, store and gradio upload folder
under a tmp folder, so "nothing was written elsewhere" can be checked by listing that tree.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from netutil import served_ui
from test_ui import HONGSHAN, last_reply, snapshot, tiny_settings

import app
from assistant.ui_service import AssistantService, safe_document_name

pytestmark = pytest.mark.slow

SECRET = "绝密备忘：松江县金库的密码是483920，保险柜共有17个。\n"
SECRET_QUESTION = "松江县金库的密码是多少？"
HONGSHAN_QUESTION = "红山镇的旅游收入达到多少？"
REFUSED = "只能加入通过本页面上传的文件"
STDLIB_LICENSE = Path(os.__file__).parent / "LICENSE.txt"


@dataclass
class Served:
    url: str
    client: Any
    service: AssistantService
    root: Path  # everything this test may touch lives under here
    corpus: Path
    cache: Path  # gradio's upload folder for this server
    outside: Path  # a folder outside the corpus and the upload folder, holding SECRET


@pytest.fixture()
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    from gradio_client import Client

    cache = tmp_path / "gradio-uploads"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))  # read by gradio when the app is built and launched
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    service = AssistantService(tiny_settings(tmp_path / "tiny"))
    demo = app.build_ui(service=service)
    with served_ui(demo) as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        yield Served(url, client, service, tmp_path, service.settings.corpus.dir, cache, outside)


def hostile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make gradio_client send a FileData path as it is, the way a hand-written request would, instead of
    uploading the (client-side) file first: the server then receives a path it never received a file for."""
    from gradio_client import client as client_module

    monkeypatch.setattr(client_module.Endpoint, "_upload_file", lambda _self, f, data_index: f)


def file_data(path: str | Path, name: str | None = None) -> dict[str, Any]:
    return {"path": str(path), "orig_name": name or Path(path).name, "meta": {"_type": "gradio.FileData"}}


def add(served: Served, payload: dict[str, Any]) -> str | None:
    """Call /add_document; the status text, or None when gradio itself refused the request."""
    from gradio_client.exceptions import AppError

    try:
        status, _listing, _cleared = served.client.predict(payload, api_name="/add_document")
    except AppError:
        return None
    return str(status)


def tree(root: Path, *, skip: tuple[Path, ...]) -> dict[str, bytes]:
    """Every file under root (links listed, not followed) except under the folders in skip."""
    files: dict[str, bytes] = {}
    for folder, _dirs, names in os.walk(root):
        here = Path(folder)
        if any(here == s or here.is_relative_to(s) for s in skip):
            continue
        for name in names:
            path = here / name
            files[path.relative_to(root).as_posix()] = (
                b"link:" + os.readlink(path).encode() if path.is_symlink() else path.read_bytes())
    return files


def not_answered_from_secret(served: Served) -> None:
    messages, _ = served.client.predict(SECRET_QUESTION, [], api_name="/ask")
    assert "483920" not in last_reply(messages)
    answer = served.service.ask(SECRET_QUESTION, [])
    assert "483920" not in answer.text
    assert all("483920" not in c.text for c in answer.citations + answer.related)


# -- a server path the client never uploaded ----------------------------------------------------------
def forged_targets(served: Served) -> list[Path]:
    targets = [served.outside / "secret.txt"]
    if STDLIB_LICENSE.exists():
        targets.append(STDLIB_LICENSE)
    # a link planted in the upload folder, pointing out of it: only where it resolves to counts
    served.cache.mkdir(parents=True, exist_ok=True)
    planted = served.cache / "planted"
    planted.mkdir(exist_ok=True)
    (planted / "secret.txt").symlink_to(served.outside / "secret.txt")
    targets.append(planted / "secret.txt")
    return targets


def test_upload_with_forged_server_path_reads_nothing(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus_before = snapshot(served.corpus)
    passages = served.service.assistant().store.count()
    hostile(monkeypatch)
    outcomes = []
    for target in forged_targets(served):
        status = add(served, file_data(target))
        outcomes.append((target.name, status))
        # refused, by gradio (it checks inputs lie in its upload folder) or by our handler; never added
        assert status is None or (status.startswith("❌") and REFUSED in status), (target, status)
        assert status is None or str(target.parent) not in status
        assert snapshot(served.corpus) == corpus_before
    assert served.service.assistant().store.count() == passages
    assert "secret.txt" not in app.corpus_listing(served.service) and "LICENSE" not in app.corpus_listing(
        served.service)
    not_answered_from_secret(served)
    print("forged paths:", outcomes)


def test_upload_with_forged_path_is_refused_by_our_handler_when_gradio_lets_it_through(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """Gradio skips its own check for its 'static' paths (gr.set_static_paths): our handler still refuses."""
    from gradio.data_classes import _StaticFiles

    monkeypatch.setattr(_StaticFiles, "all_paths", [*_StaticFiles.all_paths, served.outside.resolve()])
    served.cache.mkdir(parents=True, exist_ok=True)  # gradio's File preprocessing opens a temp file there
    corpus_before = snapshot(served.corpus)
    passages = served.service.assistant().store.count()
    hostile(monkeypatch)

    status = add(served, file_data(served.outside / "secret.txt"))

    assert status is not None and status.startswith("❌") and REFUSED in status, status
    assert "outside" not in status  # the server's paths are not shown
    assert snapshot(served.corpus) == corpus_before
    assert served.service.assistant().store.count() == passages
    not_answered_from_secret(served)


@pytest.mark.parametrize("where", ["outside", "link_in_upload_folder", "missing"])
def test_upload_handler_refuses_paths_outside_the_upload_folder(served: Served, where: str) -> None:
    upload_root = served.cache / "direct"
    upload_root.mkdir(parents=True)
    path = {"outside": served.outside / "secret.txt", "link_in_upload_folder": upload_root / "secret.txt",
            "missing": upload_root / "gone.txt"}[where]
    if where == "link_in_upload_folder":
        path.symlink_to(served.outside / "secret.txt")
    before = snapshot(served.corpus)

    status = app.upload_document(served.service, str(path), upload_root=upload_root)

    assert status.startswith("❌") and REFUSED in status, status
    assert snapshot(served.corpus) == before


# -- names that try to leave the corpus folder --------------------------------------------------------------
TRAVERSAL_NAMES = {
    "parent_dirs": "../../evil.txt",
    "absolute": "/tmp/evil_absolute.txt",
    "windows_parents": "..\\..\\evil_win.txt",
    "control_chars": "ev\x00il\x01\x1f\u200b\u202e.txt",
    "hidden": ".evil_hidden.md",
    "long_cjk": "红山镇" * 100 + ".txt",
}


@pytest.mark.parametrize("name", TRAVERSAL_NAMES.values(), ids=TRAVERSAL_NAMES.keys())
def test_upload_with_traversal_name_writes_only_inside_the_corpus(
        served: Served, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    import httpx

    keep_out = (served.corpus, served.cache, served.service.settings.store.dir)
    elsewhere_before = tree(served.root, skip=keep_out)
    corpus_before = snapshot(served.corpus)
    # a real upload through gradio's upload route, under the hostile name (no local file can have it)
    response = httpx.post(served.url + "gradio_api/upload",
                          files=[("files", (name, HONGSHAN.encode("utf-8"), "text/plain"))], timeout=60)
    response.raise_for_status()
    [uploaded] = response.json()
    assert Path(uploaded).resolve().is_relative_to(served.cache.resolve())
    hostile(monkeypatch)  # send that server path as it is: it was uploaded, so it is accepted

    status = add(served, file_data(uploaded, name))

    assert status is not None and status.startswith("✅"), status
    added = {k: v for k, v in snapshot(served.corpus).items() if k not in corpus_before}
    assert len(added) == 1, added
    [(added_name, data)] = added.items()
    assert data == HONGSHAN.encode("utf-8")  # copied unchanged
    assert "/" not in added_name and not added_name.startswith(".") and added_name.endswith((".txt", ".md"))
    assert added_name == safe_document_name(Path(uploaded).name)
    assert all(ord(ch) >= 0x20 and ch not in "\u200b\u202e" for ch in added_name)
    assert len(added_name.encode("utf-8")) <= 150
    assert tree(served.root, skip=keep_out) == elsewhere_before  # nothing written anywhere else under root
    assert not Path("/tmp/evil_absolute.txt").exists()
    answer = served.service.ask(HONGSHAN_QUESTION, [])
    assert answer.answerable and answer.citations and answer.citations[0].doc_id == added_name, answer


# -- the ordinary upload still works -------------------------------------------------------------------
@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le"], ids=["utf8", "utf16_without_bom"])
def test_genuine_upload_is_indexed_and_answered(served: Served, tmp_path: Path, codec: str) -> None:
    from gradio_client import handle_file

    local = tmp_path / "client-side" / "红山镇旅游.txt"
    local.parent.mkdir()
    local.write_bytes(HONGSHAN.encode(codec))

    status = add(served, handle_file(str(local)))

    assert status is not None and status.startswith("✅") and "红山镇旅游.txt" in status, status
    assert (served.corpus / "红山镇旅游.txt").read_bytes() == local.read_bytes()
    messages, _ = served.client.predict(HONGSHAN_QUESTION, [], api_name="/ask")
    reply = last_reply(messages)
    assert "1.9亿元" in reply and "红山镇旅游.txt" in reply, reply


# -- the name rule and the copy, without a server ------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=300))
def test_any_upload_name_maps_to_one_plain_file_inside_the_corpus(name: str) -> None:
    safe = safe_document_name(name)
    corpus = Path("/srv/corpus")
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith((".", " "))
    assert safe not in {".", ".."}
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in safe)
    assert len(safe.encode("utf-8")) <= 150
    assert os.path.normpath(corpus / safe) == str(corpus / safe) and (corpus / safe).parent == corpus


@pytest.mark.parametrize(("name", "expected"), [
    ("四平市重点项目（2024）.txt", "四平市重点项目（2024）.txt"),
    ("../../evil.txt", "evil.txt"),
    (".bashrc.md", "bashrc.md"),
    ("..txt", "document.txt"),
    ("a\u200bb\u202ec.md", "abc.md"),
])
def test_upload_names_keep_readable_cjk_and_lose_only_what_is_unsafe(name: str, expected: str) -> None:
    assert safe_document_name(name) == expected


def test_upload_over_a_link_in_the_corpus_is_refused_and_the_link_kept(tmp_path: Path) -> None:
    service = AssistantService(tiny_settings(tmp_path / "tiny"))
    corpus = service.settings.corpus.dir
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET, encoding="utf-8")
    (corpus / "hongshan.txt").symlink_to(outside)
    upload = tmp_path / "uploads" / "hongshan.txt"
    upload.parent.mkdir()
    upload.write_text(HONGSHAN, encoding="utf-8")

    status = app.upload_document(service, str(upload), upload_root=upload.parent)

    assert status.startswith("❌") and "符号链接" in status, status
    assert (corpus / "hongshan.txt").is_symlink() and outside.read_text(encoding="utf-8") == SECRET
    assert not [p for p in corpus.iterdir() if p.name.endswith(".uploading")]


def test_upload_over_the_size_limit_is_refused_before_it_is_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index import corpus  # the upload is read through index.corpus.read_limited

    service = AssistantService(tiny_settings(tmp_path / "tiny"))
    before = snapshot(service.settings.corpus.dir)
    monkeypatch.setattr(corpus, "MAX_FILE_BYTES", 64)
    upload = tmp_path / "uploads" / "big.txt"
    upload.parent.mkdir()
    upload.write_text(HONGSHAN, encoding="utf-8")

    status = app.upload_document(service, str(upload), upload_root=upload.parent)

    assert status.startswith("❌") and f"{upload.stat().st_size} 字节" in status and "64 字节的上限" in status, status
    assert snapshot(service.settings.corpus.dir) == before
