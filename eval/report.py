"""Render an article-eval report (the dict eval.article.build_report makes) as text, Markdown, JSON, PNG."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.questionset import KINDS

SYSTEMS = ("assistant", "baseline")


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _systems(summary: dict[str, Any]) -> list[str]:
    return [s for s in SYSTEMS if s in summary["systems"]]


def summary_rows(summary: dict[str, Any]) -> list[list[str]]:
    """Header + one row per kind + overall: kind, n, accuracy per system."""
    names = _systems(summary)
    rows = [["kind", "n", *names]]
    for kind in KINDS:
        n = summary["counts"].get(kind, 0)
        if n:
            rows.append([kind, str(n), *(_pct(summary["systems"][s]["by_kind"][kind]) for s in names)])
    overall = (_pct(summary["systems"][s]["accuracy"]) for s in names)
    rows.append(["overall", str(summary["questions"]), *overall])
    return rows


def metric_rows(summary: dict[str, Any]) -> list[list[str]]:
    names = _systems(summary)
    sys = summary["systems"]
    return [
        ["measure", *names],
        ["unanswerable refusal rate", *(_pct(sys[s]["unanswerable_refusal_rate"]) for s in names)],
        ["answerable refused", *(_pct(sys[s]["false_refusal_rate"]) for s in names)],
        ["evidence in citations (answerable)", *(_pct(sys[s]["evidence_cited"]) for s in names)],
        ["unverified figures (answers)",
         *(f"{sys[s]['unverified_figures']} ({sys[s]['unverified_answers']})" for s in names)],
        ["answers showing conflicting sources", *(str(sys[s].get("conflicted_answers", 0)) for s in names)],
        ["ask() errors", *(str(sys[s]["errors"]) for s in names)],
        ["latency p50", *(f"{sys[s]['latency_ms']['p50']:.1f} ms" for s in names)],
        ["latency p95", *(f"{sys[s]['latency_ms']['p95']:.1f} ms" for s in names)],
    ]


def refusal_reasons(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """(refusal reason, group) of every refused question -> reason -> group -> count, most frequent reason
    first; a refusal with no reason recorded counts as "unrecorded"."""
    counts: dict[str, dict[str, int]] = {}
    for reason, group in pairs:
        row = counts.setdefault(reason or "unrecorded", {})
        row[group] = row.get(group, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))


def refusal_rows(reasons: dict[str, dict[str, int]], groups: tuple[str, ...]) -> list[list[str]]:
    """The "refusal reasons" table: reason × group (answerable / unanswerable, or numeric / other)."""
    rows = [["refusal reason", *groups, "all"]]
    for reason, row in reasons.items():
        rows.append([reason, *(str(row.get(g, 0)) for g in groups), str(sum(row.values()))])
    rows.append(["total", *(str(sum(r.get(g, 0) for r in reasons.values())) for g in groups),
                 str(sum(sum(r.values()) for r in reasons.values()))])
    return rows


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for j, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def md_table(rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] + ["---:"] * (len(rows[0]) - 1)) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


def summary_text(report: dict[str, Any]) -> str:
    summary = report["summary"]
    parts = [text_table(summary_rows(summary)), "", text_table(metric_rows(summary))]
    if summary["threshold_failures"]:
        parts += ["", "BELOW THRESHOLD:", *(f"  {f}" for f in summary["threshold_failures"])]
    return "\n".join(parts)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(report: dict[str, Any]) -> str:
    summary = report["summary"]
    lines = ["# Article evaluation", "",
             f"{summary['questions']} questions; the assistant is `ask()`, the baseline is stock llama-index "
             "(SentenceSplitter + VectorStoreIndex, answer = top passage). Graded by `eval/grader.py`.", "",
             "## Accuracy by kind", "", md_table(summary_rows(summary)), "",
             "## Other measures", "", md_table(metric_rows(summary)), "",
             "## Thresholds", ""]
    for key, value in summary["thresholds"].items():
        lines.append(f"- `{key}`: {value}")
    lines.append("")
    lines += [f"- **below threshold**: {f}" for f in summary["threshold_failures"]] or ["All thresholds met."]
    lines += ["", *failure_lines(report["items"], "Assistant failures")]
    return "\n".join(lines)


def failure_lines(items: list[dict[str, Any]], heading: str, where: tuple[str, ...] = ()) -> list[str]:
    """Markdown for every failed item: the turns, the answer, its citations and the grader's reasons.

    where: item fields shown beside the kind in each heading (the general set adds doc and split)."""
    failures = [item for item in items if not item["assistant"]["passed"]]
    lines = [f"## {heading} ({len(failures)})", ""]
    for item in failures:
        got = item["assistant"]
        lines.append(f"### {item['id']} ({', '.join([item['kind'], *(str(item[w]) for w in where)])})")
        lines.append("")
        for q, a in item["history"]:
            lines.append(f"- earlier turn: {_md_escape(q)} → {_md_escape(a)}")
        lines.append(f"- question: {_md_escape(item['question'])}")
        lines.append(f"- expected: {', '.join(item['expected']) or '(a refusal without figures)'}")
        if "answer" in got:
            lines.append(f"- answer: {_md_escape(got['answer'])}"
                         + ("" if got["answerable"] else " *(answerable=False)*"))
            cites = ", ".join(f"[{c['n']}] {c['doc_id']} {c['start']}-{c['end']}" for c in got["citations"])
            lines.append(f"- citations: {cites or 'none'}")
        lines += [f"- **{_md_escape(reason)}**" for reason in got["reasons"]]
        lines.append("")
    return lines


def write_png(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = report["summary"]
    names = _systems(summary)
    kinds = [k for k in KINDS if summary["counts"].get(k)] + ["overall"]
    fig, (bars, hist) = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [3, 2]})
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        sysum = summary["systems"][name]
        values = [sysum["by_kind"][k] if k != "overall" else sysum["accuracy"] for k in kinds]
        xs = [x + (i - (len(names) - 1) / 2) * width for x in range(len(kinds))]
        drawn = bars.bar(xs, values, width, label=name)
        bars.bar_label(drawn, labels=[f"{v:.0%}" for v in values], fontsize=7)
    labels = [f"{k}\n(n={summary['counts'].get(k, summary['questions'])})" for k in kinds]
    bars.set_xticks(range(len(kinds)), labels)
    bars.set_ylim(0, 1.1)
    bars.set_ylabel("accuracy")
    bars.set_title("Accuracy by question kind")
    bars.legend()
    latencies = {name: [item[name]["latency_ms"] for item in report["items"] if "latency_ms" in item[name]]
                 for name in names}
    every = [x for values in latencies.values() for x in values]
    if every:
        edges = [min(every) + (max(every) - min(every)) * i / 30 for i in range(31)]
        for name, values in latencies.items():
            p50 = summary["systems"][name]["latency_ms"]["p50"]
            hist.hist(values, bins=edges, alpha=0.6, label=f"{name} (p50 {p50:.0f} ms)")
        hist.legend()
    hist.set_xlabel("latency per question (ms)")
    hist.set_ylabel("questions")
    hist.set_title("Latency distribution")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_all(report: dict[str, Any], out_dir: Path, stem: str = "report",
              to_markdown: Callable[[dict[str, Any]], str] = markdown,
              draw: Callable[[dict[str, Any], Path], None] = write_png) -> list[Path]:
    """A report as <stem>.md, <stem>.json and the picture <stem>.png in out_dir (each set has its own
    markdown and picture; the article set's by default)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js, png = out_dir / f"{stem}.md", out_dir / f"{stem}.json", out_dir / f"{stem}.png"
    md.write_text(to_markdown(report), encoding="utf-8")
    js.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    draw(report, png)
    return [md, js, png]
