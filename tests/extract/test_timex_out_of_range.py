"""Years written outside the calendar never fail an article: the expression is dropped, the rest stays."""

from __future__ import annotations

import pytest

from claimgraph.extract.timex import find_timexes


@pytest.mark.parametrize(
    "text",
    [
        "The Velmora harvest fair opened in May 0000, the organisers wrote on 3 June 2024.",
        "The Orlen council vote is set for August 0000, said the mayor on 3 June 2024.",
        "Archivists dated the Brask tablet to 99999 and catalogued it on 3 June 2024.",
    ],
)
def test_timex_out_of_range_year_is_dropped_and_the_rest_kept(text: str) -> None:
    found = find_timexes(text, "2024-03-05")
    assert [t.value for t in found if t.text == "3 June 2024"] == ["2024-06-03"]
    assert all(t.value is None or not t.value.startswith("0000") for t in found)


def test_timex_out_of_range_year_without_dct() -> None:
    found = find_timexes("The Orlen council vote is set for August 0000, said the mayor.", None)
    assert all("0000" not in t.text for t in found)
