"""The walkthrough notebook runs clean from top to bottom (executed with nbclient), from any
folder, through kg's public API only."""

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import kg

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "walkthrough.ipynb"


def test_notebook_walkthrough_runs_clean_from_another_folder(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # run in an empty folder outside the checkout: the notebook finds seeds/ by itself
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, [(e["ename"], e["evalue"]) for e in errors]
    images = [o for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the whole graph and a neighbourhood
    tables = [o for cell in notebook.cells for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]
    assert len(tables) >= 6  # statements, SPARQL answers, the store, the endpoint, Gephi, centrality as tables
    text = "\n".join(
        o.get("text", "") or o.get("data", {}).get("text/html", "") for cell in notebook.cells for o in cell.get("outputs", [])
    )
    assert "conforms" in text  # validated
    assert "required recall" in text  # scored against the gold triples
    assert "Russia" in text and "United States" in text  # the endpoint answered
    assert "1 unchanged and skipped" in text  # the store skipped the unchanged article


def test_notebook_uses_only_the_public_api():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "import kg" in code
    assert not re.search(r"from kg[ .]|import kg\.", code), "only `import kg` and its public names"
    used = set(re.findall(r"\bkg\.([A-Za-z_]\w*)", code))
    # kg.cli: `python -m kg.cli serve`; kg.__file__: where the checkout is, when run from elsewhere
    assert used and used <= set(kg.__all__) | {"cli", "__file__"}, used - set(kg.__all__)


def test_notebook_is_committed_with_its_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.get("outputs") for cell in code)
