"""What a figure measures, read off the words next to it.

Two figures in one unit can still measure different things: "below the 15.8 mln bpd quota" is a
ceiling, "output was 14.7 mln bpd" is production, and setting one against the other is no conflict.
The measure word nearest the figure in its claim (within a few words either side) names it: a noun
("output", "quota", "price", "exports") or a verb that implies one ("pumped", "sold", "exported").
Words are grouped, so "output", "production" and "pumped" are one measure. A figure set against a
measure ("200,000 bpd above the ceiling") measures the gap to it ("above quota"). A figure with no such
word nearby is compared only with others that have none, by unit alone.
"""

from __future__ import annotations

import re

_GROUPS: dict[str, str] = {
    word: group
    for group, words in {
        "output": "output outputs production produce produced produces producing pumped pump pumps pumping",
        "exports": "export exports exported exporting shipments",
        "imports": "import imports imported importing",
        "quota": "quota quotas ceiling ceilings cap target targets allocation allocations limit",
        "price": "price prices priced settled traded trading fetched",
        "sales": "sales sold revenue revenues revs turnover",
        "profit": "profit profits earnings income net",
        "loss": "loss losses",
        "dividend": "dividend dividends div payout",
        "per share": "shr eps",
        "stocks": "stocks inventories stockpiles",
        "reserves": "reserves",
        "demand": "demand consumption",
        "supply": "supply supplies",
        "capacity": "capacity",
        "debt": "debt debts borrowing borrowings",
        "deficit": "deficit deficits",
        "surplus": "surplus surpluses",
        "investment": "investment investments spending budget",
        "growth": "growth gdp",
        "rate": "rate rates yield yields",
    }.items()
    for word in words.split()
}
_WORD = re.compile(r"[A-Za-z]+")
# where a clause ends: a comma or colon before a space (not "980,000"), a semicolon, a spaced dash
_CLAUSE_END = re.compile(r"[,:](?=\s)|;|\s(?:--|[—–―-])\s")
# right after the figure (an abbreviation in brackets aside), no punctuation between: "200,000 bpd
# above the ceiling", "2.4 mln barrels per day (bpd) less than its ceiling"
_RELATIVE_TO = re.compile(
    r"(?:[ \u00a0]*\([^()]{1,12}\))?[ \t\n\u00a0]+"
    r"(?P<side>above|below|over|under|beyond|short of|more than|less than)\b",
    re.I,
)
_SIDE = {
    "above": "above", "over": "above", "beyond": "above", "more than": "above",
    "below": "below", "under": "below", "short of": "below", "less than": "below",
}  # fmt: skip


def measured_word(text: str, start: int, end: int, *, lo: int = 0, hi: int | None = None, reach: int = 6) -> str | None:
    """The measure of the figure at ``text[start:end]``: the group of the nearest measure word inside
    ``text[lo:hi]`` (its claim), the nearer one (before on a tie), or None.

    After the figure the search stops at the end of its clause (a comma, semicolon, colon or dash):
    "rise to 1.075 mln tonnes from 980,000, imports will also rise" measures no imports. Before it,
    it reads ``reach`` words, or up to twice as many when they all lie in the figure's own clause
    ("production of soybeans in 1987/88 (Oct-Sept) will rise to 1.075 mln tonnes").
    """
    hi = len(text) if hi is None else hi
    window = text[max(lo, start - 160) : start]
    before = _WORD.findall(window)
    ends = list(_CLAUSE_END.finditer(window))
    own = _WORD.findall(window[ends[-1].end() :]) if ends else before
    before = own[-2 * reach :] if len(own) >= reach else before[-reach:]
    stop = _CLAUSE_END.search(text, end, min(hi, end + 80))
    after = _WORD.findall(text, end, stop.start() if stop is not None else min(hi, end + 80))[:reach]
    gap = _RELATIVE_TO.match(text, end, hi)
    if gap is not None:
        # "200,000 bpd above the ceiling" measures a gap to the ceiling, not a ceiling nor an output
        group = next((_GROUPS[w.lower()] for w in _WORD.findall(text, gap.end(), hi)[:3] if w.lower() in _GROUPS), None)
        if group is not None:
            return f"{_SIDE[gap.group('side').lower()]} {group}"
    best: tuple[int, int, str] | None = None
    for distance, word in enumerate(reversed(before)):
        group = _GROUPS.get(word.lower())
        if group is not None:
            best = (distance, 0, group)
            break
    for distance, word in enumerate(after):
        group = _GROUPS.get(word.lower())
        if group is not None:
            if best is None or (distance, 1) < best[:2]:
                best = (distance, 1, group)
            break
    return best[2] if best else None
