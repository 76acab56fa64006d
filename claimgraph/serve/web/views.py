"""What the pages show, computed in plain Python so templates stay dumb and everything stays escaped.

The article view is a flat list of :class:`Segment` pieces (no nested markup to balance, however claims,
figures and times overlap); charts are lists of SVG shapes with numeric coordinates. Templates print
these with autoescaping; nothing here builds HTML.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from claimgraph.model import MODALITIES, Analysis, Claim, Quantity, TimeExpr

_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text with the same markup: the innermost claim covering it and what it is."""

    text: str
    start: int
    claim: str | None = None
    modality: str | None = None
    marks: tuple[str, ...] = ()  # "figure", "time", "source", "cue"
    title: str | None = None

    @property
    def css(self) -> str:
        classes = [f"mod-{self.modality}"] if self.modality else []
        classes.extend(f"mark-{m}" for m in self.marks)
        return " ".join(["seg", *classes]) if self.claim or self.marks else ""


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """Claims of one article held by one source, for the side panel."""

    source: str
    kind: str
    claims: tuple[Claim, ...]


def claim_tooltip(claim: Claim) -> str:
    """Hover text: modality, source and kind, cue, certainty."""
    parts = [claim.modality, f"source: {claim.source.display} ({claim.source.kind})"]
    if claim.cue:
        parts.append(f"cue: {claim.cue.text}")
    if claim.certainty is not None:
        parts.append(f"certainty {claim.certainty:.2f}")
    return " · ".join(parts)


def segments(analysis: Analysis) -> list[Segment]:
    """Cut the text at every span boundary; each piece knows its innermost claim and its marks.

    One sweep over the boundaries: each span is entered where it starts and left where it ends, so a
    piece's covering spans are known without testing every span against every piece.
    """
    text = analysis.document.text
    layers: list[tuple[str, int, int]] = []
    for q in analysis.quantities:
        layers.append(("figure", q.span.start, q.span.end))
    for t in analysis.times:
        layers.append(("time", t.span.start, t.span.end))
    for c in analysis.claims:
        if c.source.span is not None:
            layers.append(("source", c.source.span.start, c.source.span.end))
        if c.cue is not None:
            layers.append(("cue", c.cue.span.start, c.cue.span.end))
    # Innermost first: the shortest claim covering a piece wins, then the one starting first.
    claims = sorted(analysis.claims, key=lambda c: (c.span.end - c.span.start, c.span.start))
    cuts = {0, len(text)}
    for _, a, b in layers:
        cuts.update((a, b))
    for c in claims:
        cuts.update((c.span.start, c.span.end))
    bounds = sorted(x for x in cuts if 0 <= x <= len(text))
    n = len(bounds) - 1  # pieces: bounds[i] .. bounds[i + 1]
    # A span covers piece i when it starts at or before bounds[i] and ends after it.
    enter: list[list[tuple[str, int]]] = [[] for _ in range(n + 1)]
    leave: list[list[tuple[str, int]]] = [[] for _ in range(n + 1)]

    def add(kind: str, rank: int, start: int, end: int) -> None:
        first, stop = bisect.bisect_left(bounds, start), min(bisect.bisect_left(bounds, end), n)
        if first < stop:
            enter[first].append((kind, rank))
            leave[stop].append((kind, rank))

    for rank, c in enumerate(claims):
        add("", rank, c.span.start, c.span.end)
    for kind, a, b in layers:
        add(kind, -1, a, b)
    tips = {c.id: claim_tooltip(c) for c in claims}
    open_claims: set[int] = set()
    open_marks: Counter[str] = Counter()
    out: list[Segment] = []
    for i in range(n):
        for kind, rank in leave[i]:
            if not kind:
                open_claims.discard(rank)
            elif open_marks[kind] == 1:
                del open_marks[kind]
            else:
                open_marks[kind] -= 1
        for kind, rank in enter[i]:
            if kind:
                open_marks[kind] += 1
            else:
                open_claims.add(rank)
        inner = claims[min(open_claims)] if open_claims else None
        a, b = bounds[i], bounds[i + 1]
        out.append(
            Segment(
                text=text[a:b],
                start=a,
                claim=inner.id if inner else None,
                modality=inner.modality if inner else None,
                marks=tuple(sorted(open_marks)),
                title=tips[inner.id] if inner else None,
            )
        )
    return out


def source_groups(analysis: Analysis) -> list[SourceGroup]:
    """The article's claims grouped by who holds them, most claims first."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for c in analysis.claims:
        groups.setdefault((c.source.display, c.source.kind), []).append(c)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0].lower()))
    return [SourceGroup(source=s, kind=k, claims=tuple(cs)) for (s, k), cs in ordered]


def claim_parts(analysis: Analysis, claim: Claim) -> tuple[list[Quantity], list[TimeExpr], list[str]]:
    """The figures, times and entity names a claim refers to."""
    qs = {q.id: q for q in analysis.quantities}
    ts = {t.id: t for t in analysis.times}
    es = {e.id: e for e in analysis.entities}
    return (
        [qs[i] for i in claim.quantities if i in qs],
        [ts[i] for i in claim.times if i in ts],
        [es[i].name for i in claim.entities if i in es],
    )


# -- charts ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    """One modality's share of a horizontal stacked bar."""

    modality: str
    count: int
    x: float
    width: float


def modality_bar(counts: dict[str, int], *, width: float = 600.0) -> list[Bar]:
    """Stacked bar pieces, in the fixed modality order, widths proportional to counts."""
    total = sum(counts.get(m, 0) for m in MODALITIES)
    bars, x = [], 0.0
    for m in MODALITIES:
        n = counts.get(m, 0)
        if n and total:
            w = width * n / total
            bars.append(Bar(modality=m, count=n, x=round(x, 1), width=round(w, 1)))
            x += w
    return bars


def parse_day(value: str | None) -> date | None:
    """The first day a (partial) ISO date stands for; None when there is none."""
    if not value:
        return None
    m = _DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Point:
    """A dot on a chart with its label (escaped by the template)."""

    x: float
    y: float
    label: str
    css: str
    href: str | None = None


@dataclass(slots=True)
class Chart:
    """An SVG chart: points, axis ticks and an optional polyline."""

    width: int
    height: int
    points: list[Point] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    line: str = ""

    @property
    def empty(self) -> bool:
        return not self.points


_PAD_L, _PAD_R, _PAD_T, _PAD_B = 110.0, 44.0, 16.0, 30.0


def _x_scale(days: Sequence[date], width: int) -> tuple[float, float, list[tuple[float, str]]]:
    lo, hi = min(days).toordinal(), max(days).toordinal()
    span = max(hi - lo, 1)
    scale = (width - _PAD_L - _PAD_R) / span
    ticks = []
    for i in range(5):
        d = date.fromordinal(lo + round(span * i / 4))
        ticks.append((round(_PAD_L + (d.toordinal() - lo) * scale, 1), d.isoformat()))
    if hi == lo:
        ticks = [(round(_PAD_L + (width - _PAD_L - _PAD_R) / 2, 1), min(days).isoformat())]
        return lo - 0.5, (width - _PAD_L - _PAD_R), ticks
    return float(lo), scale, ticks


def timeline_chart(items: Iterable[tuple[str | None, str, str, str | None]], *, width: int = 900) -> Chart:
    """Claims on a time axis, one lane per modality. ``items``: (date, modality, label, link)."""
    rows = [(parse_day(d), m, label, href) for d, m, label, href in items]
    dated = [(d, m, label, href) for d, m, label, href in rows if d is not None]
    height = int(_PAD_T + _PAD_B + 28 * len(MODALITIES))
    chart = Chart(width=width, height=height)
    chart.y_ticks = [(_PAD_T + 28 * i + 14, m) for i, m in enumerate(MODALITIES)]
    if not dated:
        return chart
    lo, scale, chart.x_ticks = _x_scale([d for d, *_ in dated], width)
    single = len({d for d, *_ in dated}) == 1
    for d, m, label, href in dated:
        lane = MODALITIES.index(m) if m in MODALITIES else 0
        x = _PAD_L + (d.toordinal() - lo) * scale if not single else _PAD_L + scale / 2
        chart.points.append(
            Point(
                x=round(x, 1), y=_PAD_T + 28 * lane + 14, label=f"{d.isoformat()}: {label}", css=f"mod-{m}", href=href
            )
        )
    return chart


def figure_chart(items: Iterable[tuple[str | None, float, str, bool]], *, width: int = 900, height: int = 240) -> Chart:
    """Figures over time: (date, value, label, conflicting) points joined in date order."""
    rows = sorted(((parse_day(d), v, label, bad) for d, v, label, bad in items if parse_day(d) is not None), key=_k)
    chart = Chart(width=width, height=height)
    if not rows:
        return chart
    days = [d for d, *_ in rows if d is not None]
    lo, scale, chart.x_ticks = _x_scale(days, width)
    values = [v for _, v, _, _ in rows]
    vmin, vmax = min(values), max(values)
    if vmin == vmax:
        vmin, vmax = vmin - 1, vmax + 1
    inner_h = height - _PAD_T - _PAD_B

    def y_of(v: float) -> float:
        return round(_PAD_T + inner_h * (1 - (v - vmin) / (vmax - vmin)), 1)

    chart.y_ticks = [(y_of(vmin + (vmax - vmin) * i / 4), _num(vmin + (vmax - vmin) * i / 4)) for i in range(5)]
    single = len(set(days)) == 1
    coords = []
    for d, v, label, bad in rows:
        assert d is not None
        x = round(_PAD_L + scale / 2 if single else _PAD_L + (d.toordinal() - lo) * scale, 1)
        coords.append(f"{x},{y_of(v)}")
        chart.points.append(
            Point(x=x, y=y_of(v), label=f"{d.isoformat()}: {_num(v)} ({label})", css="conflict" if bad else "figure")
        )
    chart.line = " ".join(coords)
    return chart


def _k(row: tuple[date | None, float, str, bool]) -> tuple[date, float]:
    return (row[0] or date.min, row[1])


def _num(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.4g}"
