"""The LLM benchmark's closing table (issue 10's latency targets): a loaded run's token counts converted with the
model's idle speeds, measured and implied p50/p95 side by side, each target said met or not. Readings are built
by hand (llama.cpp's counters as record() takes them): the arithmetic is the unit here, not the model."""

from __future__ import annotations

import pytest

from assistant.llm.bench import ModelRun, idle_figures, summary
from assistant.llm.llamacpp import Perf, Reading, record
from assistant.llm.models import MODELS


def _reading(prompt: int, reused: int, generated: int) -> Reading:
    r = Reading(prompt, reused, generated)
    # a loaded machine: 10 tokens/s reading, 2 tokens/s generating (the idle figures must not depend on these)
    record(r, Perf(), Perf(read_ms=(prompt - reused) * 100.0, read_tokens=prompt - reused,
                           decode_ms=generated * 500.0, decoded_tokens=generated))
    return r


def test_idle_figures_convert_tokens_with_the_idle_speeds_and_add_the_time_outside_the_model() -> None:
    run = ModelRun("m", readings=[("entity", _reading(300, 100, 40), 500.0, True),
                                  ("describe", _reading(500, 100, 80), 500.0, True),
                                  ("summary", _reading(700, 100, 20), 200.0, False)])  # overruled by the check
    idle = idle_figures(run, read_tps=100.0, write_tps=20.0)
    # first token: 200/100 + 1/20 = 2.05; 400/100 + 0.05 = 4.05; 600/100 + 0.05 = 6.05
    assert idle["first_p50"] == pytest.approx(4.05)
    assert idle["first_p95"] == pytest.approx(6.05)
    # answers, every request (the user waits for the model either way): 2 + 40/20 + 0.5 = 4.5; 4 + 80/20 + 0.5 =
    # 8.5; 6 + 20/20 + 0.2 = 7.2
    assert idle["answer_p50"] == pytest.approx(7.2)
    assert idle["answer_p95"] == pytest.approx(8.5)
    assert idle["kept_p50"] == pytest.approx(6.5)  # the two whose words stood
    assert idle_figures(ModelRun("m"), 100.0, 20.0) == {}  # nothing read: no figures rather than zeros
    assert idle_figures(run, 0.0, 20.0) == {}  # a model without idle speeds


def test_the_summary_states_each_models_target_met_or_not_from_the_idle_figures() -> None:
    fast, slow = MODELS["qwen2.5-coder-0.5b"], MODELS["qwen2.5-coder-1.5b"]
    assert fast.idle_read_tps > 0 and slow.idle_write_tps > 0
    # the 0.5B reads 100 new tokens (~0.5 s idle) however slowly this run read them: its first-token target is met
    small = ModelRun(fast.name, firsts=[9000.0], totals=[20000.0],
                     readings=[("entity", _reading(400, 300, 30), 300.0, True)])
    # the 1.5B reads 900 new tokens and writes 200 (10 s + 7 s idle): its answer-median target is not met
    large = ModelRun(slow.name, firsts=[30000.0], totals=[90000.0],
                     readings=[("list", _reading(1200, 300, 200), 300.0, True)])
    text = summary([small, large])
    lines = text.splitlines()
    assert "first streamed token median <= 2 s" in next(line for line in lines if "target" in line and "met" in line)
    small_target = lines[lines.index(next(line for line in lines if line.startswith(fast.name))) + 1]
    large_target = lines[lines.index(next(line for line in lines if line.startswith(slow.name))) + 1]
    assert small_target.strip().endswith(" met") and "NOT" not in small_target
    assert "answer median <= 6 s" in large_target and large_target.strip().endswith("NOT met")
    # the measured figures stand beside the implied ones: 9.00 s first token measured under load
    assert " 9.00/" in next(line for line in lines if line.startswith(fast.name))


def test_the_side_by_side_table_gives_each_resolution_its_own_row(tmp_path: object) -> None:
    import json
    from pathlib import Path

    from eval.backends import side_by_side

    root = Path(str(tmp_path))
    report = {"summary": {"accuracy": 0.5, "backend": {"resolutions": {}}}, "by_kind": {}, "items": []}
    (root / "report-open.json").write_text(json.dumps(report), encoding="utf-8")
    (root / "backend-invented").mkdir()
    report["summary"]["backend"] = {"resolutions": {"extractive_over_thin_model": 3, "figure_alongside": 1}}
    (root / "backend-invented" / "report-open.json").write_text(json.dumps(report), encoding="utf-8")
    lines = side_by_side(root).splitlines()
    thin = next(line for line in lines if line.startswith("resolved extractive_over_thin_model"))
    assert thin.split()[-2:] == ["0", "3"]  # the extractive run overruled nothing; the model run 3 times
    assert next(line for line in lines if line.startswith("resolved figure_alongside")).split()[-2:] == ["0", "1"]


def test_the_benchmark_times_only_kinds_the_model_writes(tmp_path: object) -> None:
    import json
    from pathlib import Path

    from assistant.llm.bench import _questions
    from assistant.settings import LLMSettings

    rows = [{"doc": "d", "kind": kind, "expect": "answer", "question": f"{kind}?"}
            for kind in ("summary", "list", "entity", "describe", "yesno")]
    path = Path(str(tmp_path)) / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert _questions(path, "d", 10) == ["summary?", "list?", "entity?", "describe?"]
    small = LLMSettings(mode="llamacpp", model="qwen2.5-coder-0.5b")
    assert _questions(path, "d", 10, small) == ["entity?", "describe?"]
    assert _questions(path, "d", 1, LLMSettings(mode="llamacpp", kinds=("list",))) == ["list?"]
