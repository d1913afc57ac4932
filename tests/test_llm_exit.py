"""A process that answered with the local model exits quietly: llama-cpp-python's Llama.__del__, left to run
at interpreter teardown, finds its module's free functions already gone and prints a traceback to stderr
("Exception ignored in: <function Llama.__del__ …> … 'NoneType' object …"), seen after every
`python -m assistant.llm.bench` run. The backend frees the model before teardown instead. Real 0.5B GGUF on
the real article index; skipped when llama-cpp-python or the model is absent (`make test` sets both up)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.llm.llamacpp import model_file
from assistant.settings import LLMSettings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
MODEL = "qwen2.5-coder-0.5b"

# the Assistant holds the generator as an application would (the bench, the UI, the CLI): a bare generator
# object is freed before teardown anyway, so it would not show the defect
PROGRAM = """
import sys
from assistant.api import Assistant
from assistant.settings import load_settings
settings = load_settings(store={"dir": sys.argv[1]}, corpus={"dir": sys.argv[2]})
assistant = Assistant(settings.with_overrides(llm={"mode": "llamacpp", "model": sys.argv[3]}))
assistant.generative.prepare("zh")
print("loaded")
"""


def test_exit_after_loading_the_model_prints_no_traceback(article_settings: Any) -> None:
    if importlib.util.find_spec("llama_cpp") is None or model_file(LLMSettings(model=MODEL)) is None:
        pytest.skip(f"llama-cpp-python or the {MODEL} model is not set up (make llm-test)")
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(article_settings.store.dir),
                           str(article_settings.corpus.dir), MODEL],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "loaded" in done.stdout
    assert "Exception ignored" not in done.stderr, done.stderr[-2000:]
