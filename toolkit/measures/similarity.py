"""Proposes standard measures for an activity that names none, by the words they share.

A small Okapi BM25 ranking over the catalogue itself: each measure is a document (its text, its
strategic goal and its usual indicators), an activity's description and expected output the
query. Words are folded (case, accents), stop words of the language dropped and common endings
removed, both from the catalogue's ``[similarity]`` section. It runs offline, needs no model and
explains itself: each suggestion carries the words it matched on.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from toolkit.measures.catalogue import Catalogue

K1, B = 1.2, 0.75
"""The usual BM25 constants: term-frequency saturation and length normalisation."""
WORD = re.compile(r"[^\W\d_]+")
MIN_STEM = 4


def fold(text: str) -> str:
    """Lower case without accents: ``Éducation`` gives ``education``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Suggestion:
    """A measure proposed for an activity, with its score and the words both share."""

    measure: str
    score: float
    words: tuple[str, ...]


class Analyzer:
    """Turns text into comparable terms for one language's catalogue."""

    def __init__(self, stopwords, suffixes) -> None:
        self.stopwords = frozenset(fold(w) for w in stopwords)
        self.suffixes = tuple(sorted((fold(s) for s in suffixes), key=len, reverse=True))

    def stem(self, word: str) -> str:
        """The word without the longest listed ending that leaves a stem of four letters."""
        for suffix in self.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                return word[: -len(suffix)]
        return word

    def terms(self, text: str) -> list[tuple[str, str]]:
        """(term, word as written) for every word of the text that counts."""
        out = []
        for match in WORD.finditer(text):
            word = fold(match.group())
            if len(word) > 1 and word not in self.stopwords:
                out.append((self.stem(word), match.group()))
        return out


class MeasureIndex:
    """The catalogue's measures, indexed for BM25."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.analyzer = Analyzer(catalogue.stopwords, catalogue.suffixes)
        self.ids: list[str] = []
        self.docs: list[Counter] = []
        for m in catalogue.measures:
            goal = catalogue.goal(m.goal).title
            text = " ".join((m.text, goal, m.output, m.outcome))
            self.ids.append(m.id)
            self.docs.append(Counter(term for term, _ in self.analyzer.terms(text)))
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = sum(self.lengths) / max(1, len(self.lengths))
        frequency = Counter(term for doc in self.docs for term in doc)
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in frequency.items()}

    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]:
        """The measures closest to ``text``, best first; none when no word is shared."""
        written: dict[str, str] = {}
        for term, word in self.analyzer.terms(text):
            written.setdefault(term, word)
        scored = []
        for i, doc in enumerate(self.docs):
            norm = K1 * (1 - B + B * self.lengths[i] / self.average)
            score, shared = 0.0, []
            for term in written:
                tf = doc.get(term, 0)
                if tf:
                    score += self.idf[term] * tf * (K1 + 1) / (tf + norm)
                    shared.append(written[term])
            if score > 0:
                scored.append(Suggestion(self.ids[i], round(score, 2), tuple(shared)))
        scored.sort(key=lambda s: (-s.score, self.ids.index(s.measure)))
        return scored[:limit]
