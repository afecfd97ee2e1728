"""The one exception family of kg.

Every error a user can cause (bad input, unknown option value, broken gold file)
is a :class:`KGError`; the CLI turns it into one line on stderr and a non-zero
exit code. Anything else escaping is a bug.
"""

from __future__ import annotations

__all__ = ["KGError", "InputError", "ModelError", "QueryError", "EvalError", "ExportError", "StoreError", "ServeError", "EXIT_CODES"]


class KGError(Exception):
    """Base class of errors caused by input or options, reported without traceback.

    Each kind exits with its own code, documented in the README (:data:`EXIT_CODES`)."""

    exit_code = 1


class InputError(KGError):
    """A source file or folder cannot be read as articles (missing, empty, binary, ...).

    Its code is 9, not 2: 2 is the command-line parser's own code for a usage error (an unknown
    option, a missing argument), which scripts must be able to tell apart."""

    exit_code = 9


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


# Exit code → what it means, as the README's table shows it (2 is the parser's usage error).
EXIT_CODES = {
    0: "success",
    1: "other error of input or options (and `kg validate`: violations found)",
    2: "usage error: unknown option, missing argument (from the command-line parser)",
    3: "the spaCy pipeline (`--model`) is not installed or lacks a component",
    4: "a SPARQL query or its source cannot be used",
    5: "a gold or statements file for `kg eval` is malformed",
    6: "an output file or folder cannot be written",
    7: "a store folder cannot be created, opened or written",
    8: "the endpoint cannot start (address taken, workers cannot open the store)",
    9: "an input cannot be read as articles (missing, empty, binary)",
}
