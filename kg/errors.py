"""The one exception family of kg.

Every error a user can cause (bad input, unknown option value, broken gold file)
is a :class:`KGError`; the CLI turns it into one line on stderr and a non-zero
exit code. Anything else escaping is a bug.
"""

from __future__ import annotations

__all__ = ["KGError", "InputError", "ModelError", "QueryError", "EvalError", "ExportError", "StoreError", "ServeError"]


class KGError(Exception):
    """Base class of errors caused by input or options, reported without traceback."""

    exit_code = 1


class InputError(KGError):
    """A source file or folder cannot be read as articles (missing, empty, binary, ...)."""

    exit_code = 2


class ModelError(KGError):
    """The requested spaCy pipeline is not installed or lacks a needed component."""

    exit_code = 3


class QueryError(KGError):
    """A SPARQL query or its source cannot be used."""

    exit_code = 4


class EvalError(KGError):
    """A gold or statements file for ``kg eval`` is malformed."""

    exit_code = 5


class ExportError(KGError):
    """An output file or folder cannot be written."""

    exit_code = 6


class StoreError(KGError):
    """A store folder cannot be created, opened or written."""

    exit_code = 7


class ServeError(KGError):
    """The endpoint cannot start: its address is taken, or its workers cannot open the store."""

    exit_code = 8
