"""What each answering backend did (issue 10), for the reports of every set and the side-by-side table.

`backend_figures` sums one run's answers: which backend wrote them, how many were unverified (an untraced
figure or name), refusals, the explicit resolutions of a model overruled (assistant.llm.approach), notices of
a backend that could not answer, latency p50/p95 and the first streamed token's p50/p95 of generated answers.
`python -m eval backends` prints the runs side by side: eval/ holds the extractive run's reports,
eval/backend-<name>/ those of `python -m eval --backend <name> …`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.types import Answer
from eval.metrics import percentile, rate

EVAL_DIR = Path(__file__).resolve().parent
REPORTS = {"article": "report.json", "general": "report-general.json", "open": "report-open.json"}


def backend_figures(answers: Sequence[Answer | None]) -> dict[str, Any]:
    given = [a for a in answers if a is not None]
    answered = [a for a in given if a.answerable]
    generated = [a for a in given if a.backend != "extractive"]
    firsts = [a.first_token_ms for a in generated if a.first_token_ms > 0]
    latencies = [a.latency_ms for a in given]
    return {
        "backends": dict(Counter(a.backend for a in given)),
        "answered": len(answered),
        "refusals": len(given) - len(answered),
        "unverified_rate": rate(sum(1 for a in answered if not a.verified), len(answered)),
        "unverified_figures": sum(len(a.unverified) for a in given),
        "untraced_names": sum(1 for a in given for n in a.names if not n.traced),
        "resolutions": dict(Counter(a.resolution for a in given if a.resolution)),
        "notices": sum(1 for a in given if a.notice),
        "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)},
        "generated_latency_ms": {"p50": percentile([a.latency_ms for a in generated], 50),
                                 "p95": percentile([a.latency_ms for a in generated], 95)},
        "first_token_ms": {"p50": percentile(firsts, 50), "p95": percentile(firsts, 95)},
        "tokens_by_kind": tokens_by_kind(generated),
    }


def tokens_by_kind(generated: Sequence[Answer]) -> dict[str, dict[str, float]]:
    """Per kind of the answers a model was asked for: how many, and the median and p95 of the prompt tokens it
    read anew and of the tokens it wrote (what its seconds are made of, whatever the machine's load)."""
    kinds = sorted({a.kind for a in generated if a.tokens_read or a.tokens_written})
    out = {}
    for kind in kinds:
        asked = [a for a in generated if a.kind == kind and (a.tokens_read or a.tokens_written)]
        read, written = [float(a.tokens_read) for a in asked], [float(a.tokens_written) for a in asked]
        out[kind] = {"n": len(asked), "read_p50": percentile(read, 50), "read_p95": percentile(read, 95),
                     "written_p50": percentile(written, 50), "written_p95": percentile(written, 95)}
    return out


# how an answer agrees ("是的，…", "Yes, …"): a yes/no answer that opens so to a question expecting a no
# confirmed a planted claim
AGREEING = ("是", "对", "正确", "yes", "correct", "right")
NEGATION = "不"


def open_checks(report: dict[str, Any]) -> dict[str, int]:
    """The open set's safety figures per run (issue 10): yes/no questions a model answered (they stay with
    the deterministic strategies: must be 0), yes/no questions failed, a yes to a question expecting a no (a
    planted claim or a false comparison confirmed: must be 0), answers with a name flagged as untraced."""
    items = report.get("items", [])
    yesno = [i for i in items if i.get("kind") == "yesno"]

    def given(i: dict[str, Any]) -> dict[str, Any]:
        return i.get("assistant", {})

    expecting_no = [i for i in yesno if any(NEGATION in word for word in i.get("lead", []))]
    return {
        "yes/no by a model": sum(1 for i in yesno if given(i).get("backend", "extractive") != "extractive"),
        "yes/no failed": sum(1 for i in yesno if not given(i).get("passed")),
        "yes to a question expecting no": sum(1 for i in expecting_no
                                        if str(given(i).get("lead", "")).strip().lower().startswith(AGREEING)),
        "answers with untraced names": sum(1 for i in items if given(i).get("untraced_names")),
    }


def answer_fields(a: Answer) -> dict[str, Any]:
    """The per-answer fields a report records about its backend."""
    return {"backend": a.backend, "resolution": a.resolution, "notice": a.notice, "refusal": a.refusal,
            "first_token_ms": round(a.first_token_ms, 1), "tokens_read": a.tokens_read,
            "tokens_written": a.tokens_written,
            "untraced_names": [n.text for n in a.names if not n.traced],
            "alongside": a.alongside.text if a.alongside is not None else ""}


def _runs(root: Path) -> dict[str, Path]:
    runs = {"extractive": root}
    runs |= {d.name.removeprefix("backend-"): d for d in sorted(root.glob("backend-*")) if d.is_dir()}
    return runs


def _figures_of(report: dict[str, Any], name: str) -> tuple[float, dict[str, Any], dict[str, float]]:
    """(accuracy, backend figures, accuracy by kind) of one set's report."""
    if name == "open":
        s = report["summary"]
        return s["accuracy"], s.get("backend", {}), {k: v["accuracy"] for k, v in report.get("by_kind", {}).items()}
    s = report["summary"]
    system = s["systems"]["assistant"] if "systems" in s else s
    return system["accuracy"], system.get("backend", {}), dict(system.get("by_kind", {}))


def side_by_side(root: Path = EVAL_DIR) -> str:
    """One table per set: a column per backend run found."""
    out = []
    runs = _runs(root)
    for name, file in REPORTS.items():
        found = {b: json.loads((d / file).read_text(encoding="utf-8")) for b, d in runs.items() if (d / file).exists()}
        if not found:
            continue
        figures = {b: _figures_of(r, name) for b, r in found.items()}
        kinds = sorted({k for _, _, by in figures.values() for k in by})
        rows = [["", *figures]]
        rows.append(["accuracy", *(f"{acc:.1%}" for acc, _, _ in figures.values())])
        rows += [[f"  {k}", *(f"{by[k]:.1%}" if k in by else "-" for _, _, by in figures.values())] for k in kinds]
        for label, key in (("unverified rate", "unverified_rate"), ("refusals", "refusals"),
                           ("untraced names", "untraced_names"), ("notices", "notices")):
            rows.append([label, *(_shown(b.get(key)) for _, b, _ in figures.values())])
        if name == "open":
            checks = {b: open_checks(r) for b, r in found.items()}
            rows += [[label, *(str(c[label]) for c in checks.values())] for label in next(iter(checks.values()))]
        # one row per resolution (all of them on one row made the table as wide as six resolutions' names)
        resolved = sorted({k for _, b, _ in figures.values() for k in b.get("resolutions", {})})
        rows += [[f"resolved {k}", *(str(b.get("resolutions", {}).get(k, 0)) for _, b, _ in figures.values())]
                 for k in resolved]
        for label, key in (("latency", "latency_ms"), ("generated answers", "generated_latency_ms"),
                           ("first token", "first_token_ms")):
            rows.append([f"{label} p50/p95", *(_ms(b.get(key)) for _, b, _ in figures.values())])
        asked = sorted({k for _, b, _ in figures.values() for k in b.get("tokens_by_kind", {})})
        rows += [[f"tokens {k} read/written p50", *(_tokens(b.get("tokens_by_kind", {}).get(k))
                                                    for _, b, _ in figures.values())] for k in asked]
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
        out.append(f"## {name}\n" + "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))
                                              for r in rows))
    return "\n\n".join(out) or f"no reports under {root}"


def _tokens(part: dict[str, float] | None) -> str:
    return "-" if not part else f"{part['read_p50']:.0f}/{part['written_p50']:.0f} (n={part['n']:.0f})"


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.1%}" if isinstance(value, float) else str(value)


def _ms(part: dict[str, float] | None) -> str:
    if not part:
        return "-"
    return f"{part.get('p50', 0.0) / 1000:.2f}/{part.get('p95', 0.0) / 1000:.2f} s"
