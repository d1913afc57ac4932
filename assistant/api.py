"""ask(): the one answering path used by the CLI, the Gradio UI and the evaluation suite."""

from __future__ import annotations

import threading
import time
from typing import Any

from llama_index.core.schema import QueryBundle

from assistant import inputs
from assistant.deadline import within
from assistant.inputs import check_history
from assistant.settings import Settings, load_settings
from assistant.types import Answer

History = list[tuple[str, str]]


class Assistant:
    """Settings -> store -> hybrid retriever -> answer engine. Build once, ask many times."""

    def __init__(self, settings: Settings | None = None, build_if_missing: bool = True) -> None:
        from assistant.answer import AnswerEngine
        from assistant.retrieve import HybridRetriever, build_retrievers
        from index.build import build_index
        from index.embed import make_embedding
        from index.store import PassageStore, StoreError, store_exists

        self.settings = settings or load_settings()
        location = self.settings.store_location()
        self.embedding = make_embedding(self.settings.embedding)
        if not store_exists(location):
            if not build_if_missing:
                raise StoreError(f"no index at {location.store_dir}; run `python -m assistant index`")
            build_index(location, self.embedding, corpus_dir=self.settings.corpus_dir,
                        chunk_chars=self.settings.chunk_chars)
        self.store = PassageStore(location)
        if self.store.count() == 0:
            raise StoreError(f"the index at {location.store_dir} is empty; run `python -m assistant index`")
        self.retrievers = build_retrievers(self.store, self.embedding, self.settings.candidates)
        self.retriever = HybridRetriever(list(self.retrievers.values()), top_k=self.settings.top_k,
                                         rrf_k=self.settings.rrf_k)
        from assistant.candidates import TermStats

        self.engine = AnswerEngine(self.retriever, self.settings, TermStats(self.store.all_nodes()))

    def check_question(self, question: Any) -> str:
        return check_question(question, self.settings.max_question_chars)

    def ask(self, question: str, history: History | None = None) -> Answer:
        """Raises QuestionError for a malformed question or history, AnswerTimeout (a QuestionError) when
        the answer takes longer than settings.answer_timeout_s. Safe to call from several threads."""
        started = time.perf_counter()
        text = self.check_question(question)
        turns = check_history(history, self.settings.max_history_turns, self.settings.max_history_chars)
        answer = within(self.settings.answer_timeout_s, lambda: self._answer(text, turns))
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _answer(self, text: str, turns: History) -> Answer:
        from index.store import StoreError

        try:
            return self.engine.answer(text, turns)
        except (ConnectionError, OSError) as exc:
            raise StoreError(f"the store stopped answering ({exc}); is the Chroma server running?") from exc
        except Exception as exc:
            if type(exc).__module__.startswith(("httpx", "httpcore")):
                raise StoreError(f"cannot reach the Chroma server at {self.settings.chroma_server}: {exc}") \
                    from exc
            raise

    def retrieve(self, question: str) -> list[Any]:
        return self.retriever.retrieve(QueryBundle(self.check_question(question)))


def check_question(question: Any, max_chars: int) -> str:
    """The question, with invisible characters removed and stripped; a QuestionError saying what is wrong
    with it otherwise."""
    return inputs.check_question(question, max_chars)


_default: Assistant | None = None
_lock = threading.Lock()


def default_assistant() -> Assistant:
    """The process-wide assistant on the default settings (built on first use)."""
    global _default
    with _lock:
        if _default is None:
            _default = Assistant()
        return _default


def reset_default() -> None:
    """Forget the default assistant (after re-indexing, so the next ask() reads the new store)."""
    global _default
    with _lock:
        _default = None


def ask(question: str, history: History | None = None) -> Answer:
    """Answer a question about the indexed documents, citing the passages every figure comes from.

    history: earlier (question, answer) turns, oldest first, for follow-ups such as "它…呢？"; only the
    last settings.max_history_turns are read, each cut to settings.max_history_chars characters.
    """
    return default_assistant().ask(question, history)
