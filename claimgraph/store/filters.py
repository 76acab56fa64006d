"""The claim filters as one value: what every layer (Python API, CLI, JSON API, pages) asks the store for.

A :class:`ClaimFilter` is checked once, when it is made, so that a bad date or an unknown modality is
reported with the same code and message whichever layer it came through; the store's query code then
only turns its fields into SQL values.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from datetime import date, datetime

from claimgraph.errors import BadRequestError, InvalidDateError, StoreError
from claimgraph.model import MODALITIES

__all__ = ["ClaimFilter", "day"]


def day(value: str | date | None, what: str) -> str | None:
    """A date filter as YYYY-MM-DD (E017 if it is not an ISO date); a datetime keeps its day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except (AttributeError, ValueError):
        raise InvalidDateError(f"{what} {value!r} is not a date; use YYYY-MM-DD.") from None


def _figure(value: float, what: str) -> None:
    # numbers.Real takes NumPy's scalars too; bool is an int to Python, never a figure the user meant.
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise BadRequestError(f"{what} must be a number, not {value!r}.")
    if not math.isfinite(value):
        # NaN compares false with everything: the filter would silently match nothing.
        raise BadRequestError(f"{what} must be a finite number.")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimFilter:
    """Which stored claims to find: every field given must match; the defaults filter nothing.

    ``source`` is a case-insensitive substring of the claim's source (pronouns resolved); ``entity`` an
    entity name or alias (case-insensitive, exact) that the claim mentions or is held by; ``modality``
    one of :data:`claimgraph.model.MODALITIES`; ``since``/``until`` bound the article's publication day
    (inclusive; an ISO date text, a ``date`` or a ``datetime``, kept as ``YYYY-MM-DD``); ``search`` is
    full text over claim text and article title; ``unit``/``min_value``/``max_value`` keep claims with a
    figure in that unit (any case) lying inside the range; ``include_superseded`` also finds the claims
    of old revisions of an article.

    Made with a bad value it raises: E017 for a date that is not one, E030 for an unknown modality,
    E070 for a figure bound that is not a finite number (a minimum above the maximum matches nothing). An empty
    ``source``, ``entity``, ``modality`` or ``search`` filters nothing, as None does, and is kept as None.
    Change a field with :func:`dataclasses.replace`, which checks the new value too.
    """

    source: str | None = None
    entity: str | None = None
    modality: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    search: str | None = None
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    include_superseded: bool = False

    def __post_init__(self) -> None:
        # Frozen: the canonical values are set once here, so equal filters compare (and hash) equal. Each field
        # is looked at only when given: the store makes a filter for every query.
        setattr_ = object.__setattr__
        for name in _EMPTY_MEANS_NONE:
            if getattr(self, name) == "":
                setattr_(self, name, None)
        if self.modality is not None and self.modality not in MODALITIES:
            raise StoreError(f"unknown modality {self.modality!r}; use one of {', '.join(MODALITIES)}.")
        if self.since is not None:
            setattr_(self, "since", day(self.since, "--since"))
        if self.until is not None:
            setattr_(self, "until", day(self.until, "--until"))
        # A minimum above the maximum is no error: it matches nothing, as an empty date range does. The JSON
        # API documents any two numbers as a valid request, and the schema test holds it to that.
        if self.min_value is not None:
            _figure(self.min_value, "the minimum")
        if self.max_value is not None:
            _figure(self.max_value, "the maximum")


_EMPTY_MEANS_NONE = ("source", "entity", "modality", "search")
