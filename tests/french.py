"""What a French reader must never see: the English of the catalogue left in a French text.

Every literal run of three words or more of an English message, hint or phrase is looked for in
the French rendering; a parameter passed as English words instead of a phrase or label shows up
this way.
"""

from __future__ import annotations

import re

from toolkit.messages import CATALOGUE, PHRASES

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _chunks() -> frozenset[str]:
    texts = [m.text for m in CATALOGUE.values()] + [m.hint for m in CATALOGUE.values()]
    chunks = set()
    for text in texts + list(PHRASES.values()):
        for chunk in _PLACEHOLDER.split(text):
            chunk = chunk.strip(" .,;:()\"'")
            if len(chunk.split()) >= 3:
                chunks.add(chunk)
    return frozenset(chunks)


ENGLISH = _chunks()


def english_left(text: str) -> list[str]:
    """The runs of the catalogue's English found in ``text``."""
    return sorted(chunk for chunk in ENGLISH if chunk in text)


def assert_french(findings) -> None:
    """Every finding, rendered in French, holds no English of the catalogue."""
    left = {item.code: english_left(item.text("fr")) for item in findings}
    assert {code: chunks for code, chunks in left.items() if chunks} == {}
