"""Render analyses for people: a terminal report (rich), Markdown, JSON and JSON Lines."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimgraph.model import Analysis, Claim

MODALITY_STYLE = {
    "asserted": "green",
    "hedged": "yellow",
    "speculative": "magenta",
    "doubted": "red",
    "negated": "bold red",
}


def render(analyses: Sequence[Analysis], fmt: str, *, color: bool = False) -> str:
    """Render ``analyses`` as ``report``, ``md``, ``json`` (one) or ``jsonl`` (many)."""
    if fmt == "json":
        if len(analyses) != 1:
            raise ValueError("json renders exactly one analysis")
        return analyses[0].to_json(indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in analyses)
    if fmt == "md":
        return "\n\n".join(to_markdown(a) for a in analyses)
    if fmt == "report":
        return "\n".join(to_report(a, color=color) for a in analyses)
    raise ValueError(f"unknown format {fmt!r}")


def source_label(claim: Claim) -> str:
    src = claim.source
    if src.kind == "author":
        return "Outlet (own voice)"
    if src.kind == "unnamed":
        return "Unnamed source"
    label = src.text or "?"
    if src.resolved_text:
        label = f"{label} → {src.resolved_text}"
    return label


def group_by_source(analysis: Analysis) -> dict[str, list[Claim]]:
    groups: dict[str, list[Claim]] = {}
    for claim in analysis.claims:
        groups.setdefault(source_label(claim), []).append(claim)
    return groups


def _highlighted_claim(analysis: Analysis, claim: Claim) -> Text:
    """The claim text with figures (cyan) and times (blue) highlighted."""
    text = Text(claim.text)
    base = claim.span.start
    for q in analysis.quantities:
        if claim.span.contains(q.span):
            text.stylize("bold cyan", q.span.start - base, q.span.end - base)
    for t in analysis.times:
        if claim.span.contains(t.span):
            text.stylize("bold blue", t.span.start - base, t.span.end - base)
    return text


def to_report(analysis: Analysis, *, color: bool = False) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        color_system="standard" if color else None,
        width=110,
        highlight=False,
        emoji=False,
    )
    doc = analysis.document
    meta = [
        f"published: {doc.published or 'unknown'} ({doc.published_origin})",
        f"outlet: {doc.outlet or '-'}",
        *([f"by: {doc.author}"] if doc.author else []),
        f"id: {doc.id[:16]}",
    ]
    console.print(Panel(Text(doc.title or "(untitled)", style="bold"), subtitle=escape("  ".join(meta))))
    for warning in analysis.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    for label, claims in group_by_source(analysis).items():
        console.print(Text(f"\n{label}", style="bold underline"))
        for claim in claims:
            line = Text("  • ")
            line.append(f"[{claim.modality}", style=MODALITY_STYLE.get(claim.modality, ""))
            if claim.certainty is not None:
                line.append(f" {claim.certainty:.2f}", style=MODALITY_STYLE.get(claim.modality, ""))
            line.append("] ", style=MODALITY_STYLE.get(claim.modality, ""))
            if claim.cue:
                line.append(f"«{claim.cue.text}» ", style="italic")
            line.append_text(_highlighted_claim(analysis, claim))
            console.print(line)
    if analysis.quantities:
        table = Table(title="Figures", show_lines=False, expand=False)
        for col in ("text", "value", "unit", "approx", "kind"):
            table.add_column(col)
        for q in analysis.quantities:
            value = _fmt_num(q.value) if q.value is not None else f"{_fmt_num(q.low)}–{_fmt_num(q.high)}"
            table.add_row(escape(q.text), value, escape(q.unit or "-"), escape(q.approx or "-"), q.kind or "-")
        console.print(table)
    if analysis.times:
        table = Table(title="Times")
        for col in ("text", "type", "value"):
            table.add_column(col)
        for t in analysis.times:
            table.add_row(escape(t.text), t.type, escape(t.value or (f"anchor: {t.anchor}" if t.anchor else "-")))
        console.print(table)
    if analysis.entities:
        table = Table(title="Entities")
        for col in ("name", "type", "aliases", "role", "mentions"):
            table.add_column(col)
        for e in analysis.entities:
            table.add_row(
                escape(e.name), e.type, escape(", ".join(e.aliases)) or "-", escape(e.role or "-"), str(len(e.mentions))
            )
        console.print(table)
    return buf.getvalue()


def _fmt_num(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4g}"


def _md(text: str) -> str:
    """Escape Markdown control characters in untrusted article text."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]<>()#+-.!|~":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", " ")


def to_markdown(analysis: Analysis) -> str:
    doc = analysis.document
    lines = [f"# {_md(doc.title or '(untitled)')}", ""]
    lines.append(f"- published: {_md(doc.published or 'unknown')} ({doc.published_origin})")
    if doc.outlet:
        lines.append(f"- outlet: {_md(doc.outlet)}")
    if doc.author:
        lines.append(f"- author: {_md(doc.author)}")
    lines.append(f"- document id: `{doc.id}`")
    for warning in analysis.warnings:
        lines.append(f"- warning: {_md(warning)}")
    lines.append("")
    lines.append("## Claims by source")
    for label, claims in group_by_source(analysis).items():
        lines.append("")
        lines.append(f"### {_md(label)}")
        lines.append("")
        for claim in claims:
            cue = f" — cue: *{_md(claim.cue.text)}*" if claim.cue else ""
            cert = f" {claim.certainty:.2f}" if claim.certainty is not None else ""
            lines.append(f"- **{claim.modality}{cert}**{cue}: {_md(claim.text)}")
    if analysis.quantities:
        lines += ["", "## Figures", "", "| text | value | unit | approx |", "|---|---|---|---|"]
        for q in analysis.quantities:
            value = _fmt_num(q.value) if q.value is not None else f"{_fmt_num(q.low)}–{_fmt_num(q.high)}"
            lines.append(f"| {_md(q.text)} | {value} | {_md(q.unit or '-')} | {_md(q.approx or '-')} |")
    if analysis.times:
        lines += ["", "## Times", "", "| text | type | value |", "|---|---|---|"]
        for t in analysis.times:
            lines.append(f"| {_md(t.text)} | {t.type} | {_md(t.value or '-')} |")
    if analysis.entities:
        lines += ["", "## Entities", "", "| name | type | aliases | role |", "|---|---|---|---|"]
        for e in analysis.entities:
            lines.append(f"| {_md(e.name)} | {e.type} | {_md(', '.join(e.aliases) or '-')} | {_md(e.role or '-')} |")
    return "\n".join(lines) + "\n"
