"""A local GGUF model through llama-cpp-python, called directly: the GGUF's own chat template, and the
prompt's shared prefix (the system prompt, first in every request) kept in the model's state between
questions: llama-cpp-python reuses the longest prefix of the tokens it evaluated last, so only the numbered
sentences and the question are read anew. Each fixed prefix (one per language) is also saved once evaluated
(PrefixStates: the KV cache of those tokens), so a request in the other language restores its own prefix
instead of reading it again. One request at a time (a Llama object is not thread-safe)."""

from __future__ import annotations

import ctypes
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.llm import INSTALL_LLAMACPP, BackendUnavailable
from assistant.llm.prompts import SLOT

if TYPE_CHECKING:
    from llama_index.core.base.llms.types import ChatMessage

    from assistant.settings import LLMSettings

NAME = "llamacpp"


def model_file(llm: LLMSettings) -> Path | None:
    """The GGUF to load (LLMSettings.model_file: model_path, else the pulled model under models_dir)."""
    return llm.model_file


@dataclass
class Reading:
    """What the last request cost in tokens (the benchmark prints it): where a first token's seconds go."""

    prompt: int = 0  # tokens of the formatted prompt
    reused: int = 0  # of which the model's state already held (the fixed prefix, when it is kept)
    generated: int = 0  # tokens generated
    restored: int = 0  # of the reused tokens, those restored from a saved prefix state (PrefixStates)
    # llama.cpp's own counters for the request (llama_perf_context, differences before/after): the prompt
    # tokens it actually read in batches and how long that took, the tokens it decoded one by one and how long.
    # Seconds = tokens / speed: the tokens do not depend on the machine's load, the speeds do, so a run on a
    # loaded machine still says what an idle one would take (tokens / the idle speeds)
    read_tokens: int = 0
    read_ms: float = 0.0
    decoded_tokens: int = 0
    decode_ms: float = 0.0

    @property
    def evaluated(self) -> int:
        return self.prompt - self.reused

    @property
    def read_speed(self) -> float:
        """Prompt tokens read a second (llama.cpp's prompt eval speed); 0 when nothing was read in a batch."""
        return self.read_tokens * 1000 / self.read_ms if self.read_ms > 0 else 0.0

    @property
    def decode_speed(self) -> float:
        """Tokens generated a second (llama.cpp's eval speed)."""
        return self.decoded_tokens * 1000 / self.decode_ms if self.decode_ms > 0 else 0.0


@dataclass(frozen=True)
class Perf:
    """llama.cpp's cumulative counters of one context (they are never reset between completions)."""

    read_ms: float = 0.0
    read_tokens: int = 0
    decode_ms: float = 0.0
    decoded_tokens: int = 0


def perf(llama: Any) -> Perf:
    """llama.cpp's own timings of a Llama object's context (Perf() when the binding cannot say)."""
    import llama_cpp

    try:
        # llama.cpp adds queued tokens to its counters when it synchronizes (sampling does): tokens evaluated
        # without a sample since (a warm-up, a read stopped at its deadline) would count in the next request
        llama_cpp.llama_synchronize(llama._ctx.ctx)
        data = llama_cpp.llama_perf_context(llama._ctx.ctx)
    except (AttributeError, TypeError):  # an older or newer binding without the call: the figures stay 0
        return Perf()
    return Perf(data.t_p_eval_ms, data.n_p_eval, data.t_eval_ms, data.n_eval)


def record(reading: Reading, before: Perf, after: Perf) -> None:
    reading.read_ms, reading.read_tokens = after.read_ms - before.read_ms, after.read_tokens - before.read_tokens
    reading.decode_ms = after.decode_ms - before.decode_ms
    reading.decoded_tokens = after.decoded_tokens - before.decoded_tokens


_SLOW_FIX = "a smaller model, or raise ASSISTANT_LLM__TIMEOUT_S"  # what a user can do when the model is too slow


def _as_dicts(messages: list[ChatMessage]) -> list[dict[str, Any]]:
    """llama-index chat messages as llama-cpp-python's create_chat_completion and chat template take them."""
    return [{"role": m.role.value, "content": m.content or ""} for m in messages]


def common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True)
class SavedPrefix:
    tokens: tuple[int, ...]
    kv: bytes  # llama.cpp's state of sequence 0 holding exactly these tokens (its KV cache cells)


def _raw_context(llama: Any) -> Any:
    """llama.cpp's context pointer behind a llama_cpp.Llama (llama-cpp-python 0.3 keeps it as `_ctx.ctx`; it
    has no public accessor), or None when this binding keeps it elsewhere: saved prefixes are then skipped."""
    return getattr(getattr(llama, "_ctx", None), "ctx", None)


class PrefixStates:
    """The model's state after each fixed prompt prefix, saved once evaluated (at most `limit`, the least
    recently used dropped), so that a request whose prompt begins with a saved prefix restores it instead of
    reading it again: the languages' system prompts then alternate without each evaluating the other's away.
    What is saved is llama.cpp's sequence state (llama_state_seq_get_data: the prefix's KV cache cells, about
    12 KB a token for the 0.5B, 28 KB for the 1.5B), not llama-cpp-python's Llama.save_state / LlamaRAMCache,
    whose LlamaState also copies a row of n_vocab float logits per token (~600 KB a token with Qwen's 151,936
    tokens: ~110 MB for a 184-token prefix)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._saved: OrderedDict[tuple[int, ...], SavedPrefix] = OrderedDict()

    def __len__(self) -> int:
        return len(self._saved)

    @property
    def memory_bytes(self) -> int:
        """Memory the saved states take (their KV bytes)."""
        return sum(len(p.kv) for p in self._saved.values())

    def save(self, llama: Any, tokens: list[int]) -> None:
        """Save the model's state, which holds exactly `tokens` (nothing when limit is 0 or it is saved)."""
        import llama_cpp

        key = tuple(tokens)
        if self.limit <= 0 or key in self._saved:
            return
        ctx = _raw_context(llama)
        if ctx is None:  # a binding that does not expose its context: nothing saved, prefixes are read again
            return
        size = llama_cpp.llama_state_seq_get_size(ctx, 0)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(ctx, buffer, size, 0)
        if written <= 0:  # llama.cpp could not copy it: nothing saved, the prefix is read again when needed
            return
        self._saved[key] = SavedPrefix(key, bytes(buffer)[:written])
        while len(self._saved) > self.limit:
            self._saved.popitem(last=False)

    def longest(self, prompt: list[int]) -> SavedPrefix | None:
        """The longest saved prefix the prompt begins with."""
        found = None
        for saved in self._saved.values():
            n = len(saved.tokens)
            if n <= len(prompt) and (found is None or n > len(found.tokens)) and tuple(prompt[:n]) == saved.tokens:
                found = saved
        return found

    def restore(self, llama: Any, saved: SavedPrefix) -> bool:
        """Put the saved prefix back as the model's state (False when llama.cpp refuses it: nothing changed
        that the next evaluation does not overwrite, the caller reads the prompt as held)."""
        import llama_cpp

        ctx = _raw_context(llama)
        if ctx is None:
            return False
        buffer = (ctypes.c_uint8 * len(saved.kv)).from_buffer_copy(saved.kv)
        if llama_cpp.llama_state_seq_set_data(ctx, buffer, len(saved.kv), 0) != len(saved.kv):
            llama.n_tokens = 0  # llama.cpp drops the sequence when it cannot restore it: the state holds nothing
            del self._saved[saved.tokens]  # and is not asked again
            return False
        n = len(saved.tokens)
        llama.input_ids[:n] = saved.tokens
        llama.n_tokens = n
        self._saved.move_to_end(saved.tokens)
        return True


class LlamaCppGenerator:
    name = NAME

    def __init__(self, llm: LLMSettings) -> None:
        # llama.cpp's threads wait for each other between operations; by default they spin (OpenMP's active
        # wait), which on a machine whose cores are shared steals the time the working thread needs. Measured on
        # 2 cores under a load of 7-8: the same prompts' first token 10-26 s sleeping, 13-40 s spinning, and
        # generation several times faster. Read by libgomp when llama_cpp loads it; the environment can say otherwise
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import llama_cpp
        except ImportError as exc:
            raise BackendUnavailable(NAME, "llama-cpp-python is not installed", INSTALL_LLAMACPP) from exc
        path = model_file(llm)
        if path is None:
            where = llm.model_path or f"{llm.model} under {llm.models_dir}"
            raise BackendUnavailable(NAME, f"no GGUF model file ({where})",
                                     f"python -m assistant model pull {llm.model}")
        self.llm = llm
        self.path = path
        try:
            self._llama: Any = llama_cpp.Llama(model_path=str(path), n_ctx=llm.n_ctx, n_threads=llm.n_threads,
                                               n_batch=llm.n_batch, verbose=False)
        except Exception as exc:  # a truncated or foreign file: llama.cpp says only that it failed
            raise BackendUnavailable(NAME, f"cannot load {path} ({exc})",
                                     f"python -m assistant model pull {llm.model}") from exc
        _close_before_exit(self, self._llama)
        self._lock = threading.Lock()
        self._format = _formatter(self._llama)
        self.prefixes = PrefixStates(llm.prefix_states)
        self.last = Reading()

    def tokens(self, messages: list[dict[str, Any]]) -> list[int]:
        """The prompt's tokens as create_chat_completion makes them (the GGUF's chat template); [] without one."""
        return prompt_tokens(self._llama, self._format, messages)

    def stream(self, messages: list[ChatMessage], deadline: float, max_tokens: int = 0) -> Iterator[str]:
        """The answer's pieces as they are generated; BackendUnavailable past the deadline (checked between
        tokens: reading the prompt is bounded by n_ctx)."""
        sent = _as_dicts(messages)
        # the seconds this request was given (llm.timeout_s, or less when the request's own budget had less left)
        allowed = max(0.0, deadline - time.monotonic())
        with self._lock:
            # a request that waited past its deadline for the model (an earlier one still generating: a caller's
            # timeout abandons its request, it does not stop it) gives up here rather than start reading, so
            # abandoned requests do not queue up behind each other on a loaded machine
            if time.monotonic() > deadline:
                raise BackendUnavailable(NAME, f"the model was busy for {allowed:.1f} s",
                                         _SLOW_FIX)
            prompt = self.tokens(sent)
            held = list(self._llama.input_ids[:self._llama.n_tokens])
            self.last = Reading(len(prompt), common_prefix(prompt, held))
            saved = self.prefixes.longest(prompt[:-1])  # the last token is always read (to sample from)
            if saved is not None and len(saved.tokens) > self.last.reused:
                if self.prefixes.restore(self._llama, saved):
                    self.last.reused = self.last.restored = len(saved.tokens)
                else:  # llama.cpp dropped the state it held: the whole prompt is read
                    self.last.reused = 0
            before = perf(self._llama)
            try:
                self._read(prompt, self.last.reused, deadline, allowed)
            except BackendUnavailable:
                record(self.last, before, perf(self._llama))
                raise
            chunks = self._llama.create_chat_completion(messages=sent, temperature=self.llm.temperature,
                                                        max_tokens=max_tokens or self.llm.max_tokens, stream=True)
            try:
                for chunk in chunks:
                    if time.monotonic() > deadline:
                        raise BackendUnavailable(NAME, f"no answer within {allowed:.1f} s",
                                                 _SLOW_FIX)
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        self.last.generated += 1  # one token a piece (the first and last chunks carry none)
                        yield str(piece)
            finally:  # also when the caller stops reading (a deadline): what was spent so far
                record(self.last, before, perf(self._llama))

    def _read(self, prompt: list[int], reused: int, deadline: float, allowed: float) -> None:
        """Read the prompt's new part in steps of llm.read_step tokens, checking the deadline between steps.
        create_chat_completion reads a whole prompt in one uninterruptible call: on a loaded machine the 1.5B took
        over 30 s for one, past the request's own budget, so the request failed instead of falling back to the
        deterministic answer. The last token is left to the completion (it reuses the longest prefix it holds and
        reads at least one token to sample from)."""
        end = len(prompt) - 1
        if reused >= end:
            return
        self._llama.n_tokens = reused  # the state holds prompt[:reused]; eval drops what follows and reads on
        for i in range(reused, end, self.llm.read_step):
            if time.monotonic() > deadline:
                raise BackendUnavailable(NAME, f"the prompt was not read within {allowed:.1f} s",
                                         _SLOW_FIX)
            self._llama.eval(prompt[i:min(end, i + self.llm.read_step)])

    def warm(self, messages: list[ChatMessage]) -> None:
        """Evaluate the part of the prompt every request shares (messages hold prompts.SLOT where a request's own
        text goes), and generate nothing: llama-cpp-python keeps the longest prefix of the tokens it evaluated
        last, so each question then reads only its own part. The shared part is cut one token before the SLOT
        (the tokenizer may join the last character before it with what follows)."""
        sent = _as_dicts(messages)
        with self._lock:
            if self._format is None:  # no chat template to format with: one token generated reads it all
                for _ in self._llama.create_chat_completion(messages=sent, max_tokens=1, stream=True):
                    pass
                return
            tokens = shared_tokens(self._llama, self._format, sent)
            held = list(self._llama.input_ids[:self._llama.n_tokens])
            if common_prefix(tokens, held) < len(tokens):
                self._llama.reset()
                self._llama.eval(tokens)
            else:  # held, maybe with a question after it: the state is cut back to the prefix alone to be saved
                self._llama.n_tokens = len(tokens)
                self._llama._ctx.kv_cache_seq_rm(-1, len(tokens), -1)
            self.prefixes.save(self._llama, tokens)


def _close_before_exit(owner: object, llama: Any) -> None:
    """Free the model when its owner goes, or at interpreter exit before modules are torn down: left to
    Llama.__del__ at exit, llama-cpp-python's free functions are already None and it prints a traceback
    ("Exception ignored in Llama.__del__ … 'NoneType' object is not callable"). close() is idempotent."""
    weakref.finalize(owner, llama.close)


def prompt_tokens(llama: Any, format: Any, messages: list[dict[str, Any]]) -> list[int]:
    """The prompt's tokens as create_chat_completion makes them (the GGUF's chat template); [] without one."""
    if format is None:
        return []
    formatted = format(messages=messages)
    return list(llama.tokenize(formatted.prompt.encode("utf-8"), add_bos=not formatted.added_special, special=True))


def shared_tokens(llama: Any, format: Any, messages: list[dict[str, Any]]) -> list[int]:
    """The tokens every request shares: the formatted prompt of messages holding prompts.SLOT up to it, cut one
    token before (the tokenizer may join the last character before it with what follows)."""
    formatted = format(messages=messages)
    shared = formatted.prompt.split(SLOT, 1)[0]
    return list(llama.tokenize(shared.encode("utf-8"), add_bos=not formatted.added_special, special=True))[:-1]


class TokenCounter:
    """A stand-in generator that only counts: it loads the GGUF's vocabulary (no weights, no computation),
    tokenizes each request's prompt as the local backend would, records it and writes nothing (the engine then
    answers deterministically). What `python -m eval.prompt_tokens` counts prompts with, on any machine load.
    Each request also records the tokens the backend would not read again: the longest prefix it shares with the
    prompt held before it (the last request's, or the prefix last warmed) or with a warmed prefix whose state is
    saved (llm.prefix_states of them, as LlamaCppGenerator keeps them)."""

    name = NAME

    def __init__(self, llm: LLMSettings) -> None:
        import llama_cpp

        path = model_file(llm)
        if path is None:
            raise BackendUnavailable(NAME, f"no GGUF model file for {llm.model}", f"python -m assistant model pull "
                                     f"{llm.model}")
        self._llama = llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)
        _close_before_exit(self, self._llama)
        self._format = _formatter(self._llama)
        self.limit = llm.prefix_states
        self.prefixes: list[list[int]] = []  # the warmed prefixes whose state is saved, oldest first
        self._held: list[int] = []  # what the model's state would hold: the last prompt or prefix
        self._warmed: list[list[int]] = []
        self.requests: list[tuple[str, int, int, int]] = []  # (user turn, prompt tokens, reused, max tokens)

    @property
    def shared(self) -> list[int]:
        """The lengths of the prefixes warmed (saved or not), in the order warmed."""
        return [len(p) for p in self._warmed]

    def stream(self, messages: list[ChatMessage], deadline: float, max_tokens: int = 0) -> Iterator[str]:
        sent = _as_dicts(messages)
        tokens = prompt_tokens(self._llama, self._format, sent)
        kept = max([common_prefix(tokens, self._held),
                    *(len(p) for p in self.prefixes if common_prefix(tokens, p) == len(p))])
        self._held = tokens
        self.requests.append((sent[-1]["content"], len(tokens), min(kept, max(0, len(tokens) - 1)), max_tokens))
        return iter(())

    def warm(self, messages: list[ChatMessage]) -> None:
        if self._format is None:
            return
        self._held = shared_tokens(self._llama, self._format, _as_dicts(messages))
        self._warmed = [*(p for p in self._warmed if p != self._held), self._held]
        if self.limit > 0 and self._held not in self.prefixes:
            self.prefixes = [*self.prefixes, self._held][-self.limit:]


def _formatter(llama: Any) -> Any:
    """The GGUF's chat template as llama-cpp-python formats it for create_chat_completion (None without one)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    eos, bos = llama.token_eos(), llama.token_bos()
    return Jinja2ChatFormatter(template=template, eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
                               bos_token=llama._model.token_get_text(bos) if bos != -1 else "",
                               stop_token_ids=[eos])
