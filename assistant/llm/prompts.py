"""The generative backend's prompts, read from prompts/llm_*.<lang>.txt through llama-index PromptTemplate
(no prompt wording in code)."""

from __future__ import annotations

from functools import cache

from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.prompts import PromptTemplate

from assistant.compose import PROMPTS_DIR

# how a citation marker looks (assistant.verify.MARKER reads it back): shown to the model as an example
CITE_ONE, CITE_TWO = "[1]", "[2][3]"
# stands where a request's own text goes (sentences, question) in fixed_prefix_messages: a backend keeping its
# state evaluates the formatted prompt up to it, the part every request shares
SLOT = "\u2060SLOT\u2060"


@cache
def languages() -> tuple[str, ...]:
    """The languages the model has prompts in (prompts/llm_system.<lang>.txt), sorted."""
    return tuple(sorted(p.name.split(".")[1] for p in PROMPTS_DIR.glob("llm_system.*.txt")))


@cache
def template(name: str, lang: str) -> PromptTemplate:
    return PromptTemplate((PROMPTS_DIR / f"{name}.{lang}.txt").read_text(encoding="utf-8").strip())


def refusal(lang: str) -> str:
    """What the model is told to say when the passages do not answer (prompts/llm_refusal)."""
    return template("llm_refusal", lang).format()


@cache
def system_prompt(lang: str) -> str:
    """The same text for every question of a language, so a local model keeps its state between questions."""
    return template("llm_system", lang).format(refusal=refusal(lang), cite_one=CITE_ONE, cite_two=CITE_TWO)


def numbered(sentences: list[str]) -> str:
    """One sentence a line after its marker, no space between ("[1] 项" costs Qwen's tokenizer a token more
    than "[1]项": a token a line read anew per request)."""
    return "\n".join(f"[{n}]{text.strip()}" for n, text in enumerate(sentences, 1))


def kind_instruction(kind: str, lang: str) -> str:
    """What an answer of the kind must hold (prompts/llm_kind_<kind>.<lang>.txt; "" for a kind without one): a
    summary opens with its topic and keeps the key figures, a list names every item with its figure. It ends
    the user turn, after the question: the prompt's shared prefix (system prompt, the user turn up to the
    sentences) stays the same for every kind, so the saved model state serves them all."""
    path = PROMPTS_DIR / f"llm_kind_{kind}.{lang}.txt"
    return template(f"llm_kind_{kind}", lang).format() if path.is_file() else ""


def answer_messages(lang: str, question: str, sentences: list[str], kind: str = "") -> list[ChatMessage]:
    """System prompt, then the numbered sentences and the question (retrieved text is data, in the user turn),
    then what an answer of the kind must hold."""
    user = template("llm_answer", lang).format(passages=numbered(sentences), question=question)
    extra = kind_instruction(kind, lang) if kind else ""
    user = f"{user}\n{extra}" if extra else user
    return [ChatMessage(role=MessageRole.SYSTEM, content=system_prompt(lang)),
            ChatMessage(role=MessageRole.USER, content=user)]


def fixed_prefix_messages(lang: str) -> list[ChatMessage]:
    """A request whose own parts are SLOT: what comes before the first SLOT is the same in every request."""
    return answer_messages(lang, SLOT, [SLOT])


def condense_messages(lang: str, history: list[tuple[str, str]], question: str) -> list[ChatMessage]:
    """A follow-up rewritten as a standalone question (prompts/llm_condense). The engine resolves follow-ups
    deterministically (assistant.chat) before routing; this is for a backend asked to do it itself."""
    turns = "\n".join(f"Q: {q}\nA: {a}" for q, a in history)
    return [ChatMessage(role=MessageRole.USER,
                        content=template("llm_condense", lang).format(history=turns, question=question))]
