"""ask(): the one answering path used by the CLI, the Gradio UI and the evaluation suite."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from llama_index.core.schema import QueryBundle

from assistant import inputs
from assistant.deadline import within
from assistant.inputs import check_history
from assistant.settings import Settings, load_settings
from assistant.types import Answer
from index.startup_gc import paused

if TYPE_CHECKING:
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.schema import BaseNode

    from assistant.answer import AnswerEngine
    from assistant.llm.synth import GenerativeSynthesizer
    from assistant.retrieve import HybridRetriever
    from index.store import PassageStore

History = list[tuple[str, str]]
log = logging.getLogger(__name__)


class _Opened:
    """One generation of the store, opened for answering: store, retrievers, answer engine.

    Immutable once built; the assistant swaps the whole object when a new generation appears, so an
    ask() that started on one generation finishes on it."""

    def __init__(self, store: PassageStore, settings: Settings, embedding: Any,
                 generative: GenerativeSynthesizer | None = None) -> None:
        from assistant.answer import AnswerEngine
        from assistant.candidates import TermStats, keyword_counts
        from assistant.retrieve import HybridRetriever, build_retrievers

        self.store = store
        self.generation: int = store.generation.number
        self.retrievers = build_retrievers(store, embedding, settings.retrieval.candidates)
        self.retriever = HybridRetriever(list(self.retrievers.values()), top_k=settings.retrieval.top_k,
                                         rrf_k=settings.retrieval.rrf_k)
        # every passage, read once per generation: the corpus statistics, and the whole index that list,
        # summary and example-question approaches read (a generation never changes once opened)
        nodes: list[BaseNode] = list(store.all_nodes())
        # term statistics as the keyword index counted them at index time (tokenising every passage here
        # was the first thing to grow out of hand with the corpus)
        stats = TermStats(nodes, keyword_counts(self.retrievers["bm25"], len(nodes)))
        self.engine = AnswerEngine(self.retriever, settings, stats, embedding, all_nodes=lambda: nodes,
                                   generative=generative)


class Assistant:
    """Settings -> store -> hybrid retriever -> answer engine. Build once, ask many times.

    The index is never built here (`python -m assistant index` does that); a missing one is a StoreError.
    Each question first checks the store's pointer (one stat) and, after a re-index by this or another
    process, reopens the new generation without a restart; the embedding model is kept."""

    # the collector paused while the store's and engine's tables are built (index.startup_gc); not frozen
    # after: an Assistant, unlike a module, may be dropped (eval opens one per document)
    @paused()
    def __init__(self, settings: Settings | None = None, build_if_missing: bool = False) -> None:
        # build_if_missing is accepted for older callers and ignored: building here took 26-96 s inside a
        # question, and a crashed build then looked like a missing index
        from index.embed import make_embedding
        from index.store import missing_index_error, pointer_stamp, read_pointer

        self.settings = settings or load_settings()
        self.location = self.settings.store_location()
        if read_pointer(self.location) is None:  # before paying for the model
            raise missing_index_error(self.location)
        self.embedding = make_embedding(self.settings.embedding.spec)
        from assistant.llm import make_synthesizer

        # the generative backend, kept across generations of the store (its model loads on first use)
        self.generative = make_synthesizer(self.settings)
        self._reload_lock = threading.Lock()
        self._stamp = pointer_stamp(self.location)
        self._opened = self._open()

    def _open(self) -> _Opened:
        from index.store import StoreError, open_current

        store = open_current(self.location)
        if store.generation.passages == 0 or store.count() == 0:
            raise StoreError(f"the index at {self.location.store_dir} is empty; "
                             "add documents to the corpus and run `python -m assistant index`")
        return _Opened(store, self.settings, self.embedding, self.generative)

    def _current(self) -> _Opened:
        """The opened generation, reopened first if the pointer moved since it was opened."""
        from index.store import pointer_stamp, read_pointer

        stamp = pointer_stamp(self.location)
        if stamp == self._stamp or stamp is None:  # unchanged, or the pointer vanished: keep serving
            return self._opened
        with self._reload_lock:  # one thread reopens; the others wait, then see the new stamp
            if stamp == self._stamp:
                return self._opened
            try:
                pointed = read_pointer(self.location)
                if pointed is not None and pointed.number == self._opened.generation:
                    self._stamp = stamp  # rewritten, not switched
                    return self._opened
                opened = self._open()
            except Exception as exc:  # whatever went wrong, the opened generation still answers
                log.warning("keeping generation %s: the new one cannot be opened (%s)",
                            self._opened.generation, exc)
                return self._opened
            self._opened, self._stamp = opened, stamp  # one reference swap: an ask() in flight keeps its own
            log.info("reopened the index at generation %s", opened.generation)
            return self._opened

    def refresh(self) -> int:
        """Reopen now if a new generation was switched in; returns the generation answering."""
        return self._current().generation

    # read-only views of the opened generation (callers such as eval read them)
    @property
    def generation(self) -> int:
        return self._opened.generation

    @property
    def store(self) -> PassageStore:
        return self._current().store

    @property
    def retrievers(self) -> dict[str, BaseRetriever]:
        return self._current().retrievers

    @property
    def retriever(self) -> HybridRetriever:
        return self._current().retriever

    @property
    def engine(self) -> AnswerEngine:
        return self._current().engine

    def check_question(self, question: Any) -> str:
        return check_question(question, self.settings.answer.max_question_chars)

    def ask(self, question: str, history: History | None = None) -> Answer:
        """Raises QuestionError for a malformed question or history, AnswerTimeout (a QuestionError) when
        the answer takes longer than settings.answer.timeout_s. Safe to call from several threads."""
        started = time.perf_counter()
        text = self.check_question(question)
        turns = check_history(history, self.settings.answer.max_history_turns, self.settings.answer.max_history_chars)
        # within() runs the answer in a copy of this context: the caller's streaming target
        # (assistant.llm.synth.streaming) reaches it, and the model's deadline is sized to the budget left
        answer = within(self.settings.answer.timeout_s, lambda: self._answer(text, turns))
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def warm_up(self, question: str) -> None:
        """What a timed run should not pay for, paid now: the engine's first-call costs (one ask() of the
        question, the model held back) and the generative backend's model loaded with its prompt's fixed
        prefix evaluated, nothing generated. A backend that cannot load says so on the first open question."""
        from assistant.llm import BackendUnavailable
        from assistant.llm.synth import held_back
        from assistant.question import detect_lang

        if self.generative is not None:
            try:
                self.generative.prepare(detect_lang(question))
            except BackendUnavailable as exc:
                log.warning("warm-up: %s", exc)
        with held_back():
            self.ask(question)

    def _answer(self, text: str, turns: History) -> Answer:
        from index.store import StoreError

        try:
            return self.engine.answer(text, turns)
        except (ConnectionError, OSError) as exc:  # Chroma's own failures arrive as StoreError (index.store)
            raise StoreError(f"the store stopped answering ({exc}); is the Chroma server running?") from exc

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
    """Forget the default assistant (e.g. after changing settings); re-indexing alone does not need this:
    an assistant notices a new generation by itself."""
    global _default
    with _lock:
        _default = None


def ask(question: str, history: History | None = None) -> Answer:
    """Answer a question about the indexed documents, citing the passages every figure comes from.

    history: earlier (question, answer) turns, oldest first, for follow-ups such as "它…呢？"; only the
    last settings.answer.max_history_turns are read, each cut to settings.answer.max_history_chars characters.
    """
    return default_assistant().ask(question, history)
