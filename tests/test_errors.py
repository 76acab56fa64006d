"""Error codes are unique, printed in front of the message, and carry exit/HTTP status."""

from __future__ import annotations

from claimgraph.errors import ClaimgraphError, EmptyInputError, all_error_classes


def test_errors_codes_are_unique() -> None:
    codes = [cls.code for cls in all_error_classes()]
    assert len(codes) == len(set(codes)), codes


def test_errors_message_starts_with_code() -> None:
    err = EmptyInputError("the file holds no text")
    assert str(err) == "[E011] the file holds no text"
    assert isinstance(err, ClaimgraphError)
    assert err.http_status == 422
    assert err.exit_code == 2
