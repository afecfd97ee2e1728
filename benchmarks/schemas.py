"""Validate a build's GEXF and GraphML against their published schemas with ``xmllint``.

* ``graph.graphml`` against the GraphML 1.0 structure schema (``graphml/graphml.xsd``);
* ``graph.gexf`` against GEXF 1.3's RelaxNG schema (``gexf13/gexf.rng``; its XSD rejects
  ``viz:color`` even in files Gephi writes), with ``xsi:schemaLocation`` removed first.

The schemas are read from ``../shared/schemas`` (or ``--schemas``), never copied into the
project, so this is a script and not a test: the test suite cannot read them. Prints one
line per file and exits 1 when one does not validate (2 when xmllint or a file is missing).

Usage::

    python benchmarks/schemas.py                 # exports/
    python benchmarks/schemas.py BUILD_FOLDER --schemas ../shared/schemas
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCHEMAS = ROOT.parent / "shared" / "schemas"


def _without_schema_location(gexf: Path, folder: Path) -> Path:
    text = gexf.read_text(encoding="utf-8")
    copy = folder / gexf.name
    copy.write_text(re.sub(r'\s+xsi:schemaLocation="[^"]*"', "", text, count=1), encoding="utf-8")
    return copy


def check(build: Path, schemas: Path) -> list[tuple[str, bool, str]]:
    """(file, valid, xmllint's last line) for the build's GraphML and GEXF."""
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        jobs = [
            ("graph.graphml", ["--schema", str(schemas / "graphml" / "graphml.xsd")], build / "graph.graphml"),
            ("graph.gexf", ["--relaxng", str(schemas / "gexf13" / "gexf.rng")], _without_schema_location(build / "graph.gexf", Path(scratch))),
        ]
        for name, schema, path in jobs:
            done = subprocess.run(["xmllint", "--noout", *schema, str(path)], capture_output=True, text=True, timeout=600)
            lines = (done.stderr or done.stdout).strip().splitlines()
            results.append((name, done.returncode == 0, lines[-1] if lines else ""))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", nargs="?", type=Path, default=ROOT / "exports", help="a build's exports folder (default: exports/)")
    parser.add_argument("--schemas", type=Path, default=DEFAULT_SCHEMAS, help="folder holding graphml/ and gexf13/")
    options = parser.parse_args(argv)
    if shutil.which("xmllint") is None:
        print("error: xmllint not found (apt-get install libxml2-utils)", file=sys.stderr)
        return 2
    missing = [p for p in (options.build / "graph.gexf", options.build / "graph.graphml", options.schemas / "graphml", options.schemas / "gexf13") if not p.exists()]
    if missing:
        print(f"error: {missing[0]} not found", file=sys.stderr)
        return 2
    results = check(options.build, options.schemas)
    for name, valid, last in results:
        print(f"{name}: {'valid' if valid else 'INVALID'} ({last})")
    return 0 if all(valid for _name, valid, _last in results) else 1


if __name__ == "__main__":
    sys.exit(main())
