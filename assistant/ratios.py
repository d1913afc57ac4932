"""Standard ratios (净利率 = 净利润 ÷ 营业收入 …) that a question may ask for when the document states only
their two terms. The definitions live in assistant/lexicon/ratios.tsv with their source; this module
only reads them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON = Path(__file__).resolve().parent / "lexicon" / "ratios.tsv"
DIFFERENCES = Path(__file__).resolve().parent / "lexicon" / "differences.tsv"
SUMS = Path(__file__).resolve().parent / "lexicon" / "sums.tsv"


@dataclass(frozen=True)
class Ratio:
    name: str  # 净利率
    numerator: tuple[str, ...]  # words that label the numerator's figure, the usual one first
    denominator: tuple[str, ...]


def _rows(path: Path) -> list[tuple[str, ...]]:
    """The tab-separated cells of each data line of a lexicon table (blank lines and # comments skipped)."""
    return [tuple(cell.strip() for cell in line.split("\t"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


@cache
def ratios(path: Path = LEXICON) -> tuple[Ratio, ...]:
    """Every ratio of the lexicon, longest name first (so 销售净利率 is found before 净利率)."""
    found = [Ratio(name, tuple(numerator.split("|")), tuple(denominator.split("|")))
             for name, numerator, denominator in _rows(path)]
    return tuple(sorted(found, key=lambda r: -len(r.name)))


def named_ratio(text: str) -> Ratio | None:
    """The standard ratio a question names, if any."""
    return next((r for r in ratios() if r.name in text), None)


@dataclass(frozen=True)
class Difference:
    """A derived quantity such as 顺差 = 出口 − 进口 (assistant/lexicon/differences.tsv), or a total such as
    进出口 = 出口 + 进口 (assistant/lexicon/sums.tsv, operation "sum": minuend and subtrahend are its parts)."""
    name: str
    minuend: tuple[str, ...]
    subtrahend: tuple[str, ...]
    opposite: str  # the name when the minuend is the smaller (顺差 -> 逆差); "" for a sum
    operation: str = "difference"


@cache
def differences(path: Path = DIFFERENCES) -> tuple[Difference, ...]:
    """Every derived difference of the lexicon, longest name first (贸易顺差 before 顺差)."""
    found = [Difference(name, tuple(minuend.split("|")), tuple(subtrahend.split("|")), opposite)
             for name, minuend, subtrahend, opposite in _rows(path)]
    return tuple(sorted(found, key=lambda d: -len(d.name)))


@cache
def sums(path: Path = SUMS) -> tuple[Difference, ...]:
    """Every standard total of the lexicon, longest name first."""
    found = [Difference(name, tuple(first.split("|")), tuple(second.split("|")), "", "sum")
             for name, first, second in _rows(path)]
    return tuple(sorted(found, key=lambda d: -len(d.name)))


def named_difference(text: str) -> Difference | None:
    """The derived difference or standard total a question names, if any (a difference first: 净出口 is no
    total, though it writes 出口)."""
    return next((d for d in (*differences(), *sums()) if d.name in text), None)
