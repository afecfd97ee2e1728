"""Given names and their usual gender, from the US Census 1990 lists shipped in the ``names`` package.

``names`` 0.3.0 (MIT licence, Trey Hunner) ships the Census Bureau's 1990
frequency lists of first names (``dist.male.first``, 1,219 names;
``dist.female.first``, 4,275), which are public-domain US government data.
kg reads them as evidence only: a name whose first word is a common given
name ("Nina Okafor", "Tom Reed") is probably a person, whatever label
the small NER model gave it, and "she" does not refer to "Tom Reed".

>>> given_name_gender("darren")
'male'
>>> given_name_gender("acme") is None
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["given_name_gender", "is_given_name"]

# Census names this rare (percentage of people) or rarer are left out: the long tail
# holds words that are names of things too ("Royal", "Georgia", "China").
_MIN_FREQUENCY = 0.003


def _read(file: str) -> dict[str, float]:
    text = resources.files("names").joinpath(file).read_text(encoding="ascii")
    frequencies: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            frequencies[parts[0].lower()] = float(parts[1])
    return frequencies


@lru_cache(maxsize=1)
def _genders() -> dict[str, str]:
    male, female = _read("dist.male.first"), _read("dist.female.first")
    genders: dict[str, str] = {}
    for name in male.keys() | female.keys():
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if max(m, f) < _MIN_FREQUENCY:
            continue
        genders[name] = "male" if m >= f else "female"
    return genders


def given_name_gender(word: str) -> str | None:
    """"male" or "female" for a common given name (any case), else None."""
    return _genders().get(word.lower().replace(".", ""))


def is_given_name(word: str) -> bool:
    """True for a common given name: "Nina", "Tom", "Ken"."""
    return given_name_gender(word) is not None
