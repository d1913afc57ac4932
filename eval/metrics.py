"""Small shared measures: rank metrics (hit@k, MRR), latency percentiles, rates."""

from __future__ import annotations

import math
from collections.abc import Sequence


def rank_metrics(ranks: Sequence[int | None], ks: Sequence[int] = (1, 3, 5)) -> dict[str, float]:
    """ranks: 1-based rank of the first relevant item per query, None when it was not retrieved.

    hit@k = share of queries with rank <= k; MRR = mean of 1/rank (0 when not retrieved)."""
    n = len(ranks)
    out: dict[str, float] = {"n": float(n)}
    for k in ks:
        out[f"hit@{k}"] = sum(1 for r in ranks if r is not None and r <= k) / n if n else 0.0
    out["mrr"] = sum(1.0 / r for r in ranks if r is not None) / n if n else 0.0
    return out


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def rate(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def squash(text: str) -> str:
    """Text with all whitespace removed and full-width forms folded (for substring checks)."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())
