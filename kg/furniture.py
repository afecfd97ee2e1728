"""Page furniture: the lines a copied web page puts around an article, left out before parsing.

Text pasted from a news site, or exported by a scraper, carries lines that are
no part of the article: photo credits ("Jane Smith/Getty Images",
"Image: Press Office/Released"), bylines ("By Jane Smith, Acme News"), calls to
action ("Join our Telegram channel", "Follow us on X"), labels of page parts
("Advertisement", "Related Topics") and navigation ("Home | News | Sport").
Parsed as sentences they become entities ("Press Office/Released", "Acme Telegram")
and relations nobody wrote.

:func:`without_furniture` finds such lines and blanks them: each character of
the line becomes a space, so every offset into the text still points at the
same character of the input file, and the parser sees an empty line. Only
short lines that are wholly furniture are touched; a sentence of the article
that starts like one ("By Tuesday, the ministry had sold 40 jets.", "Share
prices fell.") is kept. The word lists are in the lexicon
(``photo_credit_sources``, ``call_to_action_verbs``, ``web_furniture_words``,
``furniture_lines``, ``byline_words``).

>>> without_furniture("Ana Ruiz met Tom Reed.\\nOffice/Released\\nThey spoke.")
('Ana Ruiz met Tom Reed.\\n               \\nThey spoke.', 1)
"""

from __future__ import annotations

import re

from .lexicon import BYLINE_WORDS, CALL_TO_ACTION_VERBS, FURNITURE_LINES, PHOTO_CREDIT_SOURCES, WEB_FURNITURE_WORDS

__all__ = ["is_furniture", "without_furniture"]

# Lines longer than this are article text whatever words they hold.
MAX_FURNITURE_WORDS = 16
# A bylined line names at most this many words after "By" ("By Jane Smith, Acme News Washington").
MAX_BYLINE_WORDS = 12

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[\w'’-]+")
# "Image: ...", "Photo credit: ...", "(Photo by ...)", "Picture source, ...": a credit line.
_CREDIT = re.compile(r"^\(?\s*(?:image|photo|photograph|picture|pic|credit|illustration)s?(?:\s+(?:source|credit|by))?\s*[:,]|^\(?\s*(?:photo|photograph|picture|image)s?\s+by\s", re.IGNORECASE)
# "Name/Agency": a credit, when the last part is a picture agency or credit word.
_SLASH_CREDIT = re.compile(r"^[^/.!?]{1,60}/\s*([^/]{2,40})$")
# "AFP via Getty Images".
_VIA_CREDIT = re.compile(r"\bvia\s+(.+)$", re.IGNORECASE)
# "By Jane Smith", "By Jane Smith and Tom Reed, Acme News": capitalised names after "By", then
# only capitalised words, joining words and newsroom roles ("political correspondent").
_NAME = r"[A-Z][\w'’.-]*"
_BYLINE = re.compile(rf"^(?:By|BY)\s+{_NAME}(?:\s+(?:{_NAME}|de|van|von|der|al|bin|la|le))*(?:\s*(?:,|and|&)\s*(?P<rest>.*))?$")
# Label lines that introduce a link: "Read more: Ana Ruiz visits Lima", "Related: ...".
_LABELLED = re.compile(r"^([a-z][a-z ]{2,30})\s*:\s")
# "Reporting by ...; Editing by ...", as news agencies close their stories.
_AGENCY_CREDITS = re.compile(r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\s", re.IGNORECASE)
# "© 2023 Acme News", "Copyright 2023 ...", "(c) 2023".
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)", re.IGNORECASE)
# Separators of a navigation line: "Home | News | Sport".
_NAVIGATION = re.compile(r"\s[|•›»·]\s")
_FINAL_STOP = re.compile(r"[.!?][\"'’”)\]]?$")


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _is_credit(line: str) -> bool:
    if _CREDIT.match(line):
        return True
    for pattern in (_SLASH_CREDIT, _VIA_CREDIT):
        found = pattern.search(line)
        if found and found.group(1).strip(" .)").lower() in PHOTO_CREDIT_SOURCES:
            return True
    return False


def _is_byline(line: str) -> bool:
    if _AGENCY_CREDITS.match(line):
        return True
    found = _BYLINE.match(line)
    if not found or len(_words(line)) > MAX_BYLINE_WORDS or _FINAL_STOP.search(line):
        return False  # "By Tuesday, the ministry had sold 40 jets."
    rest = _words(found.group("rest") or "")
    # "By Monday, Peru had sold jets": a clause, not a newsroom's name or role
    return all(w[:1].isupper() or w.lower() in BYLINE_WORDS for w in rest)


def _is_call_to_action(line: str) -> bool:
    lowered = line.lower()
    words = [w.lower() for w in _words(line)]
    opens = any(lowered.startswith(verb + " ") for verb in CALL_TO_ACTION_VERBS)
    return opens and any(w in WEB_FURNITURE_WORDS for w in words)


def _is_navigation(line: str) -> bool:
    parts = _NAVIGATION.split(line)
    return len(parts) >= 3 and all(0 < len(_words(p)) <= 4 and not _FINAL_STOP.search(p.strip()) for p in parts)


def is_furniture(line: str) -> bool:
    """True when ``line`` (one line of text) is page furniture, not article text (see the module)."""
    line = line.strip()
    if not line or len(_words(line)) > MAX_FURNITURE_WORDS:
        return False
    lowered = line.lower()
    if lowered.rstrip(" .:!") in FURNITURE_LINES:
        return True
    labelled = _LABELLED.match(lowered)
    if labelled and labelled.group(1).strip() in FURNITURE_LINES:
        return True
    return (
        _is_credit(line)
        or _is_byline(line)
        or _is_call_to_action(line)
        or bool(_COPYRIGHT.match(line))
        or _is_navigation(line)
    )


def without_furniture(text: str) -> tuple[str, int]:
    """``text`` with its furniture lines blanked (offsets kept), and how many lines that was."""
    spans = [(m.start(), m.end()) for m in _LINE.finditer(text) if is_furniture(m.group())]
    if not spans:
        return text, 0
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], " " * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts), len(spans)
