"""The article view's segments and the SVG charts are computed from the analysis, not from markup."""

from __future__ import annotations

from claimgraph.model import Analysis
from claimgraph.serve.web import views


def test_views_segments_rebuild_the_text_and_mark_the_innermost_claim(analyses: list[Analysis]) -> None:
    for a in analyses:
        segs = views.segments(a)
        assert "".join(s.text for s in segs) == a.document.text
        for s in segs:
            covering = [c for c in a.claims if c.span.start <= s.start and s.start + len(s.text) <= c.span.end]
            if covering:
                inner = min(covering, key=lambda c: c.span.end - c.span.start)
                assert s.claim == inner.id and s.modality == inner.modality
            else:
                assert s.claim is None
        for q in a.quantities:
            inside = [s for s in segs if q.span.start <= s.start < q.span.end]
            assert inside and all("figure" in s.marks for s in inside)


def test_views_tooltip_names_cue_source_and_certainty(analyses: list[Analysis]) -> None:
    claim = next(c for c in analyses[1].claims if c.source.display == "Ilse Marten")
    tip = views.claim_tooltip(claim)
    assert "source: Ilse Marten (named)" in tip and "cue: said" in tip and "certainty 0.90" in tip


def test_views_timeline_places_dates_in_order_and_lanes_by_modality() -> None:
    chart = views.timeline_chart(
        [
            ("2025-03-01", "asserted", "a", None),
            ("2025-03-31", "negated", "b", None),
            ("2025-03", "hedged", "c", None),
            (None, "asserted", "undated", None),
        ]
    )
    xs = {p.label.split(": ", 1)[1]: p for p in chart.points}
    assert set(xs) == {"a", "b", "c"}
    assert xs["c"].x == xs["a"].x < xs["b"].x <= chart.width
    assert xs["a"].y < xs["c"].y < xs["b"].y  # lanes follow the modality order
    assert chart.x_ticks[0][1] == "2025-03-01" and chart.x_ticks[-1][1] == "2025-03-31"


def test_views_figure_chart_scales_values_and_flags_conflicts() -> None:
    chart = views.figure_chart([("2025-03-11", 55e6, "b", True), ("2025-03-03", 40e6, "a", True)])
    first, second = chart.points
    assert first.x < second.x and first.y > second.y  # later and larger: right and higher
    assert chart.line.count(",") == 2 and all(p.css == "conflict" for p in chart.points)
    assert views.figure_chart([]).empty


def test_views_modality_bar_widths_add_up() -> None:
    bars = views.modality_bar({"asserted": 3, "negated": 1}, width=400)
    assert [b.modality for b in bars] == ["asserted", "negated"]
    assert bars[0].width == 300 and bars[1].x == 300 and bars[1].width == 100
