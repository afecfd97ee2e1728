"""Loading the spaCy pipeline and kg's own components."""

import pytest

from kg.errors import ModelError
from kg.nlp import load_pipeline


def test_nlp_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="not installed"):
        load_pipeline("no_such_pipeline_xyz")


def test_nlp_line_breaks_start_sentences(nlp):
    doc = nlp("Markets fall as rates rise\n\nThe central bank raised rates on Monday.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Markets fall as rates rise"
    assert sentences[1].startswith("The central bank")


def test_nlp_components_are_registered_once(nlp):
    assert load_pipeline() is nlp
    assert nlp.pipe_names.count("kg_paragraph_boundaries") == 1
