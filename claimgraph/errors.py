"""One root exception with coded, actionable messages.

Every error claimgraph raises on purpose is a :class:`ClaimgraphError` carrying a
stable code (``E001`` ...), so users can search for it and tests can pin it. The
CLI prints ``[E012] message`` on one line and exits non-zero; the web API maps
``http_status`` onto the response.
"""

from __future__ import annotations

from typing import ClassVar


class ClaimgraphError(Exception):
    """Root of every error claimgraph raises deliberately."""

    code: ClassVar[str] = "E000"
    http_status: ClassVar[int] = 500
    exit_code: ClassVar[int] = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ModelNotFoundError(ClaimgraphError):
    """The configured spaCy pipeline cannot be loaded."""

    code = "E001"
    exit_code = 3


class ModelIncompatibleError(ClaimgraphError):
    """The configured spaCy pipeline lacks a component claimgraph needs."""

    code = "E002"
    exit_code = 3


class ConfigError(ClaimgraphError):
    """A setting in the config file or environment is invalid."""

    code = "E003"
    exit_code = 2


class InputNotFoundError(ClaimgraphError):
    """An input path does not exist or cannot be read."""

    code = "E010"
    http_status = 404
    exit_code = 2


class EmptyInputError(ClaimgraphError):
    """The input holds no text to analyse."""

    code = "E011"
    http_status = 422
    exit_code = 2


class BinaryInputError(ClaimgraphError):
    """The input looks like a binary file, not text."""

    code = "E012"
    http_status = 415
    exit_code = 2


class UnsupportedFormatError(ClaimgraphError):
    """The file extension or declared format is not one claimgraph reads."""

    code = "E013"
    http_status = 415
    exit_code = 2


class MalformedRecordError(ClaimgraphError):
    """A JSON / JSON Lines record is not valid or lacks a text field."""

    code = "E014"
    http_status = 422
    exit_code = 2


class NoArticleTextError(ClaimgraphError):
    """An HTML page has no main article text that could be extracted."""

    code = "E015"
    http_status = 422
    exit_code = 2


class InputTooLargeError(ClaimgraphError):
    """The input exceeds the configured size limit."""

    code = "E016"
    http_status = 413
    exit_code = 2


class InvalidDateError(ClaimgraphError):
    """A publication date is unparseable or lies in the future of the run."""

    code = "E017"
    http_status = 422
    exit_code = 2


class DecodingError(ClaimgraphError):
    """The bytes could not be decoded as text in any supported encoding."""

    code = "E018"
    http_status = 422
    exit_code = 2


class ExtractionTimeoutError(ClaimgraphError):
    """Extraction of one article ran past the per-article time limit."""

    code = "E020"
    http_status = 504
    exit_code = 1


class StoreError(ClaimgraphError):
    """Root of evidence-store errors."""

    code = "E030"
    exit_code = 4


class StoreCorruptError(StoreError):
    """The database file is corrupt or is not a claimgraph store."""

    code = "E031"


class StoreVersionError(StoreError):
    """The database was written by a newer claimgraph schema version."""

    code = "E032"


class StoreReadOnlyError(StoreError):
    """The database location cannot be written."""

    code = "E033"


class StoreFullError(StoreError):
    """The disk holding the database is full."""

    code = "E034"


class StoreBusyError(StoreError):
    """Another process holds the store's write lock for too long."""

    code = "E035"


class StoreNotEmptyError(StoreError):
    """A restore would overwrite a store that holds data, and ``force`` was not given."""

    code = "E036"


class NotFoundError(ClaimgraphError):
    """A requested document, entity, source or cluster does not exist."""

    code = "E040"
    http_status = 404
    exit_code = 2


class CheckpointError(ClaimgraphError):
    """A batch output folder holds a checkpoint that cannot be read."""

    code = "E060"
    exit_code = 2


class BadRequestError(ClaimgraphError):
    """A request parameter is missing or malformed (web layer)."""

    code = "E070"
    http_status = 400
    exit_code = 2


class UnauthorizedError(ClaimgraphError):
    """The server was started with a token and the request did not carry it."""

    code = "E071"
    http_status = 401
    exit_code = 2


class CrossSiteRequestError(ClaimgraphError):
    """A state-changing request came from another site or lacked the CSRF token."""

    code = "E072"
    http_status = 403
    exit_code = 2


class EvalDataError(ClaimgraphError):
    """Evaluation data is missing or malformed."""

    code = "E050"
    exit_code = 2


class QualityGateError(ClaimgraphError):
    """A measured figure fell below its pinned floor."""

    code = "E051"
    exit_code = 1


def all_error_classes() -> list[type[ClaimgraphError]]:
    """Every error class, for the docs test that checks codes are unique."""
    seen: list[type[ClaimgraphError]] = []
    stack: list[type[ClaimgraphError]] = [ClaimgraphError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen
