"""The per-article time limit: a deadline on the Doc, and a guard that interrupts a runaway rule.

Two mechanisms bound one article's extraction (``Settings.article_timeout``):

* :func:`time_limit` arms a ``SIGALRM`` interval timer around the work when it runs in the main
  thread (the CLI, the batch workers, tests). The handler raises inside whatever Python code is
  running, including a backtracking ``re`` match (CPython's regex engine polls for signals), so a
  runaway rule inside a component is stopped, not merely noticed afterwards.
* Off the main thread (a web server's worker threads) signals cannot be used, so the pipeline
  also puts a monotonic deadline on the Doc (``doc._.cg_deadline``) and checks it between
  components; a component that loops over sentences calls :func:`check_deadline` once per
  sentence to be interruptible there too.

Both end in :class:`~claimgraph.errors.ExtractionTimeoutError` (E020).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from spacy.tokens import Doc

from claimgraph.errors import ExtractionTimeoutError

if not Doc.has_extension("cg_deadline"):
    Doc.set_extension("cg_deadline", default=None)


class _Expired(BaseException):
    """Raised by the alarm handler; a BaseException so a component's ``except Exception`` cannot swallow it."""


def deadline_after(seconds: float) -> float:
    """The monotonic-clock time ``seconds`` from now."""
    return time.monotonic() + seconds


def set_deadline(doc: Doc, seconds: float) -> None:
    """Give ``doc`` a deadline ``seconds`` from now."""
    doc._.cg_deadline = deadline_after(seconds)


def check_deadline(doc: Doc, where: str = "extraction") -> None:
    """Raise E020 when ``doc``'s deadline has passed; cheap enough to call once per sentence."""
    deadline = doc._.cg_deadline
    if deadline is not None and time.monotonic() > deadline:
        raise ExtractionTimeoutError(f"{where} ran past the per-article time limit; {_ADVICE}")


_ADVICE = "raise article_timeout (CLAIMGRAPH_ARTICLE_TIMEOUT) or split the text"


def can_interrupt() -> bool:
    """Whether :func:`time_limit` can arm a timer here: main thread, and no other interval timer armed."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0.0
    )


class Progress:
    """What is running now, so a timeout can name the component it stopped."""

    __slots__ = ("step",)

    def __init__(self) -> None:
        self.step = "extraction"


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[Progress]:
    """Interrupt the body after ``seconds`` with E020 naming ``what`` and the step running then.

    Where no timer can be armed (see :func:`can_interrupt`) the body runs unguarded and only the
    cooperative :func:`check_deadline` calls bound it.
    """
    progress = Progress()
    if not can_interrupt():
        yield progress
        return

    def expire(signum: int, frame: FrameType | None) -> Any:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield progress
        finally:
            # Disarm inside the guarded block: an alarm landing now still becomes E020, never escapes.
            signal.setitimer(signal.ITIMER_REAL, 0.0)
    except _Expired:
        raise ExtractionTimeoutError(
            f"{what} took longer than {seconds:g} s (stopped in {progress.step}); {_ADVICE}"
        ) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


__all__ = ["Progress", "can_interrupt", "check_deadline", "deadline_after", "set_deadline", "time_limit"]
