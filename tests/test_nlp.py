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


def test_nlp_models_multiply_with_numpy_not_blis(nlp):
    from thinc.api import NumpyOps

    layers = [layer for _name, component in nlp.pipeline if hasattr(getattr(component, "model", None), "walk") for layer in component.model.walk()]
    assert layers, "the pipeline has neural components"
    assert all(not (isinstance(layer.ops, NumpyOps) and layer.ops.use_blis) for layer in layers)


def test_nlp_parse_holds_blas_to_one_thread_only_while_parsing():
    import spacy
    from threadpoolctl import ThreadpoolController

    from kg.nlp import parse

    controller = ThreadpoolController()
    seen = []
    blank = spacy.blank("en")

    @spacy.Language.component("kg_test_threads")
    def record(doc):
        seen.append(max(lib["num_threads"] for lib in ThreadpoolController().select(user_api="blas").info()))
        return doc

    blank.add_pipe("kg_test_threads")
    texts = [f"Acme bought plant number {n}." for n in range(5)]
    with controller.limit(limits=2, user_api="blas"):
        docs = list(parse(blank, texts, batch_size=2))
        after = max(lib["num_threads"] for lib in ThreadpoolController().select(user_api="blas").info())
    assert [d.text for d in docs] == texts
    assert seen == [1] * 5
    assert after == 2
