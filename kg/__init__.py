"""kg — a knowledge-graph builder for English news.

>>> import kg
>>> graph = kg.build(["seeds/"])  # doctest: +SKIP
>>> graph.statements[0].predicate.label  # doctest: +SKIP
"""

from ._version import __version__  # noqa: E402

from .api import build, build_documents, write_exports  # noqa: E402
from .errors import KGError  # noqa: E402
from .model import Document, Entity, KnowledgeGraph, Mention, Statement  # noqa: E402

__all__ = [
    "__version__",
    "build",
    "build_documents",
    "write_exports",
    "KGError",
    "Document",
    "Entity",
    "KnowledgeGraph",
    "Mention",
    "Statement",
]
