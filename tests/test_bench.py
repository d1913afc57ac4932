"""The growth benchmark at a tiny size: it builds each size in a temporary store, prints one row per size and
writes the plot (figures only: no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import bench_growth

pytestmark = pytest.mark.slow

PARAGRAPHS = [
    "青松县位于北方平原。2024年全县粮食总产量达到52.3万吨，比上年增长4.1%。全县耕地面积86万亩。",
    "白河市今年新建农村公路318公里，总投资12.6亿元。全市公交线路增加到47条，日均客流9.8万人次。",
    "红山镇大力发展乡村旅游。2023年红山镇接待游客27.5万人次，旅游收入达到1.9亿元。",
]
QUESTIONS = ["青松县粮食总产量是多少？", "白河市新建农村公路多少公里？", "红山镇旅游收入达到多少？"]


def squad_file(path: Path) -> Path:
    data = {"data": [{"id": f"d{i}", "title": f"t{i}", "paragraphs": [{
        "id": f"p{i}", "context": text,
        "qas": [{"id": f"q{i}", "question": QUESTIONS[i], "answers": [{"text": text[-8:], "answer_start": 0}]}],
    }]} for i, text in enumerate(PARAGRAPHS)]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_growth_series_prints_a_row_per_size_and_writes_the_plot(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "growth.png"
    cmrc = squad_file(tmp_path / "tiny.json")

    assert bench_growth.main(["--reps", "1,2", "--rounds", "1", "--cmrc", str(cmrc), "--png", str(png)]) == 0

    out = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in out if line.strip()[:1].isdigit()]
    assert [int(r[0]) for r in rows] == [3, 6]  # passages: each repetition adds the paragraphs again
    # each size starts from an empty vector cache: the model embeds each distinct text once, repeats cost nothing
    assert int(rows[0][1]) == int(rows[1][1]) == len(PARAGRAPHS)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
